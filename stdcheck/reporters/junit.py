"""JUnit XML (CI test reports): one test suite per file, one failing test case per finding. Control characters
in values are escaped (reporters.safe): XML 1.0 cannot hold most of them, and a CI log shows them raw."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from . import file_error, message, safe, where


def report(result, out, lang: str = "zh", **_):
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
        for f in found:
            text = safe(message(f, lang))
            case = ET.SubElement(suite, "testcase", name=f"{f.rule.code} {safe(where(f))}", classname=safe(path))
            fail = ET.SubElement(case, "failure", message=text, type=f.level)
            m = f.matter
            fail.text = "\n".join(x for x in (
                f"{f.rule.code} {f.rule.name} [{f.level}] {safe(where(f))}",
                safe(f"{m.code} {m.name}") if m is not None else "", text, str(f.rule.standard)) if x)
        n = max(len(found), 1)
        suite.set("tests", str(n)), suite.set("failures", str(len(found))), suite.set("errors", "0")
        total, failures = total + n, failures + len(found)
    root.set("tests", str(total)), root.set("failures", str(failures)), root.set("errors", str(errors))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
