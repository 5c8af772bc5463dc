"""The HTML pages: check (upload), result (verdict, counts, chart, findings table, matrix, downloads),
rule explanations. Every value is escaped by Jinja2's autoescape; nothing loads from outside the server."""
from __future__ import annotations

from math import ceil
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from ..reporters.matrix import MARK
from ..rules import CONFIDENCE, FAMILIES
from . import findings_db, store as store_mod
from .service import Refused, Service, lang_of, profiles, rule_list
from .words import WORDS

ENV = Environment(loader=PackageLoader("stdcheck.web", "templates"), autoescape=True, trim_blocks=True,
                  lstrip_blocks=True)


def page(request: Request, name: str, lang: str, status: int = 200, **context) -> HTMLResponse:
    html = ENV.get_template(name).render(t=WORDS[lang], lang=lang, root=request.scope.get("root_path", ""),
                                         **context)
    return HTMLResponse(html, status_code=status)


def message_page(request: Request, lang: str, text: str, status: int) -> HTMLResponse:
    return page(request, "message.html", lang, status, text=text)


def _service(request: Request) -> Service:
    return request.app.state.service


async def index(request: Request) -> Response:
    svc = _service(request)
    lang = lang_of(request.query_params.get("lang"))
    s = svc.settings
    return page(request, "index.html", lang, profiles=profiles(), default_profile=svc.default_profile,
                limits={"files": s.max_files, "mb": s.max_upload_mb, "hours": f"{s.retention_hours:g}"})


async def submit(request: Request) -> Response:
    svc = _service(request)
    try:
        rid, spec = await svc.accept(request)
    except Refused as r:
        lang = lang_of(request.query_params.get("lang"))
        return message_page(request, lang, r.text(lang), r.status)
    svc.background(rid, spec)
    return RedirectResponse(f"{request.scope.get('root_path', '')}/r/{rid}", status_code=303)


def _found(request: Request):
    svc = _service(request)
    rid = request.path_params["rid"]
    folder = svc.store.folder(rid)
    if folder is None:
        lang = lang_of(request.query_params.get("lang"))
        return None, None, None, message_page(request, lang, WORDS[lang]["not_found"], 404)
    return svc, rid, folder, None


async def status(request: Request) -> Response:
    svc, rid, folder, missing = _found(request)
    if missing:
        return JSONResponse({"state": "gone"}, status_code=404)
    return JSONResponse(svc.progress(rid, folder))


async def result(request: Request) -> Response:
    svc, rid, folder, missing = _found(request)
    if missing:
        return missing
    meta = store_mod.read_json(folder / "meta.json") or {}
    lang = lang_of(request.query_params.get("lang") or meta.get("lang"))
    hours = f"{svc.settings.retention_hours:g}"
    if meta.get("state") in ("queued", "running"):
        return page(request, "pending.html", lang, rid=rid, meta=meta, progress=svc.progress(rid, folder))
    summary = store_mod.read_json(folder / "summary.json")
    if meta.get("state") != "done" or summary is None:
        return page(request, "failed.html", lang, rid=rid, meta=meta, reason=svc.reason(meta, lang))
    qp = request.query_params
    filters = {k: qp.get(k, "") for k in findings_db.FILTERS}
    q, sort = qp.get("q", "").strip()[:200], qp.get("sort", "place")
    sort = sort if sort in findings_db.SORTS else "place"
    try:
        page_no = max(1, int(qp.get("page", "1")))
    except ValueError:
        page_no = 1
    rows, total = findings_db.query(folder / "findings.sqlite", filters, q, sort, page_no)
    pages = max(1, ceil(total / findings_db.PAGE))
    keep = {k: v for k, v in {**filters, "q": q, "sort": sort if sort != "place" else "", "lang": qp.get("lang", "")}.items() if v}

    def link(**change) -> str:
        return "?" + urlencode({k: v for k, v in {**keep, **change}.items() if v}) + "#findings"
    return page(request, "result.html", lang, rid=rid, s=summary, rows=rows, total=total, page=page_no, pages=pages,
                filters=filters, q=q, sort=sort, link=link, hours=hours, marks=MARK)


async def download(request: Request) -> Response:
    svc, rid, folder, missing = _found(request)
    if missing:
        return missing
    summary = store_mod.read_json(folder / "summary.json") or {}
    lang = lang_of(summary.get("lang"))
    w = WORDS[lang]
    what, n = request.path_params["what"], request.path_params.get("n")
    reports = {"xlsx": "out/report.xlsx", "json": "out/report.json", "sarif": "out/report.sarif"}
    if what in reports:
        relative, name = reports[what], f"{w['report_name']}.{what}"
    else:
        listed = {"annotated": summary.get("annotated", []), "fixed": summary.get("fixed", []),
                  "fixlog": summary.get("fixed", [])}.get(what, [])
        entry = next((e for e in listed if str(e.get("index")) == n and e.get("path")), None)
        if entry is None:
            return message_page(request, lang, w["not_found"], 404)
        if what == "fixlog":
            relative, name = entry["log"], store_mod.download_name(entry["name"], w["log_tag"], ".csv")
        else:
            relative, name = entry["path"], store_mod.download_name(entry["name"], w[f"{what}_tag"])
    path = svc.store.file(rid, relative)
    if path is None and what == "annotated":        # made when first asked for (slow on large workbooks)
        status = await svc.annotate(rid, folder)
        if status.get("state") != "done":
            return message_page(request, lang, svc.reason(status, lang), 500)
        path = svc.store.file(rid, relative)
    if path is None:
        return message_page(request, lang, w["not_found"], 404)
    return FileResponse(path, filename=name, content_disposition_type="attachment")


async def delete(request: Request) -> Response:
    svc, rid, folder, missing = _found(request)
    if missing:
        return missing
    lang = lang_of((store_mod.read_json(folder / "meta.json") or {}).get("lang"))
    svc.store.delete(rid)
    return message_page(request, lang, WORDS[lang]["deleted"], 200)


def _rule_words(lang: str) -> dict:
    """A rule's family and the confidence of its standard, in the page's language (the rule pages show both)."""
    en = lang == "en"
    return {"family_title": lambda code: FAMILIES.get(code, (code, code, code))[2 if en else 1],
            "confidence_title": lambda key: CONFIDENCE[key][1 if en else 0]}


async def rules(request: Request) -> Response:
    svc = _service(request)
    lang = lang_of(request.query_params.get("lang"))
    return page(request, "rules.html", lang, rules=rule_list(lang, svc.default_profile), **_rule_words(lang))


async def rule(request: Request) -> Response:
    svc = _service(request)
    lang = lang_of(request.query_params.get("lang"))
    code = request.path_params["code"].upper()
    found = next((r for r in rule_list(lang, svc.default_profile) if r["code"] == code), None)
    if found is None:
        return message_page(request, lang, WORDS[lang]["not_found"], 404)
    from ..docs import SECTIONS
    return page(request, "rule.html", lang, r=found, sections=SECTIONS[lang], **_rule_words(lang))


def static_dir() -> str:
    return str(Path(__file__).parent / "static")
