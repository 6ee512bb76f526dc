"""Server-side SVG charts for pages that must work without network or JavaScript.

Every public function returns one self-contained ``<svg>`` string, meant to be put into a
Jinja2 template with ``|safe``.  All text coming from the caller (labels, captions, titles,
links) is escaped here, so the output is safe to mark as such.

The root element carries ``role="img"``; assistive technology treats its content as one
picture.  Pages that use drill-down links (``Bar.href``) should therefore also offer the same
links as ordinary HTML (for example in a table next to the chart).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

__all__ = [
    "EMPTY_MESSAGE",
    "FONT_FAMILY",
    "PALETTE",
    "Bar",
    "ProgressBar",
    "RankSeries",
    "TrendSeries",
    "bar_chart_svg",
    "format_number",
    "funnel_svg",
    "levels_svg",
    "progress_svg",
    "rank_svg",
    "text_width",
    "trend_svg",
]

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"
# Light, calm blues and teals: dark text stays readable on every one of them.
PALETTE: tuple[str, ...] = (
    "#7fb0dc",
    "#8cbfe0",
    "#86c5d8",
    "#82cbc4",
    "#93d3c6",
    "#a2c4e6",
    "#8ab8d3",
    "#a5d9d2",
)
BAR_FILL = "#3a7cbf"
TEXT_FILL = "#102a43"
MUTED_FILL = "#52606d"
EMPTY_MESSAGE = "暂无数据"
MIN_WIDTH = 200
MIN_ROW_HEIGHT = 16

_PAD = 8.0  # outer padding of the drawing
_GAP = 6.0  # space between neighbouring pieces (rows, label and bar, bar and value)
_BASE_FONT = 14.0
_WIDE_CHAR_PX = 14.0
_NARROW_CHAR_PX = 8.0
_ELLIPSIS = "…"
_FUNNEL_MIN_SHARE = 0.08  # smallest funnel step, as a share of the drawable width
_FUNNEL_MIN_PX = 24.0
_BAR_MIN_PX = 2.0
_LABEL_SHARE = 0.35  # the label column never takes more than this share of the width
_VALUE_SHARE = 0.30  # nor does the value column
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_AttrMap = Mapping[str, str | float]
_SCHEME = re.compile(r"^([^/?#]*):")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True)
class Bar:
    """One row of a chart: a funnel stage or a horizontal bar."""

    label: str
    value: float | int
    caption: str = ""
    href: str | None = None


@dataclass(frozen=True)
class _BarLayout:
    font_size: float
    label_width: float
    bar_x: float
    bar_span: float
    value_width: float


def format_number(value: float | int) -> str:
    """Format for display: ints as is, floats with at most two decimals and no trailing zeros."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def text_width(text: str, font_size: float = _BASE_FONT) -> float:
    """Estimate rendered width in px: ~14px per CJK/full-width char, ~8px per other char."""
    scale = font_size / _BASE_FONT
    return sum(_char_px(char) for char in text) * scale


def funnel_svg(
    bars: Sequence[Bar],
    *,
    title: str,
    width: int = 640,
    row_height: int = 40,
    empty: str = EMPTY_MESSAGE,
) -> str:
    """Draw a centred funnel, one trapezoid per stage, widths proportional to the values;
    `empty` is what it says when there is nothing to draw."""
    _check_size(width, row_height)
    rows = tuple(bars)
    css_class = "chart chart-funnel"
    if not rows:
        return _empty_svg(css_class, title, width, row_height, empty)
    available = width - 2 * _PAD
    minimum = max(_FUNNEL_MIN_PX, available * _FUNNEL_MIN_SHARE)
    widths = _scaled_widths(rows, available, minimum)
    steps = "".join(_funnel_step(rows, i, widths, width, row_height) for i in range(len(rows)))
    height = 2 * _PAD + len(rows) * row_height
    return _svg(css_class, title, width, height, _desc(rows) + steps)


def bar_chart_svg(
    bars: Sequence[Bar],
    *,
    title: str,
    width: int = 640,
    row_height: int = 28,
    empty: str = EMPTY_MESSAGE,
) -> str:
    """Draw horizontal bars with a label column on the left and the value at each bar's end."""
    _check_size(width, row_height)
    rows = tuple(bars)
    css_class = "chart chart-bar"
    if not rows:
        return _empty_svg(css_class, title, width, row_height, empty)
    layout = _bar_layout(rows, width, row_height)
    lengths = _scaled_widths(rows, layout.bar_span, _BAR_MIN_PX)
    body = "".join(
        _bar_row(bar, index, lengths[index], layout, row_height) for index, bar in enumerate(rows)
    )
    height = 2 * _PAD + len(rows) * row_height
    return _svg(css_class, title, width, height, _desc(rows) + body)


# --- funnel pieces ---------------------------------------------------------------------------


