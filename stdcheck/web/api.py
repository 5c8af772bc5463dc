"""The JSON API: POST /api/check answers the document of `check --format json` plus report URLs;
GET /api/rules lists the rules as `stdcheck rules --format json` does."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from . import store, worker
from .service import Refused, Service, lang_of, rule_list
from .words import WORDS


def _urls(request: Request, rid: str, summary: dict) -> dict:
    def url(name: str, **params) -> str:
        return str(request.url_for(name, rid=rid, **params))
    return {"html": url("result"), "xlsx": url("download", what="xlsx"),
            "json": url("download", what="json"), "sarif": url("download", what="sarif"),
            "annotated": [url("download_n", what="annotated", n=str(a["index"])) for a in summary.get("annotated", [])],
            "fixed": [url("download_n", what="fixed", n=str(f["index"])) for f in summary.get("fixed", []) if f.get("path")],
            "delete": url("delete")}


async def check(request: Request) -> Response:
    svc: Service = request.app.state.service
    try:
        rid, spec = await svc.accept(request)
    except Refused as r:
        lang = lang_of(request.query_params.get("lang"))
        return JSONResponse({"error": r.text(lang), "status": r.status}, status_code=r.status)
    status = await svc.check(rid, spec)
    lang = spec["lang"]
    if status.get("state") != "done":
        return JSONResponse({"error": svc.reason(status, lang), "id": rid}, status_code=500)
    folder = svc.store.folder(rid)
    doc = worker.report_json(folder)
    doc["report"] = _urls(request, rid, store.read_json(folder / "summary.json") or {})
    return JSONResponse(doc)


async def rules(request: Request) -> Response:
    svc: Service = request.app.state.service
    lang = lang_of(request.query_params.get("lang"))
    profile = request.query_params.get("profile") or svc.default_profile
    if not svc.offers(profile):
        return JSONResponse({"error": WORDS[lang]["bad_profile"].format(name=profile[:80])}, status_code=400)
    return JSONResponse(rule_list(lang, profile))
