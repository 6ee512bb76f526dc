from datetime import UTC, date, datetime, timedelta

import pytest

from taizhang.kernel.calendar import (
    OFFICIAL_NOTICES,
    Notice,
    WorkingCalendar,
    deadline_for,
    load_calendar_toml,
    official_calendar,
    parse_period,
)
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.kernel.errors import Invalid

CAL = official_calendar()


def _days_of(periods: tuple[str, ...]) -> list[date]:
    return [day for period in periods for day in parse_period(period)]


def _notice(year: int) -> Notice:
    return next(notice for notice in OFFICIAL_NOTICES if notice.year == year)


# DOMAIN §4.4 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("limit", "due"), [(7, date(2024, 6, 25)), (13, date(2024, 7, 3))])
def test_it_counts_domain_worked_examples_from_the_next_working_day(limit: int, due: date) -> None:
    received = datetime(2024, 6, 14, 10, 30, tzinfo=DISTRICT_TIME)  # Friday
    assert deadline_for(limit, received, calendar=CAL) == due
    assert CAL.add_working_days(date(2024, 6, 14), limit) == due
    assert CAL.next_working_day(date(2024, 6, 14)) == date(2024, 6, 17)


def test_it_takes_the_day_of_receipt_in_district_time() -> None:
    # 20:00 UTC on Thursday 06-13 is 04:00 on Friday 06-14 in the district.
    received = datetime(2024, 6, 13, 20, 0, tzinfo=UTC)
    assert deadline_for(7, received, calendar=CAL) == date(2024, 6, 25)


def test_it_counts_a_request_received_on_a_rest_day_from_the_next_working_day() -> None:
    saturday = datetime(2024, 6, 15, 9, 0, tzinfo=DISTRICT_TIME)
    assert deadline_for(7, saturday, calendar=CAL) == date(2024, 6, 25)


def test_it_finds_the_previous_working_day_across_holidays_and_makeup_days() -> None:
    assert CAL.previous_working_day(date(2026, 5, 6)) == date(2026, 4, 30)  # 05-01..05 放假
    assert CAL.previous_working_day(date(2026, 5, 11)) == date(2026, 5, 9)  # Sat 调休上班
    assert CAL.previous_working_day(date(2026, 5, 12)) == date(2026, 5, 11)


def test_it_rejects_a_naive_receipt_time() -> None:
    with pytest.raises(Invalid, match="时区"):
        deadline_for(7, datetime(2024, 6, 14, 10, 0), calendar=CAL)


def test_it_knows_saturday_2024_05_11_was_a_working_day() -> None:
    assert CAL.is_working_day(date(2024, 5, 11))
    assert CAL.add_working_days(date(2024, 5, 9), 2) == date(2024, 5, 11)


# the notices ------------------------------------------------------------------------------------


@pytest.mark.parametrize("notice", OFFICIAL_NOTICES, ids=lambda notice: str(notice.year))
def test_every_makeup_day_is_a_weekend_working_day(notice: Notice) -> None:
    for day in _days_of(notice.makeup_workdays):
        assert day.weekday() >= 5, day
        assert CAL.is_working_day(day), day


@pytest.mark.parametrize("notice", OFFICIAL_NOTICES, ids=lambda notice: str(notice.year))
def test_no_holiday_is_a_working_day(notice: Notice) -> None:
    for day in _days_of(notice.holidays):
        assert not CAL.is_working_day(day), day


