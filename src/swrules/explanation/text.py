"""An explanation as text, for `swrules explain`.

Input: a `Result` and its `Explanation` (or a selection of it) and a language.
Output: plain text: for each rule its sentence, then the formulas as written with
`file:line`, the facts read (key, label, value), the rules read, the intermediate
values, the rounding steps and the distance to a different outcome; then the grade
bands and vetoes not hit, and the reconciliation. When rules are named, each is
printed as a tree of what it reads, down to the facts. Deterministic: the same
inputs give the same bytes.
"""

from __future__ import annotations

from swrules.base.words import w
from swrules.engine.result import Result

from .model import Explanation, RuleExplanation, Step
from .sentences import show


def rounding_words(mode: str, places: int, lang: str) -> str:
    key = mode if mode in ("half_up", "half_even", "down", "up") else "half_up"
    if lang == "zh":
        return f"{w(key, lang)}，{w('places', lang).format(n=places)}"
    return f"{w(key, lang)}, {places} place{'' if places == 1 else 's'}"


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def phase_words(result: Result, expl: Explanation, lang: str) -> str:
    """The phase as the policy names it, with its key in English: 中期评估 (midterm)."""
    if expl.phase_label is None or expl.phase_label == result.phase:
        return show(result.phase, lang)
    return expl.phase_label if lang == "zh" else f"{expl.phase_label} ({result.phase})"


def header(result: Result, expl: Explanation, lang: str) -> list[str]:
    version = f"（{w('version', lang)} {result.policy_version}）" if lang == "zh" else \
        f" ({w('version', lang)} {result.policy_version})"
    out = [f"{result.policy_title}{version if result.policy_version else ''} — {w('explanation_title', lang)}"]
    c = _colon(lang)
    head = []
    if result.station_name:
        head.append(f"{w('station', lang)}{c}{result.station_name}")
    if result.phase is not None:
        head.append(f"{w('phase', lang)}{c}{phase_words(result, expl, lang)}")
    if result.facts_file:
        head.append(f"{w('facts_file', lang)}{c}{result.facts_file}")
    if head:
        out.append("    ".join(head))
    grade = show(expl.grade, lang)
    if expl.provisional:
        grade += f"（{w('provisional', lang)}）" if lang == "zh" else f" ({w('provisional', lang)})"
    out.append(f"{w('total', lang)}{c}{show(expl.total, lang)}    {w('grade', lang)}{c}{grade}")
    return out


def rule_block(r: RuleExplanation, lang: str, indent: str = "") -> list[str]:
    c = _colon(lang)
    kind = w(f"kind_{r.kind}", lang)
    out = [f"{indent}■ {r.id} · {kind} · {r.location}", f"{indent}  {r.sentence(lang)}"]
    pad = indent + "    "
    if r.formulas:
        out.append(f"{indent}  {w('formula', lang)}{c}")
        for f in r.formulas:
            role = "" if f.role in ("value", "sum", "band") else f"{f.role}: "
            out.append(f"{pad}{role}{f.text}    ({f.location})")
    if r.facts:
        out.append(f"{indent}  {w('facts_read', lang)}{c}")
        for fact in r.facts:
            out.append(f"{pad}{fact.key} = {show(fact.value, lang, fact.percent)}    {fact.label}")
    if r.rules:
        out.append(f"{indent}  {w('rules_read', lang)}{c}")
        for use in r.rules:
            label = f"    {use.label}" if use.label != use.id else ""
            out.append(f"{pad}{use.id} = {show(use.value, lang, use.percent)}{label}")
    if r.steps:
        out.append(f"{indent}  {w('steps', lang)}{c}")
        for step in r.steps:
            out.append(f"{pad}{step.text} → {show(step.value, lang, step.percent)}{_cut_note(step, lang)}")
    out.extend(_rounding(r.rounding, lang, indent))
    for rec in r.records:
        out.append(f"{indent}  · {rec.sentence(lang)}")
        for fact in rec.facts:
            out.append(f"{pad}{fact.key} = {show(fact.value, lang, fact.percent)}    {fact.label}")
        for step in rec.steps:
            out.append(f"{pad}{step.text} → {show(step.value, lang, step.percent)}{_cut_note(step, lang)}")
        out.extend(_rounding(rec.rounding, lang, indent + "  ", label=False))
    if r.margins:
        out.append(f"{indent}  {w('margins', lang)}{c}")
        for m in r.margins:
            out.append(f"{pad}{m.sentence(lang)}")
    return out


def _rounding(steps: tuple, lang: str, indent: str, label: bool = True) -> list[str]:  # type: ignore[type-arg]
    out = []
    if steps and label:
        out.append(f"{indent}  {w('rounding', lang)}{_colon(lang)}")
    for s in steps:
        how = rounding_words(s.mode, s.places, lang)
        how = f"（{how}）" if lang == "zh" else f" ({how})"
        out.append(f"{indent}    {show(s.before, lang)} → {show(s.after, lang)}{how}    ({s.location})")
    return out


def render_explanation(result: Result, expl: Explanation, lang: str = "zh") -> str:
    out = header(result, expl, lang)
    out.append("")
    if expl.targets:
        printed: set[str] = set()
        by_id = {r.id: r for r in expl.rules}
        for target in expl.targets:
            out.extend(_tree(target, by_id, expl, printed, lang, ""))
            out.append("")
        return "\n".join(line.rstrip() for line in out).rstrip() + "\n"
    for r in expl.rules:
        out.extend(rule_block(r, lang))
        out.append("")
    c = _colon(lang)
    out.append(w("why_not", lang))
    if expl.capped_by:
        sep = "、" if lang == "zh" else "; "
        out.append(f"  {w('capped', lang)}{sep.join(expl.capped_by)}")
    for m in expl.why_not:
        head = m.subject if m.kind == "band" else m.label
        out.append(f"  {head}{c}{m.sentence(lang)}")
    if not expl.why_not and not expl.capped_by:
        out.append(f"  {w('none', lang)}")
    if expl.reconciliation:
        out.append("")
        out.append(w("reconciliation", lang))
        for note in expl.reconciliation:
            mark = "✗ " if note.line.status == "differs" else "  "
            out.append(f"  {mark}{note.sentence(lang)}")
    return "\n".join(line.rstrip() for line in out).rstrip() + "\n"


def _tree(rule_id: str, by_id: dict[str, RuleExplanation], expl: Explanation, printed: set[str], lang: str,
          indent: str) -> list[str]:
    r = by_id[rule_id]
    if rule_id in printed:
        return [f"{indent}■ {rule_id}（{w('see_above', lang)}）" if lang == "zh" else
                f"{indent}■ {rule_id} ({w('see_above', lang)})"]
    printed.add(rule_id)
    out = rule_block(r, lang, indent)
    for dep in expl.deps.get(rule_id, ()):
        out.extend(_tree(dep, by_id, expl, printed, lang, indent + "    "))
    return out


def _cut_note(step: Step, lang: str) -> str:
    if not step.cut:
        return ""
    return "（除不尽，按 34 位有效数字舍入）" if lang == "zh" else " (not exact: rounded to 34 significant digits)"
