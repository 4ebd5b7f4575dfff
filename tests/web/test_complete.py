"""Completion in the workbench's editor, through its endpoint: what the page is offered at
the caret, from the language service and the posted text alone (no file is read)."""

from __future__ import annotations

from pathlib import Path

from web_helpers import AUTH, POLICY, ROOT

pytest_plugins = ["web_fixtures"]  # the `served` folder and the test `client`

TEXT = (ROOT / POLICY).read_text(encoding="utf-8")


def ask(client, text: str, needle: str, into: int, policy: str = POLICY) -> dict:
    start = text.index(needle) + into
    line, col = text.count("\n", 0, start), start - (text.rfind("\n", 0, start) + 1)
    response = client.post("/api/complete", json={"policy": policy, "text": text, "line": line, "col": col},
                           headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


def offered(found: dict) -> dict[str, tuple[str, str | None]]:
    return {c["label"]: (c["kind"], c["detail"]) for c in found["items"]}


def test_after_by_the_two_ways_a_value_differs_with_their_meanings(client) -> None:
    text = TEXT.replace("= 80%\n  clause 洛浦报告 \"二（三）1（1）\"", "= by \n  clause 洛浦报告 \"二（三）1（1）\"", 1)
    found = ask(client, text, "= by \n", len("= by "))
    assert offered(found) == {"phase": ("keyword", "按阶段取值（by phase）"),
                              "date": ("keyword", "按日期取值（by date）")}
    # Nothing typed yet: the word put in goes at the caret.
    start = text.index("= by \n") + len("= by ")
    line, col = text.count("\n", 0, start), start - (text.rfind("\n", 0, start) + 1)
    assert found["replace"] == {"start_line": line, "start_col": col, "end_line": line, "end_col": col}


def test_inside_a_rule_body_names_functions_and_keywords_the_grammar_accepts(client) -> None:
    text = TEXT.replace("when staff.retention_rate < 稳岗率要求", "when staff.retention_rate < ", 1)
    got = offered(ask(client, text, "retention_rate < \n", len("retention_rate < ")))
    assert got["稳岗率要求"] == ("param", "稳岗率须达到的比例")  # each name with its label
    assert got["平均"] == ("function", "各条记录中该字段的平均值 · 平均(记录.字段)")
    assert got["staff"][0] == "fact" and got["是"][0] == "keyword" and got["优秀"][0] == "name"
    assert not {"by", "param", "参数", "veto"} & set(got)  # no declaration can start inside a rule


def test_a_fact_name_by_its_prefix_and_the_word_it_replaces(client) -> None:
    rule = "when staff.retention_rate < 稳岗率要求"
    text = TEXT.replace(rule, rule + " and staff.reten", 1)
    found = ask(client, text, "staff.reten\n", len("staff.reten"))
    assert offered(found) == {"retention_rate": ("fact", "稳岗率")}
    start = text.index("staff.reten\n") + len("staff.")
    line, col = text.count("\n", 0, start), start - (text.rfind("\n", 0, start) + 1)
    assert found["replace"] == {"start_line": line, "start_col": col, "end_line": line, "end_col": col + len("reten")}


def test_an_earlier_mistake_does_not_change_what_is_offered(client) -> None:
    text = TEXT.replace("when staff.retention_rate < 稳岗率要求", "when staff.retention_rate < ", 1)
    broken = text.replace("facts station", "fcts station", 1)
    needle = "retention_rate < \n"
    got, clean = (set(offered(ask(client, t, needle, len(needle) - 1))) for t in (broken, text))
    # The same words, less the facts `station` of the broken declaration, which declares nothing until it parses.
    assert got == clean - {"station"} and "by" not in got


def test_the_endpoint_reads_no_file_and_refuses_a_bad_position(client, served: Path) -> None:
    # The text posted is what is completed, even under the name of a policy that does not exist.
    text = 'param 人员费用比例下限 = 60%\ndefine 示例 = 人员'
    found = ask(client, text, "= 人员", len("= 人员"), policy="policies/nowhere/new.swr")
    assert list(offered(found)) == ["人员费用比例下限"]
    at = {"policy": POLICY, "text": text, "line": 0, "col": -1}
    assert client.post("/api/complete", json=at, headers=AUTH).status_code == 400
    assert client.post("/api/complete", json={**at, "col": 0}).status_code == 403  # no token: refused
