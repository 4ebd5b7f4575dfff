"""Policy test cases: what a policy officer expects the policy to decide, checked.

Input: a policy set (`versions.PolicySet`) and the test cases beside it
(`tests/*.toml`, and below, except `tests/facts/` which holds fact files). A case
names a fact file and/or gives facts inline, may change some of them, and says what
it expects: total (with a tolerance), grade, whether the grade is provisional, the
vetoes hit, the findings raised and the values of named rules. Output: `Outcome`s
(each mismatch with the rules that explain it) and `Coverage` (rules, grade bands,
band edges and veto thresholds that no case reaches). Cases are validated entirely
before any is run; a bad case is bad input, never a failing test.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from swrules.base.diagnostics import Diagnostic, FactsError, SwrulesError
from swrules.base.messages import CATALOGUE
from swrules.base.show import join
from swrules.check import ir
from swrules.engine.policy import Policy
from swrules.engine.result import Result
from swrules.engine.versions import PolicySet
from swrules.facts.schema import read_fact_file

CASE_KEYS = ("description", "facts", "changes", "policy_version", "expect")
EXPECT_KEYS = ("total", "tolerance", "grade", "provisional", "vetoes", "findings", "values", "error")
ERROR_CODE = re.compile(r"E\d{4}")
FACTS_FOLDER = "facts"
GENERATED_FOLDER = "boundary"


@dataclass(slots=True)
class Expect:
    total: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    grade: str | None = None
    provisional: bool | None = None
    vetoes: frozenset[str] | None = None
    findings: frozenset[str] | None = None
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # the code of the error the case expects the evaluation to end in


@dataclass(slots=True)
class Case:
    path: Path
    name: str  # the path relative to the tests folder, as reports show it
    description: str
    facts_ref: str | None  # the fact file as the case wrote it (relative to the case)
    inline: dict[str, Any]  # facts given inline (`[facts...]`)
    changes: dict[str, Any]
    versions: tuple[str | None, ...]  # None: the version in force for the station's period
    expect: Expect
    facts: dict[str, Any] = field(default_factory=dict)  # the facts evaluated (file + inline + changes)


@dataclass(frozen=True, slots=True)
class Mismatch:
    what: str  # total, grade, provisional, vetoes, findings, or the name of a rule
    expected: Any
    actual: Any
    rules: tuple[str, ...]  # the rules whose explanation shows why


@dataclass(slots=True)
class Outcome:
    """One case under one version. An evaluation that ended in an error has no result:
    its diagnostics are `errors`, and the case fails unless it expected that error."""

    case: Case
    policy: Policy | None  # None: no version could be chosen for the case
    why: str
    result: Result | None
    env: list[Any]
    mismatches: list[Mismatch]
    errors: tuple[Diagnostic, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.mismatches


# ---------------------------------------------------------------- reading cases

def tests_folder(policy_path: Path) -> Path:
    return (policy_path if policy_path.is_dir() else policy_path.parent) / "tests"


def find_cases(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.toml") if FACTS_FOLDER not in p.relative_to(folder).parts[:-1])


def load_cases(folder: Path, policies: PolicySet, skip: Callable[[Path], bool] | None = None) -> list[Case]:
    """Read and validate every case (but those `skip` names); raise `SwrulesError` listing every problem."""
    diags: list[Diagnostic] = []
    cases: list[Case] = []
    for path in find_cases(folder):
        if skip is not None and skip(path):
            continue
        try:
            cases.append(_read_case(path, folder, policies))
        except SwrulesError as exc:
            diags.extend(exc.diagnostics)
    if diags:
        raise SwrulesError(diags)
    if not cases:
        raise SwrulesError([Diagnostic("E0953", {"dir": str(folder.parent)}, file=str(folder))])
    return cases


def _bad(path: Path, key: str, expected_zh: str, expected_en: str, help_zh: str = "", help_en: str = "") -> FactsError:
    return FactsError([Diagnostic("E0952", {"key": key, "expected": expected_zh, "expected_en": expected_en,
                                            "help_zh": help_zh, "help_en": help_en}, file=str(path), key_path=key)])


def _read_case(path: Path, folder: Path, policies: PolicySet) -> Case:
    data, _ = read_fact_file(path)
    file = str(path)
    for key in data:
        if key not in CASE_KEYS:
            keys = {"keys": join(CASE_KEYS, "zh"), "keys_en": join(CASE_KEYS, "en")}
            raise FactsError([Diagnostic("E0951", {"key": key, **keys}, file=file, key_path=key)])
    description = data.get("description", "")
    if not isinstance(description, str):
        raise _bad(path, "description", "文字", "text")
    facts_value = data.get("facts")
    facts_ref: str | None = None
    inline: dict[str, Any] = {}
    base: dict[str, Any] = {}
    if isinstance(facts_value, str):
        facts_ref = facts_value
        try:
            base, _ = read_fact_file(path.parent / facts_value)
        except FactsError as exc:
            unreadable = [d for d in exc.diagnostics if d.code in ("E0001", "E0002")]
            if not unreadable:
                raise
            reason = unreadable[0].message("zh")
            raise FactsError([Diagnostic("E0950", {
                "reason": f"无法读取事实文件 {facts_value}（{reason}）",
                "reason_en": f"cannot read the fact file {facts_value} ({unreadable[0].message('en')})",
                "help_zh": "facts 的路径相对于本用例文件所在的目录。",
                "help_en": "the path in `facts` is relative to this case's folder."},
                file=file, key_path="facts")]) from None
        if not isinstance(base, dict):
            raise _bad(path, "facts", "事实文件（表）", "a fact file holding a table")
    elif isinstance(facts_value, dict):
        inline = facts_value
    elif facts_value is not None:
        raise _bad(path, "facts", "事实文件的路径或事实表", "a fact file's path or a table of facts")
    changes = data.get("changes", {})
    if not isinstance(changes, dict):
        raise _bad(path, "changes", "表（[changes]）", "a table ([changes])")
    if facts_value is None and not changes:
        raise FactsError([Diagnostic("E0950", {
            "reason": "没有事实", "reason_en": "no facts",
            "help_zh": "写 `facts = \"事实文件.toml\"`，或在 [facts] 中直接给出事实。",
            "help_en": "write `facts = \"station.toml\"`, or give the facts in a [facts] table."}, file=file)])
    version = data.get("policy_version")
    versions: tuple[str | None, ...]
    if version is None:
        versions = (None,)
    elif isinstance(version, str):
        versions = (version,)
    elif isinstance(version, list) and version and all(isinstance(v, str) for v in version):
        versions = tuple(version)
    else:
        raise _bad(path, "policy_version", "版本号或版本号列表", "a version or a list of versions")
    for v in versions:
        if v is not None:
            try:
                policies.find_version(v)
            except SwrulesError as exc:
                raise FactsError([Diagnostic(d.code, d.args, file=file, key_path="policy_version")
                                  for d in exc.diagnostics]) from None
    expect = _read_expect(path, data.get("expect"), policies)
    facts = _merge(_merge(base, inline), changes)
    return Case(path, path.relative_to(folder).as_posix(), description, facts_ref, inline, changes, versions,
                expect, facts)


def _merge(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The base facts with `changes` applied: tables merge key by key, anything else replaces."""
    out = copy.deepcopy(dict(base))
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def number(value: Any) -> Decimal | None:
    """An expected figure: a number, or text such as `"85%"` (0.85) or `"35,000"`."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, str):
        try:
            text = value.strip().replace(",", "").replace("，", "")
            return Decimal(text[:-1]).scaleb(-2) if text.endswith("%") else Decimal(text)
        except InvalidOperation:
            return None
    return None


def _read_expect(path: Path, raw: Any, policies: PolicySet) -> Expect:
    if not isinstance(raw, dict):
        raise _bad(path, "expect", "表（[expect]）", "a table ([expect])",
                   "至少写出预期的 total 或 grade。", "state at least the expected total or grade.")
    for key in raw:
        if key not in EXPECT_KEYS:
            raise FactsError([Diagnostic("E0951", {"key": f"expect.{key}", "keys": join(EXPECT_KEYS, "zh"),
                                                          "keys_en": join(EXPECT_KEYS, "en")},
                                         file=str(path), key_path=f"expect.{key}")])
    exp = Expect()
    if "error" in raw:
        code = raw["error"]
        if not (isinstance(code, str) and ERROR_CODE.fullmatch(code) and code in CATALOGUE):
            raise _bad(path, "expect.error", "错误代码（例如 \"E0917\"）", 'an error code (such as "E0917")',
                       "错误代码见 docs/diagnostics.md。", "the codes are listed in docs/diagnostics.md.")
        others = sorted(k for k in raw if k not in ("error", "tolerance"))
        if others:
            raise _bad(path, f"expect.{others[0]}", "不写：预期出错的用例只写 error",
                       "left out: a case that expects an error states only `error`",
                       "评估出错时没有总分、等级等结果可比；另写一个用例检查它们。",
                       "an evaluation that ends in an error has no total or grade to compare; "
                       "check those in another case.")
        exp.error = code
    if "total" in raw:
        exp.total = number(raw["total"])
        if exp.total is None:
            raise _bad(path, "expect.total", "数字", "a number")
    if "tolerance" in raw:
        tol = number(raw["tolerance"])
        if tol is None or tol < 0:
            raise _bad(path, "expect.tolerance", "不小于 0 的数字", "a number not below 0")
        exp.tolerance = tol
    if "grade" in raw:
        if not isinstance(raw["grade"], str):
            raise _bad(path, "expect.grade", "等级名称（文字）", "a grade's name (text)")
        exp.grade = raw["grade"]
    if "provisional" in raw:
        if not isinstance(raw["provisional"], bool):
            raise _bad(path, "expect.provisional", "true 或 false", "true or false")
        exp.provisional = raw["provisional"]
    known = _names(policies)
    for key, kinds in (("vetoes", ("veto",)), ("findings", ("finding",))):
        if key in raw:
            names = raw[key]
            if not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
                raise _bad(path, f"expect.{key}", "名称的列表", "a list of names", '例如 ["社工配备不足"]。',
                           'for example ["社工配备不足"].')
            for n in names:
                _known(path, f"expect.{key}", n, known, kinds)
            setattr(exp, key, frozenset(names))
    values = raw.get("values", {})
    if not isinstance(values, dict):
        raise _bad(path, "expect.values", "表（[expect.values]）", "a table ([expect.values])")
    for n, v in values.items():
        _known(path, f"expect.values.{n}", n, known, ("any",))
        if not all(isinstance(x, (bool, str, int, Decimal)) for x in (v if isinstance(v, list) else [v])):
            raise _bad(path, f"expect.values.{n}", "数字、文字、true/false 或它们的列表",
                       "a number, text, true/false or a list of them")
    exp.values = dict(values)
    if exp.grade is not None and exp.grade not in {g for p in policies.policies for g in p.checked.grade_rank}:
        grades = sorted({g for p in policies.policies for g in p.checked.grade_rank})
        _known(path, "expect.grade", exp.grade, {g: "grade" for g in grades}, ("grade",))
    return exp


def _names(policies: PolicySet) -> dict[str, str]:
    """Every rule name in any version, with its kind (an indicator's findings count as findings)."""
    out: dict[str, str] = {}
    for p in policies.policies:
        for r in p.checked.rules:
            out.setdefault(r.name, r.kind.value)
            if isinstance(r.decl, ir.Indicator):
                for f in r.decl.findings:
                    out.setdefault(f.name, "finding")
    return out


def _known(path: Path, key: str, name: str, known: Mapping[str, str], kinds: tuple[str, ...]) -> None:
    if name in known and ("any" in kinds or known[name] in kinds):
        return
    candidates = [n for n, k in known.items() if "any" in kinds or k in kinds]
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.4)
    words = {"veto": ("一票否决", "veto"), "finding": ("关注项", "finding"), "grade": ("等级", "grade"),
             "any": ("规则", "rule")}[kinds[0]]
    listed = join(sorted(candidates)[:12], "zh")
    listed_en = join(sorted(candidates)[:12], "en")
    raise FactsError([Diagnostic("E0954", {
        "name": name, "kind_zh": words[0], "kind_en": words[1],
        "suggestion_zh": f"是否想写 `{close[0]}`？" if close else f"可用的名称：{listed}",
        "suggestion_en": f"did you mean `{close[0]}`?" if close else f"the names are: {listed_en}",
    }, file=str(path), key_path=key)])


