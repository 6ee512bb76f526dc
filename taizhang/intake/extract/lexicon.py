"""Word lists shared by the finders, and the left-boundary walk used for names."""

from __future__ import annotations

import re

from taizhang.intake.extract.patterns import quick

# Two-character words that start or end descriptions, never a brand's own stem.
_GENERIC_STEM_WORDS = """
    具身 人工 工业 商业 人形 新型 绿色 数字 先进 高端 未来 智慧 清洁 移动
    无人 智能 新能 储能 动力 光伏 锂电 钠电 电池 电动 汽车 低空 航空 生物
    医疗 农业 现代 国际 全球 华东 华南 华北 华中 西南 长三 国家 省级 市级
    重点 重大 综合 创新 科技 产业 高新 新材 功率 特色 工艺 整车 零部 核心
    关键 精密 一体 配套 制造 研发 生产 服务 数据 信息 网络 软件 能源 化工
    材料 电子 机械 装备 设备 通用 专用 高效 大型 超级 新兴 战略 示范 标杆
    龙头 链主 头部 总部 区域 城市 乡村 文化 旅游 健康 养老 教育 体育 环保
    节能 低碳 循环 海洋 空天 量子 芯片 集成 显示 光电 光学 新一 下一 第一
    首个 全国 全省 全市 全区 本地 本土 外资 民营 国有 企业 公司 项目 新建
    扩建 技改 改造 建设 年产 新增 实施 形成 一期 二期 三期 首期 行业 黑灯
    灯塔 该企 这家 一家 投资 计划 我们 他们 中小 大中 民生 交通 基础 公共
    人才 两化 亿元 千万 以上 各类 各大 一批 多个 其他 其它 相关 优质 新质
    未来 品牌 冷链 物流 仓储 文旅 康养 商贸 合成 中试 检测 医药 食品 精细
    城东 城西 城南 城北 城中 东部 西部 南部 北部 中部 江北 江南 河东 河西 湖东 湖西
    中外 合资 独资 纺织 食品 医药 钢铁 港资 台资 德资 日资 韩资 美资 欧资 侨资 外企
    港資 台資 德資 日資 韓資 美資 歐資 僑資 外資 合資 獨資 民營 國有
"""
GENERIC_STEMS = frozenset(_GENERIC_STEM_WORDS.split())
# Provinces and big cities that open names without being part of what is named.
PLACE_NAMES = re.compile(
    r"浙江|江苏|上海|北京|广东|安徽|山东|福建|湖北|湖南|河南|河北|四川|重庆|天津|江西|广西|云南|贵州"
    r"|陕西|山西|辽宁|吉林|黑龙|甘肃|青海|宁夏|新疆|西藏|内蒙|海南|台湾|香港|澳门|杭州|嘉兴|宁波|温州"
    r"|绍兴|湖州|金华|台州|衢州|丽水|舟山|苏州|南京|无锡|常州|深圳|广州|中国|全国|国家"
)
PLACE_END = re.compile(r"(?:省|市|区|县|镇|乡|村|街道|区域|园区|新区|高新区|开发区|社区)$")
# Words a project name is made of that say nothing specific about which project it is.
GENERIC_NAME_WORDS = re.compile(
    r"建设项目|项目|基地|工厂|产业园|工业园|科技园|智造园|创新园|生产线|中心|总部|电站|重大|重点|产业"
    r"|优质|相关|各类|各大|配套|公共|全球|国际|区域|华东|华南|生产|制造|研发|智能化|数字化|智能|示范"
    r"|黑灯|未来|灯塔|行业|综合|厂房|新建|扩建|技改|改造|建设|亿元以上|亿元|以上|企业|招商|签约|开工"
    r"|在建|续建|新开工|竣工|投产|供地|在谈|洽谈|达产|民生|基础设施|交通|工业|人才|科技|高新|创新|两化|新|大|好|该|此|这个"
    r"|这些|这|其他|其它|一批|多个|全国首个|首个|全国|全省|全市|世界级|现代化|一流|国际化|高水平"
    r"|一个|一座|工程|主体|招商引资|引资|复工|外资|内资|韩资|台资|日资|港资|美资|欧资|合作"
    r"|部分|[春夏秋冬]季|[一二三四]季度|上半年|下半年|年度|本批|首批|第[一二三四五六七八九十]批"
    r"|具体|先进制造业|制造业|现代服务业|服务业|社会民生|战略性新兴产业|新兴产业|以下|下列|上述"
    r"|[(（][一二三四五六七八九十]{1,3}[)）]|^[一二三四五六七八九十]{1,3}、|\d+个"
    r"|[“”\"、和及与的()（）]"
)
# Words at which a project name, walking left from its head word, must stop.
NAME_STOPS = re.compile(
    r"(?<!\d),|,(?!\d{3}(?!\d))|[，;；:：。!?！？“”\"《》【】]|——|—"
    r"|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日电?|\d{1,2}月(?!\d)"
    r"|\d+(?:\.\d+)?(?:万亿|亿|千万|万)?(?:元|美元|欧元|港元|日元|港币)|\d+(?:\.\d+)?亿(?=的)"
    r"|[一二三四]季度|[上下]半年|总投资|参加|出席|举行|召开|仪式|活动|现场会|大会|走进|步入|再添|又添|新添|喜添"
    r"|安装(?!公司|工程|有限)|调试|设立|新设"
    r"|建设(?!项目|基地|工程|集团|有限|股份|公司|局)"
    r"|随着|包括|推动(?!器|力)|推进(?!器|剂)|洽谈|对接|商谈|既有|也有|还有|另有|暨|(?:帮助|支持|带动|推动|指导|关心)下|入驻|进驻|坐落于|坐落|选址|引进|引入|签约|签订|签署|实施|共建|打造|开工|投产|落户|落地|参与|启动"
    r"|加快|围绕|聚焦|比如|例如|其中|位于|作为|成为|今年|去年|明年|年初|年底|目前|当前|已经|正在"
    r"|这个|这一|这些|昨天|今天|日前|近日|新签约|加码|选择|投资|计划|预计|全力|积极|通过|此次|本次"
    r"|宣布|取得|获得|一些|另一|记者"
    r"|首批|多个|各大|新建|兴建|扩建(?!项目|工程)|建成|购置|设立|成立|组建|涵盖|有序|推介|观摩|谋划|就是|确保|力争|争取"
    r"|的|在|是|为|将|把|被|对|由|从|向|以|于|已|也|还|又|该|此|这|个|等|拟|了|着|即|其(?![他它])"
)
# A list number or bullet opening a line (1．, 2、, 三、, (3), ●, ◎, ——) is no part of the name
# after it.
LIST_MARKER = re.compile(
    r"(?:\d{1,3}[．.、)）](?!\d)|[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十]{1,2}[期、])"
    r"|[(（](?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]|[①-⑳]|[●■◆▲★▪▸►○◎◇□•·\-—–\u2190-\u2bff\U0001f300-\U0001faff]+)\s*"
)
# A name cut at one of these is a reference to a known project (该项目, 此项目).
REFERENCE_WORDS = frozenset({"该", "此", "这个", "这一", "这些", "这"})


_LOOKAHEAD = 4


def cut_left(
    text: str, end: int, floor: int, stops: re.Pattern[str], max_len: int
) -> tuple[int, str | None]:
    """Where a name ending at `end` starts: after the last stop in the window, and the stop."""
    start = max(floor, end - max_len)
    word = None
    # a few characters past `end` so that the stops' lookaheads see what follows
    for match in stops.finditer(text, start, end + _LOOKAHEAD):
        if match.end() > end:
            break
        start, word = match.end(), match.group()
    return start, word


def is_brand(prefix: str) -> bool:
    """A short investor name standing before a project name: 晶科能源, 振石集团, 浙江冠宇."""
    if not 2 <= len(prefix) <= 10 or re.search(r"[\d%]", prefix):
        return False
    if prefix[:2] in GENERIC_STEMS or PLACE_END.search(prefix):
        return False
    return not is_generic_name(prefix)


def is_generic_name(name: str) -> bool:
    """True when nothing specific is left once the generic words are taken out."""
    return len(GENERIC_NAME_WORDS.sub("", name)) < 2


# Same matches, scanned faster (see patterns.quick).
NAME_STOPS, GENERIC_NAME_WORDS = quick(NAME_STOPS), quick(GENERIC_NAME_WORDS)
