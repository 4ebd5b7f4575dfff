"""The workbench's pages and endpoints, through Starlette's test client: what an officer
sees when trying the Luopu station, a district, a policy change, the tests, and the editor."""

from __future__ import annotations

import html
import re
import shutil
import tomllib
from pathlib import Path
from urllib.parse import quote

from web_helpers import AUTH, POLICY, ROOT, USE, declaration_line, use_line

pytest_plugins = ["web_fixtures"]  # the `served` folder and the test `client`

LUOPU = "examples/luopu-midterm-2025.toml"


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_luopu_from_the_folder_shows_its_total_grade_and_the_published_difference(client) -> None:
    response = client.post("/api/try", params={"policy": POLICY}, json={"facts": LUOPU}, headers=AUTH)
    assert response.status_code == 200, response.text
    page = response.text
    assert '<span id="total-figure" class="big">86.39</span>' in page
    assert '<span id="grade" class="big grade-良好">良好</span>' in page
    text = _text(page)
    assert "公布 87.39，计算 86.39，不一致，相差 1.00" in text
    # lost points marked, the row linked to its rule, its fact named
    lost = re.search(r'<tr class="item lost" data-lost="3.35" title="([^"]*)">'
                     r'<td><a class="to-rule" href="#(rule-\d+)">服务成效', page)
    assert lost and "scores.service_outcomes" in lost.group(1)
    assert f'<details class="rule determined" id="{lost.group(2)}">\n<summary>服务成效' in page
    assert page.count('<tr class="veto-') == 8  # each veto with its status and sentence
    assert text.count("逐条规则的说明") == 1 and page.count('<details class="rule') > 10
    assert "/work/" not in page and str(ROOT) not in page  # paths shown within the served folder


def test_an_uploaded_fact_file_is_tried_like_a_file_of_the_folder(client) -> None:
    data = (ROOT / LUOPU).read_bytes()
    response = client.post("/api/try", params={"policy": POLICY}, content=data,
                           headers={**AUTH, "x-file-name": "%E6%B4%9B%E6%B5%A6.toml"})
    assert response.status_code == 200, response.text
    assert "86.39" in response.text and "洛浦.toml" in response.text


def test_a_bad_upload_answers_the_cli_message_naming_the_upload(client) -> None:
    bad = (ROOT / LUOPU).read_text(encoding="utf-8").replace("service_monitoring = 9.42", "service_monitoring = 19.42")
    response = client.post("/api/try", params={"policy": POLICY}, content=bad.encode(),
                           headers={**AUTH, "x-file-name": "luopu.toml"})
    assert response.status_code == 422
    assert "E0804" in response.text and "luopu.toml" in response.text and "scores.service_monitoring" in response.text
    assert "/tmp" not in response.text and "Traceback" not in response.text


def test_an_uploaded_workbook_offers_its_stations_and_one_is_chosen_from_the_list(client) -> None:
    """Several stations where the page tries one: the page lists them to pick from (its own words,
    not the command line's `#站点名称` help); a station named that the workbook has not, likewise."""
    book = (ROOT / "examples/区评估-示例.xlsx").read_bytes()
    headers = {**AUTH, "x-file-name": "book.xlsx"}
    several = client.post("/api/try", params={"policy": POLICY}, content=book, headers=headers)
    assert several.status_code == 200, several.text
    text = _text(several.text)
    assert "工作簿 book.xlsx 有 " in text and "请选择" in text
    assert "E0835" not in text and "#站点名称" not in text and "在文件名后写" not in text
    picks = re.findall(r'data-station="(\d+)">([^<]+)</button>', several.text)
    assert len(picks) > 1 and len({row for row, _ in picks}) == len(picks)
    row, name = picks[1]
    one = client.post("/api/try", params={"policy": POLICY}, content=book, headers={**headers, "x-station": row})
    assert one.status_code == 200, one.text
    assert f"<h2>{name} " in one.text
    by_name = client.post("/api/try", params={"policy": POLICY}, content=book,
                          headers={**headers, "x-station": quote(name)})
    assert f"<h2>{name} " in by_name.text
    unknown = client.post("/api/try", params={"policy": POLICY}, content=book,
                          headers={**headers, "x-station": quote("没有这个站")})
    assert unknown.status_code == 200 and "工作簿 book.xlsx 中没有站点“没有这个站”：请从下面选择" in _text(unknown.text)
    assert re.findall(r'data-station="(\d+)">([^<]+)</button>', unknown.text) == picks


