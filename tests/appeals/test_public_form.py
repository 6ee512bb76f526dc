"""The public form's phone rule: a mainland mobile or a landline with its area code."""

from __future__ import annotations

import pytest

from taizhang.appeals.public_form import phone_problem


@pytest.mark.parametrize(
    "phone",
    ["13812345678", "+8613812345678", "86-138-1234-5678", "0573-12345678", "057312345678",
     "0573 1234 5678", "0573-12345678-8001", "0573-12345678#12", "（0573）12345678"],
)  # fmt: skip
def test_it_accepts(phone: str) -> None:
    assert phone_problem(phone) is None


@pytest.mark.parametrize(
    "phone",
    ["12345", "110", "1381234567", "11812345678", "0573-12345", "573-12345678",
     "0573-123456789", "0573-12345678-1234567", "13812345678 ext", "一三八"],
)  # fmt: skip
def test_it_refuses_naming_the_field(phone: str) -> None:
    problem = phone_problem(phone)
    assert problem is not None and problem.startswith(f"联系电话“{phone}”不是有效号码")
