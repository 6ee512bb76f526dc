"""The application's errors: one family, rendered by each edge (web, cli) its own way.

Every error carries a stable machine `code` (`not_found`, `forbidden`, `unauthorized`,
`invalid`, `wrong_step`, `csrf` …) that clients match on instead of the words, an HTTP-like
`status`, and a message written Chinese first with the English in brackets at the end:
"未找到 (not found)". `message_in(language)` gives the part for a page's language; a message
not written that way is given whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The code an error gets from its status when it is not given one.
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "too_many_requests",
    503: "unavailable",
}


def split_message(message: str) -> tuple[str, str | None]:
    """ "中文 (english)" → ("中文", "english"); a message without a bracketed end → (it, None)."""
    text = message.rstrip()
    if not text.endswith(")"):
        return message, None
    opening = _matching_open(text)
    if opening is None or opening == 0 or not text[opening - 1].isspace():
        return message, None
    chinese, english = text[:opening].rstrip(), text[opening + 1 : -1].strip()
    if not _has_cjk(chinese) or not english:
        return message, None
    return chinese, english


def _matching_open(text: str) -> int | None:
    """The index of the "(" that the final ")" closes."""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return None


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= character <= "\u9fff" for character in text)


def message_in(message: str, language: str) -> str:
    """The part of a "中文 (english)" message for `language`; any other message whole."""
    chinese, english = split_message(message)
    if english is None:
        return message
    return english if language == "en" else chinese


@dataclass(frozen=True)
class FieldError:
    """One problem with one piece of input, e.g. a cell of an imported sheet."""

    reason: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"“{self.column}”列")
        prefix = "，".join(where)
        return f"{prefix}：{self.reason}" if prefix else self.reason

    def reason_in(self, language: str) -> str:
        return message_in(self.reason, language)

    def text_in(self, language: str) -> str:
        """Where and what in the page's language: 第 3 行，“X”列：… or row 3, column X: …"""
        reason = self.reason_in(language)
        if language != "en":
            return str(FieldError(reason, self.row, self.column))
        where = [f"row {self.row}"] if self.row is not None else []
        where += [f"column {self.column}"] if self.column else []
        return f"{', '.join(where)}: {reason}" if where else reason


@dataclass
class AppError(Exception):
    message: str
    status: int = 400
    errors: list[FieldError] = field(default_factory=list)
    code: str = ""  # stable, for machines; from the status when not given

    def __post_init__(self) -> None:
        if not self.code:
            self.code = STATUS_CODES.get(self.status, "error")

    def __str__(self) -> str:
        return self.message

    def message_in(self, language: str) -> str:
        """The message's part for `language` ("zh" or "en")."""
        return message_in(self.message, language)


class NotFound(AppError):
    def __init__(self, message: str = "未找到 (not found)", *, code: str = "not_found") -> None:
        super().__init__(message, 404, code=code)


class Forbidden(AppError):
    def __init__(self, message: str = "无权访问 (forbidden)", *, code: str = "forbidden") -> None:
        super().__init__(message, 403, code=code)


class Unauthorized(AppError):
    def __init__(
        self, message: str = "请先登录 (please log in)", *, code: str = "unauthorized"
    ) -> None:
        super().__init__(message, 401, code=code)


class Invalid(AppError):
    def __init__(
        self, message: str, errors: list[FieldError] | None = None, *, code: str = "invalid"
    ) -> None:
        super().__init__(message, 422, list(errors or []), code)


CHANGED_BY_SOMEONE_ELSE = (
    "数据已被他人修改，请刷新后重试 (changed by someone else; reload and try again)"
)


class Unavailable(AppError):
    """The database could not store the write (disk full, locked too long, gone): nothing was
    saved, and the user is told so (HTTP 503)."""

    def __init__(
        self,
        message: str = "数据库暂时无法写入，本次操作未保存，请稍后重试 "
        "(the database could not store this; nothing was saved, try again later)",
    ) -> None:
        super().__init__(message, 503, code="unavailable")


class Busy(AppError):
    """Every database connection stayed taken for the pool's whole wait: nothing was done, and
    the user is asked to try again (HTTP 503)."""

    def __init__(
        self,
        message: str = "系统繁忙，本次操作未执行，请稍后重试 "
        "(the server is busy; nothing was done, try again shortly)",
    ) -> None:
        super().__init__(message, 503, code="busy")


class Conflict(AppError):
    """Someone else changed the same thing first: reload and try again (HTTP 409)."""

    def __init__(self, message: str = CHANGED_BY_SOMEONE_ELSE) -> None:
        super().__init__(message, 409, code="conflict")


class ExtractionError(AppError):
    def __init__(self, message: str) -> None:
        super().__init__(message, 422, code="extraction_failed")