def test_it_covers_2024_to_2026_and_is_cached() -> None:
    assert CAL.covers == (2024, 2026)
    assert official_calendar() is CAL


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2024 春节 2/10–2/17; 除夕 2/9 (Fri) was only "encouraged" rest; 2/4 and 2/18 (Sun) worked
        (date(2024, 2, 9), True),
        (date(2024, 2, 4), True),
        (date(2024, 2, 10), False),
        (date(2024, 2, 16), False),
        (date(2024, 2, 18), True),
        # 2024 国庆 10/1–10/7; 9/29 (Sun) and 10/12 (Sat) worked
        (date(2024, 9, 29), True),
        (date(2024, 9, 30), True),
        (date(2024, 10, 7), False),
        (date(2024, 10, 8), True),
        (date(2024, 10, 12), True),
        (date(2024, 10, 13), False),
        # 2025 春节 1/28 (除夕)–2/4; 1/26 (Sun) and 2/8 (Sat) worked
        (date(2025, 1, 26), True),
        (date(2025, 1, 27), True),
        (date(2025, 1, 28), False),
        (date(2025, 2, 4), False),
        (date(2025, 2, 5), True),
        (date(2025, 2, 8), True),
        # 2025 国庆+中秋 10/1–10/8; 9/28 (Sun) and 10/11 (Sat) worked
        (date(2025, 9, 28), True),
        (date(2025, 10, 8), False),
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),
        # 2026 元旦 1/1–1/3 with 1/4 (Sun) worked
        (date(2026, 1, 2), False),
        (date(2026, 1, 4), True),
        # 2026 春节 2/15–2/23; 2/14 and 2/28 (Sat) worked
        (date(2026, 2, 13), True),
        (date(2026, 2, 14), True),
        (date(2026, 2, 23), False),
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),
        # 2026 国庆 10/1–10/7; 9/20 (Sun) and 10/10 (Sat) worked
        (date(2026, 9, 20), True),
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),
    ],
)
def test_spot_checks_around_spring_festival_and_national_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("received", "limit", "due"),
    [
        (date(2025, 1, 24), 5, date(2025, 2, 7)),  # 1/26 Sun, 1/27, then 2/5, 2/6, 2/7
        (date(2024, 9, 28), 3, date(2024, 10, 8)),  # 9/29 Sun, 9/30, then 10/8
        (date(2026, 2, 13), 2, date(2026, 2, 24)),  # 2/14 Sat, then 2/24 after 春节
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # 10/8, 10/9, 10/10 Sat
    ],
)
def test_it_counts_deadlines_across_holidays(received: date, limit: int, due: date) -> None:
    assert CAL.add_working_days(received, limit) == due
    assert CAL.working_days_between(received, due) == limit


def test_it_can_count_the_start_day_itself() -> None:
    assert CAL.add_working_days(date(2024, 6, 17), 1, count_from_next=False) == date(2024, 6, 17)
    assert CAL.add_working_days(date(2024, 10, 1), 1, count_from_next=False) == date(2024, 10, 8)
    assert CAL.add_working_days(date(2024, 6, 17), 0) == date(2024, 6, 17)


def test_it_rejects_a_negative_number_of_days() -> None:
    with pytest.raises(Invalid, match="负数"):
        CAL.add_working_days(date(2024, 6, 17), -1)


def test_working_days_between_is_the_inverse_of_adding_them() -> None:
    start = date(2024, 1, 1)
    for limit in range(1, 700, 37):
        assert CAL.working_days_between(start, CAL.add_working_days(start, limit)) == limit
    assert CAL.working_days_between(date(2024, 6, 25), date(2024, 6, 14)) == -7
    assert CAL.working_days_between(date(2024, 6, 14), date(2024, 6, 14)) == 0


def test_a_year_has_the_published_number_of_working_days() -> None:
    # 2024: 262 weekdays − 19 weekday holidays + 8 调休 days = 251 (1/1 itself is a holiday)
    assert (
        CAL.working_days_between(date(2023, 12, 31) + timedelta(days=1), date(2024, 12, 31)) == 251
    )


# years not covered: counted provisionally from the statutory holidays ---------------------------


def test_a_year_without_a_notice_is_counted_from_the_statutory_holidays() -> None:
    assert CAL.is_provisional(date(2027, 1, 4)) and not CAL.is_provisional(date(2026, 12, 31))
    assert not CAL.is_working_day(date(2027, 1, 1))  # 元旦
    assert not CAL.is_working_day(date(2027, 2, 8))  # 春节
    assert not CAL.is_working_day(date(2027, 10, 1))  # 国庆
    assert CAL.is_working_day(date(2027, 1, 4))  # an ordinary Monday
    assert CAL.is_working_day(date(2023, 12, 29))  # before the first notice too


