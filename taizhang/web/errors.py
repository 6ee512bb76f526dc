"""One error shape for the whole web: `{"ok": false, "code", "error", "message", "errors",
"status"}` for /api/ paths, an error page otherwise; log-in needed on a page redirects to /login.

`code` is stable and meant for machines (`kernel.errors`); `error` is the message in the
request's language (the Chinese or the English part of a "中文 (english)" message), `message`
the whole message as written."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from taizhang.kernel.errors import AppError, Busy, FieldError, Invalid, NotFound
from taizhang.web.rendering import render

logger = logging.getLogger(__name__)


class FieldErrorOut(BaseModel):
    reason: str = Field(description="what is wrong, in the request's language")
    row: int | None = Field(description="the row of an imported sheet, if any")
    column: str | None = Field(description="the column or the field, if any")
    message: str = Field(description="row, column and reason in one sentence")


class ErrorOut(BaseModel):
    ok: bool = False
    code: str = Field(
        description="stable machine code: not_found, forbidden, section_closed (a page of a "
        "section the desk does not use), unauthorized, invalid, wrong_step, csrf, conflict, "
        "method_not_allowed …; match on this, not on the words"
    )
    error: str = Field(description="the message in the request's language (?lang=en: English)")
    message: str = Field(description="the whole message as written: 中文 (english)")
    errors: list[FieldErrorOut]
    status: int = Field(description="the HTTP status, repeated")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_body(exc: AppError, language: str = "zh") -> dict[str, object]:
    problems = [
        {
            "reason": e.reason_in(language),
            "row": e.row,
            "column": e.column,
            "message": e.text_in(language),
        }
        for e in exc.errors
    ]
    return {
        "ok": False,
        "code": exc.code,
        "error": exc.message_in(language),
        "message": exc.message,
        "errors": problems,
        "status": exc.status,
    }


async def handle_app_error(request: Request, exc: AppError) -> Response:
    language = getattr(request.state, "language", "zh")
    if wants_json(request):
        return JSONResponse(error_body(exc, language), status_code=exc.status)
    if exc.status == 401:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return render(request, "error.html", {"error": exc}, status_code=exc.status)


async def handle_validation_error(request: Request, exc: RequestValidationError) -> Response:
    problems = [
        FieldError(str(e.get("msg")), column=".".join(str(p) for p in e.get("loc", ())))
        for e in exc.errors()
    ]
    return await handle_app_error(request, Invalid("请求参数有误 (invalid request)", problems))


async def handle_http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """Routing's own errors (no such path, a method the path does not take) in our shape."""
    if exc.status_code == 404:
        return await handle_app_error(request, NotFound())
    message = f"请求无法处理：{exc.detail} (the request cannot be handled: {exc.detail})"
    return await handle_app_error(request, AppError(message, exc.status_code))


async def handle_pool_timeout(request: Request, exc: PoolTimeout) -> Response:
    """No database connection came free in time: a clear 503, never a dropped connection."""
    logger.warning("no database connection free: %s", exc)
    return await handle_app_error(request, Busy())


# The error responses every JSON route documents in the OpenAPI file.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut} for status in (401, 403, 404, 422)
}
