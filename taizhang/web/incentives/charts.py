"""The incentives pages' charts, each beside a table of the same numbers: the pool's use by town
(awarded per town) and by month (the vouchers' movements), and an account's monthly bills of
two years."""

from __future__ import annotations

from taizhang.incentives.queries import AccountView, MonthUse, TownUse
from taizhang.web.charts import Bar, TrendSeries, bar_chart_svg, trend_svg
from taizhang.web.i18n import translate


def town_chart(rows: list[TownUse], language: str) -> str:
    bars = [
        Bar(r.town, float(r.awarded), translate("incentives_redeemed_caption", language,
                                                amount=f"{r.redeemed:,.2f}"))
        for r in rows
    ]  # fmt: skip
    return bar_chart_svg(
        bars, title=translate("incentives_by_town", language), empty=translate("no_data", language)
    )


def month_chart(rows: list[MonthUse], language: str) -> str:
    def line(key: str, attribute: str) -> TrendSeries:
        points = tuple((r.month, float(getattr(r, attribute))) for r in rows)
        return TrendSeries(translate(key, language), points)

    series = [line("incentives_issued", "issued"), line("incentives_redeemed", "redeemed"),
              line("incentives_expired", "expired")]  # fmt: skip
    return trend_svg(
        series,
        title=translate("incentives_by_month", language),
        empty=translate("no_data", language),
        y_label=translate("yuan", language),
    )


def bills_chart(view: AccountView, language: str) -> str:
    series = [
        TrendSeries(
            str(year),
            tuple((f"{i + 1}", float(b.yuan or 0)) for i, b in enumerate(view.bills[year])),
        )
        for year in view.years
    ]
    return trend_svg(
        series,
        title=translate("incentives_bills_chart", language),
        empty=translate("no_data", language),
        y_label=translate("yuan", language),
    )
