"""Policy sets: one policy file, or a folder holding several versions of a policy.

Input: a path to a `.swr` file, or to a folder whose `*.swr` files are versions of
one policy, each with its effective range (`effective from DATE to DATE`, both days
included; the newest may leave out `to`). Output: a `PolicySet` whose `select` picks
the version in force for a station's evaluation period and says why. Commands that
evaluate stations go through here, so that choosing a version is done in one place.

Guarantees: a folder whose versions overlap, repeat a version name or lack an
effective range is refused when it is loaded; a station whose period no version
covers, or whose period straddles two versions, is refused (never evaluated under a
guess) unless the version is named explicitly. A station whose period is missing is
refused when there are versions to choose between; with a single version it is
handed on, so that the fact checks report the missing date as they report any other.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from swrules.base.diagnostics import Diagnostic, FactsError, PolicyError, render_all
from swrules.base.show import join
from swrules.check import ir
from swrules.facts.positions import locate

from .policy import Policy, load_policy


def _range_text(h: ir.Header, lang: str) -> str:
    start, end = h.effective_from, h.effective_to
    if start is None:
        return "未写生效期" if lang == "zh" else "no effective range"
    if end is None:
        return f"{start} 起" if lang == "zh" else f"from {start}"
    return f"{start} 至 {end}" if lang == "zh" else f"{start} to {end}"


def _period_text(start: dt.date, end: dt.date, lang: str) -> str:
    if start == end:
        return str(start)
    return f"{start} 至 {end}" if lang == "zh" else f"{start} to {end}"


def _covers(h: ir.Header, day: dt.date) -> bool:
    if h.effective_from is None:
        return True
    return h.effective_from <= day and (h.effective_to is None or day <= h.effective_to)


class PolicySet:
    """The versions of one policy, ordered by effective date; a single file is a set of one."""

    def __init__(self, policies: list[Policy], path: str = "") -> None:
        self.policies = policies
        self.path = path

    @classmethod
    def load(cls, path: str | Path) -> PolicySet:
        """Load a policy file or a folder of versions; raise `PolicyError` listing every problem."""
        p = Path(path)
        if not p.is_dir():
            policy = load_policy(p)
            _check_range(policy)
            return cls([policy], str(path))
        files = sorted(f for f in p.glob("*.swr") if f.is_file())
        if not files:
            raise PolicyError([Diagnostic("E0912", {"dir": str(path)}, file=str(path))])
        policies: list[Policy] = []
        diags: list[Diagnostic] = []
        for f in files:
            try:
                policies.append(load_policy(f))
            except PolicyError as exc:
                diags.extend(exc.diagnostics)
        if diags:
            raise PolicyError(diags)
        policies.sort(key=lambda q: (q.checked.header.effective_from or dt.date.min, q.checked.source_name))
        _check_folder(policies)
        return cls(policies, str(path))

    @property
    def warnings(self) -> list[Diagnostic]:
        return [w for p in self.policies for w in p.warnings]

    def find_version(self, version: str) -> Policy:
        for policy in self.policies:
            if policy.version == version:
                return policy
        names = [p.version or "" for p in self.policies]
        close = nearest_version(version, names)
        raise PolicyError([Diagnostic("E0914", {
            "version": version, "versions": join(names, "zh"), "versions_en": join(names, "en"),
            "suggestion_zh": f"是否想写 `{close}`？" if close else "用上面列出的版本号之一。",
            "suggestion_en": f"did you mean `{close}`?" if close else "use one of the versions listed.",
        }, file=self.path)])

    def select(self, facts: Mapping[str, Any], *, version: str | None = None,
               file: str = "<facts>", lang: str = "zh") -> tuple[Policy, str]:
        """The policy that applies to these facts, and a sentence (in `lang`) saying why.

        Raises `PolicyError` for an unknown `version`, and `FactsError` when the
        station's period is missing, or no version (or more than one) covers it.
        """
        zh = lang == "zh"
        if version is not None:
            policy = self.find_version(version)
            why = (f"采用版本 {version}（{policy.checked.source_name}）：由 --policy-version 指定"
                   if zh else f"version {version} ({policy.checked.source_name}): named with --policy-version")
            warning = self.outside_range(policy, facts, file)
            return policy, why if warning is None else f"{why}\n{render_all(locate([warning]), lang)}"
        if len(self.policies) == 1 and self.policies[0].checked.header.effective_from is None:
            policy = self.policies[0]
            name = policy.checked.source_name
            return policy, (f"采用 {name}（版本 {policy.version or '未写'}）：唯一的版本，未写生效期" if zh else
                            f"{name} (version {policy.version or 'unnamed'}): the only version, no effective range")
        try:
            return self._by_period(facts, file, lang)
        except FactsError as exc:
            raise FactsError(locate(exc.diagnostics)) from None

    def _by_period(self, facts: Mapping[str, Any], file: str, lang: str) -> tuple[Policy, str]:
        zh = lang == "zh"
        start_key, end_key = _period_keys(self.policies[-1])
        try:
            start = _date_fact(facts, start_key, file)
            end = _date_fact(facts, end_key, file)
        except FactsError:
            if len(self.policies) > 1:
                raise
            # One version and no readable period: nothing to choose between, and the fact
            # checks report the missing or malformed date in their own words.
            policy = self.policies[0]
            name = policy.checked.source_name
            return policy, (f"采用 {name}（版本 {policy.version or '未写'}）：唯一的版本；考核期未知，未核对其生效期"
                            if zh else f"{name} (version {policy.version or 'unnamed'}): the only version; "
                            "the period is unknown, so its effective range was not checked")
        key_path = start_key if start_key == end_key else f"{start_key}, {end_key}"
        args = {"period": _period_text(start, end, "zh"), "period_en": _period_text(start, end, "en")}
        for policy in self.policies:
            h = policy.checked.header
            if _covers(h, start) and _covers(h, end):
                name = policy.version or policy.checked.source_name
                why = (f"采用版本 {name}（{policy.checked.source_name}）：考核期 {args['period']} 在其生效期"
                       f"（{_range_text(h, 'zh')}）之内" if zh else
                       f"version {name} ({policy.checked.source_name}): the evaluation period {args['period_en']} "
                       f"lies within its effective range ({_range_text(h, 'en')})")
                return policy, why
        first = next((p for p in self.policies if _covers(p.checked.header, start)), None)
        last = next((p for p in self.policies if _covers(p.checked.header, end)), None)
        if first is not None and last is not None:
            raise FactsError([Diagnostic("E0917", {
                **args, "a": _describe(first, "zh"), "b": _describe(last, "zh"), "a_en": _describe(first, "en"),
                "b_en": _describe(last, "en"), "b_version": last.version or "?"},
                file=file, key_path=key_path)])
        ranges = [(p.version or p.checked.source_name, p.checked.header) for p in self.policies]
        if len(self.policies) == 1:
            help_zh = (f"本文件只适用于其生效期；若 {Path(self.path).parent or '.'} 目录中有其他版本，"
                       "把目录而不是文件交给 swrules，让它按考核期选用版本。")
            help_en = (f"this file applies only within its effective range; if {Path(self.path).parent or '.'} "
                       "holds other versions, pass the folder rather than the file so the version is chosen by period.")
        else:
            help_zh = "核对考核期的日期；若确需按某一版本评估，用 --policy-version 指定。"
            help_en = "check the period's dates; to evaluate under one version anyway, name it with --policy-version."
        raise FactsError([Diagnostic("E0916", {
            **args,
            "ranges": "；".join(f"{n}：{_range_text(h, 'zh')}" for n, h in ranges),
            "ranges_en": "; ".join(f"{n}: {_range_text(h, 'en')}" for n, h in ranges),
            "help_zh": help_zh, "help_en": help_en}, file=file, key_path=key_path)])


    def outside_range(self, policy: Policy, facts: Mapping[str, Any], file: str) -> Diagnostic | None:
        """W0919 when the station's period is known and the named version is not in force for all of it."""
        h = policy.checked.header
        if h.effective_from is None:
            return None
        start_key, end_key = _period_keys(policy)
        try:
            start, end = _date_fact(facts, start_key, file), _date_fact(facts, end_key, file)
        except FactsError:
            return None  # no period to compare with; the fact checks speak of a missing date
        if _covers(h, start) and _covers(h, end):
            return None
        in_force = next((p for p in self.policies if p is not policy
                         and _covers(p.checked.header, start) and _covers(p.checked.header, end)), None)
        return Diagnostic("W0919", {
            "version": policy.version or policy.checked.source_name,
            "period": _period_text(start, end, "zh"), "period_en": _period_text(start, end, "en"),
            "range": _range_text(h, "zh"), "range_en": _range_text(h, "en"),
            "help_zh": (f"按考核期应采用版本 {in_force.version}；除非确有需要，去掉 --policy-version。"
                        if in_force is not None else "核对考核期的日期和所指定的版本。"),
            "help_en": (f"by its period the station falls under version {in_force.version}; "
                        "unless that is intended, leave out --policy-version." if in_force is not None
                        else "check the period's dates and the version named."),
        }, file=file, key_path=start_key if start_key == end_key else f"{start_key}, {end_key}")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version))


