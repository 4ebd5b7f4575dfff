"""The annex of the station report, 计分复核说明: how each figure follows from the rules.

Input: the `Result`, its `Explanation`, the `CheckedPolicy` and a language. Output: blocks
(as `render.station` builds them) under plain Chinese headings: the published figures
checked against the computed ones (the difference and where it comes from); each score
item and party computed (sentences, formulas, roundings); each veto situation and how it
was decided; the rule checks; the checks of the evaluation's own deadlines (they bind the
evaluator and the district bureau, not the station); what was not given; and the
documents, files and SHA-256 checksums the result was computed from. This is where
formulas, fact keys and file locations belong, not in the report's body.
"""

from __future__ import annotations

from swrules.base.report_words import SOURCE_REPORT_MARK
from swrules.base.show import show
from swrules.base.version import __version__
from swrules.base.words import w
from swrules.check.ir import CheckedPolicy
from swrules.engine.result import Result
from swrules.explanation.model import Explanation, RuleExplanation
from swrules.explanation.text import rounding_words

from .checks import facts_to_give, plain_label, process_checks, station_findings
from .station import Block, check_word, h, items, p, table


def annex_blocks(result: Result, expl: Explanation, policy: CheckedPolicy, lang: str,
                 evaluated_at: str | None = None) -> list[Block]:
    def t(key: str) -> str:
        return w(key, lang)

    out: list[Block] = [h(1, t("r_annex")), p(t("r_annex_lead"))]
    out.append(h(2, t("r_annex_recon")))
    if result.reconciliation:
        out.append(table([w("item", lang), w("declared", lang), w("computed", lang), w("difference", lang),
                          w("status", lang)],
                         [[n.label, show(n.declared, lang), show(n.computed, lang),
                           show(n.difference, lang) if n.difference is not None else "", w(n.status, lang)]
                          for n in result.reconciliation], ["left", "right", "right", "right", "left"]))
        out.extend(p(n.sentence(lang)) for n in expl.reconciliation if n.line.status == "differs")
    else:
        out.append(p(w("none", lang)))

    out.append(h(2, t("r_annex_scores")))
    for rule in expl.rules:
        if rule.kind in ("item", "party", "total", "grade"):
            out.extend(_derivation(rule, lang))

    out.append(h(2, t("r_annex_vetoes")))
    for v in result.vetoes:
        out.append(p(f"{v.label}：{check_word(v, lang)}", indent=False, bold=True))
        out.extend(_decision(expl.rule(v.id), lang))

    out.append(h(2, t("r_annex_findings")))
    checks = station_findings(result)
    out.append(items([f"{plain_label(f)}{('（' + f.record + '）') if f.record else ''}：{check_word(f, lang)}"
                      for f in checks]) if checks else p(w("none", lang)))
    for f in checks:
        if f.record is None:
            out.append(p(f"{plain_label(f)}：{check_word(f, lang)}", indent=False, bold=True))
            out.extend(_decision(expl.rule(f.id), lang))

    process = process_checks(result)
    out.append(h(2, t("r_annex_process")))
    if process:
        out.append(p(t("r_process_lead")))
        out.append(items([f"{plain_label(f)}：{check_word(f, lang)}" for f in process]))
        for f in process:
            out.append(p(f"{plain_label(f)}：{check_word(f, lang)}", indent=False, bold=True))
            out.extend(_decision(expl.rule(f.id), lang))
    else:
        out.append(p(w("none", lang)))

    out.append(h(2, t("r_annex_missing")))
    # Required facts not given, and optional ones a check (the process's too) could not be made without.
    missing = facts_to_give(result)
    if missing:
        out.append(p(t("r_missing_lead")))
        out.append(items([f"{m.label}（{m.key}，{w('required' if m.required else 'optional', lang)}）"
                          for m in missing]))
    else:
        out.append(p(w("none", lang)))

    out.append(h(2, t("r_annex_files")))
    out.append(_files(result, policy, lang, evaluated_at))
    return out


def _derivation(rule: RuleExplanation, lang: str, heading: bool = True) -> list[Block]:
    """One rule: its sentence, then its formulas, roundings and records as a list."""
    out: list[Block] = []
    if heading:
        out.append(p(rule.label, indent=False, bold=True))
    out.append(p(rule.sentence(lang)))
    detail = [f"{w('formula', lang)}：{f.text}" for f in rule.formulas]
    detail += [f"{w('rounding', lang)}：{show(x.before, lang)} → {show(x.after, lang)}"
               f"（{rounding_words(x.mode, x.places, lang)}）" for x in rule.rounding]
    detail += [rec.sentence(lang) for rec in rule.records]
    if detail:
        out.append(items(detail, "{n}. "))
    return out


def _decision(rule: RuleExplanation, lang: str) -> list[Block]:
    """A veto or check: the facts and values it was decided from, its condition and its clause."""
    used = [f"{f.label}：{show(f.value, lang, f.percent)}" for f in rule.facts]
    used += [f"{u.label}：{show(u.value, lang, u.percent)}" for u in rule.rules]
    detail = [f"{w('r_facts_used', lang)}：{'；'.join(used) if used else w('none', lang)}"]
    detail += [f"{w('formula', lang)}：{f.text}" for f in rule.formulas]
    if rule.clause:
        detail.append(f"{w('citation', lang)}：{rule.clause}")
    return [items(detail, "{n}. ")]


def _files(result: Result, policy: CheckedPolicy, lang: str, evaluated_at: str | None) -> Block:
    rows: list[list[str]] = [[w("r_rules_file", lang), f"{result.policy_title} {result.policy_version or ''}".strip()]]
    for reg in policy.header.regulations:
        source = reg.document or ""
        note = w("r_source_report", lang) if source.startswith(SOURCE_REPORT_MARK) else (f"（{source}）" if source
                                                                                         else "")
        rows.append([w("r_documents", lang), f"《{reg.title}》{note}"])
    rows += [[w("r_policy_file", lang), result.policy_file],
             [w("policy_hash", lang), result.policy_hash],
             [w("facts_file", lang), result.facts_file or ""],
             [w("facts_hash", lang), result.facts_hash or ""],
             [w("r_evaluated_by", lang), f"swrules {__version__}"]]
    if evaluated_at:
        rows.append([w("evaluated_at", lang), evaluated_at])
    return table(["", ""], rows, ["left", "left"])

