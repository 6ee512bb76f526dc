"""The values the incentives engine reads: monthly bills per 户号 and demand-response records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from taizhang.kernel.labels import LabelledEnum

FEN = Decimal("0.01")


class AccountKind(LabelledEnum):
    """Whose account it is: a household's or an enterprise's (the power company's 用户类别)."""

    HOUSEHOLD = "居民", "居民", "household"
    ENTERPRISE = "企业", "企业", "enterprise"


@dataclass(frozen=True)
class Bill:
    """One month's electricity bill of one account (户号), as the power company lists it."""

    account: str  # 户号
    month: date  # the first day of the billing month
    kwh: Decimal  # 用电量, to 0.01 kWh
    yuan: Decimal  # 电费, to the fen
    holder: str = ""  # 户名: a change between the years is a change of account holder (过户)
    meter: str = ""  # 电表编号: a change between the years is a changed meter
    kind: AccountKind = AccountKind.HOUSEHOLD
    town: str = ""  # 所属镇街
    vacant: bool = False  # the power company marks the home vacant (空置)
    applied_at: datetime | None = None  # 申请时间, for first-come sharing


def month_of(day: date) -> date:
    return day.replace(day=1)


def same_month_last_year(month: date) -> date:
    return month.replace(year=month.year - 1)


def month_label(month: date) -> str:
    return f"{month.year}-{month.month:02d}"


def floor_fen(amount: Decimal) -> Decimal:
    """Down to the fen: a reward is never rounded up."""
    return amount.quantize(FEN, rounding=ROUND_FLOOR)


def round_fen(amount: Decimal) -> Decimal:
    """To the fen, half up (四舍五入): payments computed from a rate."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def to_fen(amount: Decimal) -> int:
    """Yuan with at most two places as whole fen."""
    return int(amount.quantize(FEN) * 100)


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(FEN)


def month_index(month: date) -> int:
    """Months since year 0: consecutive months differ by 1, a year by 12."""
    return month.year * 12 + month.month - 1


def month_at(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)