def _funnel_step(
    rows: Sequence[Bar], index: int, widths: Sequence[float], width: int, row_height: int
) -> str:
    bar = rows[index]
    top = _PAD + index * row_height
    bottom = top + row_height - _GAP
    is_last = index == len(rows) - 1
    bottom_width = widths[index] if is_last else min(widths[index], widths[index + 1])
    fill = PALETTE[index % len(PALETTE)]
    shape = _trapezoid(width / 2, top, bottom, widths[index], bottom_width, fill)
    room = _StepRoom(
        width / 2, (top + bottom) / 2, bottom_width, widths[index], width, bottom - top
    )
    label = _funnel_text(bar, room, row_height)
    attrs = {
        "class": "funnel-step",
        "data-label": bar.label,
        "data-value": format_number(bar.value),
    }
    return f"<g{_attrs(attrs)}>{_tooltip(bar)}{_link(bar.href, shape + label)}</g>"


def _trapezoid(
    centre: float, top: float, bottom: float, top_width: float, bottom_width: float, fill: str
) -> str:
    points = (
        (centre - top_width / 2, top),
        (centre + top_width / 2, top),
        (centre + bottom_width / 2, bottom),
        (centre - bottom_width / 2, bottom),
    )
    joined = " ".join(f"{_px(x)},{_px(y)}" for x, y in points)
    return f"<polygon{_attrs({'class': 'funnel-shape', 'points': joined, 'fill': fill})}/>"


@dataclass(frozen=True)
class _StepRoom:
    """Where a step's words may go: inside its shape (as wide as its narrower edge), or on its
    right, past its wider edge, up to the drawing's edge."""

    centre: float
    middle: float
    inner: float  # the shape's narrower (bottom) edge
    outer: float  # its wider (top) edge
    width: int  # the drawing's width

    height: float  # from the top edge to the bottom edge

    def width_at(self, below_middle: float) -> float:
        """The shape's width that far below the middle (where the words' lower edge is)."""
        share = min(1.0, (self.height / 2 + below_middle) / self.height)
        return self.outer + (self.inner - self.outer) * share

    @property
    def beside(self) -> float:
        """Where words beside the shape begin: right of its wider edge."""
        return self.centre + self.outer / 2 + _GAP


def _funnel_text(bar: Bar, room: _StepRoom, row_height: int) -> str:
    """The stage, its value and the caption: centred on the step when they fit inside it, else
    beside it on the right (the caption shortened to the drawing's edge), never across an edge."""
    font = _font_size(row_height)
    value = format_number(bar.value)
    used = text_width(bar.label, font) + text_width(value, font) + 2 * _GAP
    inside = room.width_at(font / 2) - 2 * _GAP
    whole = used + text_width(bar.caption, font)
    if whole <= inside:
        x, anchor, caption = room.centre, "middle", bar.caption
    else:
        x, anchor = room.beside, "start"
        caption = _fit_text(bar.caption, room.width - _PAD - room.beside - used, font)
    spans = _span(bar.label, {"font-weight": "600"}) + _span(value, {"dx": _GAP})
    if caption:
        spans += _span(caption, {"dx": _GAP})
    attrs: _AttrMap = {"x": x, "y": room.middle, "dy": "0.35em", "font-size": font}
    paint: _AttrMap = {"text-anchor": anchor, "fill": TEXT_FILL}
    return f"<text{_attrs({**attrs, **paint})}>{spans}</text>"


# --- bar chart pieces ------------------------------------------------------------------------


def _bar_layout(rows: Sequence[Bar], width: int, row_height: int) -> _BarLayout:
    font = _font_size(row_height)
    widest_label = max(text_width(bar.label, font) for bar in rows)
    widest_value = max(_value_width(bar, font) for bar in rows)
    label_width = min(widest_label, width * _LABEL_SHARE)
    value_width = min(widest_value, width * _VALUE_SHARE)
    bar_x = _PAD + label_width + _GAP
    bar_span = width - bar_x - _GAP - value_width - _PAD
    return _BarLayout(font, label_width, bar_x, bar_span, value_width)


def _bar_row(bar: Bar, index: int, length: float, layout: _BarLayout, row_height: int) -> str:
    top = _PAD + index * row_height
    middle = top + row_height / 2
    bar_height = row_height * 0.6
    label = _fit_text(bar.label, layout.label_width, layout.font_size)
    label_attrs: _AttrMap = {
        "class": "bar-label",
        "x": layout.bar_x - _GAP,
        "y": middle,
        "dy": "0.35em",
    }
    label_svg = f"<text{_attrs({**label_attrs, 'text-anchor': 'end'})}>{_text(label)}</text>"
    rect_attrs: _AttrMap = {"class": "bar", "x": layout.bar_x, "y": middle - bar_height / 2}
    rect_size: _AttrMap = {"width": length, "height": bar_height, "rx": 2, "fill": BAR_FILL}
    rect_svg = f"<rect{_attrs({**rect_attrs, **rect_size})}/>"
    value_svg = _bar_value(bar, layout.bar_x + length + _GAP, middle, layout)
    content = _link(bar.href, label_svg + rect_svg + value_svg)
    return f'<g class="bar-row">{_tooltip(bar)}{content}</g>'


