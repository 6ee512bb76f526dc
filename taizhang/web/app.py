"""The web application: pages in Chinese (English on request) and the JSON API."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from taizhang.kernel.clock import clock_for
from taizhang.kernel.config import Settings
from taizhang.kernel.db import make_engine
from taizhang.kernel.errors import AppError
from taizhang.schema import upgrade
from taizhang.web.deps import LANGUAGE_COOKIE
from taizhang.web.errors import (
    handle_app_error,
    handle_http_error,
    handle_pool_timeout,
    handle_validation_error,
)
from taizhang.web.headers import add_security_headers
from taizhang.web.rendering import make_templates
from taizhang.web.throttle import LoginGuard, new_public_intake
from taizhang.web.timers import timers_running
from taizhang.web.uploads import BodyLimit

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
Clock = Callable[[], datetime]
REQUEST_THREADS = 40  # AnyIO's default limit of threads for sync endpoints and run_in_threadpool


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Clock | None = None,
    trusted_user: str | None = None,
) -> FastAPI:
    """Build the app. `trusted_user` acts as that user without logging in (CLI `get` only)."""
    app = FastAPI(
        title="taizhang 台账 API",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=timers_running,
    )
    app.state.settings = settings
    app.state.engine = engine or _migrated_engine(settings)
    app.state.clock = clock or clock_for(settings.today)
    app.state.trusted_user = trusted_user
    app.state.templates = make_templates()
    app.state.public_intake = new_public_intake()
    app.state.login_guard = LoginGuard()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in routers():
        app.include_router(router)
    app.middleware("http")(choose_language)
    app.middleware("http")(add_security_headers)
    app.add_middleware(BodyLimit)
    app.add_exception_handler(AppError, handle_app_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, handle_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, handle_http_error)  # type: ignore[arg-type]
    app.add_exception_handler(PoolTimeout, handle_pool_timeout)  # type: ignore[arg-type]
    return app


def routers() -> tuple[APIRouter, ...]:
    """Every domain's routes. Paths say what they match (`web.paths`), so the order is free."""
    from taizhang.web import home
    from taizhang.web.achievements import api as achievements_api
    from taizhang.web.achievements import pages as achievements_pages
    from taizhang.web.appeals import (
        calendar,
        compounds,
        detail,
        evaluations,
        extensions,
        files,
        inbox,
        open311,
        public,
        statistics,
    )
    from taizhang.web.chains import api as chains_api
    from taizhang.web.chains import pages as chains_pages
    from taizhang.web.enterprises import api as enterprises_api
    from taizhang.web.enterprises import figures
    from taizhang.web.enterprises import pages as enterprises_pages
    from taizhang.web.incentives import api as incentives_api
    from taizhang.web.incentives import pages as incentives_pages
    from taizhang.web.intake import documents
    from taizhang.web.muju import pages as muju_pages
    from taizhang.web.org import accounts, auth
    from taizhang.web.policies import api as policies_api
    from taizhang.web.policies import pages as policies_pages
    from taizhang.web.projects import api, editor, imports, pages
    from taizhang.web.race import pages as race_pages
    from taizhang.web.race import reports as race_reports

    modules = (
        (auth, accounts, home),
        (pages, editor, imports, api),
        (documents,),
        (figures, enterprises_pages, enterprises_api),
        (race_pages, race_reports),
        (muju_pages,),
        (
            public,
            inbox,
            detail,
            files,
            extensions,
            compounds,
            evaluations,
            open311,
            calendar,
            statistics,
        ),
        (incentives_pages, incentives_api),
        (policies_pages, policies_api),
        (achievements_pages, achievements_api),
        (chains_pages, chains_api),
    )
    return tuple(module.router for group in modules for module in group)


def _migrated_engine(settings: Settings) -> Engine:
    """The server's engine: a connection for each thread that runs requests (AnyIO's default
    of 40), so no request waits for a connection another thread is not using."""
    engine = make_engine(settings.database_url, connections=REQUEST_THREADS)
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
