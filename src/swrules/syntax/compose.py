"""Composition: reading a policy file, and the policies it extends.

Input: a policy path. Output: one `ast.Policy` and the text it was read from. A
district overlay (`extends "../guangzhou/station-evaluation.swr"`) is merged onto
its base here, before checking, so later stages see a single policy. Every node
keeps the span of the file that wrote it, so a rule's location and origin name the
overlay or the base, whichever declared it.

Merging rules (docs/overlays.md): a declaration whose name the base already uses is
an error unless it is written after `override`, which replaces the base's one in
place; `override` and `remove` of a name the base does not have are errors with a
did-you-mean; a `facts` block with a base section's name adds fields to it; a
`score sheet` block adds parties (and its `total` line replaces the base's); the
header's fields replace the base's, its regulations are added to the base's.
Cycles of `extends` are an error.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Iterable
from pathlib import Path

from swrules.base.diagnostics import Diagnostic, PolicyError
from swrules.base.source import Source, Span
from swrules.base.words import KEYWORD_MEANINGS, keyword_zh, os_reason

from . import ast as A
from .lowering import parse_policy
from .overlay_facts import facts_candidates, override_facts_decl, remove_facts_decl


def read_source(path: Path) -> Source:
    try:
        return Source.read(path)
    except UnicodeDecodeError:
        raise PolicyError([Diagnostic("E0002", {}, file=str(path))]) from None
    except OSError as exc:
        raise PolicyError([Diagnostic("E0001", os_reason(exc), file=str(path))]) from None
    except ValueError:  # a NUL character in the path (an `extends` written with one)
        raise PolicyError([Diagnostic("E0001", {"reason": "the path holds a NUL character",
                                                "reason_zh": "路径中含有 NUL 字符"},
                                      file=str(path).replace("\0", "\\0"))]) from None


def load_ast(path: Path, text: str | None = None, root: Path | None = None,
             read: list[Source] | None = None) -> tuple[A.Policy, str]:
    """The policy at `path` with its bases merged in, and the text of every file read
    (base first), which identifies what was evaluated. An editor passes `text`, what
    it holds for `path` before it is saved, and `root`: no base is read from outside it.
    `read`, if given, receives every file read (the engine's snapshot cache checks them)."""
    texts: list[str] = []
    first = None if text is None else Source.from_text(str(path), text)
    policy = _load(Path(path), (), texts, first, None if root is None else _identity(root), read)
    return policy, "\0".join(texts)


def _load(path: Path, chain: tuple[tuple[Path, str], ...], texts: list[str], source: Source | None = None,
          root: Path | None = None, read: list[Source] | None = None) -> A.Policy:
    """`chain` holds the files extending this one: (resolved path, path as written), for cycles."""
    source = source or read_source(path)
    if read is not None:
        read.append(source)
    policy = parse_policy(source)
    extends = [d for d in policy.declarations if isinstance(d, A.Extends)]
    if not extends:
        texts.append(source.text)
        _refuse_overlay_words(policy)
        return policy
    diags = [Diagnostic("E0906", {}, e.span) for e in extends[1:]]
    ext = extends[0]
    # normpath keeps messages readable (policies/guangzhou/…, not policies/examples/district-overlay/../../guangzhou/…).
    base_path = Path(os.path.normpath(path.parent / ext.path))
    here = _identity(path)
    seen = [p for p, _ in chain]
    if _identity(base_path) in seen or _identity(base_path) == here:
        names = [shown for _, shown in chain] + [str(path), str(base_path)]
        raise PolicyError([Diagnostic("E0905", {"cycle": " → ".join(names)}, ext.span)])
    if root is not None and not _identity(base_path).is_relative_to(root):
        raise PolicyError([Diagnostic("E0901", {"path": ext.path}, ext.span)] + diags)
    try:
        base = _load(base_path, chain + ((here, str(path)),), texts, None, root, read)
    except PolicyError as exc:
        unreadable = [d for d in exc.diagnostics if d.code in ("E0001", "E0002") and d.span is None]
        if unreadable and len(unreadable) == len(exc.diagnostics):
            raise PolicyError([Diagnostic("E0901", {"path": ext.path}, ext.span)] + diags) from None
        if any(d.code == "E0905" for d in exc.diagnostics):
            raise
        raise PolicyError([Diagnostic("E0901", {"path": ext.path}, ext.span), *exc.diagnostics, *diags]) from None
    texts.append(source.text)
    merged, errors = _Merger(base, policy).run()
    if diags or errors:
        raise PolicyError(diags + errors)
    return merged


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, ValueError):  # exotic file systems; a NUL in the path (reported when it is read)
        return path.absolute()


