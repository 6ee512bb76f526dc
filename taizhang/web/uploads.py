"""Sheets uploaded from the browser: the checks every upload passes before it is read."""

from __future__ import annotations

from taizhang.kernel.errors import Invalid

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


ACCEPTED_SUFFIXES = (".xlsx", ".csv")


def check_upload(name: str, content: bytes) -> None:
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        raise Invalid(
            f"请上传 .xlsx 或 .csv 文件：{name or '未选择文件'} (upload an .xlsx or .csv file)"
        )
    if not content:
        raise Invalid(f"文件是空的：{name} (the file is empty)")
    if len(content) > MAX_UPLOAD_BYTES:
        raise Invalid(f"文件超过 10 MB：{name} (the file is larger than 10 MB)")
