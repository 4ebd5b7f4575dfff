"""`swrules diff OLD NEW [--facts PATH]...`: what changed between two policy versions.

Input: two policy files and, optionally, station fact files (or folders of them).
Output: every rule that changed, one sentence each (Chinese by default, or English, or
JSON); with facts, the stations whose total, grade or vetoes change under NEW, the
change(s) responsible for each, and how many stations each change moves. Exit status:
0 whether or not anything changed (a diff is a report, not a test; use `fmt --check`
or `swrules test` to gate CI), 2 when a policy or fact file is bad.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from swrules.base.diagnostics import Diagnostic, FactsError, SwrulesError
from swrules.base.show import join
from swrules.base.words import OUTCOME_WORDS, w
from swrules.engine.policy import Policy
from swrules.facts.schema import read_fact_file
from swrules.tools.diff import Change, describe, diff_policies, unit_title
from swrules.tools.impact import Impact, Outcome, StationChange, impact

from .common import LANG, cli, fail, open_policy

FACT_SUFFIXES = (".toml", ".json")


def fact_paths(values: tuple[str, ...]) -> list[str]:
    """Fact files named directly, and the .toml/.json files directly inside named folders."""
    out: list[str] = []
    for value in values:
        p = Path(value)
        if p.is_dir():
            found = sorted(str(c) for c in p.iterdir() if c.is_file() and c.suffix in FACT_SUFFIXES)
            if not found:
                raise FactsError([Diagnostic("E1002", {"path": value}, file=value)])
            out.extend(found)
        elif p.exists():
            out.append(value)
        else:
            raise FactsError([Diagnostic("E1001", {"path": value}, file=value)])
    return out


def load_stations(old: Policy, paths: list[str]) -> list[tuple[str, Any]]:
    """Read every fact file; one that does not fit the OLD policy is bad input."""
    stations = []
    for path in paths:
        data, _ = read_fact_file(path)
        old.evaluate(data, file=path)  # raises FactsError with the file's problems
        stations.append((path, data))
    return stations


@cli.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--facts", "facts", multiple=True, metavar="FILE_OR_DIR",
              help="Station fact files or folders of them (repeat the option for several); "
                   "show which stations' results change and why.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@LANG
def diff_cmd(old: str, new: str, facts: tuple[str, ...], fmt: str, lang: str) -> None:
    """Say, rule by rule, what changed from OLD to NEW (layout, order and comments are not changes).

    Exits 0 whether or not anything changed; 2 when a policy or fact file is bad.
    """
    old_policy = open_policy(old, lang)
    new_policy = open_policy(new, lang)
    changes = diff_policies(old_policy.syntax_tree, new_policy.syntax_tree)
    result: Impact | None = None
    if facts:
        try:
            stations = load_stations(old_policy, fact_paths(facts))
        except SwrulesError as exc:
            fail(exc, lang)
        result = impact(old_policy, new_policy, changes, stations, lang)
    if fmt == "json":
        click.echo(json.dumps(to_json(old, new, old_policy, new_policy, changes, result, lang),
                              ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(old, new, old_policy, new_policy, changes, result, lang), nl=False)


def _version(policy: Policy) -> dict[str, Any]:
    return {"title": policy.title, "version": policy.version}


def to_json(old: str, new: str, old_policy: Policy, new_policy: Policy, changes: list[Change],
            result: Impact | None, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "old": {"file": old, **_version(old_policy)},
        "new": {"file": new, **_version(new_policy)},
        "changes": [c.to_dict(lang) for c in changes],
    }
    if result is not None:
        out["stations"] = {
            "evaluated": result.stations_evaluated,
            "changed": [dict(s.to_dict(), causes_text=[unit_title(u, lang) for u in s.causes])
                        for s in result.changed],
            "by_change": [{"unit": list(u), "title": unit_title(u, lang), "stations": n}
                          for u, n in result.counts.items()],
            "together": result.together,
            "not_standalone": [list(u) for u in result.standalone_failed],
        }
    return out


def _named(path: str, policy: Policy, lang: str) -> str:
    version = policy.version
    if version is None:
        return path
    return f"{path}（版本 {version}）" if lang == "zh" else f"{path} (version {version})"


def render_text(old: str, new: str, old_policy: Policy, new_policy: Policy, changes: list[Change],
                result: Impact | None, lang: str) -> str:
    zh = lang == "zh"
    lines = [(f"旧：{_named(old, old_policy, lang)}" if zh else f"old: {_named(old, old_policy, lang)}"),
             (f"新：{_named(new, new_policy, lang)}" if zh else f"new: {_named(new, new_policy, lang)}"), ""]
    if not changes:
        lines.append("两个版本的规则相同（排版、次序和注释的不同不算修改）。" if zh else
                     "No rule changed (layout, order and comments do not count).")
    else:
        lines.append(f"规则修改 {len(changes)} 处：" if zh else f"{len(changes)} rule change(s):")
        lines.extend(f"  {i}. {describe(c, lang)}" for i, c in enumerate(changes, 1))
    if result is not None:
        lines.append("")
        lines.extend(_impact_lines(result, lang))
    return "\n".join(lines) + "\n"


def _impact_lines(result: Impact, lang: str) -> list[str]:
    zh = lang == "zh"
    n, moved = result.stations_evaluated, len(result.changed)
    lines = [f"按新版本评估 {n} 个站点，{moved} 个站点的结果与旧版本不同{'：' if moved else '。'}" if zh else
             f"{n} station(s) evaluated under both versions; {moved} result(s) differ{':' if moved else '.'}"]
    if result.changed:
        lines.append(_kinds_line(result.changed, lang))
    for s in result.changed:
        lines.extend(_station_lines(s, lang))
    if result.changed:
        lines.append("")
        lines.append("各项修改改变结果的站点数：" if zh else "Stations each change moves:")
        for unit, count in result.counts.items():
            lines.append(f"  {unit_title(unit, lang)}：{count} 个站点" if zh else
                         f"  {unit_title(unit, lang)}: {count} station(s)")
        if result.together:
            lines.append(f"  多项修改共同作用：{result.together} 个站点" if zh else
                         f"  several changes together: {result.together} station(s)")
    for unit in result.standalone_failed:
        lines.append(f"  注意：{unit_title(unit, lang)}的修改不能单独生效（依赖其他修改），未单独计算。" if zh else
                     f"  note: the change to {unit_title(unit, lang)} cannot stand alone (it needs another change), "
                     "so it was not assessed on its own.")
    return lines


def _kinds_line(changed: list[StationChange], lang: str) -> str:
    """How many stations each kind of change touches, so a change of status alone is not overlooked."""
    def count(test: Callable[[Outcome, Outcome], bool]) -> int:
        return sum(1 for s in changed if s.new.error is None and test(s.old, s.new))
    pending = w("provisional", "zh")
    kinds = [
        ("不能按新版本评估", "cannot be evaluated under NEW", sum(1 for s in changed if s.new.error is not None)),
        ("等级变化", "grade", count(lambda a, b: a.grade != b.grade)),
        ("总分变化", "total", count(lambda a, b: a.total != b.total)),
        ("变为" + pending, "now provisional", count(lambda a, b: b.provisional and not a.provisional)),
        ("不再" + pending, "no longer provisional", count(lambda a, b: a.provisional and not b.provisional)),
        ("一票否决的状态变化", "veto status", count(_veto_changed)),
        ("分项得分变化", "figures", count(lambda a, b: a.signature()[-1] != b.signature()[-1])),
    ]
    shown = [(zh, en, n) for zh, en, n in kinds if n]
    if lang == "zh":
        return "  其中" + "，".join(f"{zh} {n} 个" for zh, _, n in shown) + "："
    return "  of which " + ", ".join(f"{en}: {n}" for _, en, n in shown) + ":"


def _veto_changed(a: Outcome, b: Outcome) -> bool:
    before, after = dict(a.veto_status), dict(b.veto_status)
    return any((before.get(v) or "clear") != (after.get(v) or "clear") for v in {*before, *after})


def _station_lines(s: StationChange, lang: str) -> list[str]:
    zh = lang == "zh"
    name = f"{s.file}（{s.station}）" if zh and s.station else f"{s.file} ({s.station})" if s.station else s.file
    out = [f"  {name}"]
    a, b = s.old, s.new
    if b.error is not None:
        out.append(f"    不能按新版本评估：{b.error}" if zh else f"    cannot be evaluated under NEW: {b.error}")
    else:
        if a.grade != b.grade:
            out.append(f"    等级：{_show(a.grade, lang)} → {_show(b.grade, lang)}" if zh else
                       f"    grade: {_show(a.grade, lang)} -> {_show(b.grade, lang)}")
        if a.total != b.total:
            out.append(f"    总分：{_show(a.total, lang)} → {_show(b.total, lang)}" if zh else
                       f"    total: {_show(a.total, lang)} -> {_show(b.total, lang)}")
        out.extend(_veto_lines(a, b, lang))
        out.extend(_status_lines(a, b, lang))
    causes = join((unit_title(u, lang) for u in s.causes), lang)
    if not causes:
        causes = "多项修改共同作用（任何一项单独都不改变结果）" if zh else "several changes together (none alone)"
    out.append(f"    原因：{causes}" if zh else f"    because of: {causes}")
    return out


def _veto_lines(a: Outcome, b: Outcome, lang: str) -> list[str]:
    zh = lang == "zh"
    out = []
    hit = [v for v in b.vetoes if v not in a.vetoes]
    cleared = [v for v in a.vetoes if v not in b.vetoes]
    if hit:
        out.append("    新触发一票否决：" + "、".join(f"「{v}」" for v in hit) if zh else
                   "    veto now hit: " + ", ".join(hit))
    if cleared:
        out.append("    不再触发一票否决：" + "、".join(f"「{v}」" for v in cleared) if zh else
                   "    veto no longer hit: " + ", ".join(cleared))
    return out


def _status_word(status: str | None, lang: str, side: str) -> str:
    if status is None:
        return (f"（{side}版本没有这项）" if lang == "zh" else
                f"(not in {'OLD' if side == '旧' else 'NEW'})")
    return w(status if status in ("hit", "clear") else "undetermined", lang)


def _status_lines(a: Outcome, b: Outcome, lang: str) -> list[str]:
    """Provisional status, the status of vetoes not hit on either side, and every figure that moved."""
    zh = lang == "zh"
    arrow = " → " if zh else " -> "
    out = []
    if a.provisional != b.provisional:
        def said(p: bool) -> str:
            return w("provisional", lang) if p else ("确定" if zh else "final")
        what = OUTCOME_WORDS["provisional"][0]  # 等级是否待核实
        out.append(f"    {what}：{said(a.provisional)}{arrow}{said(b.provisional)}" if zh else
                   f"    grade status: {said(a.provisional)}{arrow}{said(b.provisional)}")
    before, after = dict(a.veto_status), dict(b.veto_status)
    for veto in dict.fromkeys([*before, *after]):
        old, new = before.get(veto), after.get(veto)
        if "hit" in (old, new) or (old or "clear") == (new or "clear"):
            continue  # hit and no-longer-hit are said above; absent and clear mean the same
        change = f"{_status_word(old, lang, '旧')}{arrow}{_status_word(new, lang, '新')}"
        out.append(f"    一票否决「{veto}」：{change}" if zh else f"    veto {veto}: {change}")
    old_fig = {i: (label, v) for i, label, v in a.figures}
    new_fig = {i: (label, v) for i, label, v in b.figures}
    for key in dict.fromkeys([*old_fig, *new_fig]):
        label = (new_fig.get(key) or old_fig[key])[0]
        ov, nv = old_fig.get(key, (label, None))[1], new_fig.get(key, (label, None))[1]
        if (None if ov is None else Decimal(ov)) != (None if nv is None else Decimal(nv)):
            out.append(f"    {label}：{_show(ov, lang)}{arrow}{_show(nv, lang)}" if zh else
                       f"    {label}: {_show(ov, lang)}{arrow}{_show(nv, lang)}")
    return out


def _show(value: str | None, lang: str) -> str:
    return w("cannot_determine", lang) if value is None else value