def _refuse_overlay_words(policy: A.Policy) -> None:
    errors: list[Diagnostic] = []
    for d in policy.declarations:
        if isinstance(d, (A.Override, A.Remove)):
            what = "override" if isinstance(d, A.Override) else "remove"
            errors.append(Diagnostic("E0907", {"what": what, "what_zh": keyword_zh(what)}, d.span))
    if errors:
        raise PolicyError(errors)


def _suggest(name: str, candidates: Iterable[str]) -> tuple[str, str]:
    names = sorted(set(candidates))
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    if close:
        return f"是否想写 `{close[0]}`？", f"did you mean `{close[0]}`?"
    if names:
        listed = "、".join(names[:12])
        return f"基础政策中有：{listed}", f"the base policy has: {', '.join(names[:12])}"
    return "基础政策中没有这一类声明。", "the base policy has none of this kind."


_NAMED = (A.Param, A.Define, A.Veto, A.Finding, A.Indicator)
_KIND_OF = {A.Param: "param", A.Define: "define", A.Veto: "veto", A.Finding: "finding", A.Indicator: "indicator",
            A.Party: "party", A.Item: "item", A.Band: "band", A.Grades: "grades", A.FactSection: "facts",
            A.RecordsField: "records", A.Reconcile: "reconcile", A.Require: "require"}


def _kind_zh(kind: str) -> str:
    """A kind of declaration in a Chinese message: 参数（param）; a fact of a group, 事实."""
    return keyword_zh(kind) if kind in KEYWORD_MEANINGS else KEYWORD_MEANINGS["facts"]


def _kind_of(d: object) -> str:
    """The word that names a declaration's kind in `remove`/`override`: an output is not a define."""
    return "output" if isinstance(d, A.Define) and d.output else _KIND_OF[type(d)]