def test_an_uploaded_workbook_with_no_station_says_so_in_the_pages_words(client) -> None:
    from swrules.engine.versions import PolicySet
    from swrules.facts.template_xlsx import template_workbook

    empty = template_workbook(PolicySet.load(ROOT / POLICY).policies[-1].checked)  # the blank template
    answer = client.post("/api/try", params={"policy": POLICY}, content=empty,
                         headers={**AUTH, "x-file-name": "blank.xlsx"})
    assert answer.status_code == 200
    assert _text(answer.text).strip() == "工作簿 blank.xlsx 的站点表中没有站点：请在站点表中每行填写一个站点。"


def test_a_workbook_of_the_folder_offers_its_stations_and_the_district_of_them_all(client) -> None:
    several = client.post("/api/try", params={"policy": POLICY}, json={"facts": "examples/区评估-示例.xlsx"},
                          headers=AUTH)
    assert several.status_code == 200 and "pick-station" in several.text
    link = html.unescape(re.search(r'href="(/district\?[^"]+)"', several.text).group(1))
    district = client.get(link).text  # every station of the workbook at once
    count = len(re.findall(r'class="pick-station"', several.text))
    assert f"有 {count} 个站点" in _text(several.text) and f"共 {count} 个站点" in _text(district)


def test_a_workbook_station_opens_by_its_row(client) -> None:
    page = client.get("/district", params={"policy": POLICY, "source": "examples/区评估-示例.xlsx"}).text
    links = re.findall(r'href="/try\?policy=[^"&]+&amp;facts=([^"]+)"', page)
    assert links and all("%23" in link for link in links)  # book.xlsx#row
    from urllib.parse import unquote
    response = client.post("/api/try", params={"policy": POLICY}, json={"facts": unquote(links[0])}, headers=AUTH)
    assert response.status_code == 200, response.text


