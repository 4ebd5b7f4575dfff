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
