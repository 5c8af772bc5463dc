"""The web application of `stdcheck serve`: routes, the security headers, the access token, start and stop."""
from __future__ import annotations

import asyncio
import secrets
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import api, pages
from .service import Service, Settings, lang_of
from .words import WORDS

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
           (b"cache-control", b"no-store")]
COOKIE = "stdcheck_token"


class Guard:
    """Security headers on every response; with a token, every route but /static needs it (header
    `Authorization: Bearer …`, the cookie, or `?token=…` once, which sets the cookie)."""

    def __init__(self, app, token: str | None):
        self.app, self.token = app, token

    def _allowed(self, request: Request) -> bool:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or \
            request.cookies.get(COOKIE) or request.query_params.get("token") or ""
        return secrets.compare_digest(given.encode(), self.token.encode())

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def secured(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)
        request = Request(scope)
        if self.token and not scope["path"].startswith("/static/"):
            if not self._allowed(request):
                lang = lang_of(request.query_params.get("lang"))
                return await PlainTextResponse(WORDS[lang]["unauthorized"], 401)(scope, receive, secured)
            if request.query_params.get("token") and scope["method"] == "GET":   # keep it out of the address bar
                query = "&".join(p for p in scope["query_string"].decode().split("&") if not p.startswith("token="))
                response = RedirectResponse(scope["path"] + (f"?{query}" if query else ""), 303)
                response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
                return await response(scope, receive, secured)
        return await self.app(scope, receive, secured)


async def not_found(request: Request, exc) -> Response:
    """An address no route serves: said in the page's language (JSON under /api/)."""
    lang = lang_of(request.query_params.get("lang"))
    text = WORDS[lang]["page_not_found"]
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": text, "status": 404}, status_code=404)
    return pages.message_page(request, lang, text, 404)


def create_app(settings: Settings | None = None) -> Starlette:
    service = Service(settings or Settings())

    @asynccontextmanager
    async def lifespan(app):
        service.start()
        sweeper = asyncio.get_running_loop().create_task(service.sweep_forever())
        try:
            yield
        finally:
            sweeper.cancel()
            service.stop()

    routes = [
        Route("/", pages.index),
        Route("/check", pages.submit, methods=["POST"]),
        Route("/r/{rid}", pages.result, name="result"),
        Route("/r/{rid}/status", pages.status),
        Route("/r/{rid}/download/{what}", pages.download, name="download"),
        Route("/r/{rid}/download/{what}/{n}", pages.download, name="download_n"),
        Route("/r/{rid}/delete", pages.delete, methods=["POST"], name="delete"),
        Route("/rules", pages.rules),
        Route("/rules/{code}", pages.rule),
        Route("/api/check", api.check, methods=["POST"]),
        Route("/api/rules", api.rules),
        Mount("/static", StaticFiles(directory=pages.static_dir()), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: not_found})
    app.state.service = service
    app.add_middleware(Guard, token=service.settings.token)
    return app
