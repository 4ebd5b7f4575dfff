"""`swrules lsp`: the language server, for VS Code, Neovim and any editor that speaks LSP.

Input: JSON-RPC over standard input and output (pygls). Output: diagnostics published
when a policy is opened or changed, hover, go to definition, completion and
formatting. Every answer comes from `swrules.service`, the module the web editor
(`swrules serve`) uses too; this module only translates between LSP's types and the
service's. A change is analysed once the typing has paused (`DEBOUNCE` seconds
without a newer version of the document), and the analysis is kept per document for
the requests that follow, so a hover costs no parse; completion, asked at every
keystroke, reads the current text itself (one declaration parsed) and takes only the
names of an overlay's base from the analysis kept. Bases a policy `extends` are
read only below the workspace root (the folder the editor opened, or the policy's
own folder when there is none).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import click
from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from swrules.base.version import __version__
from swrules.service import Analysis, ServiceError, Span, analyse, definition, format_text, hover, text_completions
from swrules.service.model import Lines

from .common import LANG, cli

# Seconds without a newer version of a document before it is analysed again.
DEBOUNCE = 0.25

_SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
             "note": lsp.DiagnosticSeverity.Information}
_COMPLETION_KIND = {"keyword": lsp.CompletionItemKind.Keyword, "fact": lsp.CompletionItemKind.Field,
                    "param": lsp.CompletionItemKind.Constant, "name": lsp.CompletionItemKind.Variable,
                    "function": lsp.CompletionItemKind.Function}


class PolicyServer(LanguageServer):
    """A language server that keeps the latest analysis of each open policy."""

    def __init__(self) -> None:
        super().__init__("swrules", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.analyses: dict[str, Analysis] = {}
        self.lang = "zh"  # the language of messages and hovers (`--lang`)

    def root(self, path: Path) -> Path:
        root = self.workspace.root_path
        return Path(root) if root else path.parent

    def analysis(self, uri: str) -> Analysis:
        """The analysis of the document's current text (made now if the kept one is stale)."""
        doc = self.workspace.get_text_document(uri)
        kept = self.analyses.get(uri)
        if kept is not None and kept.text == doc.source:
            return kept
        path = Path(to_fs_path(uri) or uri)
        made = analyse(path, doc.source, self.root(path), self.lang)
        self.analyses[uri] = made
        return made

    def publish(self, uri: str) -> None:
        doc = self.workspace.get_text_document(uri)
        a = self.analysis(uri)
        said = _HELP.get(self.lang, _HELP["zh"])
        diagnostics = [lsp.Diagnostic(range=_range(d.span), message=d.message + (f"\n{said}{d.help}" if d.help else ""),
                                      severity=_SEVERITY[d.severity], code=d.code, source="swrules")
                       for d in a.diagnostics]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=doc.version))


server = PolicyServer()
_HELP = {"zh": "帮助：", "en": "help: "}


def _range(span: Span) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=span.start_line, character=span.start_col),
                     end=lsp.Position(line=span.end_line, character=span.end_col))


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PolicyServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: PolicyServer, params: lsp.DidChangeTextDocumentParams) -> None:
    uri, version = params.text_document.uri, params.text_document.version
    await asyncio.sleep(DEBOUNCE)
    if ls.workspace.get_text_document(uri).version == version:  # no newer change meanwhile
        ls.publish(uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: PolicyServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PolicyServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.analyses.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def on_hover(ls: PolicyServer, params: lsp.HoverParams) -> lsp.Hover | None:
    found = hover(ls.analysis(params.text_document.uri), params.position.line, params.position.character, ls.lang)
    if found is None:
        return None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=found.markdown),
                     range=_range(found.span))


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def on_definition(ls: PolicyServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    found = definition(ls.analysis(params.text_document.uri), params.position.line, params.position.character)
    if found is None:
        return None
    return lsp.Location(uri=from_fs_path(str(found.path.absolute())) or str(found.path), range=_range(found.span))


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=["."]))
def on_completion(ls: PolicyServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    # A keystroke asks before the debounced analysis of its text: the text as it is now,
    # one declaration parsed, and the names of the bases from the analysis kept.
    uri = params.text_document.uri
    kept = ls.analyses.get(uri) or ls.analysis(uri)
    found = text_completions(ls.workspace.get_text_document(uri).source, params.position.line,
                             params.position.character, ls.lang, bases=kept)
    items = [lsp.CompletionItem(label=c.label, kind=_COMPLETION_KIND[c.kind], detail=c.detail) for c in found]
    return lsp.CompletionList(is_incomplete=False, items=items)


@server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
def on_formatting(ls: PolicyServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
    uri = params.text_document.uri
    doc = ls.workspace.get_text_document(uri)
    try:
        formatted = format_text(Path(to_fs_path(uri) or uri), doc.source, ls.lang)
    except ServiceError:
        return None  # the diagnostics already say why
    if formatted == doc.source:
        return []
    whole = Lines(doc.source).span(0, len(doc.source))
    return [lsp.TextEdit(range=_range(whole), new_text=formatted)]


@cli.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default; editors pass it).")
@LANG
def lsp_cmd(stdio: bool, lang: str) -> None:
    """Run the language server on standard input and output (for editors)."""
    server.lang = lang
    server.start_io()
