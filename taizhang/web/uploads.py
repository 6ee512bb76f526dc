"""Sheets uploaded from the browser, read so that no upload can stall the server.

- The request body is bounded before it is read (`BodyLimit`: the declared length, then the
  bytes as they arrive) — 413 beyond it.
- The uploader is authenticated before the body is read: the upload routes take no file
  parameter, so the log-in and its CSRF check run first, and the log-in's transaction is over
  before the body arrives (`deps.get_login`), so a slow upload holds no database lock.
- The file is parsed in a worker thread, off the event loop, and before the import opens its
  write transaction; `kernel.sheets` refuses zip bombs, XML entities and oversized sheets before
  parsing them.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from taizhang.kernel.errors import Invalid

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024  # the file and the form around it
ACCEPTED_SUFFIXES = (".xlsx", ".csv")
TOO_LARGE = "请求过大：文件不能超过 10 MB (the request is too large: files up to 10 MB)"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def check_upload(name: str, content: bytes) -> None:
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        raise Invalid(
            f"请上传 .xlsx 或 .csv 文件：{name or '未选择文件'} (upload an .xlsx or .csv file)"
        )
    if not content:
        raise Invalid(f"文件是空的：{name} (the file is empty)")
    if len(content) > MAX_UPLOAD_BYTES:
        raise Invalid(f"文件超过 10 MB：{name} (the file is larger than 10 MB)")


async def read_upload(request: Request, field: str = "file") -> tuple[str, bytes]:
    """The uploaded file's name and bytes, from the form the CSRF check has parsed."""
    upload = (await request.form()).get(field)
    if not isinstance(upload, UploadFile):
        raise Invalid("请选择要上传的文件 (choose a file to upload)")
    return Path(upload.filename or "").name, await upload.read(MAX_UPLOAD_BYTES + 1)


@contextmanager
def saved_upload(name: str, content: bytes) -> Iterator[Path]:
    """The upload as a file of its own name in a folder removed afterwards."""
    check_upload(name, content)
    with TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        yield path


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: a request body over `max_bytes` is refused with 413, by its declared
    length before anything is read, or as soon as its bytes pass the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_REQUEST_BYTES) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _refuse(scope, send)
            return
        started = False

        async def counted_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, self._counting(receive), counted_send)
        except _TooLarge:
            if not started:
                await _refuse(scope, send)

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLarge
            return message

        return counted


async def _refuse(scope: Scope, send: Send) -> None:
    body = {"ok": False, "code": "too_large", "error": TOO_LARGE, "message": TOO_LARGE}
    body |= {"errors": [], "status": 413}
    content = json.dumps(body, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json; charset=utf-8")]
    headers.append((b"content-length", str(len(content)).encode()))
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": content})
