"""Invented technical achievements and needs, from combinatorial vocabularies: a title is a
qualifier, a technical term of the field and a kind of result (工艺, 装置, 方法…); an abstract
is three sentences, each a template filled with the field's terms. Seeded, so a library of any
size is the same every time; the demo uses a few thousand, bench/matching_achievements.py
800,000."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from taizhang.achievements.engine.terms import TERMS_BY_FIELD
from taizhang.achievements.models import Maturity

QUALIFIERS = (
    "高性能", "低成本", "高可靠", "绿色", "连续化", "智能化", "高效", "长寿命", "轻量化", "国产化",
    "大尺寸", "高纯度", "柔性", "模块化", "一体化", "精密", "宽温域", "高安全",
)  # fmt: skip
RESULTS = (
    "制备工艺", "关键技术", "装置及方法", "系统", "成套装备", "检测方法", "改性技术", "集成技术",
    "生产线", "回收工艺", "设计方法", "控制系统",
)  # fmt: skip
SENTENCES = (
    "本成果针对{a}领域的{b}瓶颈，提出一种新的{c}路线",
    "采用{a}与{b}协同的方案，显著降低{c}成本",
    "关键指标达到国内先进水平，{a}性能提升三成以上",
    "已在{a}企业完成{b}验证，可用于{c}生产",
    "形成{a}相关专利多项，{b}工艺稳定",
    "该技术解决了{a}一致性差的问题，适合{b}规模化应用",
    "通过{a}优化，{b}良品率明显提高",
    "可与现有{a}产线兼容，改造投入小",
)
HOLDER_KINDS = (
    "大学",
    "研究院",
    "研究所",
    "新材料科技有限公司",
    "智能装备有限公司",
    "科技有限公司",
)
HOLDER_NAMES = (
    "恒嘉", "清源", "华拓", "启明", "远舟", "中科", "同创", "睿新", "嘉禾", "瑞能", "博远", "鼎盛",
    "立信", "卓越", "天工", "星河", "明德", "致远", "长风", "青禾", "南湖", "东岳", "浩川", "聚力",
)  # fmt: skip
PLACES = (
    ("330402", "浙江"),
    ("330100", "浙江"),
    ("330200", "浙江"),
    ("320100", "江苏"),
    ("310000", "上海"),
    ("430100", "湖南"),
    ("440300", "广东"),
    ("110000", "北京"),
    ("330411", "浙江"),
    ("340100", "安徽"),
)
NEED_TEMPLATES = (
    "我们在{a}环节遇到{b}问题，希望引进{c}相关技术",
    "寻求{a}方面的合作，解决{b}与{c}的难题",
    "企业计划上马{a}项目，需要{b}成熟技术和{c}工艺",
)
MATURITIES = [m.value for m in Maturity]


@dataclass(frozen=True)
class GeneratedAchievement:
    title: str
    sentences: tuple[str, ...]  # the abstract's sentences, joined with "，" and ended with "。"
    field: str
    holder: str
    maturity: str
    region_code: str

    @property
    def abstract(self) -> str:
        return "，".join(self.sentences) + "。"


def holders(count: int, rng: random.Random) -> list[str]:
    """Invented holders: a place, a trade name and a kind (浙江恒嘉新材料科技有限公司)."""
    made = []
    for n in range(count):
        trade = (
            HOLDER_NAMES[n % len(HOLDER_NAMES)]
            + HOLDER_NAMES[(n // len(HOLDER_NAMES)) % len(HOLDER_NAMES)]
        )
        kind = rng.choice(HOLDER_KINDS)
        place = rng.choice(PLACES)[1]
        made.append(f"{place}{trade}{kind}")
    return list(dict.fromkeys(made))


def sentence_pool(field: str, rng: random.Random, size: int) -> list[str]:
    terms = TERMS_BY_FIELD[field]
    return [
        rng.choice(SENTENCES).format(a=rng.choice(terms), b=rng.choice(terms), c=rng.choice(terms))
        for _ in range(size)
    ]


def achievements(
    count: int, *, seed: int = 7, holder_count: int = 1500
) -> Iterator[GeneratedAchievement]:
    rng = random.Random(seed)
    fields = list(TERMS_BY_FIELD)
    pools = {f: sentence_pool(f, rng, 600) for f in fields}
    names = holders(holder_count, rng)
    for _ in range(count):
        field = rng.choice(fields)
        terms = TERMS_BY_FIELD[field]
        title = f"{rng.choice(QUALIFIERS)}{rng.choice(terms)}{rng.choice(RESULTS)}"
        yield GeneratedAchievement(
            title=title,
            sentences=tuple(rng.sample(pools[field], 3)),
            field=field,
            holder=rng.choice(names),
            maturity=rng.choice(MATURITIES),
            region_code=rng.choice(PLACES)[0],
        )


def need_texts(count: int, *, seed: int = 11) -> Iterator[tuple[str, str]]:
    """(field, text) of invented needs."""
    rng = random.Random(seed)
    fields = list(TERMS_BY_FIELD)
    for _ in range(count):
        field = rng.choice(fields)
        terms = TERMS_BY_FIELD[field]
        template = rng.choice(NEED_TEMPLATES)
        yield field, template.format(a=rng.choice(terms), b=rng.choice(terms), c=rng.choice(terms))
