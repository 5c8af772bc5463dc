"""stdcheck serve: the JSON API and the pages through Starlette's TestClient, on the samples and real files.
Each check runs in a real worker process, as in production."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from stdcheck.resources import load_schema

from .conftest import ROOT, SAMPLES, loaded_by, run_cli, run_json, write_book

pytest.importorskip("httpx")
with warnings.catch_warnings():      # Starlette >= 1.9 prefers httpx2 for its TestClient; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from stdcheck.web.app import create_app  # noqa: E402
from stdcheck.web.service import Settings  # noqa: E402

FAULTY = SAMPLES / "faulty"


def client_for(tmp_path, **settings) -> TestClient:
    return TestClient(create_app(Settings(data_dir=str(tmp_path / "data"), **settings)))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with client_for(tmp_path_factory.mktemp("serve")) as c:
        yield c


def upload(*paths: Path, names: list[str] | None = None):
    return [("file", (name, p.read_bytes())) for p, name in zip(paths, names or [p.name for p in paths])]


def local(url: str) -> str:
    return url.removeprefix("http://testserver")


def api_check(client, *paths, **data):
    r = client.post("/api/check", files=upload(*paths), data=data)
    assert r.status_code == 200, r.text
    return r.json()


def test_api_answers_the_check_json_document_plus_report_urls(client):
    books = [FAULTY / "基本目录_有问题.xlsx", FAULTY / "实施清单_有问题.xlsx"]
    doc = api_check(client, *books)
    p, cli_doc = run_json("check", *[b.name for b in books], cwd=FAULTY)
    assert p.returncode == 1
    report = doc.pop("report")
    jsonschema.validate(doc, load_schema("output.schema.json"))
    assert doc == cli_doc                      # same engine, same document: version, keys, findings, files
    assert doc["version"] == 1 and doc["summary"]["error"] > 0
    assert set(report) >= {"html", "xlsx", "annotated"} and len(report["annotated"]) == 2
    assert all(re.fullmatch(r"http://testserver/r/[A-Za-z0-9_-]{32}.*", u) for u in [report["html"], *report["annotated"]])


@pytest.mark.parametrize("name, profile", [("guangdong_zhongshan_2021.xlsx", "national"),
                                           ("sichuan_ziyang_scjgj.csv", "51-sichuan")])
def test_api_on_real_catalogues_equals_check(client, shared_data, name, profile):
    real = shared_data / "real"
    doc = api_check(client, real / name, profile=profile)
    p, cli_doc = run_json("check", name, "--profile", profile, cwd=real)
    doc.pop("report")
    assert doc == cli_doc and doc["summary"]["matters"] > 30 and doc["findings"]


def test_column_mapping_on_the_page_equals_check_column(client, shared_data):
    """The page's 列对应 field is `check --column`: the 资阳 list's `title` read as 事项名称."""
    real = shared_data / "real"
    doc = api_check(client, real / "sichuan_ziyang_scjgj.csv", columns="title=事项名称\n")
    p, cli_doc = run_json("check", "sichuan_ziyang_scjgj.csv", "--column", "title=事项名称", cwd=real)
    doc.pop("report")
    assert doc == cli_doc and "EL014" in {f["rule"] for f in doc["findings"]}
    assert not [f for f in doc["findings"] if f["rule"] == "EL002" and f["field"]["id"] == "name"]
    r = client.post("/api/check", files=upload(real / "sichuan_ziyang_scjgj.csv"), data={"columns": "title=事项明称"})
    assert r.status_code == 400 and "事项明称" in r.json()["error"] and "事项名称" in r.json()["error"]
    assert 'name="columns"' in client.get("/").text


def test_downloads_report_annotated_copy_json_sarif_and_fix(client):
    doc = api_check(client, FAULTY / "实施清单_有问题.xlsx")
    report = doc["report"]
    x = client.get(local(report["xlsx"]))
    assert x.status_code == 200 and "attachment" in x.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(x.content))
    assert wb["问题清单"].max_row == len(doc["findings"]) + 1
    a = client.get(local(report["annotated"][0]))
    assert "%E6%A0%87%E6%B3%A8" in a.headers["content-disposition"]            # 实施清单_有问题-标注.xlsx
    ws = load_workbook(io.BytesIO(a.content))["实施清单"]
    cell = next(f["location"]["cell"] for f in doc["findings"] if f["location"]["cell"])
    assert ws[cell].comment is not None and "stdcheck" in ws[cell].comment.author
    assert client.get(local(report["json"])).json()["findings"] == doc["findings"]
    assert client.get(local(report["sarif"])).json()["version"] == "2.1.0"
    fixed = client.get(local(report["fixed"][0]))
    assert fixed.status_code == 200 and load_workbook(io.BytesIO(fixed.content))["实施清单"].max_row > 1


def test_fix_copy_log_and_should_be_column(client, tmp_path):
    bad = tmp_path / "清单.csv"
    bad.write_text("事项名称,基本编码,事项类型,设定依据,行使层级,主管部门\n"
                   "固定资产投资项目节能审查, ０００１０４００２０００ ,行政许可,《节约能源法》,省级,发改委\n", encoding="utf-8")
    doc = api_check(client, bad)
    html = client.get(local(doc["report"]["html"])).text
    assert '<td class="fix">000104002000</td>' in html          # 应改为: the value the safe fix writes
    rid = doc["report"]["html"].rsplit("/", 1)[1]
    log = client.get(f"/r/{rid}/download/fixlog/1")
    assert log.status_code == 200 and "000104002000" in log.content.decode("utf-8-sig")
    assert client.get(f"/r/{rid}/download/fixed/1").content.decode("utf-8").count("000104002000") == 1


def test_real_csv_through_the_page_filter_sort_search_paginate(client, shared_data):
    real = shared_data / "real" / "sichuan_guangan_items.csv"
    r = client.post("/check", files=upload(real), data={"profile": "51-sichuan"}, follow_redirects=False)
    assert r.status_code == 303
    url = r.headers["location"]
    for _ in range(600):
        page = client.get(url)
        if 'id="verdict"' in page.text:
            break
        assert "id=\"progress\"" in page.text
        time.sleep(0.2)
    assert "不通过" in page.text and "sichuan_guangan_items.csv" in page.text
    total = int(re.search(r"共 (\d+) 条", page.text).group(1))
    assert total > 100 and "第 1/" in page.text
    rule = re.search(r'<option value="(\w+)">\1 ', page.text).group(1)
    filtered = client.get(url, params={"rule": rule, "sort": "level"}).text
    assert set(re.findall(r'<a href="/rules/(\w+)\?lang=zh">\1</a></td>\s*<td class="msg">', filtered)) == {rule}
    n = int(re.search(r"共 (\d+) 条", filtered).group(1))
    assert 0 < n < total
    second = client.get(url, params={"page": 2}).text
    assert "第 2/" in second
    assert "共 0 条" in client.get(url, params={"q": "没有这样的内容zzz"}).text
    status = client.get(url + "/status").json()
    assert status["state"] == "done" and status["total"] == 1


def test_values_are_text_on_the_page_and_in_every_download(client, tmp_path):
    formula = '=HYPERLINK("http://x","y")'
    evil = write_book(tmp_path / "evil.xlsx", ["事项名称", "基本编码", "事项类型", "设定依据", "行使层级", "主管部门"],
                      [["<script>alert(1)</script>", formula, "行政许可", "《节约能源法》", "省级", "<b>发改委</b>"]], "基本目录")
    doc = api_check(client, evil)
    assert any(f["value"] == formula and f["location"]["cell"] == "B2" for f in doc["findings"])
    page = client.get(local(doc["report"]["html"]))
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<b>发改委" not in page.text and "&lt;b&gt;发改委" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    report = load_workbook(io.BytesIO(client.get(local(doc["report"]["xlsx"])).content))
    cells = [c for row in report["问题清单"].iter_rows() for c in row if c.value == formula]
    assert cells and all(c.data_type == "s" for c in cells)
    for url in (doc["report"]["annotated"][0], doc["report"]["fixed"][0]):
        cell = load_workbook(io.BytesIO(client.get(local(url)).content))["基本目录"]["B2"]
        assert cell.value == formula and cell.data_type == "s"


def test_uploaded_names_never_become_paths(client, tmp_path):
    data = (FAULTY / "实施清单_有问题.yaml").read_bytes()
    r = client.post("/api/check", files=[("file", ("../../../etc/实施清单.yaml", data)),
                                         ("file", ("..\\实施清单.yaml", data))])
    doc = r.json()
    assert [f["path"] for f in doc["files"]] == ["实施清单.yaml", "实施清单 (2).yaml"]
    root = Path(client.app.state.service.store.root)
    stored = sorted(p.name for p in root.glob("*/in/*"))
    assert "f1.yaml" in stored and not any("实施清单" in n for n in stored)
    assert not Path("/etc/实施清单.yaml").exists()


@pytest.mark.parametrize("files, data, status, text", [
    ([], {}, 400, "请选择至少一个文件"),
    ([("file", ("a.txt", b"x"))], {}, 400, "不支持的文件类型"),
    ([("file", ("a.csv", b"x"))], {"profile": "/etc/passwd"}, 400, "没有这个规则配置"),
    ([("file", (f"{i}.csv", b"x")) for i in range(4)], {}, 413, "一次最多上传 3 个文件"),
    ([("file", ("big.csv", b"x" * (2 * 1024 * 1024)))], {}, 413, "上传内容超过上限（1 MB）"),
])
def test_refused_uploads(tmp_path, files, data, status, text):
    with client_for(tmp_path, max_files=3, max_upload_mb=1) as c:
        r = c.post("/api/check", files=files or {"other": ("", b"")}, data=data)
        assert r.status_code == status and text in r.json()["error"]
        page = c.post("/check", files=files or {"other": ("", b"")}, data=data)
        assert page.status_code == status and text in page.text


def test_results_are_private_and_deleted_on_demand(client):
    doc = api_check(client, FAULTY / "基本目录_有问题.yaml")
    rid = doc["report"]["html"].rsplit("/", 1)[1]
    other = rid[:-1] + ("y" if rid.endswith("x") else "x")           # a well-formed id of no result
    assert client.get(f"/r/{other}").status_code == 404
    assert client.get(f"/r/{rid}/download/annotated/..%2F..%2Fmeta.json").status_code == 404
    assert client.get("/r/..%2F..%2Fetc/download/json").status_code == 404
    r = client.post(f"/r/{rid}/delete")
    assert r.status_code == 200 and "检查结果已删除" in r.text
    assert client.get(f"/r/{rid}").status_code == 404
    assert client.get(local(doc["report"]["json"])).status_code == 404


def test_old_results_are_swept(tmp_path):
    with client_for(tmp_path, retention_hours=0.0002) as c:          # 0.72 s; the sweeper runs every second
        doc = api_check(c, FAULTY / "基本目录_有问题.yaml")
        url = local(doc["report"]["html"])
        for _ in range(50):
            if c.get(url).status_code == 404:
                break
            time.sleep(0.1)
        assert c.get(url).status_code == 404
        assert not any(Path(c.app.state.service.store.root).iterdir())


def test_token_required_when_set(tmp_path):
    with client_for(tmp_path, token="s3cret-token") as c:
        assert c.get("/").status_code == 401 and "访问令牌" in c.get("/").text
        assert c.get("/static/app.css").status_code == 200
        assert c.get("/api/rules", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        r = c.get("/?token=s3cret-token&lang=en", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/?lang=en" and "stdcheck_token" in r.headers["set-cookie"]
        assert c.get("/").status_code == 200                   # the cookie


@pytest.fixture(scope="module")
def slow_file(tmp_path_factory) -> Path:
    """A 60,000-row list: checking it takes several seconds."""
    out = tmp_path_factory.mktemp("slow") / "slow.csv"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--rows", "60000", "-o", str(out)],
                   check=True, cwd=ROOT)
    return out


def test_time_limit_queue_and_the_server_keeps_serving(tmp_path, slow_file):
    with client_for(tmp_path, timeout=4, workers=1) as c:     # the slow file needs ~10 s, the sample < 1 s
        first = c.post("/check", files=upload(slow_file), follow_redirects=False).headers["location"]
        second = c.post("/check", files=upload(FAULTY / "基本目录_有问题.yaml"), follow_redirects=False).headers["location"]
        status = c.get(second + "/status").json()
        assert status["state"] in ("queued", "running") and status["position"] == 1
        assert "排队中：第 1 位" in c.get(second).text
        r = c.post("/api/check", files=upload(slow_file))
        assert r.status_code == 500 and r.json()["error"].startswith("检查超过时间上限（4 秒）")
        page = c.get(first).text
        assert "检查未完成" in page and "Traceback" not in page
        assert 'id="verdict">不通过' in c.get(second).text
        assert api_check(c, FAULTY / "基本目录_有问题.yaml")["summary"]["error"] > 0


def test_memory_limit_ends_the_check_with_a_reason(tmp_path, slow_file):
    with client_for(tmp_path, memory_mb=64) as c:
        r = c.post("/api/check", files=upload(slow_file))
        assert r.status_code == 500 and "内存上限" in r.json()["error"]     # a MemoryError, or native code aborting
        assert c.get("/").status_code == 200


def test_four_level_matrix_on_the_result_page(client):
    folder = SAMPLES / "四级四同"
    doc = api_check(client, *sorted(folder.glob("*.xlsx")))
    html = client.get(local(doc["report"]["html"])).text
    assert 'id="matrix"' in html and "✗" in html and "四级四同矩阵" in html
    root = str(client.app.state.service.store.root)           # the server's folders never show, not even in
    assert root not in json.dumps(doc, ensure_ascii=False) and root not in html       # cross-level messages
    lower = load_workbook(io.BytesIO(client.get(local(doc["report"]["annotated"][-1])).content))
    comments = [c.comment.text for ws in lower for row in ws.iter_rows() for c in row if c.comment]
    assert comments and not any(root in t for t in comments)
    assert any("XL" in t for t in comments)


def test_english(client):
    doc = api_check(client, FAULTY / "基本目录_有问题.yaml", lang="en")
    p, cli_doc = run_json("check", "基本目录_有问题.yaml", "--lang", "en", cwd=FAULTY)
    assert [f["message"] for f in doc["findings"]] == [f["message"] for f in cli_doc["findings"]]
    html = client.get(local(doc["report"]["html"])).text
    assert 'id="verdict">FAIL' in html and "Findings" in html
    downloads = html.split('class="downloads"')[1].split("</section>")[0]
    assert not any(mark in downloads for mark in "：、（），"), downloads   # English punctuation on an English page
    assert "上传基本目录" not in client.get("/?lang=en").text and "Drop files here" in client.get("/?lang=en").text


def test_rule_pages_and_api_rules_come_from_the_declarations(client):
    p = run_cli("rules", "--format", "json")
    assert client.get("/api/rules").json() == json.loads(p.stdout)
    page = client.get("/rules/cd101")
    explained = run_cli("explain", "CD101").stdout
    assert page.status_code == 200
    title = explained.splitlines()[0].split(" — ")[1]
    assert title in page.text and "反例" in page.text and "正例" in page.text
    assert "CD101" in client.get("/rules").text
    assert client.get("/rules/XX999").status_code == 404
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "页面不存在" in missing.text
    assert client.get("/api/nothing?lang=en").json()["error"] == "Page not found."
    assert client.get("/api/rules", params={"profile": "../x.yaml"}).status_code == 400


def test_rule_pages_name_every_catalogue_kind(client):
    """A rule of the 行政许可事项清单 or the 权责清单 names its kind as staff call it, never the internal word."""
    for code, zh, en in (("EL003", "行政许可事项清单", "administrative licensing list"),
                         ("EL004", "权责清单", "list of powers and responsibilities")):
        assert zh in client.get(f"/rules/{code}").text
        page = client.get(f"/rules/{code}?lang=en").text
        assert en in page and ">licensing<" not in page and ">powers<" not in page


def test_index_offers_profiles_languages_and_limits(client):
    html = client.get("/").text
    assert 'name="file"' in html and "multiple" in html and '<option value="51-sichuan">' in html
    assert "每次最多 20 个文件" in html and "/static/app.js" in html and "http" not in html.replace("http-equiv", "")


def test_help_does_not_import_the_web_stack():
    assert loaded_by(["--help"], ["starlette", "jinja2"]) == [False, False]
    assert "--max-upload-mb" in run_cli("serve", "--help").stdout
