"""The workbench stays local: nothing outside the served folder can be read or written
through it, foreign hosts and origins and token-less requests are refused, bodies are
bounded, and the server binds to 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from web_helpers import AUTH, BASE, POLICY

from swrules.web.files import Folder, Refused
from swrules.web.security import MAX_BODY_BYTES

pytest_plugins = ["web_fixtures"]  # the `served` folder and the test `client`


def _analyse(client, policy: str, **headers: str):
    return client.post("/api/analyse", json={"policy": policy, "text": ""}, headers={**AUTH, **headers})


@pytest.mark.parametrize("path", [
    "../secret.swr", "policies/../../secret.swr", "/etc/passwd", "/tmp/x.swr", "policies/guangzhou/\0.swr",
    "policies\\..\\..\\secret.swr", ".hidden/a.swr", "~/a.swr", "C:/a.swr",
])
def test_paths_outside_the_folder_are_refused_everywhere(client, served: Path, path: str) -> None:
    (served.parent / "secret.swr").write_text("secret", encoding="utf-8")
    for response in (
        client.get("/editor", params={"policy": path}),
        client.get("/try", params={"policy": path}),
        client.get("/district", params={"policy": POLICY, "source": path}),
        client.post("/api/try", params={"policy": POLICY}, json={"facts": path}, headers=AUTH),
        client.post("/api/save", json={"policy": path, "text": "x", "digest": ""}, headers=AUTH),
    ):
        assert response.status_code in (400, 403, 404), (path, response.status_code, response.text[:200])
        assert "secret" not in response.text
    assert (served.parent / "secret.swr").read_text(encoding="utf-8") == "secret"


def test_a_link_out_of_the_folder_is_refused(client, served: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.swr"
    outside.write_text("# 外面的文件\n", encoding="utf-8")
    os.symlink(outside, served / "policies" / "link.swr")
    os.symlink(tmp_path, served / "policies" / "dir-link")
    assert client.get("/editor", params={"policy": "policies/link.swr"}).status_code == 403
    assert client.get("/editor", params={"policy": "policies/dir-link/outside.swr"}).status_code == 403
    saved = client.post("/api/save", json={"policy": "policies/link.swr", "text": "x", "digest": "0"}, headers=AUTH)
    assert saved.status_code == 403
    assert outside.read_text(encoding="utf-8") == "# 外面的文件\n"
    assert "policies/link.swr" not in client.get("/").text  # not even listed


PIECES = ["..", ".", "/", "\\", "\0", "a", "c", "~", ":", "b.swr", "%2e", "\u202e", "policies"]


@pytest.fixture(scope="module")
def linked_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with links out of it (`a` to /, `b.swr` to /etc/passwd) and a real subfolder `c`."""
    root = tmp_path_factory.mktemp("root")
    os.symlink("/", root / "a")
    os.symlink("/etc/passwd", root / "b.swr")
    (root / "c").mkdir()
    return root


@settings(max_examples=300, deadline=None)
@given(rel=st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_no_path_resolves_outside_the_folder(linked_root: Path, rel: str) -> None:
    folder = Folder.open(linked_root)
    try:
        real = folder.resolve(rel, must_exist=False)
    except Refused:
        return
    assert real == folder.root or folder.root in real.parents


def test_a_foreign_host_is_refused_against_dns_rebinding(client) -> None:
    page = client.get("/", headers={"host": "evil.example:8765"})
    assert page.status_code == 403
    assert "DNS" in page.text
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_a_post_without_the_token_or_from_another_origin_is_refused(client) -> None:
    assert client.post("/api/analyse", json={"policy": POLICY, "text": ""}).status_code == 403
    assert _analyse(client, POLICY, **{"x-swrules-token": "guess"}).status_code == 403
    assert _analyse(client, POLICY, origin="http://evil.example").status_code == 403
    assert _analyse(client, POLICY, origin=BASE).status_code == 200
    assert _analyse(client, POLICY).status_code == 200


def test_pages_forbid_inline_script_and_framing(client) -> None:
    page = client.get("/try", params={"policy": POLICY})
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert "<script>" not in page.text  # scripts are files: the policy forbids inline ones


def test_an_upload_over_the_limit_is_refused(client) -> None:
    big = b"a = 1\n" * (MAX_BODY_BYTES // 6 + 10)
    response = client.post("/api/try", params={"policy": POLICY}, content=big,
                           headers={**AUTH, "x-file-name": "big.toml"})
    assert response.status_code == 413
    assert "上限" in response.text


def test_an_upload_with_a_lying_length_is_stopped(client) -> None:
    def chunks():
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"#" * 65536

    response = client.post("/api/try", params={"policy": POLICY}, content=chunks(),
                           headers={**AUTH, "x-file-name": "big.toml"})
    assert response.status_code == 413


def test_an_upload_is_never_written_into_the_folder(client, served: Path) -> None:
    before = sorted(p.relative_to(served) for p in served.rglob("*"))
    response = client.post("/api/try", params={"policy": POLICY}, content=b"[station]\nname = 1\n",
                           headers={**AUTH, "x-file-name": "../../../evil.toml"})
    assert response.status_code == 422  # a bad fact file, reported as the CLI would
    assert sorted(p.relative_to(served) for p in served.rglob("*")) == before


def test_serve_binds_loopback_by_default_and_warns_for_another_host(monkeypatch) -> None:
    import swrules.web.server as server
    from swrules.cli.common import cli as cli_main

    seen = []
    monkeypatch.setattr(server, "serve", lambda root, host, port: seen.append((host, port)))
    runner = CliRunner()
    quiet = runner.invoke(cli_main, ["serve", "examples", "--port", "8123"])
    assert quiet.exit_code == 0, quiet.output
    assert seen[-1] == ("127.0.0.1", 8123)
    assert "警告" not in quiet.output
    loud = runner.invoke(cli_main, ["serve", "examples", "--host", "0.0.0.0"])
    assert seen[-1] == ("0.0.0.0", 8000)
    assert "警告" in loud.output


def test_bound_to_the_network_it_answers_to_this_machine_but_not_to_other_names() -> None:
    import socket

    from swrules.web.security import allowed_hosts

    local = allowed_hosts("127.0.0.1", 8000)
    assert local == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    everywhere = allowed_hosts("0.0.0.0", 8000)
    assert f"{socket.gethostname()}:8000" in everywhere and "127.0.0.1:8000" in everywhere
    assert "evil.example:8000" not in everywhere
