"""JUnit XML (CI test reports): one test suite per file, one test case per finding — failing when the finding is at or
above --fail-on (as the exit code says), else passing with the finding as its output. Control characters in values are
escaped (reporters.safe): XML 1.0 cannot hold most of them, and a CI log shows them raw."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ..levels import LEVEL_RANK
from . import file_error, message, safe, where


def report(result, out, lang: str = "zh", fail_on: str = "error", **_):
    root = ET.Element("testsuites", name="stdcheck")
    by_file: dict[str, list] = {}
    for f in result.findings:
        by_file.setdefault(f.location.file, []).append(f)
    total = failures = errors = 0
    paths = [fr.path for fr in result.files] + [p for p in by_file if p not in {fr.path for fr in result.files}]
    status = {fr.path: fr for fr in result.files}
    for path in paths:
        fr = status.get(path)
        found = by_file.get(path, [])
        suite = ET.SubElement(root, "testsuite", name=safe(path))
        if fr is not None and fr.status != "ok":
            case = ET.SubElement(suite, "testcase", name="read", classname=safe(path))
            ET.SubElement(case, "error", message=safe(file_error(fr, lang)), type="unreadable")
            suite.set("tests", "1"), suite.set("failures", "0"), suite.set("errors", "1")
            total, errors = total + 1, errors + 1
            continue
        if not found:
            ET.SubElement(suite, "testcase", name="stdcheck", classname=safe(path))
        failing = 0
        for f in found:
            text = safe(message(f, lang))
            case = ET.SubElement(suite, "testcase", name=f"{f.rule.code} {safe(where(f))}", classname=safe(path))
            m = f.matter
            detail = "\n".join(x for x in (
                f"{f.rule.code} {f.rule.name} [{f.level}] {safe(where(f))}",
                safe(f"{m.code} {m.name}") if m is not None else "", text, str(f.rule.standard)) if x)
            if LEVEL_RANK[f.level] >= LEVEL_RANK[fail_on]:
                ET.SubElement(case, "failure", message=text, type=f.level).text = detail
                failing += 1
            else:                                  # below --fail-on: reported, not a failure
                ET.SubElement(case, "system-out").text = detail
        n = max(len(found), 1)
        suite.set("tests", str(n)), suite.set("failures", str(failing)), suite.set("errors", "0")
        total, failures = total + n, failures + failing
    root.set("tests", str(total)), root.set("failures", str(failures)), root.set("errors", str(errors))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
