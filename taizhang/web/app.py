"""The web application: pages in Chinese (English on request) and the JSON API."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from taizhang.kernel.config import Settings
from taizhang.kernel.db import make_engine
from taizhang.kernel.errors import AppError, FieldError, Invalid
from taizhang.schema import upgrade
from taizhang.web.deps import LANGUAGE_COOKIE
from taizhang.web.rendering import make_templates, render

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
Clock = Callable[[], datetime]


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Clock | None = None,
    trusted_user: str | None = None,
) -> FastAPI:
    """Build the app. `trusted_user` acts as that user without logging in (CLI `get` only)."""
    from taizhang.web.appeals import compounds, evaluations, open311
    from taizhang.web.appeals import detail as appeals
    from taizhang.web.appeals import extensions as appeal_extensions
    from taizhang.web.appeals import inbox as appeal_inbox
    from taizhang.web.intake import documents
    from taizhang.web.org import auth
    from taizhang.web.projects import api, imports, pages
    from taizhang.web.race import pages as race
    from taizhang.web.race import reports as race_reports

    app = FastAPI(
        title="taizhang 台账 API",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine or _migrated_engine(settings)
    app.state.clock = clock or (lambda: datetime.now(UTC))
    app.state.trusted_user = trusted_user
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    routers = (auth.router, imports.router, documents.router, pages.router, race.router)
    # Before appeals: /appeals/coverage, /appeals/inbox and /appeals/evaluations must not be
    # read as /appeals/{appeal_id}, nor /appeals/{appeal_id}/extensions as the step "extensions"
    # of /appeals/{appeal_id}/{step}.
    appeal_routers = (
        compounds.router,
        appeal_inbox.router,
        evaluations.router,
        appeal_extensions.router,
        appeals.router,
        open311.router,
    )
    tail = (race_reports.router, api.router, *appeal_routers)
    for router in (*routers, *tail):
        app.include_router(router)
    app.middleware("http")(choose_language)
    app.add_exception_handler(AppError, handle_app_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, handle_validation_error)  # type: ignore[arg-type]
    return app


def _migrated_engine(settings: Settings) -> Engine:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return engine


async def choose_language(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """`?lang=en` switches the language and remembers the choice in a cookie."""
    asked = request.query_params.get("lang")
    chosen = asked if asked in ("zh", "en") else request.cookies.get(LANGUAGE_COOKIE)
    request.state.language = (
        chosen if chosen in ("zh", "en") else request.app.state.settings.default_language
    )
    response = await call_next(request)
    if asked in ("zh", "en"):
        response.set_cookie(LANGUAGE_COOKIE, asked, max_age=365 * 86400, samesite="lax")
    return response


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_body(exc: AppError) -> dict[str, object]:
    problems = [
        {"reason": e.reason, "row": e.row, "column": e.column, "message": str(e)}
        for e in exc.errors
    ]
    return {"ok": False, "error": exc.message, "errors": problems, "status": exc.status}


async def handle_app_error(request: Request, exc: AppError) -> Response:
    if wants_json(request):
        return JSONResponse(error_body(exc), status_code=exc.status)
    if exc.status == 401:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return render(request, "error.html", {"error": exc}, status_code=exc.status)


async def handle_validation_error(request: Request, exc: RequestValidationError) -> Response:
    problems = [
        FieldError(str(e.get("msg")), column=".".join(str(p) for p in e.get("loc", ())))
        for e in exc.errors()
    ]
    return await handle_app_error(request, Invalid("请求参数有误 (invalid request)", problems))