class _Merger:
    """Applies an overlay's declarations to a copy of its base's, collecting every error."""

    def __init__(self, base: A.Policy, overlay: A.Policy) -> None:
        self.decls: list[A.Decl] = list(base.declarations)
        self.overlay = overlay
        self.errors: list[Diagnostic] = []

    def run(self) -> tuple[A.Policy, list[Diagnostic]]:
        for d in self.overlay.declarations:
            self.apply(d)
        return A.Policy(tuple(self.decls), span=self.overlay.span), self.errors

    # ------------------------------------------------------------ finding things in the base
    def index(self, cls: type) -> int | None:
        return next((i for i, d in enumerate(self.decls) if isinstance(d, cls)), None)

    def named(self, name: str) -> A.Decl | A.Party | A.Item | A.Band | None:
        """Whatever in the base uses this name (names share one namespace)."""
        for d in self.decls:
            if isinstance(d, _NAMED) and d.name == name:
                return d
        for part in self.parties():
            if part.name == name:
                return part
            for item in part.items:
                if item.name == name:
                    return item
        for band in self.bands():
            if band.name == name:
                return band
        return None

    def sheet(self) -> A.Sheet | None:
        return next((d for d in self.decls if isinstance(d, A.Sheet)), None)

    def grades(self) -> A.Grades | None:
        return next((d for d in self.decls if isinstance(d, A.Grades)), None)

    def parties(self) -> tuple[A.Party, ...]:
        sheet = self.sheet()
        return sheet.parties if sheet is not None else ()

    def bands(self) -> tuple[A.Band, ...]:
        grades = self.grades()
        return grades.bands if grades is not None else ()

    def candidates(self, kind: str) -> list[str]:
        if kind == "party":
            return [p.name for p in self.parties()]
        if kind == "item":
            return [i.name for p in self.parties() for i in p.items]
        if kind == "band":
            return [b.name for b in self.bands()]
        if kind in ("facts", "records", "reconcile", "require"):
            return facts_candidates(self.decls, kind)
        return [d.name for d in self.decls if isinstance(d, _NAMED) and _kind_of(d) == kind]

    def replace(self, old: A.Decl, new: A.Decl) -> None:
        i = next(i for i, d in enumerate(self.decls) if d is old)
        self.decls[i] = new

    def set_sheet(self, parties: tuple[A.Party, ...], total: A.TotalDecl | None = None) -> None:
        sheet = self.sheet()
        assert sheet is not None
        self.replace(sheet, dataclasses.replace(sheet, parties=parties, total=total or sheet.total))

    def set_bands(self, bands: tuple[A.Band, ...]) -> None:
        grades = self.grades()
        assert grades is not None
        self.replace(grades, dataclasses.replace(grades, bands=bands))

    def already(self, name: str, span: Span | None) -> None:
        existing = self.named(name)
        where = getattr(existing, "span", None)
        related = ((where, "基础政策中的声明 / declared in the base here"),) if where is not None else ()
        self.errors.append(Diagnostic("E0904", {"name": name}, span, related=related))

    # ------------------------------------------------------------ applying one declaration
    def apply(self, d: A.Decl) -> None:
        match d:
            case A.Extends():
                pass
            case A.Header():
                self.header(d)
            case A.Phases():
                self.errors.append(Diagnostic("E0908", {
                    "what_zh": "评估阶段（phases）", "what_en": "phases",
                    "help_zh": "评估阶段由基础政策规定；删除这一段。",
                    "help_en": "the base policy sets the phases; remove this block."}, d.span))
            case A.FactSection():
                self.facts(d)
            case A.RecordsField():
                if any(isinstance(x, (A.FactSection, A.RecordsField)) and x.name == d.name for x in self.decls):
                    self.errors.append(Diagnostic("E0904", {"name": d.name}, d.span))
                else:
                    self.decls.append(d)
            case A.Param() | A.Define() | A.Veto() | A.Finding() | A.Indicator():
                if self.named(d.name) is not None:
                    self.already(d.name, d.span)
                else:
                    self.decls.append(d)
            case A.Sheet():
                self.add_parties(d)
            case A.Grades():
                self.errors.append(Diagnostic("E0904", {"name": "grades"}, d.span))
            case A.Reconcile() | A.Require():
                self.decls.append(d)
            case A.Remove():
                self.remove(d)
            case A.Override():
                self.override(d)

    def header(self, h: A.Header) -> None:
        i = self.index(A.Header)
        if i is None:
            self.decls.insert(0, h)
            return
        base = self.decls[i]
        assert isinstance(base, A.Header)
        self.decls[i] = A.Header(
            title=h.title,
            version=h.version if h.version is not None else base.version,
            effective_from=h.effective_from if h.effective_from is not None else base.effective_from,
            effective_to=h.effective_to if h.effective_from is not None else base.effective_to,
            regulations=base.regulations + h.regulations,
            dated_by=h.dated_by if h.dated_by is not None else base.dated_by,
            span=h.span,
        )

    def facts(self, section: A.FactSection) -> None:
        i = next((i for i, x in enumerate(self.decls) if isinstance(x, A.FactSection) and x.name == section.name),
                 None)
        if i is None:
            if any(isinstance(x, A.RecordsField) and x.name == section.name for x in self.decls):
                self.errors.append(Diagnostic("E0904", {"name": section.name}, section.span))
            else:
                self.decls.append(section)
            return
        base = self.decls[i]
        assert isinstance(base, A.FactSection)
        have = {f.name: f for f in base.fields}
        added = []
        for f in section.fields:
            if f.name in have:
                where = have[f.name].span
                self.errors.append(Diagnostic(
                    "E0904", {"name": f"{section.name}.{f.name}"}, f.span,
                    related=((where, "基础政策中的声明 / declared in the base here"),) if where else ()))
            else:
                added.append(f)
        self.decls[i] = dataclasses.replace(base, fields=base.fields + tuple(added))

    def add_parties(self, sheet: A.Sheet) -> None:
        if self.sheet() is None:
            self.decls.append(sheet)
            return
        added = []
        for party in sheet.parties:
            clash = [party.name, *(i.name for i in party.items)]
            bad = [n for n in clash if self.named(n) is not None]
            for n in bad:
                self.already(n, party.span if n == party.name else
                             next(i.span for i in party.items if i.name == n))
            if not bad:
                added.append(party)
        self.set_sheet(self.parties() + tuple(added), sheet.total)

    def remove(self, r: A.Remove) -> None:
        kind, name = r.kind, r.name
        if kind == "party":
            parties = self.parties()
            if any(p.name == name for p in parties):
                self.set_sheet(tuple(p for p in parties if p.name != name))
                return
        elif kind == "item":
            parties = self.parties()
            if any(i.name == name for p in parties for i in p.items):
                self.set_sheet(tuple(dataclasses.replace(p, items=tuple(i for i in p.items if i.name != name))
                                     for p in parties))
                return
        elif kind == "band":
            if any(b.name == name for b in self.bands()):
                self.set_bands(tuple(b for b in self.bands() if b.name != name))
                return
        elif kind in ("facts", "records", "reconcile", "require"):
            kept = remove_facts_decl(self.decls, kind, name)
            if kept is not None:
                self.decls = kept
                return
        else:
            target = next((d for d in self.decls if isinstance(d, _NAMED) and d.name == name
                           and _kind_of(d) == kind), None)
            if target is not None:
                self.decls.remove(target)
                return
        zh, en = _suggest(name, self.candidates(kind))
        kind = "fact" if kind == "facts" and "." in name else kind
        self.errors.append(Diagnostic("E0902", {"kind": kind, "kind_zh": _kind_zh(kind), "name": name,
                                                "suggestion_zh": zh,
                                                "suggestion_en": en}, r.span))

    def override(self, o: A.Override) -> None:
        t = o.target
        kind = _kind_of(t)
        found = False
        if isinstance(t, A.Grades):
            grades = self.grades()
            if grades is not None:
                self.replace(grades, t)
                return
        elif isinstance(t, A.Party):
            parties = self.parties()
            found = any(p.name == t.name for p in parties)
            if found:
                self.set_sheet(tuple(t if p.name == t.name else p for p in parties))
        elif isinstance(t, A.Item):
            parties = self.parties()
            found = any(i.name == t.name for p in parties for i in p.items)
            if found:
                self.set_sheet(tuple(dataclasses.replace(p, items=tuple(t if i.name == t.name else i for i in p.items))
                                     for p in parties))
        elif isinstance(t, A.Band):
            bands = self.bands()
            found = any(b.name == t.name for b in bands)
            if found:
                self.set_bands(tuple(t if b.name == t.name else b for b in bands))
        elif isinstance(t, (A.FactSection, A.RecordsField, A.Reconcile, A.Require)):
            decls, missing = override_facts_decl(self.decls, t)
            self.decls = decls
            for what, span in missing:
                zh, en = _suggest(what, self.candidates(kind))
                which = "fact" if "." in what and kind == "facts" else kind
                self.errors.append(Diagnostic("E0903", {"kind": which, "kind_zh": _kind_zh(which),
                                                        "name": what, "suggestion_zh": zh,
                                                        "suggestion_en": en}, span or o.span))
            return
        else:
            target = next((d for d in self.decls if type(d) is type(t) and d.name == t.name), None)
            found = target is not None
            if target is not None:
                self.replace(target, t)
        if found:
            return
        name = getattr(t, "name", kind)
        zh, en = _suggest(name, self.candidates(kind))
        other = self.named(name)
        if other is not None:
            okind = _kind_of(other) if type(other) in _KIND_OF else "?"
            zh, en = f"基础政策中的 `{name}` 是{_kind_zh(okind)}，请写 `override {okind}`。", \
                f"`{name}` is a {okind} in the base policy: write `override {okind}`."
        self.errors.append(Diagnostic("E0903", {"kind": kind, "kind_zh": _kind_zh(kind), "name": name,
                                                "suggestion_zh": zh, "suggestion_en": en},
                                      getattr(t, "span", None) or o.span))
