"""stdcheck serve in a real browser: headless Debian chromium driven by Selenium against a running server.
A person's path: upload a faulty sample, read the verdict and findings, filter by level, open a rule page,
download the Excel report and the annotated copy. `.ci/run` installs chromium and chromium-driver."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import ROOT, SAMPLES

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="needs the Debian packages chromium and chromium-driver (.ci/run installs them)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1600"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    data = tmp_path_factory.mktemp("serve-data")
    proc = subprocess.Popen([sys.executable, "-m", "stdcheck", "serve", "--port", str(port), "--data-dir", str(data)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"stdcheck serve did not start: {proc.stdout.read().decode(errors='replace')}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    downloads = tmp_path_factory.mktemp("downloads")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _downloaded(folder: Path, suffix: str, before: set) -> Path:
    for _ in range(200):
        done = [p for p in folder.iterdir() if p.suffix == suffix and p.name not in before]
        if done and not any(p.name.endswith(".crdownload") for p in folder.iterdir()):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} download in {sorted(os.listdir(folder))}")


def test_upload_read_filter_explain_download(server, browser, tmp_path):
    d = browser
    d.get(server + "/")
    assert "上传基本目录、实施清单" in d.find_element(By.CLASS_NAME, "lead").text       # Chinese first
    d.find_element(By.ID, "file").send_keys(str(SAMPLES / "faulty" / "实施清单_有问题.xlsx"))
    assert "实施清单_有问题.xlsx" in d.find_element(By.ID, "chosen").text
    d.find_element(By.ID, "submit").click()
    WebDriverWait(d, 120).until(lambda d: d.find_elements(By.ID, "verdict"))
    assert d.find_element(By.ID, "verdict").text == "不通过"
    result_url = d.current_url.split("?")[0]
    d.save_screenshot(str(tmp_path / "result.png"))
    rows = d.find_elements(By.CSS_SELECTOR, "#findings-table tbody tr")
    levels = {r.get_attribute("class") for r in rows}
    assert len(rows) > 3 and {"error", "warning"} <= levels
    assert any("实施编码" in r.text for r in rows)

    Select(d.find_element(By.NAME, "level")).select_by_value("warning")
    d.find_element(By.ID, "apply").click()
    WebDriverWait(d, 20).until(lambda d: "level=warning" in d.current_url)
    filtered = d.find_elements(By.CSS_SELECTOR, "#findings-table tbody tr")
    assert filtered and {r.get_attribute("class") for r in filtered} == {"warning"} and len(filtered) < len(rows)

    link = d.find_element(By.CSS_SELECTOR, "#findings-table tbody tr a")
    code = link.text
    link.click()
    WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "rule-title"))
    assert d.find_element(By.ID, "rule-title").text.startswith(code)
    assert "检查内容" in d.page_source and "反例" in d.page_source

    d.get(result_url)
    before = set(os.listdir(d.downloads))
    d.find_element(By.ID, "dl-xlsx").click()
    report = _downloaded(d.downloads, ".xlsx", before)
    assert "问题清单" in load_workbook(report).sheetnames
    before = set(os.listdir(d.downloads))
    d.find_element(By.CLASS_NAME, "dl-annotated").click()
    annotated = _downloaded(d.downloads, ".xlsx", before)
    assert annotated.name == "实施清单_有问题-标注.xlsx"
    ws = load_workbook(annotated)["实施清单"]
    assert any(c.comment is not None for row in ws.iter_rows() for c in row)


def test_english_page_and_several_files(server, browser):
    d = browser
    d.get(server + "/?lang=en")
    d.find_element(By.ID, "file").send_keys("\n".join(str(p) for p in sorted((SAMPLES / "四级四同").glob("*.xlsx"))))
    d.find_element(By.ID, "submit").click()
    WebDriverWait(d, 120).until(lambda d: d.find_elements(By.ID, "verdict"))
    assert d.find_element(By.ID, "verdict").text == "FAIL"
    assert d.find_elements(By.ID, "matrix") and "Four-level matrix" in d.page_source
    assert len(d.find_elements(By.CSS_SELECTOR, "#files tbody tr")) == 4
