"""An enterprise's short names as people say them: 浙江恒嘉新材料科技有限公司 is also 恒嘉新材料,
恒嘉新材 and 恒嘉. The place in front (浙江, 嘉兴, （上海）) and the legal form behind (有限公司,
股份有限公司, 集团) are dropped, then the trade words (科技, 新材料, 电子…) one by one; a trade
word may also be shortened as people do (新材料 → 新材)."""

from __future__ import annotations

import re
from collections.abc import Collection

LEGAL_FORMS = (
    "集团股份有限公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "集团",
    "公司",
)
# Words that say what a firm does, longest first; what is left in front of them is its 字号.
TRADE_WORDS = (
    "生物医药", "医疗器械", "复合材料", "电子商务", "精密轴承", "汽车电子", "汽车部件",
    "农机装备", "系统", "设计", "新材料", "新能源", "半导体", "微电子", "机器人", "无人机",
    "科技", "技术", "电子", "电气",
    "能源", "材料", "机械", "智能", "装备", "制造", "实业", "化学", "化工", "医药", "生物",
    "食品", "软件", "精工", "环保", "光电", "控股", "发展", "服务", "工业", "贸易",
)  # fmt: skip
# How a trade word is shortened in a short name (恒嘉新材料 → 恒嘉新材).
ABBREVIATIONS = {"新材料": "新材", "新能源": "新能", "复合材料": "复材", "微电子": "微电"}
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
MIN_CORE = 2
LONGEST_PLACE = 9  # 新疆维吾尔自治区


def short_names(name: str, places: Collection[str]) -> list[str]:
    """The name's short forms, longest first, without the name itself; none under two
    characters, none that is only a place or a trade word."""
    core = _strip_legal_form(_BRACKETED.sub("", name.strip()))
    core = _strip_places(core, places)
    found: list[str] = []
    _add(found, core, places)
    while True:
        trade = next((w for w in TRADE_WORDS if core.endswith(w) and len(core) > len(w)), None)
        if trade is None:
            break
        head = core[: -len(trade)]
        if trade in ABBREVIATIONS:
            _add(found, head + ABBREVIATIONS[trade], places)
        core = head
        _add(found, core, places)
    return [form for form in found if form != name]


def _strip_legal_form(name: str) -> str:
    for form in LEGAL_FORMS:
        if name.endswith(form) and len(name) > len(form):
            return name[: -len(form)]
    return name


def _strip_places(name: str, places: Collection[str]) -> str:
    """The name without the places it opens with (浙江, 嘉兴市…), the longest first."""
    while True:
        place = next(
            (name[:k] for k in range(LONGEST_PLACE, 1, -1) if name[:k] in places
             and len(name) - k >= MIN_CORE),
            None,
        )  # fmt: skip
        if place is None:
            return name
        name = name[len(place) :]


def _add(found: list[str], form: str, places: Collection[str]) -> None:
    if len(form) < MIN_CORE or form in found or form in places or form in TRADE_WORDS:
        return
    found.append(form)
