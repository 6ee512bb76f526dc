"""Specs for the server-side SVG charts (funnel and horizontal bars)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

import pytest

from taizhang.web.charts import (
    EMPTY_MESSAGE,
    FONT_FAMILY,
    Bar,
    ProgressBar,
    RankSeries,
    TrendSeries,
    bar_chart_svg,
    format_number,
    funnel_svg,
    progress_svg,
    rank_svg,
    text_width,
    trend_svg,
)

NS = "{http://www.w3.org/2000/svg}"
ChartFn = Callable[..., str]

STAGES = (
    Bar("谋划", 120, "投资 980 亿元"),
    Bar("签约", 64, "投资 312.5 亿元"),
    Bar("开工", 30, "投资 150 亿元"),
    Bar("投产", 12),
)
UNITS = (
    Bar("发改局", 18),
    Bar("商务局", 9, "在建 4 个"),
    Bar("工业和信息化局", 27),
    Bar("XX街道", 0),
)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def funnel_steps(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if g.get("class") == "funnel-step"]


def bar_rows(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if g.get("class") == "bar-row"]


def polygon_points(step: ET.Element) -> list[tuple[float, float]]:
    shape = next(el for el in step.iter() if el.get("class") == "funnel-shape")
    pairs = (pair.split(",") for pair in shape.get("points", "").split())
    return [(float(x), float(y)) for x, y in pairs]


def top_width(step: ET.Element) -> float:
    points = polygon_points(step)
    return points[1][0] - points[0][0]


def rect_of(row: ET.Element) -> ET.Element:
    return next(el for el in row.iter(f"{NS}rect") if el.get("class") == "bar")


def rect_width(row: ET.Element) -> float:
    return float(rect_of(row).get("width", "nan"))


def all_text(element: ET.Element) -> str:
    return "".join(element.itertext())


def drawn_text(root: ET.Element) -> str:
    """Visible text only: concatenated <text> elements (skips <title>/<desc>)."""
    return " ".join(all_text(text) for text in root.iter(f"{NS}text"))


def values_of(rows: Sequence[ET.Element], widths: Callable[[ET.Element], float]) -> list[float]:
    return [widths(row) for row in rows]


# --- funnel ----------------------------------------------------------------------------------


def test_it_draws_one_step_per_stage() -> None:
    root = parse(funnel_svg(STAGES, title="项目推进漏斗"))
    assert len(funnel_steps(root)) == len(STAGES)


def test_each_step_holds_exactly_one_funnel_shape() -> None:
    for step in funnel_steps(parse(funnel_svg(STAGES, title="漏斗"))):
        shapes = [el for el in step.iter() if el.get("class") == "funnel-shape"]
        assert len(shapes) == 1
        assert shapes[0].tag in (f"{NS}polygon", f"{NS}path")


def test_steps_carry_label_and_value_as_data_attributes() -> None:
    steps = funnel_steps(parse(funnel_svg(STAGES, title="漏斗")))
    assert [s.get("data-label") for s in steps] == ["谋划", "签约", "开工", "投产"]
    assert [s.get("data-value") for s in steps] == ["120", "64", "30", "12"]


def test_funnel_step_widths_follow_the_values() -> None:
    bars = [Bar("a", 10), Bar("b", 40), Bar("c", 20), Bar("d", 80)]
    widths = values_of(funnel_steps(parse(funnel_svg(bars, title="t"))), top_width)
    by_value = [w for _, w in sorted(zip([b.value for b in bars], widths, strict=True))]
    assert by_value == sorted(by_value)
    assert widths[3] == pytest.approx(2 * widths[1], rel=0.01)


def test_funnel_steps_are_centred() -> None:
    root = parse(funnel_svg(STAGES, title="t", width=500))
    for step in funnel_steps(root):
        (left, _), (right, _) = polygon_points(step)[:2]
        assert (left + right) / 2 == pytest.approx(250)


def test_funnel_step_never_overflows_the_drawing() -> None:
    root = parse(funnel_svg(STAGES, title="t", width=400))
    for step in funnel_steps(root):
        assert all(0 <= x <= 400 for x, _ in polygon_points(step))


def test_a_zero_stage_still_has_a_visible_width_and_its_label() -> None:
    root = parse(funnel_svg([Bar("储备", 50), Bar("投产", 0)], title="t"))
    zero_step = funnel_steps(root)[1]
    assert top_width(zero_step) > 0
    assert "投产" in all_text(zero_step)


def test_all_zero_stages_still_draw_equal_positive_widths() -> None:
    root = parse(funnel_svg([Bar("a", 0), Bar("b", 0)], title="t"))
    widths = values_of(funnel_steps(root), top_width)
    assert widths[0] == widths[1] > 0


def test_negative_and_nan_values_are_drawn_like_zero() -> None:
    bars = [Bar("a", 10), Bar("b", -5), Bar("c", float("nan")), Bar("d", 0)]
    widths = values_of(funnel_steps(parse(funnel_svg(bars, title="t"))), top_width)
    assert widths[1] == widths[2] == widths[3] < widths[0]


def test_each_step_gets_its_own_fill_colour() -> None:
    steps = funnel_steps(parse(funnel_svg(STAGES, title="t")))
    fills = [
        next(el for el in s.iter() if el.get("class") == "funnel-shape").get("fill") for s in steps
    ]
    assert all(fills)
    assert len(set(fills)) == len(fills)


def test_each_step_shows_label_value_and_caption() -> None:
    step = funnel_steps(parse(funnel_svg(STAGES, title="t")))[1]
    text = all_text(next(step.iter(f"{NS}text")))
    assert "签约" in text
    assert "64" in text
    assert "投资 312.5 亿元" in text


def test_funnel_root_is_an_accessible_scalable_image() -> None:
    root = parse(funnel_svg(STAGES, title="项目推进漏斗", width=600))
    assert root.tag == f"{NS}svg"
    assert root.get("class") == "chart chart-funnel"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "项目推进漏斗"
    assert root.findtext(f"{NS}title") == "项目推进漏斗"
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 600 ")
    assert root.get("font-family") == FONT_FAMILY


def test_funnel_viewbox_grows_with_row_height() -> None:
    def height(row_height: int) -> float:
        root = parse(funnel_svg(STAGES, title="t", row_height=row_height))
        return float(root.get("viewBox", "").split()[3])

    assert height(60) > height(40)


# --- links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chart", "rows_of"), [(funnel_svg, funnel_steps), (bar_chart_svg, bar_rows)]
)
def test_a_row_with_href_is_wrapped_in_a_link(
    chart: ChartFn, rows_of: Callable[[ET.Element], list[ET.Element]]
) -> None:
    bars = [Bar("签约", 5, href="/projects?stage=签约&year=2024"), Bar("开工", 3)]
    linked, plain = rows_of(parse(chart(bars, title="t")))
    links = list(linked.iter(f"{NS}a"))
    assert len(links) == 1
    assert links[0].get("href") == "/projects?stage=签约&year=2024"
    assert any(el.get("class") in ("funnel-shape", "bar") for el in links[0].iter())
    assert list(plain.iter(f"{NS}a")) == []


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:x", ""]
)
def test_unsafe_or_empty_links_are_left_out(href: str) -> None:
    root = parse(bar_chart_svg([Bar("a", 1, href=href)], title="t"))
    assert list(root.iter(f"{NS}a")) == []


@pytest.mark.parametrize("href", ["https://example.gov.cn/x", "/units/3", "detail?id=1"])
def test_relative_and_http_links_are_kept(href: str) -> None:
    root = parse(funnel_svg([Bar("a", 1, href=href)], title="t"))
    assert [a.get("href") for a in root.iter(f"{NS}a")] == [href]


# --- bar chart -------------------------------------------------------------------------------


def test_it_draws_one_bar_per_row() -> None:
    root = parse(bar_chart_svg(UNITS, title="各单位项目数"))
    rows = bar_rows(root)
    assert len(rows) == len(UNITS)
    assert all(
        len([r for r in row.iter(f"{NS}rect") if r.get("class") == "bar"]) == 1 for row in rows
    )


def test_bar_lengths_are_proportional_to_values() -> None:
    rows = bar_rows(parse(bar_chart_svg([Bar("a", 10), Bar("b", 40), Bar("c", 20)], title="t")))
    widths = values_of(rows, rect_width)
    assert widths[0] < widths[2] < widths[1]
    assert widths[1] == pytest.approx(4 * widths[0], rel=0.02)


def test_a_zero_bar_still_has_a_positive_width() -> None:
    rows = bar_rows(parse(bar_chart_svg(UNITS, title="t")))
    assert rect_width(rows[3]) > 0
    assert rect_width(rows[3]) < rect_width(rows[1])


def test_bar_chart_root_is_an_accessible_scalable_image() -> None:
    root = parse(bar_chart_svg(UNITS, title="各单位项目数"))
    assert root.get("class") == "chart chart-bar"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "各单位项目数"
    assert root.findtext(f"{NS}title") == "各单位项目数"
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 640 ")
    assert root.get("font-family") == FONT_FAMILY


def test_label_column_widens_for_longer_labels() -> None:
    def bar_x(label: str) -> float:
        row = bar_rows(parse(bar_chart_svg([Bar(label, 1)], title="t")))[0]
        return float(rect_of(row).get("x", "nan"))

    assert bar_x("工业和信息化局") > bar_x("发改局") > bar_x("AB")


def test_value_and_caption_sit_right_after_the_bar_end() -> None:
    row = bar_rows(parse(bar_chart_svg(UNITS, title="t")))[1]
    rect = rect_of(row)
    bar_end = float(rect.get("x", "nan")) + float(rect.get("width", "nan"))
    value = next(t for t in row.iter(f"{NS}text") if t.get("class") == "bar-value")
    assert float(value.get("x", "nan")) > bar_end
    assert all_text(value).startswith("9")
    assert "在建 4 个" in all_text(value)


def test_bars_and_values_stay_inside_the_drawing() -> None:
    root = parse(bar_chart_svg(UNITS, title="t", width=320))
    for row in bar_rows(root):
        rect = rect_of(row)
        assert float(rect.get("x", "nan")) + float(rect.get("width", "nan")) <= 320


def test_an_over_long_label_is_shortened_but_kept_in_full_in_the_tooltip() -> None:
    label = "某某区重点项目建设推进工作领导小组办公室综合协调组"
    row = bar_rows(parse(bar_chart_svg([Bar(label, 3)], title="t", width=300)))[0]
    shown = next(t for t in row.iter(f"{NS}text") if t.get("class") == "bar-label")
    assert all_text(shown).endswith("…")
    assert len(all_text(shown)) < len(label)
    assert label in (row.findtext(f"{NS}title") or "")


# --- shared behaviour ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chart", "css_class"), [(funnel_svg, "chart chart-funnel"), (bar_chart_svg, "chart chart-bar")]
)
def test_empty_input_shows_a_centred_no_data_message(chart: ChartFn, css_class: str) -> None:
    root = parse(chart([], title="暂无"))
    assert root.get("class") == css_class
    assert root.get("aria-label") == "暂无"
    message = next(t for t in root.iter(f"{NS}text") if all_text(t) == EMPTY_MESSAGE)
    view_width = float(root.get("viewBox", "").split()[2])
    assert float(message.get("x", "nan")) == pytest.approx(view_width / 2)
    assert message.get("text-anchor") == "middle"


@pytest.mark.parametrize("chart", [funnel_svg, bar_chart_svg])
def test_markup_in_text_is_escaped(chart: ChartFn) -> None:
    bars = [Bar("<script>alert(1)</script>", 2, caption='a & "b"'), Bar("x", 1)]
    svg = chart(bars, title="<b>标题</b> & 汇总")
    assert "<script>" not in svg
    assert "<b>" not in svg
    root = parse(svg)
    assert root.get("aria-label") == "<b>标题</b> & 汇总"
    assert root.findtext(f"{NS}title") == "<b>标题</b> & 汇总"
    assert "<script>alert(1)</script>" in drawn_text(root)
    assert 'a & "b"' in drawn_text(root)


def test_attribute_values_with_quotes_are_escaped() -> None:
    root = parse(funnel_svg([Bar('"onload="x', 1)], title='t" onload="x'))
    assert funnel_steps(root)[0].get("data-label") == '"onload="x'
    assert root.get("onload") is None


@pytest.mark.parametrize("chart", [funnel_svg, bar_chart_svg])
def test_characters_forbidden_in_xml_are_dropped(chart: ChartFn) -> None:
    root = parse(chart([Bar("发改\x0b局\x00", 1, caption="\x1f备注")], title="t\x08"))
    assert root.get("aria-label") == "t"
    assert "发改局" in drawn_text(root)


@pytest.mark.parametrize("chart", [funnel_svg, bar_chart_svg])
def test_the_chart_description_lists_every_row(chart: ChartFn) -> None:
    root = parse(chart(STAGES, title="t"))
    desc = root.findtext(f"{NS}desc") or ""
    assert "谋划：120，投资 980 亿元" in desc
    assert "投产：12" in desc


@pytest.mark.parametrize("chart", [funnel_svg, bar_chart_svg])
@pytest.mark.parametrize(("width", "row_height"), [(50, 28), (640, 4)])
def test_sizes_too_small_to_draw_are_rejected(chart: ChartFn, width: int, row_height: int) -> None:
    with pytest.raises(ValueError, match="at least"):
        chart(STAGES, title="t", width=width, row_height=row_height)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, "12"),
        (0, "0"),
        (-3, "-3"),
        (3.0, "3"),
        (312.5, "312.5"),
        (1.234, "1.23"),
        (1.005001, "1.01"),
        (0.1 + 0.2, "0.3"),
        (-0.001, "0"),
        (float("inf"), "—"),
    ],
)
def test_numbers_drop_trailing_zeros_and_keep_two_decimals(value: float, expected: str) -> None:
    assert format_number(value) == expected


def test_text_width_counts_cjk_wider_than_ascii() -> None:
    assert text_width("签约") == 28
    assert text_width("ab") == 16
    assert text_width("签约ab", font_size=7) == 22


# --- trend lines -----------------------------------------------------------------------------

MONTHS = (("1月", 0), ("2月", 5), ("3月", 9))


def test_the_trend_draws_one_line_per_series_with_its_values() -> None:
    svg = trend_svg(
        [TrendSeries("凤桥镇", MONTHS), TrendSeries("建设街道", (("1月", 2), ("2月", 1.5)))],
        title="月度积分",
    )
    root = parse(svg)
    groups = root.findall(f".//{NS}g[@class='trend-series']")
    assert [(g.get("data-label"), g.get("data-values")) for g in groups] == [
        ("凤桥镇", "0,5,9"),
        ("建设街道", "2,1.5"),
    ]
    assert len(groups[0].findall(f"{NS}circle")) == 3
    assert [t.text for t in root.findall(f".//{NS}text[@class='trend-x']")] == ["1月", "2月", "3月"]


def test_the_trend_puts_the_highest_value_at_the_top_and_zero_at_the_bottom() -> None:
    root = parse(trend_svg([TrendSeries("凤桥镇", MONTHS)], title="月度积分"))
    line = root.find(f".//{NS}polyline")
    assert line is not None
    ys = [float(point.split(",")[1]) for point in (line.get("points") or "").split()]
    assert ys[0] > ys[1] > ys[2]  # SVG y grows downwards


def test_the_trend_escapes_labels_and_says_so_when_empty() -> None:
    svg = trend_svg([TrendSeries("<b>&", (("1月", 1),))], title="a<b")
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg
    parse(svg)
    empty = parse(trend_svg([], title="月度积分"))
    assert EMPTY_MESSAGE in "".join(empty.itertext())


def test_a_steps_words_lie_inside_it_or_wholly_beside_it() -> None:
    """Words that do not fit a narrow step go to its right, never across its edges."""
    bars = [
        Bar(s, v, "其中处于本阶段 3 个") for s, v in zip("甲乙丙丁", (40, 15, 2, 0), strict=True)
    ]
    for step in funnel_steps(parse(funnel_svg(bars, title="t"))):
        words = next(step.iter(f"{NS}text"))
        x = float(words.get("x", "0"))
        extent = text_width("".join(words.itertext())) + 2 * 6
        _, (right, _), (bottom_right, _), (bottom_left, _) = polygon_points(step)
        if words.get("text-anchor") == "middle":
            assert bottom_left <= x - extent / 2 and x + extent / 2 <= bottom_right
        else:
            assert words.get("text-anchor") == "start" and x > right
    narrow = funnel_steps(parse(funnel_svg(bars, title="t")))[-1]
    assert next(narrow.iter(f"{NS}text")).get("text-anchor") == "start"


# --- completion against 序时进度 and rank over periods ----------------------------------------

DONE = (
    ProgressBar("凤桥镇", 0.5, tone="red"),
    ProgressBar("湘家荡区域", 1.2, tone="green"),
    ProgressBar("建设街道", 0.0, caption="无任务"),
)


def progress_rows(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if g.get("class") == "progress-row"]


def marker_x(root: ET.Element) -> float:
    line = next(el for el in root.iter(f"{NS}line") if el.get("class") == "progress-marker")
    assert line.get("x1") == line.get("x2")
    return float(line.get("x1", "nan"))


def test_progress_draws_one_bar_per_unit_with_the_time_share_marked() -> None:
    root = parse(progress_svg(DONE, marker=0.75, marker_label="序时进度 75%", title="签约"))
    rows = progress_rows(root)
    assert [r.get("data-label") for r in rows] == ["凤桥镇", "湘家荡区域", "建设街道"]
    assert [r.get("data-value") for r in rows] == ["50", "120", "0"]
    assert "序时进度 75%" in drawn_text(root) and "50%" in drawn_text(root)
    # 1.2 sets the scale (0–120%): the 50% bar reaches 50/120 of the span, the marker 75/120
    start = float(rect_of(rows[0]).get("x", "nan"))
    full = rect_width(rows[1])
    assert rect_width(rows[0]) == pytest.approx(full * 0.5 / 1.2, abs=0.2)
    assert marker_x(root) - start == pytest.approx(full * 0.75 / 1.2, abs=0.2)


def test_progress_colours_bars_by_status_and_caps_them_at_twice_the_target() -> None:
    far = (ProgressBar("余新镇", 4.0, tone="green"), ProgressBar("新丰镇", 1.0, tone="yellow"))
    root = parse(progress_svg(far, marker=0.9274, marker_label="序时进度", title="t"))
    rows = progress_rows(root)
    assert [rect_of(r).get("fill") for r in rows] == ["#2f855a", "#d69e2e"]
    assert rect_width(rows[0]) == pytest.approx(2 * rect_width(rows[1]), abs=0.2)  # 200% cap
    assert "400%" in drawn_text(root)


def test_progress_with_no_rows_says_so_and_escapes_its_text() -> None:
    assert EMPTY_MESSAGE in drawn_text(
        parse(progress_svg([], marker=0.5, marker_label="", title="x"))
    )
    root = parse(
        progress_svg([ProgressBar("<b>&", 0.3)], marker=0.5, marker_label="<i>", title="&")
    )
    assert "<b>&" in drawn_text(root) and "<i>" in drawn_text(root)


RANKS = (
    RankSeries("凤桥镇", (1, 2, 1)),
    RankSeries("湘家荡区域", (2, 1, None)),
    RankSeries("建设街道", (None, None, None)),
)


def rank_series(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if g.get("class") == "rank-series"]


def test_rank_chart_draws_a_line_per_ranked_unit_with_rank_one_on_top() -> None:
    root = parse(rank_svg(["2026-03", "2026-04", "2026-05"], RANKS, title="名次"))
    series = rank_series(root)
    assert [g.get("data-label") for g in series] == [
        "凤桥镇",
        "湘家荡区域",
    ]  # never ranked: left out
    assert [g.get("data-ranks") for g in series] == ["1,2,1", "2,1,"]
    first = [float(c.get("cy", "nan")) for c in series[0].iter(f"{NS}circle")]
    assert first[0] < first[1] and first[0] == first[2]  # rank 1 is drawn above rank 2
    assert len(list(series[1].iter(f"{NS}circle"))) == 2  # no dot where it was not ranked


def test_rank_chart_breaks_a_line_where_the_unit_was_not_ranked() -> None:
    root = parse(rank_svg(["a", "b", "c", "d"], [RankSeries("X", (1, None, 2, 1))], title="t"))
    lines = [el for el in root.iter(f"{NS}polyline") if el.get("class") == "rank-line"]
    assert len(lines) == 1 and len(lines[0].get("points", "").split()) == 2  # c → d only


def test_rank_chart_with_nobody_ranked_says_so() -> None:
    root = parse(rank_svg(["a"], [RankSeries("X", (None,))], title="t", empty="无排名"))
    assert "无排名" in drawn_text(root) and not rank_series(root)


def test_rank_chart_says_each_rank_in_the_page_language() -> None:
    root = parse(rank_svg(["May"], [RankSeries("{Town}", (2,))], title="t",
                          rank_format="{label}: rank {rank}"))  # fmt: skip
    assert "{Town}: rank 2" in [all_text(t) for t in root.iter(f"{NS}title")]


YEAR = tuple((f"{month}月", month * 3) for month in range(1, 13))


def test_the_trend_draws_its_last_month_whole_inside_the_picture() -> None:
    root = parse(trend_svg([TrendSeries("凤桥镇", YEAR)], title="月度积分", width=640))
    labels = root.findall(f".//{NS}text[@class='trend-x']")
    assert [t.text for t in labels][-1] == "12月"
    width = float((root.get("viewBox") or "").split()[2])
    for label in labels:
        half = text_width(label.text or "", float(label.get("font-size") or 0)) / 2
        assert half <= float(label.get("x") or 0) and float(label.get("x") or 0) + half <= width


def test_the_trend_names_its_values_along_the_y_axis() -> None:
    root = parse(trend_svg([TrendSeries("凤桥镇", YEAR)], title="月度积分", y_label="积分"))
    axis = root.find(f".//{NS}text[@class='trend-y-label']")
    assert axis is not None and axis.text == "积分"
    assert (axis.get("transform") or "").startswith("rotate(-90")
    ticks = [t for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]
    assert all(float(t.get("x") or 0) > float(axis.get("x") or 0) for t in ticks)
    assert (
        parse(trend_svg([TrendSeries("凤桥镇", YEAR)], title="t")).find(
            f".//{NS}text[@class='trend-y-label']"
        )
        is None
    )
