"""Who invests: company names, brand prefixes of project names, and investor phrases.

- Company names end in 有限公司/股份有限公司/集团/公司…; their start is found by walking left
  to a break or a word that cannot be inside a name (的, 与, 由, 领头羊 …).
- A brand prefix (当卓科技, 克明面业, 九识智能) is a short stem plus a company-like word
  (科技, 集团, 面业, 智能 …); stems that are ordinary words (具身, 人工, 新型 …) are not brands.
- Investor phrases: 由X投资, X投资的…, X投资N亿元的….
- Builders (承建, 施工, 中建…) are never investors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taizhang.intake.extract.lexicon import (
    GENERIC_STEMS,
    LIST_MARKER,
    PLACE_END,
    PLACE_NAMES,
    cut_left,
)

_COMPANY_SUFFIX = re.compile(
    r"集团股份有限公司|股份有限公司|有限责任公司|集团有限公司|有限公司|集团公司|股份公司|株式会社"
    r"|(?<!上市)(?<![子分母总该本家司])公司"
    r"|集团(?![\u4e00-\u9fff()（）]{0,12}?(?:有限公司|股份公司|公司))"
)
_COMPANY_STOPS = re.compile(
    r"[,，;；:：。!?！？“”\"《》【】、+＋/|·•]|——|—|的|在|与|同|由|对|向|是|为|被|把|将|跟|给|及其|以及|及"
    r"|等|旗下|领头羊|龙头企业|龙头|标杆企业|企业|上市公司|携手|联合|签约|位于|其中|包括|比如|随着|目前|确保|还有|另有"
    r"|今年|去年|昨天|近日|日前|记者|通讯员|负责人|董事长|总经理|来自|走进|考察|参观|调研|入驻|落户"
    r"|引进|推动|支持|帮助|邀请|对接|没有|恐怕|要是|如果|协助|经过|通过|让|使|参加|出席|前往|走访|视察|来到|举行|召开|会见|见证|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日"
)
_COMPANY_HINT = re.compile(r"公司|集团|会社")
_SUBSIDIARY_LEAD = re.compile(r"(?:公司)?(?:另一家?|其)?(?:全资|控股)?(?:子|孙)公司")
_CONTRACTOR_BEFORE = re.compile(
    r"(?:承建|施工方|施工单位|总包|中标|监理|设计单位|代建)[^,，;；。]{0,6}$"
)
_CONTRACTOR_AFTER = re.compile(r"负责(?:施工|建设|承建|总承包|代建)|承建|施工总承包")
_STATE_OWNED = re.compile(r"国有|镇属|区属|县属|市属|街道属|村属|当地|本地|平台|园区")
_CONTRACTOR_NAME = re.compile(r"建设集团|建工|建筑|工程局|中建|中铁|中交|路桥|建设工程|工程有限")
_GENERIC_COMPANY_STEMS = {
    "上市", "该", "本", "子", "分", "母", "一家", "这家", "多家", "高科技", "科技", "平台", "国有",
    "国企", "民营", "相关", "我们", "他们", "其", "新", "大", "小", "外资", "投资", "一批", "全资",
}  # fmt: skip
_BRAND = re.compile(
    r"(?P<stem>[\u4e00-\u9fffA-Za-z]{2,4}?)(?P<word>科技|集团|股份|控股|实业|电器|电气|电子|半导体"
    r"|新能源|能源|化学|化工|新材料|新材|面业|纸业|食品|医药|药业|制药|生物|精机|重工|机械|汽车|光电|光学"
    r"|动力|智能|机器人|特钢|钢铁|纺织|环保|传媒|科工|微电子|高科"
    r"|医疗|锂电|锂能|锂业|电机|储能|磁材|精工|精密|车业|光能|光伏|硅业|铝业|铜业|乳业|茶业|农业|工业)"
)
_AFTER_AND = 4
_PLACE_BEFORE = re.compile(rf"(?:{PLACE_NAMES.pattern})$")
_INVESTOR_HINT = re.compile(r"投资|出资|投建|独资|全资")
_ROLE_HINT = re.compile(r"业主|投资方|投资主体|实施主体|建设主体|建设单位")
_INVESTOR_AT = re.compile(
    r"(?P<x>[^,，;；:：。的]{2,12}?)(?:将|拟|计划)?在[^,，;；:：。]{2,20}?(?:投资|投建)"
    r"(?:建设|兴建|新建|[^,，;；:：。]{1,12}[,，](?:建设|兴建|新建))"
)
# '华南某上市公司（澳途科技）', '锂电铜箔项目（投资方：诺川电子）': the investor in brackets.
_INVESTOR_BRACKET = re.compile(
    r"某[^,，;；:：。()（）]{0,12}?(?:企业|公司|集团|厂商|车企|药企)[(（](?P<x>[^()（）,，、]{2,12})[)）]"
    r"|[(（](?:投资方|投资主体|投资企业|建设单位|项目业主|业主单位)[:：](?P<y>[^()（）,，]{2,30})[)）]"
)
_REFERENCE = re.compile(r"(?:该|此|这家|本)(?:集团|公司|企业|厂)")
_INVESTOR_IS = re.compile(
    r"(?:投资方|投资主体|建设单位|项目业主)(?:为|是)(?P<x>[^,，;；:：。]{2,40})"
)
# 宏轮轴承为项目业主: the investor named before its role
_INVESTOR_ROLE = re.compile(
    r"(?P<x>[^,，;；:：。]{2,30}?)(?:为|是)(?:该?项目的?)?(?:业主|投资方|投资主体|实施主体|建设主体|建设单位)"
)
_INVESTOR_BY = re.compile(r"由(?P<x>[^,，;；:：。]{2,40}?)(?:投资|出资|投建|独资|全资)")
_INVESTOR_OF = re.compile(
    r"(?P<x>[^,，;；:：。的]{2,30}?)(?:将|拟|计划)?(?:投资|出资|投建)(?:建设)?"
    r"(?=的|\d|约|超|近|逾|[一二三四五六七八九十百两])"
)
_NOT_INVESTOR_END = re.compile(
    r"(?:总|计划|拟|预计|累计|完成|项目|共|合计|新增|追加|再|加码|意向|固定资产|实际|年度|将|已|还|又)$"
)
_NOT_A_NAME = re.compile(
    r"打算|准备|决定|计划|预计|初步|继续|追加|再次|加码|累计|共同|已|将|拟|意向"
)
_PLACE_BEFORE_WORDS = ("在", "于", "到", "赴")
_DESCRIPTOR = re.compile(r".*(?:领头羊|龙头企业|龙头|标杆企业|企业|上市公司|——|—)")


@dataclass(frozen=True)
class Company:
    start: int
    end: int
    name: str
    contractor: bool


@dataclass(frozen=True)
class Investor:
    start: int
    end: int
    name: str


def find_companies(text: str) -> list[Company]:
    """Company names in a sentence, builders flagged."""
    found: list[Company] = []
    if not _COMPANY_HINT.search(text):
        return found
    floor = 0
    for match in _COMPANY_SUFFIX.finditer(text):
        start, _ = cut_left(text, match.start(), floor, _COMPANY_STOPS, 30)
        start = _after_conjunction(text, start, match.start())
        start = _after_open_bracket(text, start, match.start())
        marker = LIST_MARKER.match(text, start, match.start())
        start = marker.end() if marker else start
        # 全资子公司大庆北溟生物材料有限公司, 另一全资子公司X: the subsidiary is X
        lead = _SUBSIDIARY_LEAD.match(text, start, match.start())
        start = lead.end() if lead and match.start() - lead.end() >= 2 else start
        stem = text[start : match.start()]
        floor = match.end()
        if len(stem) < 2 or stem in _GENERIC_COMPANY_STEMS or stem.endswith("家"):
            continue
        if _STATE_OWNED.search(stem) and len(stem) <= 6:
            continue
        name = text[start : match.end()]
        builder = bool(
            _CONTRACTOR_BEFORE.search(text, max(0, start - 16), start)
            or _CONTRACTOR_NAME.search(name)
            or _CONTRACTOR_AFTER.match(text, match.end())
        )
        found.append(Company(start, match.end(), name, builder))
    return found


def _after_conjunction(text: str, start: int, end: int) -> int:
    """'仪式和正壹新材料有限公司' starts after 和; '三和精机' keeps its 和 (too little after it),
    and so does a name opening with a place (北京和瑞康…)."""
    position = text.rfind("和", start, end)
    place = _PLACE_BEFORE.search(text, start, position) if position >= 0 else None
    if place is not None:  # 北京和瑞康生物…: a place opens the name, 和 is inside it
        position = text.rfind("和", start, place.start())
        return position + 1 if position >= 0 else start
    return position + 1 if position >= 0 and end - position - 1 >= _AFTER_AND else start


def _after_open_bracket(text: str, start: int, end: int) -> int:
    """'…项目（宁波甬坚紧固件有限公司，3.5亿元）' starts inside the bracket; a bracket closed
    within the name (华澜储能（光明）有限公司) is part of it."""
    opening = max(text.rfind("（", start, end), text.rfind("(", start, end))
    if opening < 0 or max(text.find("）", opening, end), text.find(")", opening, end)) >= 0:
        return start
    return opening + 1


# 台资企业晶硕光电15日宣布…, 连接器厂宏硕精密位于…: a brand opening a sentence is its subject
_SUBJECT_BRAND = re.compile(
    r"^(?:另一家|另外一家|一家)?(?:[\u4e00-\u9fffA-Za-z]{0,8}?(?:企业|台商|陆企|港企|厂商|厂))?"
)
_SUBJECT_ACTS = re.compile(r"\d|昨|今|日前|近日|宣布|公告|表示|将|在|则|位于|已|计划|拟|投资")


def brand_subject(text: str) -> Company | None:
    """A brand (晶硕光电) opening a sentence and acting, as a company of its own."""
    lead = _SUBJECT_BRAND.match(text)
    start = lead.end() if lead else 0
    brand = _BRAND.match(text, start)
    if brand is None or not _SUBJECT_ACTS.match(text, brand.end()):
        return None
    if is_generic_stem(brand.group("stem")) or PLACE_NAMES.fullmatch(brand.group("stem")):
        return None
    return Company(brand.start(), brand.end(), brand.group(), False)


def brand_prefix(name: str) -> str | None:
    """'当卓科技年产60GWh…项目' → '当卓科技'; None unless the prefix is clearly a brand."""
    match = _BRAND.match(name)
    if match is None or match.end() >= len(name) - 1:
        return None
    stem = match.group("stem")
    if is_generic_stem(stem) or PLACE_NAMES.fullmatch(stem):
        return None  # 新型电子…, 云南新能源…
    return match.group()


def is_brand_name(text: str) -> bool:
    """'诺为医疗', '精锐机器人': a whole text that is a brand (a stem and a company-like word)."""
    match = _BRAND.fullmatch(text)
    return match is not None and not is_generic_stem(match.group("stem"))


def is_generic_stem(stem: str) -> bool:
    """A stem made of ordinary words (具身, 人工, 新型 …) or ending in a place word."""
    if stem[:2] in GENERIC_STEMS or stem[-2:] in GENERIC_STEMS:
        return True
    return bool(PLACE_END.search(stem))


def find_investors(text: str) -> list[Investor]:
    """Investor phrases: 由X投资 / X投资的… / X投资N亿元的…, with X cleaned of descriptions."""
    found = bracket_investors(text)
    patterns: tuple[re.Pattern[str], ...] = (_INVESTOR_BY, _INVESTOR_OF, _INVESTOR_AT, _INVESTOR_IS)
    if not _INVESTOR_HINT.search(text):
        patterns = ()
    if _ROLE_HINT.search(text):
        patterns = (*dict.fromkeys((*patterns, _INVESTOR_IS)), _INVESTOR_ROLE)
    for pattern in patterns:
        for match in pattern.finditer(text):
            raw = match.group("x")
            if _REFERENCE.fullmatch(raw):  # 由该集团投资: the company named before
                named = find_companies(text[: match.start("x")])
                raw = named[-1].name if named else ""
            name = _investor_name(raw)
            if name is not None:
                found.append(Investor(match.start("x"), match.end(), name))
    return found


def bracket_investors(text: str) -> list[Investor]:
    """Investors named in brackets after a description or a project name."""
    if "（" not in text and "(" not in text:
        return []
    found = []
    for match in _INVESTOR_BRACKET.finditer(text):
        group = "x" if match.group("x") else "y"
        name = match.group(group).strip()
        if not is_generic_stem(name[:2]) and not _NOT_A_NAME.search(name):
            found.append(Investor(match.start(group), match.end(), name))
    return found


def _investor_name(raw: str) -> str | None:
    companies = find_companies(raw)
    if companies:
        return companies[-1].name
    start, _ = cut_left(raw, len(raw), 0, _COMPANY_STOPS, 30)
    if raw[:start].endswith(_PLACE_BEFORE_WORDS):  # 将在钦州投资: a place, not who invests
        return None
    name = _DESCRIPTOR.sub("", raw[start:])
    if not 2 <= len(name) <= 10 or _NOT_INVESTOR_END.search(name) or re.search(r"\d", name):
        return None
    if PLACE_END.search(name) or name[:2] in GENERIC_STEMS or name in _GENERIC_COMPANY_STEMS:
        return None
    if name.endswith(("公司", "企业")) or _STATE_OWNED.search(name):
        return None
    return None if _NOT_A_NAME.search(name) else name
