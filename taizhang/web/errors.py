"""One error shape for the whole web: `{"ok": false, "error", "errors", "status"}` for /api/
paths, an error page otherwise; log-in needed on a page redirects to /login."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from taizhang.kernel.errors import AppError, FieldError, Invalid, NotFound
from taizhang.web.rendering import render


class ErrorOut(BaseModel):
    ok: bool = False
    error: str
    errors: list[dict[str, object]]
    status: int


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


async def handle_http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """Routing's own errors (no such path, a method the path does not take) in our shape."""
    if exc.status_code == 404:
        return await handle_app_error(request, NotFound())
    message = f"请求无法处理：{exc.detail} (the request cannot be handled)"
    return await handle_app_error(request, AppError(message, exc.status_code))


# The error responses every JSON route documents in the OpenAPI file.
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut} for status in (401, 403, 404, 422)
}
