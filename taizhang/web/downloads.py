"""Files the pages hand out: the media types and one attachment response with a Chinese name."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: bytes, file_name: str, media_type: str = XLSX_TYPE) -> Response:
    """`content` to be saved as `file_name` (RFC 5987, so 民情一本账.xlsx keeps its name)."""
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(file_name)}"}
    return Response(content, media_type=media_type, headers=headers)
