"""An explanation as text, for `swrules explain`.

Input: a `Result` and its `Explanation` (or a selection of it) and a language.
Output: plain text: for each rule its sentence, then the formulas as written with
`file:line`, the facts read (key, label, value), the rules read, the intermediate
values, the rounding steps and the distance to a different outcome; then the grade
bands and vetoes not hit, and the reconciliation. When rules are named, each is
printed as a tree of what it reads, down to the facts. A rule is headed by its label
(its id, by which it can be named, follows in parentheses); a line that is the same
for several records is printed once; with a `width`, every line is folded to it with a
hanging indent (`base.wrap`). Deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

from swrules.base.show import aside, colon, join, paren, show
from swrules.base.words import w
from swrules.base.wrap import wrap_lines
from swrules.engine.result import Result

from .model import Explanation, Rounding, RuleExplanation, Step


def rounding_words(mode: str, places: int, lang: str) -> str:
    key = mode if mode in ("half_up", "half_even", "down", "up") else "half_up"
    if lang == "zh":
        return f"{w(key, lang)}，{w('places', lang).format(n=places)}"
    return f"{w(key, lang)}, {places} place{'' if places == 1 else 's'}"


def phase_words(result: Result, expl: Explanation, lang: str) -> str:
    """The phase as the policy names it, with its key in English: 中期评估 (midterm)."""
    if expl.phase_label is None or expl.phase_label == result.phase:
        return show(result.phase, lang)
    return expl.phase_label if lang == "zh" else f"{expl.phase_label} ({result.phase})"


def header(result: Result, expl: Explanation, lang: str) -> list[str]:
    version = aside(f"{w('version', lang)} {result.policy_version}", lang) if result.policy_version else ""
    out = [f"{result.policy_title}{version} — {w('explanation_title', lang)}"]
    c = colon(lang)
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
        grade += aside(w("provisional", lang), lang)
    out.append(f"{w('total', lang)}{c}{show(expl.total, lang)}    {w('grade', lang)}{c}{grade}")
    return out


def heading(r: RuleExplanation, lang: str) -> str:
    """What a rule is called in a heading: a name written in Chinese as it is (社工缺口不合格人次); an
    English id (service_monitoring) after the label the report uses: 服务监测（service_monitoring）."""
    if not r.id.isascii() or r.label == r.id:
        return r.id
    return r.label + aside(r.id, lang)


def rule_block(r: RuleExplanation, lang: str, indent: str = "") -> list[str]:
    c = colon(lang)
    kind = w(f"kind_{r.kind}", lang)
    kind = "" if kind == r.label else f" · {kind}"  # 总分（total）, not 总分（total） · 总分
    out = [f"{indent}■ {heading(r, lang)}{kind} · {r.location}", f"{indent}  {r.sentence(lang)}"]
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
    # A step that comes out the same for several records (`target = 0 → 否`) is said once.
    steps = [[f"{step.text} → {show(step.value, lang, step.percent)}{_cut_note(step, lang)}" for step in rec.steps]
             for rec in r.records]
    counts: dict[str, int] = {}
    for lines in steps:
        for line in dict.fromkeys(lines):
            counts[line] = counts.get(line, 0) + 1
    shared = [line for line, n in counts.items() if n > 1]
    if shared:
        out.append(f"{indent}  {w('records', lang)}{c}")
        for line in shared:
            same = f"{counts[line]} 条记录相同" if lang == "zh" else f"the same for {counts[line]} records"
            out.append(f"{pad}{line}    {paren(same, lang)}")
    for rec, lines in zip(r.records, steps, strict=True):
        out.append(f"{indent}  · {rec.sentence(lang)}")
        for fact in rec.facts:
            out.append(f"{pad}{fact.key} = {show(fact.value, lang, fact.percent)}    {fact.label}")
        out.extend(f"{pad}{line}" for line in lines if line not in shared)
        out.extend(_rounding(rec.rounding, lang, indent + "  ", label=False))
    if r.margins:
        out.append(f"{indent}  {w('margins', lang)}{c}")
        for m in r.margins:
            out.append(f"{pad}{m.sentence(lang)}")
    return out


def _rounding(steps: tuple[Rounding, ...], lang: str, indent: str, label: bool = True) -> list[str]:
    out = []
    if steps and label:
        out.append(f"{indent}  {w('rounding', lang)}{colon(lang)}")
    for s in steps:
        how = aside(rounding_words(s.mode, s.places, lang), lang)
        out.append(f"{indent}    {show(s.before, lang)} → {show(s.after, lang)}{how}    ({s.location})")
    return out


def render_explanation(result: Result, expl: Explanation, lang: str = "zh", width: int | None = None) -> str:
    """The explanation as text; with `width`, folded to that many terminal columns."""
    out = header(result, expl, lang)
    out.append("")
    if expl.targets:
        printed: set[str] = set()
        by_id = {r.id: r for r in expl.rules}
        for target in expl.targets:
            out.extend(_tree(target, by_id, expl, printed, lang, ""))
            out.append("")
        return "\n".join(line.rstrip() for line in wrap_lines(out, width)).rstrip() + "\n"
    for r in expl.rules:
        out.extend(rule_block(r, lang))
        out.append("")
    c = colon(lang)
    out.append(w("why_not", lang))
    if expl.capped_by:
        # English separates with "; ": a veto's label may itself hold a comma.
        names = join(expl.capped_by, lang) if lang == "zh" else "; ".join(expl.capped_by)
        out.append(f"  {w('capped', lang)}{names}")
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
    return "\n".join(line.rstrip() for line in wrap_lines(out, width)).rstrip() + "\n"


def _tree(rule_id: str, by_id: dict[str, RuleExplanation], expl: Explanation, printed: set[str], lang: str,
          indent: str) -> list[str]:
    r = by_id[rule_id]
    if rule_id in printed:
        return [f"{indent}■ {heading(r, lang)}{aside(w('see_above', lang), lang)}"]
    printed.add(rule_id)
    out = rule_block(r, lang, indent)
    for dep in expl.deps.get(rule_id, ()):
        out.extend(_tree(dep, by_id, expl, printed, lang, indent + "    "))
    return out


def _cut_note(step: Step, lang: str) -> str:
    if not step.cut:
        return ""
    return w("precision_cut", lang)