def test_a_deadline_running_into_a_year_without_a_notice_is_provisional() -> None:
    due = CAL.add_working_days(date(2026, 12, 28), 10)
    assert due == date(2027, 1, 12)  # 12-29..31 (3), 01-01 元旦 rests, 01-04..08 (5), 11, 12
    assert CAL.counts_provisionally(date(2026, 12, 28), due)
    assert not CAL.counts_provisionally(date(2026, 5, 1), date(2026, 12, 31))


def test_entering_the_notice_ends_the_provisional_count() -> None:
    extended = load_calendar_toml(TOML_2027)
    assert not extended.is_provisional(date(2027, 2, 14))
    assert extended.is_working_day(date(2027, 2, 14))  # the notice's 调休上班 Sunday


# extending ---------------------------------------------------------------------------------------

# An invented 2027 arrangement: the real notice is not yet published.
TOML_2027 = """\
# 2027 年安排（测试用，虚构）
[2027]
source = "test"
holidays = [
    "2027-01-01",
    "2027-02-06..2027-02-13",
]
makeup_workdays = ["2027-02-14"]
"""


def test_it_adds_next_years_arrangement_from_toml() -> None:
    calendar = load_calendar_toml(TOML_2027)
    assert calendar.covers == (2024, 2027)
    assert calendar.is_working_day(date(2027, 2, 14))  # Sunday, 调休上班
    assert not calendar.is_working_day(date(2027, 2, 8))
    assert calendar.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert CAL.covers == (2024, 2026)  # the official calendar is untouched


def test_it_reports_bad_toml_lines_all_at_once() -> None:
    text = TOML_2027.replace('"2027-01-01"', '"2027-02-30"').replace(
        '["2027-02-14"]', '["2027-02-15"]\nrest = 1'
    )
    with pytest.raises(Invalid, match="3 处错误") as caught:
        load_calendar_toml(text)
    rows = {(error.row, error.column) for error in caught.value.errors}
    assert rows == {(9, "rest"), (5, "holidays"), (8, None)}
    assert any("星期一" in error.reason for error in caught.value.errors)


def test_it_reports_a_toml_syntax_error_with_its_line() -> None:
    with pytest.raises(Invalid) as caught:
        load_calendar_toml("[2027]\nholidays = [2027-01-01..2027-01-03]\n")
    assert caught.value.errors[0].row == 2
    with pytest.raises(Invalid) as caught:
        load_calendar_toml('[2027]\nholidays = ["2027-01-01"\n')
    assert caught.value.errors[0].row == 2  # "at end of document": the last line


def test_it_refuses_a_toml_year_that_leaves_a_gap() -> None:
    with pytest.raises(Invalid) as caught:
        load_calendar_toml('# gap\n[2028]\nholidays = ["2028-01-03"]\n')
    assert caught.value.errors[0].row == 2
    assert "不相连" in caught.value.errors[0].reason


def test_with_year_refuses_a_covered_year_and_weekday_makeup_days() -> None:
    with pytest.raises(Invalid, match="已录入"):
        CAL.with_year(2025, [], [])
    with pytest.raises(Invalid, match="2027 年的节假日安排有 1 处错误"):
        CAL.with_year(2027, [date(2027, 1, 1)], [date(2027, 1, 4)])  # a Monday


def test_with_year_extends_backwards_too() -> None:
    # 2023: 中秋·国庆 9/29–10/6 with 10/7 and 10/8 (Sat, Sun) worked.
    rest = parse_period("2023-09-29..2023-10-06")
    calendar = CAL.with_year(2023, rest, [date(2023, 10, 7), date(2023, 10, 8)])
    assert calendar.covers == (2023, 2026)
    assert calendar.is_working_day(date(2023, 10, 8))
    assert calendar.next_working_day(date(2023, 9, 28)) == date(2023, 10, 7)


def test_a_single_year_calendar_is_validated() -> None:
    calendar = WorkingCalendar.of_year(2024, _days_of(_notice(2024).holidays), [])
    assert not calendar.is_working_day(date(2024, 5, 11))  # without its 调休 it is a Saturday
    assert calendar.is_working_day(date(2024, 5, 11) + timedelta(days=2))