# ---------------------------------------------------------------- running cases

def run_cases(cases: list[Case], policies: PolicySet, lang: str = "zh") -> list[Outcome]:
    """Evaluate every case under each version it names. An evaluation that ends in an error
    (facts the policy refuses, a period that straddles two versions) is that case's outcome,
    never the end of the run: every other case is still run and reported."""
    outcomes: list[Outcome] = []
    for case in cases:
        for version in case.versions:
            policy: Policy | None = None
            why = ""
            try:
                policy, why = policies.select(case.facts, version=version, file=str(case.path), lang=lang)
                result = policy.evaluate(case.facts, file=str(case.path))
                env = policy.values(case.facts)
            except SwrulesError as exc:
                errors = tuple(exc.diagnostics)
                outcomes.append(Outcome(case, policy, why, None, [], _error_mismatch(case.expect, errors), errors))
                continue
            outcomes.append(Outcome(case, policy, why, result, env, compare(case.expect, result)))
    return outcomes


def _error_mismatch(expect: Expect, errors: tuple[Diagnostic, ...]) -> list[Mismatch]:
    codes = frozenset(d.code for d in errors if d.is_error)
    if expect.error is not None and expect.error in codes:
        return []
    return [Mismatch("error", expect.error, codes, ())]


def _close(expected: Any, actual: Any, tolerance: Decimal) -> bool:
    """Alike within the tolerance: numbers (`"85%"` is 0.85), text, yes/no, and lists of them
    (an indicator's value, one per record; a single expected value matches a single record)."""
    if isinstance(actual, tuple) and not (actual and isinstance(actual[0], dict)):
        wanted = expected if isinstance(expected, list) else [expected]
        return len(wanted) == len(actual) and all(_close(e, a, tolerance) for e, a in zip(wanted, actual, strict=True))
    want = number(expected) if not isinstance(expected, bool) else None
    if want is not None and isinstance(actual, Decimal):
        return abs(actual - want) <= tolerance
    return bool(expected == actual)


