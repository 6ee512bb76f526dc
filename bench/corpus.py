"""A deterministic corpus of report-like Chinese text for the extraction benchmark.

Documents read like a district newspaper's pages about investment projects: a page header with
the date, a headline and a byline, paragraphs on signings, starts, production and the district's
figures, and policy filler between them. Most documents are broken into lines of 30–40
characters as a newspaper column prints them; some are in traditional characters, some use
full-width digits or half-width commas, and page furniture (扫码阅读, 下转2版) sits between lines.
Every sentence is a template written for this file; firms, places and people are invented.

    .venv/bin/python bench/corpus.py                 # print three sample documents
    .venv/bin/python bench/corpus.py --count 1 --seed 7

    from corpus import build_corpus                  # (with bench/ on sys.path)
    documents = build_corpus(10_000_000)             # ≥ 10 M characters, 2–8 KB (UTF-8) each
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

MIN_BYTES, MAX_BYTES = 2048, 8192
BODY_BUDGET = 7400  # bytes of paragraphs; header, line breaks and furniture fit in the rest
CLOSING = set("，。、；：？！”’）》,.;:)%")  # never starts a printed line
FULL_WIDTH_DIGITS = str.maketrans("0123456789.", "０１２３４５６７８９．")
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Product:
    name: str
    unit: str
    low: int
    high: int


@dataclass(frozen=True)
class Script:
    """The words and sentence templates of one script, simplified or traditional."""

    districts: tuple[str, ...]
    places: tuple[str, ...]
    regions: tuple[str, ...]
    stems: tuple[str, ...]
    trades: tuple[str, ...]
    suffixes: tuple[str, ...]
    short_tails: tuple[str, ...]
    products: tuple[Product, ...]
    project_names: tuple[str, ...]
    chains: tuple[str, ...]
    given_names: str
    qualifiers: tuple[str, ...]
    yi: str
    wan: str
    headlines: tuple[str, ...]
    bylines: tuple[str, ...]
    openers: tuple[str, ...]
    details: tuple[str, ...]
    aggregates: tuple[str, ...]
    fillers: tuple[str, ...]
    inserts: tuple[str, ...]
    closings: tuple[str, ...]
    continued: tuple[str, str]


SIMPLIFIED = Script(
    districts=("东湖区", "临江区", "青溪区", "长屿区", "白沙区", "云岭区"),
    places=(
        "湖滨街道",
        "新港镇",
        "凤岭镇",
        "滨江经济开发区",
        "高新技术产业园区",
        "北塘街道",
        "望海镇",
        "临空经济区",
        "双桥镇",
        "南岸科创园",
    ),
    regions=("浙江", "江苏", "广东", "上海", "安徽", "山东", "福建"),
    stems=("恒拓", "华睿", "鼎新", "瑞丰", "远景", "德赛", "凯盛", "博远", "中科启明", "天衡"),
    trades=("新材料科技", "能源科技", "智能装备", "生物医药", "电子科技", "精密机械", "半导体"),
    suffixes=("有限公司", "股份有限公司", "集团有限公司"),
    short_tails=("科技", "股份", "集团", "新能源", ""),
    products=(
        Product("新型锂电池电芯", "GWh", 5, 60),
        Product("高性能纤维", "万吨", 2, 30),
        Product("碳化硅衬底", "万片", 10, 80),
        Product("工业机器人", "台", 500, 5000),
        Product("光伏组件", "GW", 2, 20),
        Product("高端轴承", "万套", 50, 900),
        Product("新能源汽车电机", "万台", 10, 120),
        Product("生物基材料", "万吨", 1, 25),
    ),
    project_names=(
        "年产{cap}{unit}{product}项目",
        "{product}生产基地项目",
        "年产{cap}{unit}{product}生产线项目",
        "{product}研发及产业化项目",
    ),
    chains=("新能源", "新材料", "集成电路", "生物医药", "智能装备", "数字经济"),
    given_names="晓明华静丽伟建军海燕文杰俊宇欣怡佳琪志远",
    qualifiers=("", "", "", "约", "超", "近", "逾"),
    yi="亿",
    wan="万",
    headlines=(
        "{short}{project}签约落户{place}",
        "{district}{quarter}{n}个重大项目集中开工",
        "跑出项目建设加速度 {place}冲刺全年目标",
        "招大引强添动能 {district}制造业投资持续走高",
        "一线直击：{place}重点项目建设见闻",
    ),
    bylines=("本报记者 {name} 通讯员 {name2}", "■记者 {name}", "{name} {name2} 文/摄"),
    openers=(
        "{date}，{firm}{project}在{place}正式签约，这个{chain}产业重大项目将落户{district}。",
        "{date}，{short}{project}签约仪式在{district}举行，项目总投资{about}"
        "{invest}，计划用地{mu}亩。",
        "在{place}的{short}{project}施工现场，多台塔吊同时作业，工人们正抓紧推进厂房主体施工。",
        "{date}，{district}{quarter}重大项目集中开工活动在{place}举行，{short}"
        "{project}作为主会场项目率先破土动工。",
        "位于{place}的{firm}{project}日前已进入试生产阶段，首批产品顺利下线。",
        "{short}{project}由{firm}投资建设，选址{place}，总投资{invest}，是今年"
        "{district}引进的单体投资最大的制造业项目。",
        "近日，{firm}与{place}管委会签订投资协议，将投资{invest}建设{project}。",
        "记者从{district}发改部门获悉，{short}{project}已于{month}月完成土地摘牌，"
        "正在办理施工许可手续。",
    ),
    details=(
        "项目总投资{about}{invest}，规划用地{mu}亩，新建厂房及配套用房{area}万平方米。",
        "项目建成后可形成年产{cap}{unit}{product}的生产能力，达产后预计年产值"
        "{about}{out}，年纳税{tax}万元。",
        "目前项目已完成总工程量的{pct}%，{building}已经结顶，计划{plan}投产。",
        "该项目一期投资{invest}，主要建设{lines}条智能化生产线，预计{plan}建成投产。",
        "“我们争取{plan}实现投产，满负荷生产后年销售收入可达{out}。”{short}项目负责人说。",
        "为保障项目顺利推进，{place}组建专班全程代办，从签约到拿地仅用了{days}天。",
        "据介绍，项目全部达产后，将新增就业岗位{jobs}个，带动上下游配套企业{n}家。",
        "截至目前，项目已累计完成投资{spent}，设备安装正有序进行。",
        "项目采用“标准地+承诺制”方式供地，亩均税收预计超过{mutax}万元。",
    ),
    aggregates=(
        "今年以来，{district}共签约项目{n}个，总投资{big}，其中10亿元以上项目{m}个。",
        "{months}，全区规上工业增加值同比增长{yoy}%，增速位列全市第{rank}位。",
        "{months}，{district}完成固定资产投资{big}，同比增长{yoy}%；其中制造业投资增长{yoy2}%。",
        "{quarter}，{district}{n}个重点项目集中开工，总投资{big}，涵盖{chain}、{chain2}等领域。",
        "全年{district}计划实施重点建设项目{n}个，截至{month}月底已开工{m}个，开工率{pct}%。",
        "{months}，{place}实现规上工业总产值{big}，同比增长{yoy}%，新增规上企业{m}家。",
        "外出招商方面，{district}主要领导带队赴{city}等地开展招商活动{n}批次，对接洽谈项目{m}个。",
    ),
    fillers=(
        "营商环境是发展的生命线。{district}持续深化“一件事”集成改革，推动企业开办、"
        "项目审批等事项网上办、就近办。",
        "围绕“链主”企业，{district}绘制产业链全景图，梳理上下游缺失环节，开展靶向招商。",
        "区里对重大项目实行“一个项目、一名领导、一个专班”推进机制，每周通报进度，"
        "每月集中会商解决难题。",
        "针对企业反映的用工、融资等问题，相关部门上门走访，现场收集诉求并限时办结。",
        "在土地要素保障上，{district}加快低效用地再开发，通过“腾笼换鸟”盘活存量工业用地{mu}亩。",
        "下一步，{district}将紧盯签约项目开工率、开工项目投产率，推动更多项目早落地、早见效。",
        "与此同时，{district}出台支持先进制造业发展的若干政策，对首次入选规上的企业"
        "给予{reward}万元奖励。",
        "服务专员定期走进车间，帮助企业申报技改补助、研发费用加计扣除等政策，让惠企资金直达快享。",
        "人才是创新的第一资源。{district}建成人才公寓{n}套，为新引进的高层次人才提供拎包入住服务。",
        "记者在采访中了解到，不少企业负责人认为，审批快、服务好是他们选择在这里投资的重要原因。",
        "该区还搭建了政银企对接平台，今年以来已帮助{n}家中小企业获得贷款{loan}。",
        "在{place}，一条集研发、中试、生产于一体的{chain}产业链正在加快成形。",
    ),
    inserts=("扫码阅读", "扫码看视频", "▲项目建设现场 {name} 摄", "3"),
    closings=("扫码阅读", "扫码看视频", "责任编辑 {name}", "本版编辑 {name} 校对 {name2}"),
    continued=("（下转{page}版）", "（上接{page0}版）"),
)

TRADITIONAL = Script(
    districts=("東湖區", "臨江區", "青溪區", "長嶼區"),
    places=("湖濱街道", "新港鎮", "鳳嶺鎮", "濱江經濟開發區", "高新技術產業園區"),
    regions=("浙江", "江蘇", "廣東", "上海", "安徽"),
    stems=("恆拓", "華睿", "鼎新", "瑞豐", "遠景", "德賽", "凱盛"),
    trades=("新材料科技", "能源科技", "智能裝備", "生物醫藥", "電子科技"),
    suffixes=("有限公司", "股份有限公司"),
    short_tails=("科技", "股份", "集團", ""),
    products=(
        Product("動力電池電芯", "GWh", 5, 60),
        Product("高性能纖維", "萬噸", 2, 30),
        Product("碳化矽襯底", "萬片", 10, 80),
        Product("工業機器人", "台", 500, 5000),
        Product("光伏組件", "GW", 2, 20),
    ),
    project_names=("年產{cap}{unit}{product}項目", "{product}生產基地項目"),
    chains=("新能源", "新材料", "集成電路", "生物醫藥"),
    given_names="曉明華靜麗偉建軍海燕文傑",
    qualifiers=("", "", "約", "超", "近", "逾"),
    yi="億",
    wan="萬",
    headlines=("{short}{project}簽約落戶{place}", "{district}重大項目建設跑出加速度"),
    bylines=("本報記者 {name}", "記者 {name} 通訊員 {name2}"),
    openers=(
        "{date}，{firm}{project}在{place}舉行簽約儀式，項目總投資{about}{invest}，規劃用地{mu}畝。",
        "位於{place}的{short}{project}目前已完成總工程量的{pct}%，預計{plan}建成投產。",
        "記者從{district}獲悉，{short}{project}已於{month}月正式投產，首批產品已交付客戶。",
    ),
    details=(
        "項目達產後可實現年產{cap}{unit}{product}，年產值{about}{out}，新增就業崗位{jobs}個。",
        "為加快項目建設進度，當地組建工作專班，協調解決用電、用水等問題{n}項。",
        "該項目一期投資{invest}，建設{lines}條自動化生產線，計劃{plan}投產。",
        "截至目前，項目已累計完成投資{spent}，廠房主體結構全部完工。",
    ),
    aggregates=(
        "今年以來，{district}共簽約項目{n}個，總投資{big}，其中億元以上項目{m}個。",
        "{months}，全區規上工業增加值同比增長{yoy}%，增速居全市第{rank}位。",
    ),
    fillers=(
        "{district}持續優化營商環境，推行項目審批「拿地即開工」，為企業節省大量時間成本。",
        "圍繞產業鏈上下游，當地精準開展以商引商，推動一批配套項目落地。",
        "服務專員定期走訪企業，幫助企業解決融資、用工等實際困難。",
    ),
    inserts=("掃碼閱讀", "▲項目建設現場 {name} 攝"),
    closings=("掃碼閱讀", "責任編輯 {name}"),
    continued=("（下轉{page}版）", "（上接{page0}版）"),
)


class _Fill(dict[str, str]):
    """Template values drawn on first use and kept, so a paragraph names one firm throughout."""

    def __init__(self, rng: random.Random, script: Script) -> None:
        super().__init__()
        self.rng, self.script = rng, script

    def __missing__(self, key: str) -> str:
        value = FIELDS[key](self.rng, self.script)
        self[key] = value
        return value


def _money(rng: random.Random, script: Script, low_wan: float, high_wan: float) -> str:
    """An amount drawn log-uniformly between two bounds in 万元, written as 亿元 or 万元."""
    wan = math.exp(rng.uniform(math.log(low_wan), math.log(high_wan)))
    if wan < 10_000:
        return f"{int(round(wan, -2))}{script.wan}元"
    yi = wan / 10_000
    digits = rng.choice((0, 1, 2)) if yi < 10 else rng.choice((0, 0, 1))
    return f"{yi:.{digits}f}{script.yi}元"


def _plan(rng: random.Random, _: Script) -> str:
    year = rng.randint(2024, 2027)
    return rng.choice(
        (
            f"{year}年{rng.randint(1, 12)}月",
            f"{year}年{rng.randint(1, 12)}月底",
            f"{year}年底",
            f"{year}年下半年",
            "今年年底",
            "明年上半年",
        )
    )


def _day(rng: random.Random, _: Script) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice(
        (f"{month}月{day}日", f"{month}月{day}日上午", "近日", "日前", "昨天上午", "昨日")
    )


def _name(rng: random.Random, script: Script) -> str:
    given = "".join(rng.sample(script.given_names, rng.choice((1, 2))))
    return rng.choice("王李张刘陈杨黄赵吴周徐孙沈朱胡") + given


def _number(low: int, high: int) -> Callable[[random.Random, Script], str]:
    return lambda rng, _: str(rng.randint(low, high))


def _percent(low: float, high: float) -> Callable[[random.Random, Script], str]:
    return lambda rng, _: f"{rng.uniform(low, high):.1f}"


def _amount(low_wan: float, high_wan: float) -> Callable[[random.Random, Script], str]:
    return lambda rng, script: _money(rng, script, low_wan, high_wan)


def _pick(attribute: str) -> Callable[[random.Random, Script], str]:
    return lambda rng, script: rng.choice(getattr(script, attribute))


FIELDS: dict[str, Callable[[random.Random, Script], str]] = {
    "district": _pick("districts"),
    "place": _pick("places"),
    "chain": _pick("chains"),
    "chain2": _pick("chains"),
    "about": _pick("qualifiers"),
    "date": _day,
    "plan": _plan,
    "name": _name,
    "name2": _name,
    "invest": _amount(3_000, 2_000_000),
    "out": _amount(5_000, 1_000_000),
    "big": _amount(100_000, 8_000_000),
    "spent": _amount(2_000, 200_000),
    "loan": _amount(5_000, 300_000),
    "mu": _number(20, 600),
    "pct": _number(15, 98),
    "n": _number(3, 60),
    "m": _number(2, 30),
    "month": _number(1, 12),
    "rank": _number(1, 9),
    "days": _number(20, 120),
    "jobs": _number(80, 3000),
    "lines": _number(2, 24),
    "tax": _number(300, 50_000),
    "mutax": _number(30, 150),
    "reward": _number(5, 50),
    "area": _percent(1, 30),
    "yoy": _percent(-3, 18),
    "yoy2": _percent(0, 25),
    "months": lambda rng, _: f"1—{rng.randint(2, 11)}月",
    "quarter": lambda rng, _: rng.choice(("一季度", "二季度", "三季度", "四季度", "上半年")),
    "city": lambda rng, _: "、".join(rng.sample(("北京", "上海", "深圳", "苏州", "合肥"), 2)),
    "building": lambda rng, _: rng.choice(("主厂房", "研发楼", "综合楼", "一号车间")),
}


def _project(rng: random.Random, script: Script) -> _Fill:
    """The values one project paragraph keeps: investor, name and figures."""
    fill = _Fill(rng, script)
    stem, product = rng.choice(script.stems), rng.choice(script.products)
    fill["firm"] = "".join(
        (rng.choice(script.regions), stem, rng.choice(script.trades), rng.choice(script.suffixes))
    )
    fill["short"] = stem + rng.choice(script.short_tails)
    fill["product"], fill["unit"] = product.name, product.unit
    fill["cap"] = str(rng.randint(product.low, product.high))
    fill["project"] = rng.choice(script.project_names).format_map(fill)
    return fill


def _paragraph(rng: random.Random, script: Script) -> str:
    kind = rng.choices(("project", "aggregate", "filler"), weights=(5, 2, 3))[0]
    if kind == "project":
        return _project_paragraph(rng, _project(rng, script))
    pool = script.aggregates if kind == "aggregate" else script.fillers
    templates = rng.sample(pool, rng.randint(1, min(3, len(pool))))
    fill = _Fill(rng, script)
    return "".join(t.format_map(fill) for t in templates)


def _project_paragraph(rng: random.Random, fill: _Fill) -> str:
    """An opening sentence on one project and one to three sentences of its figures."""
    details = fill.script.details
    templates = [rng.choice(fill.script.openers)]
    templates += rng.sample(details, rng.randint(1, min(3, len(details))))
    return "".join(t.format_map(fill) for t in templates)


@dataclass(frozen=True)
class _Layout:
    """How one document is printed."""

    width: int | None  # characters per printed line; None: one paragraph per line (web page)
    full_width_digits: bool
    half_width_commas: bool
    continued_at: int | None  # paragraph after which the article jumps to another page


def _layout(rng: random.Random, paragraphs: int) -> _Layout:
    return _Layout(
        width=rng.randint(30, 40) if rng.random() < 0.7 else None,
        full_width_digits=rng.random() < 0.15,
        half_width_commas=rng.random() < 0.25,
        continued_at=rng.randrange(1, paragraphs)
        if paragraphs > 2 and rng.random() < 0.3
        else None,
    )


def _wrap(paragraph: str, width: int) -> list[str]:
    """Lines of `width` characters; punctuation that may not open a line stays on the one before."""
    lines, start = [], 0
    while start < len(paragraph):
        end = start + width
        while end < len(paragraph) and paragraph[end] in CLOSING:
            end += 1
        lines.append(paragraph[start:end])
        start = end
    return lines


def _typeset(rng: random.Random, paragraph: str, layout: _Layout, script: Script) -> str:
    if layout.full_width_digits and rng.random() < 0.5:
        paragraph = paragraph.translate(FULL_WIDTH_DIGITS)
    if layout.half_width_commas:
        paragraph = paragraph.replace("，", ",")
    if layout.width is None:
        return "　　" + paragraph
    lines = _wrap(paragraph, layout.width)
    if len(lines) > 2 and rng.random() < 0.06:
        furniture = rng.choice(script.inserts).format_map(_Fill(rng, script))
        lines.insert(rng.randrange(1, len(lines)), furniture)
    return "\n".join(lines)


def _header(rng: random.Random, lead: _Fill, published: date) -> list[str]:
    page = rng.randint(1, 8)
    dateline = f"{published.year}年{published.month}月{published.day}日"
    return [
        f"{dateline} 星期{WEEKDAYS[published.weekday()]} 第{page}版",
        rng.choice(lead.script.headlines).format_map(lead),
        rng.choice(lead.script.bylines).format_map(lead),
    ]


def _body(rng: random.Random, lead: _Fill) -> list[str]:
    """Paragraphs until the document reaches its drawn size (2–8 KB in UTF-8 once printed);
    the first is about the project of the headline."""
    target = rng.randint(MIN_BYTES + 100, BODY_BUDGET - 200)
    paragraphs = [_project_paragraph(rng, lead)]
    size = len(paragraphs[0].encode())
    while size < target:
        paragraph = _paragraph(rng, lead.script)
        size += len(paragraph.encode())
        if size > BODY_BUDGET:
            break
        paragraphs.append(paragraph)
    return paragraphs


def _document(rng: random.Random, published: date) -> str:
    lead = _project(rng, TRADITIONAL if rng.random() < 0.2 else SIMPLIFIED)
    paragraphs = _body(rng, lead)
    layout = _layout(rng, len(paragraphs))
    blocks = _header(rng, lead, published)
    for index, paragraph in enumerate(paragraphs):
        blocks.append(_typeset(rng, paragraph, layout, lead.script))
        if index == layout.continued_at:
            page = {"page": str(rng.randint(2, 8)), "page0": "1"}
            blocks.extend(line.format_map(page) for line in lead.script.continued)
    blocks.append(rng.choice(lead.script.closings).format_map(lead))
    return ("\n\n" if layout.width else "\n").join(blocks) + "\n"


def build_corpus(size_chars: int, seed: int = 42) -> list[str]:
    """Documents of 2–8 KB (UTF-8) each, totalling at least `size_chars` characters."""
    rng = random.Random(seed)
    documents: list[str] = []
    total = 0
    published = date(2023, 1, 3)
    while total < size_chars:
        published += timedelta(days=rng.randint(0, 2))
        documents.append(_document(rng, published))
        total += len(documents[-1])
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--count", type=int, default=3, help="documents to print")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    for document in build_corpus(args.count * MAX_BYTES, seed=args.seed)[: args.count]:
        print(document, "─" * 40, sep="\n")


if __name__ == "__main__":
    main()
