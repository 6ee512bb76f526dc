"""Checks on a set of monthly bills before anything is computed: the same 户号 billed twice for
one month (refused, each row named), and months missing between an account's first and last
bill (reported: a missing month can only leave its comparison without a base)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from taizhang.incentives.engine.model import Bill, month_at, month_index, month_label
from taizhang.kernel.errors import FieldError, Invalid


@dataclass(frozen=True)
class Gap:
    account: str
    missing: tuple[date, ...]  # first days of the months without a bill

    def describe(self) -> str:
        months = "、".join(month_label(m) for m in self.missing[:6])
        more = f" 等 {len(self.missing)} 个月" if len(self.missing) > 6 else ""
        return f"户号 {self.account} 缺 {months}{more} 的账单"


def duplicate_errors(bills: Sequence[Bill], rows: Sequence[int] | None = None) -> list[FieldError]:
    """One error per repeated (户号, 月份), naming the rows (or positions) where it appears."""
    seen: defaultdict[tuple[str, date], list[int]] = defaultdict(list)
    for index, bill in enumerate(bills):
        seen[(bill.account, bill.month)].append(rows[index] if rows else index + 1)
    errors = []
    for (account, month), where in seen.items():
        if len(where) > 1:
            listed = "、".join(f"第 {n} 行" for n in where)
            reason = f"户号 {account} 的 {month_label(month)} 账单重复出现：{listed} (duplicate)"
            errors.append(FieldError(reason, row=where[1], column="户号"))
    return errors


def refuse_duplicates(bills: Sequence[Bill]) -> None:
    errors = duplicate_errors(bills)
    if errors:
        raise Invalid(
            f"有 {len(errors)} 处重复账单，未计算 (duplicate bills; nothing computed)", errors
        )


def find_gaps(bills: Sequence[Bill]) -> list[Gap]:
    """Per account, the months between its first and last bill that have no bill."""
    months: defaultdict[str, set[date]] = defaultdict(set)
    for bill in bills:
        months[bill.account].add(bill.month)
    gaps = []
    for account in sorted(months):
        have = months[account]
        span = range(month_index(min(have)), month_index(max(have)) + 1)
        missing = tuple(month_at(i) for i in span if month_at(i) not in have)
        if missing:
            gaps.append(Gap(account, missing))
    return gaps