def compare(expect: Expect, result: Result) -> list[Mismatch]:
    out: list[Mismatch] = []
    if expect.error is not None:
        return [Mismatch("error", expect.error, frozenset(), ())]
    parties = tuple(p.id for p in result.parties)
    if expect.total is not None and not _close(expect.total, result.total, expect.tolerance):
        out.append(Mismatch("total", expect.total, result.total, ("total", *parties)))
    hit = frozenset(v.id for v in result.vetoes if v.status == "hit")
    raised = frozenset(f.id for f in result.findings if f.status == "raised")
    if expect.grade is not None and expect.grade != result.grade:
        out.append(Mismatch("grade", expect.grade, result.grade, ("total", "grade", *sorted(hit))))
    if expect.provisional is not None and expect.provisional != result.provisional:
        undetermined = tuple(v.id for v in result.vetoes if v.status == "undetermined")
        out.append(Mismatch("provisional", expect.provisional, result.provisional, undetermined))
    if expect.vetoes is not None and expect.vetoes != hit:
        out.append(Mismatch("vetoes", expect.vetoes, hit, tuple(sorted(expect.vetoes ^ hit))))
    if expect.findings is not None and expect.findings != raised:
        out.append(Mismatch("findings", expect.findings, raised, tuple(sorted(expect.findings ^ raised))))
    by_id = {r.id: r for r in result.rules}
    for name, want in expect.values.items():
        rule = by_id.get(name)
        actual = rule.value if rule is not None else None
        if rule is None or not _close(want, actual, expect.tolerance):
            out.append(Mismatch(name, want, actual, (name,)))
    return out
