"""The language service: what an editor needs to know about policy text.

Input: policy text as an editor holds it, and positions in it (0-based line, UTF-16
column). Output: diagnostics, tokens, hovers, definitions, completions and formatted
text. One module for the web editor (`swrules serve`) and the language server
(`swrules lsp`), so both say the same thing: pure functions over text, which read no
file but the bases a policy extends, below the workspace root.
"""

from __future__ import annotations

from .analysis import Analysis, analyse, format_text
from .complete import completed_span, completions, text_completions
from .lexing import tokens
from .model import Completion, Hover, Location, ServiceDiagnostic, ServiceError, Span, Token
from .navigation import definition, hover

__all__ = ["Analysis", "Completion", "Hover", "Location", "ServiceDiagnostic", "ServiceError", "Span", "Token",
           "analyse", "completed_span", "completions", "definition", "format_text", "hover", "text_completions",
           "tokens"]