def test_the_form_is_generated_from_the_fact_declarations_and_evaluates(client) -> None:
    page = client.get("/try", params={"policy": POLICY}).text
    assert 'name="scores.service_monitoring"' in page and 'max="10"' in page
    assert '<option value="midterm">midterm</option>' in page  # a one-of fact is a drop-down
    assert "社工人员配备累计缺少（人次）" in page  # labels from the policy
    facts = tomllib.loads((ROOT / LUOPU).read_text(encoding="utf-8"))
    form = {f"{t}.{k}": str(v) for t in ("station", "scores", "staff", "survey")
            for k, v in facts.get(t, {}).items() if not isinstance(v, list)}
    response = client.post("/api/try", params={"policy": POLICY}, json={"form": form}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert "洛浦街社工服务站" in response.text and "表单.toml" in response.text
    wrong = client.post("/api/try", params={"policy": POLICY}, json={"form": {**form, "scores.operations": "九"}},
                        headers=AUTH)
    assert wrong.status_code == 422 and "scores.operations" in wrong.text and "九" in wrong.text


def test_the_report_downloads_as_markdown_and_html(client) -> None:
    page = client.post("/api/try", params={"policy": POLICY}, json={"facts": LUOPU}, headers=AUTH).text
    key = re.search(r'data-id="([^"]+)"', page).group(1)
    md = client.get(f"/report/{key}.md")
    assert md.status_code == 200 and "86.39" in md.text and "attachment" in md.headers["content-disposition"]
    page_html = client.get(f"/report/{key}.html")
    assert page_html.status_code == 200 and "86.39" in page_html.text and "良好" in page_html.text
    assert client.get("/report/unknown.md").status_code == 404


def test_the_word_report_downloads_where_this_swrules_writes_one(client) -> None:
    import io
    import zipfile

    from swrules.web.station import word_writer

    page = client.post("/api/try", params={"policy": POLICY}, json={"facts": LUOPU}, headers=AUTH).text
    key = re.search(r'data-id="([^"]+)"', page).group(1)
    word = client.get(f"/report/{key}.docx")
    if word_writer() is None:
        assert word.status_code == 404 and ".docx" not in page
        return
    assert word.status_code == 200 and f"/report/{key}.docx" in page
    body = zipfile.ZipFile(io.BytesIO(word.content)).read("word/document.xml").decode("utf-8")
    assert "86.39" in body and "洛浦街社工服务站" in body


def test_a_tried_station_saved_as_a_test_case_passes_on_the_tests_page(client, served: Path) -> None:
    page = client.post("/api/try", params={"policy": POLICY}, json={"facts": LUOPU}, headers=AUTH).text
    key = re.search(r'data-id="([^"]+)"', page).group(1)
    saved = client.post("/api/save-test", json={"id": key, "name": "洛浦街-中期", "description": ""}, headers=AUTH)
    assert saved.status_code == 200, saved.text
    case = served / "policies/guangzhou/tests/洛浦街-中期.toml"
    written = tomllib.loads(case.read_text(encoding="utf-8"))
    assert str(written["expect"]["total"]) == "86.39" and written["expect"]["grade"] == "良好"
    again = client.post("/api/save-test", json={"id": key, "name": "洛浦街-中期", "description": ""}, headers=AUTH)
    assert again.status_code == 409  # an existing case is never overwritten
    bad = client.post("/api/save-test", json={"id": key, "name": "../x", "description": ""}, headers=AUTH)
    assert bad.status_code == 400
    tests = _text(client.get("/tests", params={"policy": POLICY}).text)
    assert re.search(r"洛浦街-中期\.toml\s*\S*\s*86\.39\s*良好\s*通过", tests), tests[:3000]
    assert "未通过" not in tests.split("覆盖")[0].replace("0 个未通过", "")


def test_the_district_lists_every_station_with_its_veto_and_grade(client) -> None:
    page = client.get("/district", params={"policy": POLICY, "source": "examples/stations"}).text
    rows = re.findall(r'<tr data-grade="([^"]*)" data-veto="(yes|no)"', page)
    assert len(rows) == 28
    assert sum(1 for _, veto in rows if veto == "yes") >= 16
    assert ("优秀", "no") in rows and ("不合格", "yes") in rows
    assert 'data-differs="yes"' in page  # 24-declared-disagrees


def test_the_district_tells_two_stations_of_one_name_apart_by_their_file(client, served: Path) -> None:
    # The midterm and final of one station, or two streets' stations of one name: each row names its file
    # beside the name, as the batch totals do; a station whose name is its own is named alone.
    twice = served / "examples/twice"
    twice.mkdir()
    source = (served / "examples/stations/26-near-excellent.toml").read_bytes()
    (twice / "上半年.toml").write_bytes(source)
    (twice / "下半年.toml").write_bytes(source)
    shutil.copy(served / "examples/stations/27-exactly-sixty.toml", twice / "另一站.toml")
    page = client.get("/district", params={"policy": POLICY, "source": "examples/twice"}).text
    names = [_text(cell).strip() for cell in re.findall(r"<tr data-grade.*?<td>(.*?)</td>", page, re.S)]
    assert sorted(names) == ["示例站点26 （上半年.toml）", "示例站点26 （下半年.toml）", "示例站点27"], names


def test_what_changes_lists_the_change_and_the_stations_it_moves(client, served: Path) -> None:
    text = (served / POLICY).read_text(encoding="utf-8")
    changed = text.replace("优秀   90 <= total", "优秀   85 <= total").replace("良好   80 <= total < 90",
                                                                                    "良好   80 <= total < 85")
    (served / "policies/guangzhou/new.swr").write_text(changed, encoding="utf-8")
    page = client.get("/changes", params={"old": POLICY, "new": "policies/guangzhou/new.swr",
                                          "stations": "examples/stations"}).text
    text = _text(page)
    assert "等级" in text.split("改了什么")[1].split("结果改变的站点")[0]
    moved = re.findall(r"<summary><b>([^<]+)</b>：总分 ([\d.]+) → ([\d.]+)，等级 (\S+) → (\S+?)[，<]", page)
    assert moved and all(old == new for _, old, new, _, _ in moved)
    assert any(before == "良好" and after == "优秀" for *_, before, after in moved)
    assert "修改前" in text and "修改后" in text


def test_the_editor_shows_a_typo_with_did_you_mean_at_its_place(client, served: Path) -> None:
    text = (served / POLICY).read_text(encoding="utf-8")
    line = use_line(text)
    broken = text.replace(USE, USE[:-1], 1)  # staffing_shortfall -> staffing_shortfal
    found = client.post("/api/analyse", json={"policy": POLICY, "text": broken}, headers=AUTH).json()
    typo = [d for d in found["diagnostics"] if d["span"]["start_line"] == line]
    assert typo and typo[0]["severity"] == "error"
    assert "staffing_shortfall" in (typo[0]["help"] or "")
    assert any(t[3] == "keyword" for t in found["tokens"])


def test_save_formats_writes_and_refuses_a_file_changed_on_disk(client, served: Path) -> None:
    page = client.get("/editor", params={"policy": POLICY}).text
    digest = re.search(r'data-digest="([0-9a-f]{64})"', page).group(1)
    original = (served / POLICY).read_text(encoding="utf-8")
    messy = original.replace("  优秀   90 <= total", "  优秀      90<=total")
    saved = client.post("/api/save", json={"policy": POLICY, "text": messy, "digest": digest}, headers=AUTH)
    assert saved.status_code == 200, saved.text
    assert saved.json()["formatted"] is True
    assert (served / POLICY).read_text(encoding="utf-8") == saved.json()["text"]
    assert "优秀      90<=total" not in saved.json()["text"]
    (served / POLICY).write_text(original + "\n# 别人改的\n", encoding="utf-8")
    stale = client.post("/api/save", json={"policy": POLICY, "text": messy, "digest": saved.json()["digest"]},
                        headers=AUTH)
    assert stale.status_code == 409 and "已在磁盘上被修改" in stale.text
    assert (served / POLICY).read_text(encoding="utf-8").endswith("# 别人改的\n")
    assert not [p for p in (served / POLICY).parent.iterdir() if p.name.endswith(".tmp")]


def test_hover_and_go_to_definition_come_from_the_language_service(client, served: Path) -> None:
    text = (served / POLICY).read_text(encoding="utf-8")
    line = use_line(text)
    at = {"policy": POLICY, "text": text, "line": line, "col": text.splitlines()[line].index(USE) + len("compliance.")}
    fact = client.post("/api/hover", json=at, headers=AUTH).json()
    assert "社工人员配备累计缺少（人次）" in fact["markdown"] and "整数" in fact["markdown"]
    where = client.post("/api/definition", json=at, headers=AUTH).json()
    assert where["policy"] == POLICY and where["span"]["start_line"] == declaration_line(text)
    assert client.post("/api/hover", json={**at, "col": -1}, headers=AUTH).status_code == 400


def test_page_words_live_in_base_pagewords_not_in_templates_or_scripts() -> None:
    web = ROOT / "src/swrules/web"
    for path in [*web.glob("templates/*.html"), *web.glob("static/*.js")]:
        han = re.findall(r"[\u4e00-\u9fff]+", path.read_text(encoding="utf-8"))
        assert han == [], (path.name, han)


def test_an_uploaded_workbook_without_a_stations_sheet_is_named_as_uploaded_never_by_the_servers_folder(client) -> None:
    # Messages that name the workbook in their text (not only as the file they point at) name it as the
    # user uploaded it: the server's private temporary folder is no business of the page's.
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "其他"
    book.active["A1"] = "不是站点表"
    data = io.BytesIO()
    book.save(data)
    answer = client.post("/api/try", params={"policy": POLICY}, content=data.getvalue(),
                         headers={**AUTH, "x-file-name": "book.xlsx"})
    assert answer.status_code == 422, answer.text
    text = _text(answer.text)
    assert "E0831" in text and "工作簿 book.xlsx 中没有站点表" in text
    assert "swrules-serve" not in text and "/tmp" not in text
    # The page's help names its own download link; the officer has no terminal for the command.
    assert "本页“下载空白模板”处的“工作簿（.xlsx，一行一个站点）”" in text and "swrules facts template" not in text


def test_a_fact_file_that_is_not_a_table_points_to_the_pages_blank_template_on_the_page_only(client) -> None:
    answer = client.post("/api/try", params={"policy": POLICY}, content=b"[1, 2]",
                         headers={**AUTH, "x-file-name": "list.json"})
    assert answer.status_code == 422, answer.text
    text = _text(answer.text)
    assert "E0809" in text and "参考本页“下载空白模板”处的“事实文件（.toml，一个站点）”。" in text
    assert "swrules facts template" not in text
    # The command line keeps the command: the same words, chosen by where the message is shown.
    from swrules.base.diagnostics import Diagnostic

    assert Diagnostic("E0809").help("zh") == "参考 `swrules facts template` 生成的模板。"
    assert Diagnostic("E0831", {"book": "b.xlsx"}).help("en").endswith(
        "start from the template `swrules facts template POLICY --format xlsx` writes and keep row 2.")


def test_the_try_page_offers_blank_templates_that_open_and_come_back_as_the_policys_facts(client) -> None:
    # An officer with no fact file starts from the page: the workbook opens again with the stations
    # sheet the reader wants, the TOML file parses, and the empty workbook uploaded back asks for stations.
    import io
    from urllib.parse import unquote as unquoted

    from openpyxl import load_workbook

    page = client.get("/try", params={"policy": POLICY}).text
    links = re.findall(r'href="(/template\.(?:xlsx|toml)\?policy=[^"]+)"', page)
    assert len(links) == 2 and "没有事实文件？下载空白模板" in _text(page)
    book = client.get(html.unescape(links[0]))
    assert book.status_code == 200 and book.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "事实模板.xlsx" in unquoted(book.headers["content-disposition"])
    opened = load_workbook(io.BytesIO(book.content))
    assert "站点" in opened.sheetnames[0]
    toml = client.get(html.unescape(links[1]))
    assert toml.status_code == 200 and "[station]" in toml.text
    tomllib.loads(toml.text)
    back = client.post("/api/try", params={"policy": POLICY}, content=book.content,
                       headers={**AUTH, "x-file-name": quote("模板.xlsx")})
    assert "的站点表中没有站点" in _text(back.text)
    assert client.get("/template.exe", params={"policy": POLICY}).status_code == 404
    outside = client.get("/template.xlsx", params={"policy": "../../etc/passwd"})
    assert outside.status_code == 403 and "只能打开所服务目录中的文件" in outside.text  # nothing outside
