"""The application's errors: one family, rendered by each edge (web, cli) its own way."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class AppError(Exception):
    message: str
    status: int = 400
    errors: list[FieldError] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


class NotFound(AppError):
    def __init__(self, message: str = "未找到 (not found)") -> None:
        super().__init__(message, 404)


class Forbidden(AppError):
    def __init__(self, message: str = "无权访问 (forbidden)") -> None:
        super().__init__(message, 403)


class Unauthorized(AppError):
    def __init__(self, message: str = "请先登录 (please log in)") -> None:
        super().__init__(message, 401)


class Invalid(AppError):
    def __init__(self, message: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(message, 422, list(errors or []))


CHANGED_BY_SOMEONE_ELSE = (
    "数据已被他人修改，请刷新后重试 (changed by someone else; reload and try again)"
)


class Conflict(AppError):
    """Someone else changed the same thing first: reload and try again (HTTP 409)."""

    def __init__(self, message: str = CHANGED_BY_SOMEONE_ELSE) -> None:
        super().__init__(message, 409)


class ExtractionError(AppError):
    def __init__(self, message: str) -> None:
        super().__init__(message, 422)