def nearest_version(version: str, names: list[str]) -> str | None:
    """The version nearest to a mistyped one by number, not spelling: for `2019`, `2018.1`
    is nearer than `2025.1`. The first number that differs decides (2019 is one year from
    2018.1 and six from 2025.1); a tie goes to the earlier version. Names without numbers
    fall back to the closest spelling."""
    wanted = _version_key(version)
    numbered = [(n, _version_key(n)) for n in names if _version_key(n)]
    if not wanted or not numbered:
        import difflib

        close = difflib.get_close_matches(version, names, n=1, cutoff=0.5)
        return close[0] if close else None

    def distance(key: tuple[int, ...]) -> tuple[int, ...]:
        width = max(len(key), len(wanted))
        a, b = key + (0,) * (width - len(key)), wanted + (0,) * (width - len(wanted))
        return tuple(abs(x - y) for x, y in zip(a, b, strict=True))

    return min(numbered, key=lambda nk: (distance(nk[1]), nk[1]))[0]


def _describe(policy: Policy, lang: str) -> str:
    name = policy.version or policy.checked.source_name
    rng = _range_text(policy.checked.header, lang)
    return f"{name}（{rng}）" if lang == "zh" else f"{name} ({rng})"


def _check_range(policy: Policy) -> None:
    h = policy.checked.header
    if h.effective_from is not None and h.effective_to is not None and h.effective_to < h.effective_from:
        raise PolicyError([Diagnostic("E0918", {"start": str(h.effective_from), "to": str(h.effective_to)}, h.span)])