def _bar_value(bar: Bar, x: float, middle: float, layout: _BarLayout) -> str:
    value = format_number(bar.value)
    room = layout.value_width - text_width(value, layout.font_size) - _GAP
    caption = _fit_text(bar.caption, room, layout.font_size)
    spans = _span(value, {"font-weight": "600", "fill": TEXT_FILL})
    if caption:
        spans += _span(caption, {"dx": _GAP, "fill": MUTED_FILL})
    attrs: _AttrMap = {
        "class": "bar-value",
        "x": x,
        "y": middle,
        "dy": "0.35em",
        "text-anchor": "start",
    }
    return f"<text{_attrs(attrs)}>{spans}</text>"


def _value_width(bar: Bar, font: float) -> float:
    width = text_width(format_number(bar.value), font)
    return width + _GAP + text_width(bar.caption, font) if bar.caption else width


# --- shared helpers --------------------------------------------------------------------------


def _svg(css_class: str, title: str, width: int, height: float, body: str) -> str:
    attrs: _AttrMap = {
        "xmlns": SVG_NS,
        "viewBox": f"0 0 {width} {_px(height)}",
        "width": "100%",
        "preserveAspectRatio": "xMidYMid meet",
        "role": "img",
        "aria-label": title,
        "class": css_class,
        "font-family": FONT_FAMILY,
        "font-size": _BASE_FONT,
        "fill": TEXT_FILL,
    }
    return f"<svg{_attrs(attrs)}><title>{_text(title)}</title>{body}</svg>"


def _empty_svg(css_class: str, title: str, width: int, row_height: int, empty: str) -> str:
    height = max(3.0 * row_height, 96.0)
    attrs: _AttrMap = {"class": "chart-empty", "x": width / 2, "y": height / 2, "dy": "0.35em"}
    extra: _AttrMap = {"text-anchor": "middle", "fill": MUTED_FILL}
    message = f"<text{_attrs({**attrs, **extra})}>{_text(empty)}</text>"
    return _svg(css_class, title, width, height, message)


def _check_size(width: int, row_height: int) -> None:
    if width < MIN_WIDTH:
        raise ValueError(f"width must be at least {MIN_WIDTH}, got {width}")
    if row_height < MIN_ROW_HEIGHT:
        raise ValueError(f"row_height must be at least {MIN_ROW_HEIGHT}, got {row_height}")


def _scaled_widths(rows: Sequence[Bar], available: float, minimum: float) -> list[float]:
    magnitudes = [_magnitude(bar.value) for bar in rows]
    peak = max(magnitudes, default=0.0)
    if peak <= 0:
        return [minimum] * len(rows)
    return [max(minimum, available * magnitude / peak) for magnitude in magnitudes]


def _magnitude(value: float | int) -> float:
    number = float(value)
    return number if math.isfinite(number) and number > 0 else 0.0


def _font_size(row_height: int) -> float:
    return float(int(min(_BASE_FONT, row_height * 0.6)))


def _char_px(char: str) -> float:
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    return _WIDE_CHAR_PX if wide else _NARROW_CHAR_PX


def _fit_text(text: str, max_px: float, font_size: float) -> str:
    if text_width(text, font_size) <= max_px:
        return text
    budget = max_px - text_width(_ELLIPSIS, font_size)
    if budget <= 0:
        return ""
    kept: list[str] = []
    used = 0.0
    for char in text:
        used += text_width(char, font_size)
        if used > budget:
            break
        kept.append(char)
    return "".join(kept) + _ELLIPSIS


def _summary(bar: Bar) -> str:
    text = f"{bar.label}：{format_number(bar.value)}"
    return f"{text}，{bar.caption}" if bar.caption else text


def _tooltip(bar: Bar) -> str:
    return f"<title>{_text(_summary(bar))}</title>"


def _desc(rows: Sequence[Bar]) -> str:
    return f"<desc>{_text('；'.join(_summary(bar) for bar in rows))}</desc>"


def _link(href: str | None, content: str) -> str:
    target = _safe_href(href)
    if target is None:
        return content
    return f'<a href="{_attr(target)}">{content}</a>'


def _safe_href(href: str | None) -> str | None:
    """Keep relative links and http(s)/mailto ones; drop ``javascript:`` and other schemes."""
    if href is None:
        return None
    cleaned = _clean(href).strip()
    scheme = _SCHEME.match(_CONTROL_OR_SPACE.sub("", cleaned))
    if not cleaned or (scheme is not None and scheme.group(1).lower() not in _SAFE_SCHEMES):
        return None
    return cleaned


def _span(text: str, attrs: _AttrMap) -> str:
    return f"<tspan{_attrs(attrs)}>{_text(text)}</tspan>"


