"""`swrules lsp` over stdio with a real JSON-RPC client (pytest-lsp): what VS Code sees."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "policies"
GUANGZHOU = POLICIES / "guangzhou" / "station-evaluation.swr"
OVERLAY = POLICIES / "examples" / "district-overlay" / "station-evaluation.swr"

pytestmark = pytest.mark.asyncio


SERVER = [sys.executable, "-c", "from swrules.cli import main; main()", "lsp"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=dict(os.environ)))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=from_fs_path(str(POLICIES))))
    yield
    await lsp_client.shutdown_session()


def where(text: str, needle: str, into: int = 0) -> lsp.Position:
    start = text.index(needle)
    return lsp.Position(line=text.count("\n", 0, start), character=start + into - (text.rfind("\n", 0, start) + 1))


async def open_policy(client: LanguageClient, path: Path, text: str) -> str:
    uri = from_fs_path(str(path))
    assert uri is not None
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=uri, language_id="swrules", version=1, text=text)))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def test_a_broken_policy_gets_diagnostics_with_codes_and_did_you_mean(client: LanguageClient) -> None:
    text = GUANGZHOU.read_text(encoding="utf-8").replace("scores.purchaser", "scores.purchasr", 1)
    uri = await open_policy(client, GUANGZHOU, text)
    [d] = client.diagnostics[uri]
    assert d.code == "E0204" and d.severity == lsp.DiagnosticSeverity.Error and d.source == "swrules"
    assert "是否想写购买方（街道办事处）评分 `purchaser`" in d.message  # the field with its label, as `check` says
    assert d.range.start == where(text, "scores.purchasr")


async def test_a_change_is_checked_again(client: LanguageClient) -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    uri = await open_policy(client, GUANGZHOU, text)
    assert list(client.diagnostics[uri]) == []
    broken = text.replace("facts station", "fcts station", 1)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=broken)]))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    errors = [d.code for d in client.diagnostics[uri] if d.severity == lsp.DiagnosticSeverity.Error]
    assert errors == ["E0105"]
    # `fcts` begins a declaration after the complete phases block: no note sends the officer there.
    assert [d.severity for d in client.diagnostics[uri]] == [lsp.DiagnosticSeverity.Error]


async def test_hover_shows_label_and_clause(client: LanguageClient) -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    uri = await open_policy(client, GUANGZHOU, text)
    found = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=where(text, ">= 社工缺口不合格人次", into=4)))
    assert found is not None and isinstance(found.contents, lsp.MarkupContent)
    assert "社工人员配备累计缺少达到即为不合格的人次" in found.contents.value
    assert "一（五）评估结果说明 第（二）项" in found.contents.value


async def test_definition_goes_into_the_base_of_an_overlay(client: LanguageClient) -> None:
    text = OVERLAY.read_text(encoding="utf-8")
    uri = await open_policy(client, OVERLAY, text)
    assert list(client.diagnostics[uri]) == []
    found = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=where(text, "scores.purchaser", into=9)))
    assert isinstance(found, lsp.Location)
    assert found.uri == from_fs_path(str(GUANGZHOU))
    line = GUANGZHOU.read_text(encoding="utf-8").splitlines()[found.range.start.line]
    assert line[found.range.start.character:found.range.end.character] == "purchaser"


async def test_completion_after_a_dot(client: LanguageClient) -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    uri = await open_policy(client, GUANGZHOU, text)
    found = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=where(text, "scores.purchaser", into=7)))
    assert isinstance(found, lsp.CompletionList)
    assert "purchaser" in {item.label for item in found.items}


async def test_formatting_gives_the_fmt_text(client: LanguageClient) -> None:
    text = 'policy "示例" {version "1"}\n'
    uri = await open_policy(client, ROOT / "示例.swr", text)
    edits = await client.text_document_formatting_async(lsp.DocumentFormattingParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        options=lsp.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert edits is not None
    [edit] = edits
    assert edit.new_text == 'policy "示例" {\n  version "1"\n}\n'
    assert edit.range.start == lsp.Position(line=0, character=0)


async def complete(client: LanguageClient, uri: str, text: str, needle: str,
                   into: int) -> dict[str, lsp.CompletionItem]:
    found = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=where(text, needle, into=into)))
    assert isinstance(found, lsp.CompletionList)
    return {item.label: item for item in found.items}


async def test_completion_after_by_offers_phase_and_date_with_their_meanings(client: LanguageClient) -> None:
    # A policy officer types `by ` after a parameter's `=`: both ways a value may differ.
    text = GUANGZHOU.read_text(encoding="utf-8").replace("= 80%\n  clause 洛浦报告 \"二（三）1（1）\"",
                                                         "= by \n  clause 洛浦报告 \"二（三）1（1）\"", 1)
    uri = await open_policy(client, GUANGZHOU, text)
    got = await complete(client, uri, text, "= by \n", 5)
    assert {label: item.detail for label, item in got.items()} == {
        "phase": "按阶段取值（by phase）", "date": "按日期取值（by date）"}
    # Before `by` is typed, both phrases are offered, each with its Chinese spelling.
    got = await complete(client, uri, text, "= by \n", 2)
    assert {"by phase", "by date", "按阶段", "按日期"} <= set(got)
    assert got["按日期"].detail == "按日期取值（by date）"


async def test_completion_after_an_earlier_mistake_offers_what_the_grammar_accepts(client: LanguageClient) -> None:
    # `fcts` for `facts` near the top; the officer goes on writing a rule further down.
    text = GUANGZHOU.read_text(encoding="utf-8").replace("facts station", "fcts station", 1).replace(
        "when staff.retention_rate < 稳岗率要求", "when staff.retention_rate < 稳", 1)
    uri = await open_policy(client, GUANGZHOU, text)
    assert [d.code for d in client.diagnostics[uri]] == ["E0105"]  # unknown keyword `fcts`
    got = await complete(client, uri, text, "retention_rate < 稳\n", len("retention_rate < 稳"))
    assert set(got) == {"稳岗率要求", "稳岗率未达标"}
    assert got["稳岗率要求"].kind == lsp.CompletionItemKind.Constant
    got = await complete(client, uri, text, "retention_rate < 稳\n", len("retention_rate < "))
    assert {"mean", "平均", "total", "稳岗率要求"} <= set(got) and not {"by", "param", "参数"} & set(got)


async def test_completion_right_after_a_change_reads_the_text_as_it_is_now(client: LanguageClient) -> None:
    # In an overlay: a parameter just declared, before the change is analysed, and the base's names.
    text = OVERLAY.read_text(encoding="utf-8")
    uri = await open_policy(client, OVERLAY, text)
    now = text + "\nparam 新加的参数 = 1\ndefine 示例 = 新\n"
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=now)]))
    assert set(await complete(client, uri, now, "= 新\n", len("= 新"))) == {"新加的参数"}
    got = await complete(client, uri, now, "= 新\n", 2)
    assert {"新加的参数", "社工缺口不合格人次", "scores"} <= set(got)  # this file's and the base's
    assert got["社工缺口不合格人次"].detail == "社工人员配备累计缺少达到即为不合格的人次"


async def test_completion_offers_the_functions_under_both_their_names(client: LanguageClient) -> None:
    text = GUANGZHOU.read_text(encoding="utf-8").replace("when staff.retention_rate < 稳岗率要求",
                                                         "when staff.retention_rate < ", 1)
    uri = await open_policy(client, GUANGZHOU, text)
    got = await complete(client, uri, text, "retention_rate < \n", len("retention_rate < "))
    assert got["mean"].detail == "各条记录中该字段的平均值 · mean(记录.字段)"
    assert got["平均"].detail == "各条记录中该字段的平均值 · 平均(记录.字段)"
    assert got["四舍五入"].detail == "四舍五入 · 四舍五入(值, 位数)"
    assert got["mean"].kind == got["平均"].kind == lsp.CompletionItemKind.Function
    assert got["grade"].detail == got["评定等级"].detail and got["grade"].detail.startswith("站点评得的等级")


# `phase` bare, as a rule reads it: the Guangzhou policy reads it only through its parameters.
READS_PHASE = ("when compliance.rectification_failed", "when compliance.rectification_failed and phase = final")


@pytest.mark.parametrize(("change", "needle", "into", "said"), [
    (None, "<= total", 3,
     ["**总分** `total`", "语言内置的名称 · 评分表的总分：各方得分之和", "也写作：`总分`", "标准分：100"]),
    (None, "with grade", 5,
     ["**评定等级** `grade`", "站点评得的等级：总分所在的等级区间", "等级：优秀、良好、合格、不合格"]),
    (READS_PHASE, "and phase = final", 4,
     ["**评估阶段** `phase`", "站点本次评估所处的阶段", "评估阶段：中期评估 `midterm`、末期评估 `final`",
      "取自事实：`station.phase`"]),
])
async def test_hover_on_total_grade_and_phase_says_what_they_are(
        client: LanguageClient, change: tuple[str, str] | None, needle: str, into: int, said: list[str]) -> None:
    text = GUANGZHOU.read_text(encoding="utf-8")
    if change is not None:
        text = text.replace(*change, 1)
    uri = await open_policy(client, GUANGZHOU, text)
    assert list(client.diagnostics[uri]) == []
    found = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=where(text, needle, into=into + 1)))
    assert found is not None and isinstance(found.contents, lsp.MarkupContent)
    for words in said:
        assert words in found.contents.value
    assert found.range is not None and found.range.start == where(text, needle, into=into)