def _check_folder(policies: list[Policy]) -> None:
    diags: list[Diagnostic] = []
    for policy in policies:
        try:
            _check_range(policy)
        except PolicyError as exc:
            diags.extend(exc.diagnostics)
    if len(policies) > 1:
        by_version: dict[str, Policy] = {}
        for policy in policies:
            h = policy.checked.header
            if h.effective_from is None:
                diags.append(Diagnostic("E0911", {"file": policy.checked.source_name}, h.span))
            v = policy.version or ""
            if v in by_version:
                diags.append(Diagnostic("E0913", {"version": v, "a": by_version[v].checked.source_name,
                                                  "b": policy.checked.source_name}, h.span))
            by_version.setdefault(v, policy)
        dated = [p for p in policies if p.checked.header.effective_from is not None]
        for earlier, later in zip(dated, dated[1:], strict=False):
            a, b = earlier.checked.header, later.checked.header
            assert b.effective_from is not None
            if a.effective_to is None or a.effective_to >= b.effective_from:
                end = a.effective_to if a.effective_to is not None else b.effective_to
                stop = None if end is None else min(end, b.effective_to or end)
                overlap = f"{b.effective_from} 起" if stop is None else f"{b.effective_from} 至 {stop}"
                overlap_en = f"from {b.effective_from}" if stop is None else f"{b.effective_from} to {stop}"
                diags.append(Diagnostic(
                    "E0910", {"a": earlier.version or earlier.checked.source_name,
                              "b": later.version or later.checked.source_name,
                              "overlap": overlap, "overlap_en": overlap_en},
                    b.span, related=((a.span, "另一个版本的生效期 / the other version's range"),) if a.span else ()))
    if diags:
        raise PolicyError(diags)


def _period_keys(policy: Policy) -> tuple[str, str]:
    """Which facts give the evaluation period: the station's period if declared, else `dated by`."""
    c = policy.checked
    keys = ("station.period_start", "station.period_end")
    if all(k in c.facts_by_key for k in keys):
        return keys
    if c.header.dated_by is not None:
        return c.header.dated_by.dotted, c.header.dated_by.dotted
    return keys


def _date_fact(facts: Mapping[str, Any], key: str, file: str) -> dt.date:
    value: Any = facts
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise FactsError([Diagnostic("E0915", {"key": key}, file=file, key_path=key)])
