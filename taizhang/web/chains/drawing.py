"""A chain map drawn as inline SVG: links in three columns (上游, 中游, 下游), each a box
coloured by its gap (none, 弱链, 缺链, 断链) with its local firm count, and an arrow from each
supplier link to the link that depends on it. Drawn here, no script and no outside library."""

from __future__ import annotations

from html import escape

from taizhang.chains.engine.model import ChainView, GapKind, LinkView, Position

_COLUMN_X = {Position.UP: 20, Position.MID: 300, Position.DOWN: 580}
_BOX_W, _BOX_H, _GAP_Y, _TOP = 220, 58, 22, 40
FILL = {
    None: "#e8f5e9",
    GapKind.WEAK: "#fff4d6",
    GapKind.MISSING: "#fde2e1",
    GapKind.BROKEN: "#f8c9c6",
}
STROKE = {
    None: "#2e7d32",
    GapKind.WEAK: "#b7791f",
    GapKind.MISSING: "#c0392b",
    GapKind.BROKEN: "#8e1b10",
}


def draw_map(view: ChainView, language: str) -> str:
    places = _places(view)
    height = _TOP + max(len(c) for c in _columns(view).values()) * (_BOX_H + _GAP_Y) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 820 {height}" role="img" '
        f'class="chain-map" aria-labelledby="chain-map-title">',
        f'<title id="chain-map-title">{escape(_title(view, language))}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/>'
        "</marker></defs>",
    ]
    for position, x in _COLUMN_X.items():
        label = position.label if language != "en" else position.english
        parts.append(
            f'<text x="{x + _BOX_W / 2}" y="22" text-anchor="middle" class="col">{label}</text>'
        )
    for link in view.links:
        for supplier in link.link.depends_on:
            parts.append(_arrow(places[supplier], places[link.link.key]))
    for link in view.links:
        parts.append(_box(link, places[link.link.key], language))
    parts.append("</svg>")
    return "".join(parts)


def _title(view: ChainView, language: str) -> str:
    chain = view.chain
    return chain.title_en if language == "en" and chain.title_en else chain.title


def _columns(view: ChainView) -> dict[Position, list[LinkView]]:
    columns: dict[Position, list[LinkView]] = {p: [] for p in Position}
    for link in view.links:
        columns[link.link.position].append(link)
    return columns


def _places(view: ChainView) -> dict[str, tuple[float, float]]:
    places: dict[str, tuple[float, float]] = {}
    for position, links in _columns(view).items():
        for row, link in enumerate(links):
            places[link.link.key] = (_COLUMN_X[position], _TOP + row * (_BOX_H + _GAP_Y))
    return places


def _arrow(start: tuple[float, float], end: tuple[float, float]) -> str:
    (x1, y1), (x2, y2) = start, end
    if x1 < x2:
        a, b = (x1 + _BOX_W, y1 + _BOX_H / 2), (x2, y2 + _BOX_H / 2)
    else:  # a supplier in the same column: from its bottom to the other's top
        a, b = (x1 + _BOX_W / 2, y1 + _BOX_H), (x2 + _BOX_W / 2, y2)
    return (
        f'<line x1="{a[0]}" y1="{a[1]}" x2="{b[0]}" y2="{b[1]}" stroke="#999" '
        'stroke-width="1.4" marker-end="url(#arrow)"/>'
    )


def _box(view: LinkView, place: tuple[float, float], language: str) -> str:
    x, y = place
    kind = view.gap.kind if view.gap else None
    name = view.link.name_en if language == "en" and view.link.name_en else view.link.name
    state = "" if kind is None else kind.english if language == "en" else kind.label
    count = f"{len(view.firms)} firms" if language == "en" else f"{len(view.firms)} 家本地企业"
    label = f"{escape(name)}：{state}" if state and language != "en" else escape(name)
    title = f"{name} — {state}" if state else name
    return (
        f'<g class="link" data-link="{view.link.key}" data-gap="{kind.value if kind else "none"}">'
        f"<title>{escape(title)}</title>"
        f'<a href="#link-{view.link.key}">'
        f'<rect x="{x}" y="{y}" width="{_BOX_W}" height="{_BOX_H}" rx="8" fill="{FILL[kind]}" '
        f'stroke="{STROKE[kind]}" stroke-width="{2.5 if kind else 1.5}"/>'
        f'<text x="{x + 12}" y="{y + 24}" class="name">{label}</text>'
        f'<text x="{x + 12}" y="{y + 44}" class="count">{escape(count)}'
        f"{escape(' · ' + state) if state and language == 'en' else ''}</text>"
        "</a></g>"
    )