def _attrs(attrs: _AttrMap) -> str:
    return "".join(f' {name}="{_attr(_attr_value(value))}"' for name, value in attrs.items())


def _attr_value(value: str | float) -> str:
    return value if isinstance(value, str) else _px(value)


def _attr(value: str) -> str:
    return escape(_clean(value), {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _text(value: str) -> str:
    return escape(_clean(value))


def _clean(value: str) -> str:
    """Remove characters that XML 1.0 forbids (e.g. stray control chars pasted from Excel)."""
    return _INVALID_XML.sub("", str(value))


def _px(number: float) -> str:
    text = f"{number:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- trend lines -----------------------------------------------------------------------------

TREND_COLOURS: tuple[str, ...] = ("#1f5f99", "#b3261e", "#2f855a", "#c05621", "#6b46c1")
_TREND_LEGEND_ROW = 20.0
_TREND_AXIS_ROW = 22.0
_TREND_AXIS_FONT = _BASE_FONT - 2


@dataclass(frozen=True)
class TrendSeries:
    """One line of a trend chart: a name and its (x label, value) points, left to right."""

    label: str
    points: tuple[tuple[str, float | int], ...]


def trend_svg(
    series: Sequence[TrendSeries],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    empty: str = EMPTY_MESSAGE,
    y_label: str | None = None,
) -> str:
    """Draw one line per series over shared x labels (months …), a legend above, 0 at the bottom,
    and `y_label` (what the values are, e.g. 积分) upright along the y axis.

    The x labels come from the longest series; a shorter series stops early. The plot stops
    half a label short of the right edge, so the last label (12月) is drawn whole."""
    _check_size(width, MIN_ROW_HEIGHT)
    lines = tuple(s for s in series if s.points)
    css_class = "chart chart-trend"
    if not lines:
        return _empty_svg(css_class, title, width, MIN_ROW_HEIGHT * 3, empty)
    labels = [x for x, _ in max(lines, key=lambda s: len(s.points)).points]
    peak = max(_magnitude(value) for line in lines for _, value in line.points) or 1.0
    top = _PAD + _TREND_LEGEND_ROW * len(lines) + _GAP
    bottom = max(top + 2 * MIN_ROW_HEIGHT, height - _PAD - _TREND_AXIS_ROW)
    axis_title = (_TREND_AXIS_FONT + _GAP) if y_label else 0.0
    left = _PAD + axis_title + text_width(format_number(peak)) + _GAP
    right = width - _PAD - text_width(labels[-1], _TREND_AXIS_FONT) / 2
    frame = _TrendFrame(left, right, top, bottom)
    body = _trend_axes(frame, labels, peak)
    if y_label:
        body += _trend_y_label(y_label, frame)
    body += "".join(_trend_line(line, i, frame, len(labels), peak) for i, line in enumerate(lines))
    body += "".join(_trend_legend(line, i) for i, line in enumerate(lines))
    return _svg(css_class, title, width, bottom + _TREND_AXIS_ROW + _PAD, _trend_desc(lines) + body)


def _trend_desc(lines: Sequence[TrendSeries]) -> str:
    said = (
        f"{s.label}：" + "，".join(f"{x} {format_number(v)}" for x, v in s.points) for s in lines
    )
    return f"<desc>{_text('；'.join(said))}</desc>"


@dataclass(frozen=True)
class _TrendFrame:
    left: float
    right: float
    top: float
    bottom: float

    def x(self, index: int, count: int) -> float:
        if count <= 1:
            return (self.left + self.right) / 2
        return self.left + (self.right - self.left) * index / (count - 1)

    def y(self, value: float | int, peak: float) -> float:
        return self.bottom - (self.bottom - self.top) * _magnitude(value) / peak


def _trend_axes(frame: _TrendFrame, labels: Sequence[str], peak: float) -> str:
    base: _AttrMap = {"x1": frame.left, "x2": frame.right, "stroke": "#d9e2ec"}
    lines = f"<line{_attrs({**base, 'y1': frame.bottom, 'y2': frame.bottom})}/>"
    lines += f"<line{_attrs({**base, 'y1': frame.top, 'y2': frame.top})}/>"
    ticks = ((peak, frame.top), (0, frame.bottom))
    for value, y in ticks:
        attrs: _AttrMap = {"x": frame.left - _GAP, "y": y, "dy": "0.35em", "text-anchor": "end"}
        lines += (
            f"<text{_attrs({**attrs, 'fill': MUTED_FILL})}>{_text(format_number(value))}</text>"
        )
    room = (frame.right - frame.left) / max(1, len(labels) - 1) if len(labels) > 1 else frame.right
    for index, label in enumerate(labels):
        x = frame.x(index, len(labels))
        attrs = {"class": "trend-x", "x": x, "y": frame.bottom + _TREND_AXIS_ROW - 4}
        text = _text(_fit_text(label, max(room, 2 * _WIDE_CHAR_PX), _TREND_AXIS_FONT))
        paint: _AttrMap = {
            "text-anchor": "middle",
            "font-size": _TREND_AXIS_FONT,
            "fill": MUTED_FILL,
        }
        lines += f"<text{_attrs({**attrs, **paint})}>{text}</text>"
    return lines


def _trend_y_label(label: str, frame: _TrendFrame) -> str:
    """What the values are, written upwards at the left edge, centred on the plot's height."""
    x, y = _PAD + _TREND_AXIS_FONT / 2, (frame.top + frame.bottom) / 2
    text = _fit_text(label, frame.bottom - frame.top, _TREND_AXIS_FONT)
    attrs: _AttrMap = {
        "class": "trend-y-label",
        "x": x,
        "y": y,
        "dy": "0.35em",
        "text-anchor": "middle",
        "font-size": _TREND_AXIS_FONT,
        "fill": MUTED_FILL,
        "transform": f"rotate(-90 {_px(x)} {_px(y)})",
    }
    return f"<text{_attrs(attrs)}>{_text(text)}</text>"


def _trend_line(line: TrendSeries, index: int, frame: _TrendFrame, count: int, peak: float) -> str:
    colour = TREND_COLOURS[index % len(TREND_COLOURS)]
    spots = [(frame.x(i, count), frame.y(v, peak), x, v) for i, (x, v) in enumerate(line.points)]
    joined = " ".join(f"{_px(x)},{_px(y)}" for x, y, _, _ in spots)
    path: _AttrMap = {"class": "trend-line", "points": joined, "fill": "none", "stroke": colour}
    dots = "".join(
        f"<circle{_attrs({'cx': x, 'cy': y, 'r': 3, 'fill': colour})}>"
        f"<title>{_text(f'{line.label} {label}：{format_number(value)}')}</title></circle>"
        for x, y, label, value in spots
    )
    attrs = {"class": "trend-series", "data-label": line.label}
    values = ",".join(format_number(v) for _, v in line.points)
    polyline = f"<polyline{_attrs({**path, 'stroke-width': 2})}/>"
    return f"<g{_attrs({**attrs, 'data-values': values})}>{polyline}{dots}</g>"


def _trend_legend(line: TrendSeries, index: int) -> str:
    colour = TREND_COLOURS[index % len(TREND_COLOURS)]
    y = _PAD + index * _TREND_LEGEND_ROW + _TREND_LEGEND_ROW / 2
    swatch: _AttrMap = {"x": _PAD, "y": y - 5, "width": 14, "height": 10, "fill": colour}
    text: _AttrMap = {"class": "trend-legend", "x": _PAD + 14 + _GAP, "y": y, "dy": "0.35em"}
    return f"<rect{_attrs(swatch)}/><text{_attrs(text)}>{_text(line.label)}</text>"


# --- completion against a marker (序时进度) ----------------------------------------------------

TONE_FILLS: Mapping[str, str] = {"green": "#2f855a", "yellow": "#d69e2e", "red": "#c53030"}
MARKER_STROKE = "#102a43"
_PROGRESS_CAP = 2.0  # bars stop at 200%; the value printed says how far beyond
_MARKER_ROW = 22.0


@dataclass(frozen=True)
class ProgressBar:
    """One unit's share done (0.68 = 68%); `tone` green / yellow / red colours the bar."""

    label: str
    share: float
    caption: str = ""
    tone: str = ""
    href: str | None = None


def progress_svg(
    bars: Sequence[ProgressBar],
    *,
    marker: float,
    marker_label: str,
    title: str,
    width: int = 640,
    row_height: int = 28,
    empty: str = EMPTY_MESSAGE,
) -> str:
    """Horizontal bars of shares done, on a 0–100% scale (wider when a bar or the marker goes
    beyond, up to 200%), with a dashed vertical line at `marker` (序时进度) labelled on top."""
    _check_size(width, row_height)
    rows = tuple(bars)
    css_class = "chart chart-progress"
    if not rows:
        return _empty_svg(css_class, title, width, row_height, empty)
    as_bars = [Bar(r.label, _share_value(r.share), r.caption) for r in rows]
    layout = _bar_layout(
        [Bar(b.label, b.value, f"%{b.caption}") for b in as_bars], width, row_height
    )
    scale = min(_PROGRESS_CAP, max(1.0, _magnitude(marker), *(_magnitude(r.share) for r in rows)))
    top = _PAD + _MARKER_ROW
    body = "".join(
        _progress_row(bar, as_bars[i], top + i * row_height, layout, row_height, scale)
        for i, bar in enumerate(rows)
    )
    bottom = top + len(rows) * row_height
    body += _progress_marker(marker, marker_label, layout, top, bottom, scale)
    desc = f"<desc>{_text(marker_label + '；' + '；'.join(_summary(b) for b in as_bars))}</desc>"
    return _svg(css_class, title, width, bottom + _PAD, desc + body)


def _share_value(share: float) -> float:
    """68.0 for 0.68: the percent a bar's value column prints."""
    return round(float(share) * 100, 2) if math.isfinite(float(share)) else math.nan


def _progress_x(share: float, layout: _BarLayout, scale: float) -> float:
    return layout.bar_x + layout.bar_span * min(_magnitude(share), scale) / scale


def _progress_row(
    row: ProgressBar, bar: Bar, top: float, layout: _BarLayout, row_height: int, scale: float
) -> str:
    middle = top + row_height / 2
    bar_height = row_height * 0.6
    length = max(_BAR_MIN_PX, _progress_x(row.share, layout, scale) - layout.bar_x)
    label = _fit_text(row.label, layout.label_width, layout.font_size)
    label_attrs: _AttrMap = {"class": "bar-label", "x": layout.bar_x - _GAP, "y": middle}
    label_svg = (
        f"<text{_attrs({**label_attrs, 'dy': '0.35em', 'text-anchor': 'end'})}>"
        f"{_text(label)}</text>"
    )
    fill = TONE_FILLS.get(row.tone, BAR_FILL)
    rect: _AttrMap = {"class": "bar", "x": layout.bar_x, "y": middle - bar_height / 2}
    size: _AttrMap = {"width": length, "height": bar_height, "rx": 2, "fill": fill}
    value_svg = _progress_value(bar, layout.bar_x + length + _GAP, middle, layout.font_size)
    content = _link(row.href, label_svg + f"<rect{_attrs({**rect, **size})}/>" + value_svg)
    attrs = {"class": "progress-row", "data-label": row.label, "data-value": _px(bar.value)}
    return f"<g{_attrs(attrs)}>{_tooltip(bar)}{content}</g>"


def _progress_value(bar: Bar, x: float, middle: float, font_size: float) -> str:
    spans = _span(f"{format_number(bar.value)}%", {"font-weight": "600", "fill": TEXT_FILL})
    if bar.caption:
        spans += _span(bar.caption, {"dx": _GAP, "fill": MUTED_FILL})
    attrs: _AttrMap = {"class": "bar-value", "x": x, "y": middle, "dy": "0.35em"}
    return f"<text{_attrs({**attrs, 'font-size': font_size})}>{spans}</text>"


def _progress_marker(
    marker: float, label: str, layout: _BarLayout, top: float, bottom: float, scale: float
) -> str:
    x = _progress_x(marker, layout, scale)
    line: _AttrMap = {"class": "progress-marker", "x1": x, "x2": x, "y1": top - 4, "y2": bottom}
    paint: _AttrMap = {"stroke": MARKER_STROKE, "stroke-width": 2, "stroke-dasharray": "5 3"}
    anchor = "end" if x > layout.bar_x + layout.bar_span / 2 else "start"
    text: _AttrMap = {"class": "progress-marker-label", "x": x, "y": top - 8}
    extra: _AttrMap = {"text-anchor": anchor, "font-size": _BASE_FONT - 2, "fill": MARKER_STROKE}
    return (
        f"<line{_attrs({**line, **paint})}/><text{_attrs({**text, **extra})}>{_text(label)}</text>"
    )


# --- rank over periods (bump chart) ----------------------------------------------------------

RANK_COLOURS: tuple[str, ...] = (
    *TREND_COLOURS,
    "#2c7a7b",
    "#97266d",
    "#744210",
    "#2b6cb0",
    "#4a5568",
)
_RANK_ROW = 24.0
_LEGEND_ROW = 20.0
_SWATCH = 14.0


@dataclass(frozen=True)
class RankSeries:
    """One unit's rank in each period (None: not ranked then), oldest first."""

    label: str
    ranks: tuple[int | None, ...]


def rank_svg(
    periods: Sequence[str],
    series: Sequence[RankSeries],
    *,
    title: str,
    width: int = 640,
    empty: str = EMPTY_MESSAGE,
    rank_format: str = "{label}：第 {rank} 名",
) -> str:
    """A bump chart: one line per unit through its rank in each period, rank 1 on top; a line
    breaks where the unit was not ranked. A legend of the units sits above the chart."""
    _check_size(width, MIN_ROW_HEIGHT)
    lines = tuple(s for s in series if any(r is not None for r in s.ranks))
    css_class = "chart chart-rank"
    if not periods or not lines:
        return _empty_svg(css_class, title, width, MIN_ROW_HEIGHT * 3, empty)
    lowest = max(r for s in lines for r in s.ranks if r is not None)
    legend, legend_height = _rank_legend(lines, width)
    top = _PAD + legend_height + _GAP
    edge = text_width(periods[-1], _BASE_FONT - 2) / 2
    left = max(_PAD + text_width(str(lowest)) + _GAP, _PAD + text_width(periods[0], 12) / 2)
    bottom = top + max(1, lowest - 1) * _RANK_ROW
    frame = _TrendFrame(left, width - _PAD - max(_GAP, edge), top, bottom)
    body = _rank_axes(frame, periods, lowest)
    body += "".join(
        _rank_line(line, i, frame, (len(periods), lowest), rank_format)
        for i, line in enumerate(lines)
    )
    height = frame.bottom + _TREND_AXIS_ROW + _PAD
    return _svg(css_class, title, width, height, _rank_desc(periods, lines) + body + legend)


def _rank_y(frame: _TrendFrame, rank: int, lowest: int) -> float:
    if lowest <= 1:
        return frame.top
    return frame.top + (frame.bottom - frame.top) * (rank - 1) / (lowest - 1)


def _rank_desc(periods: Sequence[str], lines: Sequence[RankSeries]) -> str:
    said = (
        f"{s.label}："
        + "，".join(
            f"{p} {'—' if r is None else r}" for p, r in zip(periods, s.ranks, strict=False)
        )
        for s in lines
    )
    return f"<desc>{_text('；'.join(said))}</desc>"


def _rank_axes(frame: _TrendFrame, periods: Sequence[str], lowest: int) -> str:
    out = ""
    for rank in range(1, lowest + 1):
        y = _rank_y(frame, rank, lowest)
        grid: _AttrMap = {"x1": frame.left, "x2": frame.right, "y1": y, "y2": y}
        out += f"<line{_attrs({**grid, 'stroke': '#eef2f6'})}/>"
        tick: _AttrMap = {"x": frame.left - _GAP, "y": y, "dy": "0.35em", "text-anchor": "end"}
        out += f"<text{_attrs({**tick, 'fill': MUTED_FILL})}>{rank}</text>"
    count = len(periods)
    room = (frame.right - frame.left) / max(1, count - 1) if count > 1 else frame.right
    for index, label in enumerate(periods):
        x, y = frame.x(index, count), frame.bottom + _TREND_AXIS_ROW - 4
        attrs: _AttrMap = {"class": "rank-x", "x": x, "y": y, "text-anchor": "middle"}
        text = _text(_fit_text(label, max(room, 2 * _WIDE_CHAR_PX), _BASE_FONT - 2))
        paint: _AttrMap = {"font-size": _BASE_FONT - 2, "fill": MUTED_FILL}
        out += f"<text{_attrs({**attrs, **paint})}>{text}</text>"
    return out


def _rank_line(
    line: RankSeries, index: int, frame: _TrendFrame, size: tuple[int, int], rank_format: str
) -> str:
    count, lowest = size
    colour = RANK_COLOURS[index % len(RANK_COLOURS)]
    spots = [
        (frame.x(i, count), _rank_y(frame, rank, lowest), rank)
        for i, rank in enumerate(line.ranks[:count])
        if rank is not None
    ]
    runs = _runs(line.ranks[:count])
    paths = "".join(
        f"<polyline{_attrs(_rank_path(run, frame, count, lowest, colour))}/>"
        for run in runs
        if len(run) > 1
    )
    dots = "".join(
        f"<circle{_attrs({'cx': x, 'cy': y, 'r': 4, 'fill': colour})}>"
        f"<title>{_text(rank_format.format(label=line.label, rank=rank))}</title></circle>"
        for x, y, rank in spots
    )
    values = ",".join("" if r is None else str(r) for r in line.ranks[:count])
    attrs = {"class": "rank-series", "data-label": line.label, "data-ranks": values}
    return f"<g{_attrs(attrs)}>{paths}{dots}</g>"


def _runs(ranks: Sequence[int | None]) -> list[list[tuple[int, int]]]:
    """Consecutive (index, rank) stretches without a gap."""
    runs: list[list[tuple[int, int]]] = [[]]
    for index, rank in enumerate(ranks):
        if rank is None:
            runs.append([])
        else:
            runs[-1].append((index, rank))
    return [run for run in runs if run]


def _rank_path(
    run: Sequence[tuple[int, int]], frame: _TrendFrame, count: int, lowest: int, colour: str
) -> _AttrMap:
    points = " ".join(f"{_px(frame.x(i, count))},{_px(_rank_y(frame, r, lowest))}" for i, r in run)
    return {"class": "rank-line", "points": points, "fill": "none", "stroke": colour,
            "stroke-width": 2.5}  # fmt: skip


def _rank_legend(lines: Sequence[RankSeries], width: int) -> tuple[str, float]:
    """Legend entries flowing left to right, wrapping at the width; returns it and its height."""
    out, x, row = "", _PAD, 0
    for index, line in enumerate(lines):
        label = _fit_text(line.label, width - 2 * _PAD - _SWATCH - _GAP, _BASE_FONT)
        entry = _SWATCH + _GAP + text_width(label) + 2 * _GAP
        if x > _PAD and x + entry > width - _PAD:
            x, row = _PAD, row + 1
        y = _PAD + row * _LEGEND_ROW + _LEGEND_ROW / 2
        colour = RANK_COLOURS[index % len(RANK_COLOURS)]
        swatch: _AttrMap = {"x": x, "y": y - 5, "width": _SWATCH, "height": 10, "fill": colour}
        text: _AttrMap = {"class": "rank-legend", "x": x + _SWATCH + _GAP, "y": y, "dy": "0.35em"}
        out += f"<rect{_attrs(swatch)}/><text{_attrs(text)}>{_text(label)}</text>"
        x += entry
    return out, (row + 1) * _LEGEND_ROW


# --- a level over periods (a class A/B/C/D each year) ----------------------------------------

LEVEL_FILL = "#1f5f99"


def levels_svg(
    periods: Sequence[str],
    levels: Sequence[str],
    values: Sequence[str | None],
    *,
    title: str,
    width: int = 640,
    empty: str = EMPTY_MESSAGE,
) -> str:
    """A step of named levels, best on top (A, B, C, D …), one point per period; a value that
    is no level (not evaluated, 不定等级) breaks the line and is written under its period."""
    _check_size(width, MIN_ROW_HEIGHT)
    css_class = "chart chart-levels"
    if not periods or not levels or all(v is None for v in values):
        return _empty_svg(css_class, title, width, MIN_ROW_HEIGHT * 3, empty)
    left = _PAD + max(text_width(level) for level in levels) + _GAP
    edge = max(_GAP, text_width(periods[-1], _BASE_FONT - 2) / 2)
    top = _PAD + _GAP
    frame = _TrendFrame(left, width - _PAD - edge, top, top + max(1, len(levels) - 1) * _RANK_ROW)
    lowest = len(levels)
    ranks = tuple(levels.index(v) + 1 if v in levels else None for v in values[: len(periods)])
    body = "".join(_level_axis(frame, level, i + 1, lowest) for i, level in enumerate(levels))
    body += _rank_axes_x(frame, periods)
    runs = _runs(ranks)
    body += "".join(
        f"<polyline{_attrs(_rank_path(run, frame, len(periods), lowest, LEVEL_FILL))}/>"
        for run in runs
        if len(run) > 1
    )
    for index, (period, value) in enumerate(zip(periods, values, strict=False)):
        x = frame.x(index, len(periods))
        if value in levels:
            y = _rank_y(frame, levels.index(value) + 1, lowest)
            dot: _AttrMap = {"class": "level-dot", "cx": x, "cy": y, "r": 5, "fill": LEVEL_FILL}
            body += f"<circle{_attrs(dot)}><title>{_text(f'{period}：{value}')}</title></circle>"
        elif value:
            note: _AttrMap = {
                "class": "level-other",
                "x": x,
                "y": frame.bottom + 2 * _TREND_AXIS_ROW - 4,
            }
            paint: _AttrMap = {
                "text-anchor": "middle",
                "font-size": _BASE_FONT - 2,
                "fill": MUTED_FILL,
            }
            body += f"<text{_attrs({**note, **paint})}>{_text(value)}</text>"
    said = "，".join(f"{p} {v or '—'}" for p, v in zip(periods, values, strict=False))
    desc = f"<desc>{_text(said)}</desc>"
    height = frame.bottom + 2 * _TREND_AXIS_ROW + _PAD
    attrs = (
        f"<g{_attrs({'class': 'level-series', 'data-values': ','.join(v or '' for v in values)})}>"
    )
    return _svg(css_class, title, width, height, desc + body + attrs + "</g>")


def _level_axis(frame: _TrendFrame, level: str, rank: int, lowest: int) -> str:
    y = _rank_y(frame, rank, lowest)
    grid: _AttrMap = {"x1": frame.left, "x2": frame.right, "y1": y, "y2": y, "stroke": "#eef2f6"}
    tick: _AttrMap = {"x": frame.left - _GAP, "y": y, "dy": "0.35em", "text-anchor": "end"}
    return f"<line{_attrs(grid)}/><text{_attrs({**tick, 'fill': MUTED_FILL})}>{_text(level)}</text>"


def _rank_axes_x(frame: _TrendFrame, periods: Sequence[str]) -> str:
    out = ""
    count = len(periods)
    room = (frame.right - frame.left) / max(1, count - 1) if count > 1 else frame.right
    for index, label in enumerate(periods):
        x, y = frame.x(index, count), frame.bottom + _TREND_AXIS_ROW - 4
        attrs: _AttrMap = {"class": "level-x", "x": x, "y": y, "text-anchor": "middle"}
        text = _text(_fit_text(label, max(room, 2 * _WIDE_CHAR_PX), _BASE_FONT - 2))
        paint: _AttrMap = {"font-size": _BASE_FONT - 2, "fill": MUTED_FILL}
        out += f"<text{_attrs({**attrs, **paint})}>{text}</text>"
    return out
