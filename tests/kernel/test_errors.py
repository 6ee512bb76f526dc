"""Errors: a stable code for machines, and the message's part for a page's language."""

from __future__ import annotations

import pytest

from taizhang.kernel.errors import (
    AppError,
    FieldError,
    Forbidden,
    Invalid,
    NotFound,
    Unauthorized,
    message_in,
    split_message,
)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (NotFound(), "not_found"),
        (Forbidden(), "forbidden"),
        (Unauthorized(), "unauthorized"),
        (Invalid("不行 (no)"), "invalid"),
        (Invalid("不行 (no)", code="wrong_step"), "wrong_step"),
        (AppError("版本已变 (changed meanwhile)", 409), "conflict"),
        (AppError("请求无法处理 (cannot)", 405), "method_not_allowed"),
    ],
)
def test_every_error_has_a_stable_code(error: AppError, code: str) -> None:
    assert error.code == code


def test_a_message_splits_into_its_chinese_and_its_english_part() -> None:
    assert split_message("未找到 (not found)") == ("未找到", "not found")
    assert message_in("未找到 (not found)", "en") == "not found"
    assert message_in("未找到 (not found)", "zh") == "未找到"


def test_brackets_inside_either_part_are_kept() -> None:
    message = "请设置 TAIZHANG_SECRET_KEY（至少 16 个字符） (set it (16+ characters))"
    assert split_message(message) == (
        "请设置 TAIZHANG_SECRET_KEY（至少 16 个字符）",
        "set it (16+ characters)",
    )


@pytest.mark.parametrize(
    "message", ["plain English", "中文(no space)", "中文 ((unbalanced)", "only (english)", "未找到"]
)
def test_a_message_not_written_that_way_is_given_whole(message: str) -> None:
    assert split_message(message) == (message, None)
    assert message_in(message, "en") == message


def test_a_field_error_says_where_in_the_pages_language() -> None:
    problem = FieldError("应为数字 (must be a number)", row=3, column="总投资")
    assert problem.text_in("zh") == "第 3 行，“总投资”列：应为数字"
    assert problem.text_in("en") == "row 3, column 总投资: must be a number"
    assert str(problem) == "第 3 行，“总投资”列：应为数字 (must be a number)"
