"""Race periods: parsing what users type, labels, the previous period and 序时进度."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from taizhang.kernel.errors import Invalid
from taizhang.kernel.periods import (
    Period,
    parse_period,
    period_containing,
    previous,
    year_elapsed_share,
)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label", "label_zh"),
    [
        ("2026-05-18", "day", date(2026, 5, 18), date(2026, 5, 18), "2026-05-18", "2026年5月18日"),
        (
            "2026年5月18日",
            "day",
            date(2026, 5, 18),
            date(2026, 5, 18),
            "2026-05-18",
            "2026年5月18日",
        ),
        ("2026-W20", "week", date(2026, 5, 11), date(2026, 5, 17), "2026-W20", "2026年第20周"),
        ("2026w20", "week", date(2026, 5, 11), date(2026, 5, 17), "2026-W20", "2026年第20周"),
        ("2026年第20周", "week", date(2026, 5, 11), date(2026, 5, 17), "2026-W20", "2026年第20周"),
        ("2026-05", "month", date(2026, 5, 1), date(2026, 5, 31), "2026-05", "2026年5月"),
        ("2026-5", "month", date(2026, 5, 1), date(2026, 5, 31), "2026-05", "2026年5月"),
        ("2026年5月", "month", date(2026, 5, 1), date(2026, 5, 31), "2026-05", "2026年5月"),
        ("2028-02", "month", date(2028, 2, 1), date(2028, 2, 29), "2028-02", "2028年2月"),
        ("2026-Q2", "quarter", date(2026, 4, 1), date(2026, 6, 30), "2026-Q2", "2026年第二季度"),
        ("2026q4", "quarter", date(2026, 10, 1), date(2026, 12, 31), "2026-Q4", "2026年第四季度"),
        (
            "2026年第2季度",
            "quarter",
            date(2026, 4, 1),
            date(2026, 6, 30),
            "2026-Q2",
            "2026年第二季度",
        ),
        (
            "2026年第三季度",
            "quarter",
            date(2026, 7, 1),
            date(2026, 9, 30),
            "2026-Q3",
            "2026年第三季度",
        ),
        (
            "2026年一季度",
            "quarter",
            date(2026, 1, 1),
            date(2026, 3, 31),
            "2026-Q1",
            "2026年第一季度",
        ),
        ("2026", "year", date(2026, 1, 1), date(2026, 12, 31), "2026", "2026年"),
        ("2026年", "year", date(2026, 1, 1), date(2026, 12, 31), "2026", "2026年"),
        ("2026年度", "year", date(2026, 1, 1), date(2026, 12, 31), "2026", "2026年"),
        (" ２０２６年５月 ", "month", date(2026, 5, 1), date(2026, 5, 31), "2026-05", "2026年5月"),
    ],
)
def test_it_reads_every_period_form(
    text: str, kind: str, start: date, end: date, label: str, label_zh: str
) -> None:
    period = parse_period(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert (period.label, period.label_zh) == (label, label_zh)


@pytest.mark.parametrize(
    "label", ["2026-05-18", "2026-W01", "2026-W53", "2026-05", "2026-Q2", "2026"]
)
def test_the_canonical_label_parses_back_to_the_same_period(label: str) -> None:
    assert parse_period(label).label == label
    assert parse_period(parse_period(label).label) == parse_period(label)


def test_iso_week_one_may_start_in_the_previous_calendar_year() -> None:
    week = parse_period("2026-W01")
    assert (week.start, week.end) == (date(2025, 12, 29), date(2026, 1, 4))
    assert week.year == 2026
    assert week.label_zh == "2026年第1周"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "月份应为 1–12"),
        ("2026年0月", "月份应为 1–12"),
        ("2026-02-30", "日期不存在"),
        ("2025-W53", "周次应为 1–52"),
        ("2026-W00", "周次应为 1–53"),
        ("2026-Q5", "无法识别的期间"),
        ("五月", "无法识别的期间"),
        ("", "无法识别的期间"),
        ("0026", "年份 26 不合理"),
    ],
)
def test_it_rejects_bad_period_text_in_chinese(text: str, message: str) -> None:
    with pytest.raises(Invalid, match=message) as caught:
        parse_period(text)
    assert caught.value.status == 422


def test_the_rejection_lists_the_accepted_forms() -> None:
    with pytest.raises(Invalid) as caught:
        parse_period("下个月")
    assert "2026-W20" in caught.value.message and "2026年第二季度" in caught.value.message


@pytest.mark.parametrize(
    ("label", "previous_label"),
    [
        ("2026-05-01", "2026-04-30"),
        ("2026-01-01", "2025-12-31"),
        ("2026-W20", "2026-W19"),
        ("2026-W01", "2025-W52"),
        ("2027-W01", "2026-W53"),
        ("2026-05", "2026-04"),
        ("2026-01", "2025-12"),
        ("2026-Q1", "2025-Q4"),
        ("2026-Q3", "2026-Q2"),
        ("2026", "2025"),
    ],
)
def test_previous_is_the_period_of_the_same_kind_just_before(
    label: str, previous_label: str
) -> None:
    assert previous(parse_period(label)).label == previous_label


def test_contains_includes_both_ends() -> None:
    may = parse_period("2026-05")
    assert may.contains(date(2026, 5, 1)) and may.contains(date(2026, 5, 31))
    assert not may.contains(date(2026, 4, 30)) and not may.contains(date(2026, 6, 1))


def test_period_containing_finds_the_week_month_and_quarter_of_a_day() -> None:
    day = date(2026, 5, 18)
    assert period_containing("day", day).label == "2026-05-18"
    assert period_containing("week", day).label == "2026-W21"
    assert period_containing("month", day).label == "2026-05"
    assert period_containing("quarter", day).label == "2026-Q2"
    assert period_containing("year", day).label == "2026"


@pytest.mark.parametrize(
    ("label", "share"),
    [
        # months elapsed / 12, the period's last month counted (DOMAIN §2.2.2, §2.4)
        ("2026-05", Decimal(5) / Decimal(12)),
        ("2026-09", Decimal("0.75")),  # 序时进度 in September: 9/12 = 75%
        ("2026-06", Decimal("0.5")),
        ("2026-Q1", Decimal("0.25")),
        ("2026-Q3", Decimal("0.75")),
        ("2026", Decimal(1)),
        # to the day: whole months + the elapsed share of the last day's month, over 12
        ("2026-05-18", (Decimal(4) + Decimal(18) / Decimal(31)) / Decimal(12)),
        ("2028-12-31", Decimal(1)),
        ("2028-02-29", (Decimal(1) + Decimal(29) / Decimal(29)) / Decimal(12)),  # leap year
        ("2026-W20", (Decimal(4) + Decimal(17) / Decimal(31)) / Decimal(12)),  # ends Sun 17 May
        ("2026-W01", Decimal(4) / Decimal(31) / Decimal(12)),  # only 1–4 January are in 2026
        ("2026-W53", Decimal(1)),  # ends 3 January 2027: the whole of 2026 has elapsed
    ],
)
def test_year_elapsed_share_is_the_time_progress_at_the_period_end(
    label: str, share: Decimal
) -> None:
    assert year_elapsed_share(parse_period(label)) == share


def test_a_period_is_a_plain_frozen_value() -> None:
    period = Period("month", date(2026, 5, 1), date(2026, 5, 31), "2026-05")
    assert period == parse_period("2026年5月")
    with pytest.raises(AttributeError):
        period.label = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("2026-05-18", "18 May 2026"),
        ("2026-W20", "2026 week 20"),
        ("2026-05", "May 2026"),
        ("2026-Q2", "2026 Q2"),
        ("2026", "2026"),
    ],
)
def test_a_period_is_written_in_english_for_english_pages(text: str, english: str) -> None:
    period = parse_period(text)
    assert period.label_en == english == period.label_in("en")
    assert period.label_in("zh") == period.label_zh
