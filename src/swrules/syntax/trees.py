"""Lark tree shapes: a child narrowed to a subtree or a token where the grammar puts one.

Input: children of a Lark tree. Output: the child typed as `Tree` or `Token` (an
assertion otherwise: the grammar guarantees the shape), a string literal unquoted,
the subtrees among the children. Used by `lowering`, the one module that knows both
Lark's tree shapes and the AST.
"""

from __future__ import annotations

from lark import Token, Tree

# A child of a Lark tree: a token, or a subtree.
Node = Tree[Token] | Token


def _tree(node: Node) -> Tree[Token]:
    """The child as a subtree: the grammar puts one here."""
    assert isinstance(node, Tree), node
    return node


def _token(node: Node) -> Token:
    """The child as a token: the grammar puts one here."""
    assert isinstance(node, Token), node
    return node


def _unquote(node: Node) -> str:
    return str(_token(node))[1:-1]


def _trees(children: list[Node]) -> list[Tree[Token]]:
    return [c for c in children if isinstance(c, Tree)]


def _first(children: list[Node], data: str) -> Tree[Token] | None:
    return next((c for c in children if isinstance(c, Tree) and c.data == data), None)
