"""Publication dates and time expressions resolved against the document's date."""

from __future__ import annotations

from datetime import date

import pytest

from taizhang.intake.extract.dates import (
    find_moments,
    find_published,
    is_after,
    month_text,
    period_text,
)

DOC = date(2025, 3, 12)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("2025年3月12日 星期三\n\n开发区新闻\n正文。", date(2025, 3, 12)),
        ("首页 > 新闻\n发布时间：2024-06-20 08:15 来源:某某网\n正文。", date(2024, 6, 20)),
        ("发布日期:2024年10月8日\n正文。", date(2024, 10, 8)),
        ("某某晚报 2024年11月5日\n标题\n正文。", date(2024, 11, 5)),
        ("2025年2月10日 市政府网站\n标题\n正文。", date(2025, 2, 10)),
        ("标题\n正文,一些话。\n(区统计局 2025年6月20日)", date(2025, 6, 20)),
    ],
)
def test_it_finds_the_date_a_page_prints(text: str, published: date) -> None:
    assert find_published(text) == published


@pytest.mark.parametrize(
    "text",
    [
        "昨天上午,某项目签约。",
        "2025年12月17日,两家企业签约,共建一个基地。",
        "2025年3月1日起施行新的办法",
    ],
)
def test_it_does_not_take_story_dates_for_the_publication_date(text: str) -> None:
    assert find_published(text) is None


@pytest.mark.parametrize(
    ("text", "planned"),
    [
        ("今年6月底", "2025-06"),
        ("下月底", "2025-04"),
        ("明年", "2026"),
        ("去年7月", "2024-07"),
        ("2027年下半年", "2027"),
        ("四季度", "2025"),
        ("2023年一季度", "2023"),
        ("年底", "2025"),
        ("明年年底", "2026"),
        ("9月底", "2025-09"),
        ("2022年12月底", "2022-12"),
    ],
)
def test_it_resolves_times_against_the_document_date(text: str, planned: str) -> None:
    moments = find_moments(text, DOC)
    assert month_text(moments[-1].moment) == planned


def test_relative_times_stay_open_without_a_document_date() -> None:
    assert month_text(find_moments("今年6月底", None)[-1].moment) is None
    assert month_text(find_moments("2027年6月", None)[-1].moment) == "2027-06"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("今年上半年", "2025-01..2025-06"),
        ("一季度", "2025-01..2025-03"),
        ("2024年", "2024"),
        ("今年初以来", "2025"),
    ],
)
def test_it_labels_periods(text: str, period: str) -> None:
    assert period_text(find_moments(text, DOC)[0].moment) == period


def test_a_later_month_is_after_the_document_date() -> None:
    assert is_after(find_moments("今年6月", DOC)[0].moment, DOC)
    assert not is_after(find_moments("今年1月", DOC)[0].moment, DOC)
