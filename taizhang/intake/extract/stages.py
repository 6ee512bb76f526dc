"""Stage cues (洽谈 … 达产) in a sentence, each read as reached or as a plan.

A cue is a plan when its clause says so before it (计划, 预计, 将, 力争, 有望, 争取, 早 …) or
when a date right before it lies after the document's date; `已`/`已经` just before a cue
overrides that. A cue followed by 后/时/前 is a condition ("达产后年产值…"), a negated cue
(未, 尚未 …) says nothing; both are dropped. Planned 投产 (also 投入运营/投入使用/建成运营)
with a date gives planned production: "YYYY-MM", or "YYYY" for 年底/季度/半年; so does
"2025年12月建成投产后…" when that date lies after the document's. A signing still to come
(将于本月底签约) means talks (洽谈); a ceremony still to come (签约仪式将于…举行) says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from taizhang.intake.extract.dates import find_moments, is_after, month_text, period_label
from taizhang.intake.extract.patterns import quick

STAGE_ORDER = {"洽谈": 0, "签约": 1, "供地": 2, "开工": 3, "竣工": 4, "投产": 5, "达产": 6}
_GROUPS = {
    "full": "达产",
    "production": "投产",
    "completed": "竣工",
    "construction": "开工",
    "land": "供地",
    "signed": "签约",
    "talks": "洽谈",
}
_PATTERNS = {
    "full": r"达产|满负荷(?:生产|运行|运转)|满产|达到设计(?:产能|产量|生产能力)",
    "production": (
        r"(?:建成|竣工|正式|初步|部分|全面|全部|陆续|顺利)*投产(?:运营|使用)?|试生产|试产|试运行"
        r"|试运营|(?:实现|进入|开始|正式|全面)量产|投料(?:生产|试产|试车)|开机生产|点火(?:投产|成功|运行)"
        r"|(?<=[品车机台辆批件片])(?:成功|顺利|正式)?下线|(?:成功|顺利|正式)下线|量产(?=[,，;；。!！]|$)|投入(?:运营|使用|生产)|正式运营|建成投用|建成投运|投用|投运|建成运营|正式营业|开业运营"
        r"|(?:全容量|全部|首批机组|机组)?并网(?:发电|运行)"
    ),
    "completed": r"竣工(?:验收)?|建成(?:交付)?|完工|交付使用|通过(?:竣工)?验收",
    "construction": (
        r"开工(?:建设)?|复工|(?<![电劳启])动工(?!具|资)|在建(?=项目|工程|中|的|[,，;；。]|$)|建设中|正在(?![^,，;；:：。]{0,6}?办理)[^,，;；:：。]{0,10}?(?:建设|施工)(?!许可|图|单位|方|手续)|紧张建设"
        r"|加紧建设|全速建设|全面建设|同步建设|开建|施工(?!单位|方|图|许可|企业|队|总承包|总包)"
        r"|结顶|封顶|金顶|主体(?:工程|结构)?(?:已经|已)?(?:完工|完成|竣工)|建设现场|施工现场|建设正酣"
        r"|建设阶段|施工阶段|完成(?:了)?(?:总)?(?:工程量|形象进度|工程进度)"
        r"|钢结构(?:吊装|安装)|设备(?:安装|调试)|(?:完成|进入)[^,，;；:：。]{0,4}调试"
        r"|奠基(?!石)|(?:队伍|人员|机械|设备)(?:已经?|全面){0,2}进场|动土|破土"
        r"|(?:产线|生产线|设备)(?:正在|已|已经)?[^,，;；:：。]{0,2}调试|正在调试"
        r"|完成(?:了)?厂房建设|(?:正在)?安装(?:生产线|产线)|生产线(?:正在)?安装"
    ),
    "land": (
        r"摘牌|拿地|供地|(?:取得|获得|领取|拿到)[^,，;；。]{0,6}?(?:土地|用地|不动产权|土地证)"
        r"|获批用地|竞得|土地出让|(?:完成|已)土地购置|购置土地"
    ),
    # an intent signed (签订投资意向书) is still talks; listed before 签订 so that it wins
    "talks": (
        r"推进(?:正式)?签约|签(?:订|署)(?:了)?(?:投资|合作|入驻)?意向(?:书|协议)?"
        r"|洽谈|在谈|接洽|对接|商谈"
    ),
    "signed": (
        r"签约(?:落户|落地|入驻)?|签订|签署|签下|达成[^,，;；:：。]{0,4}?协议|正式落户"
        r"|(?:落户|落地)(?!细节|事宜|问题|意向|条件|政策|手续|工作|服务)"
        r"|(?<=正式|成功)入驻"
    ),
}
_CUE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS.items()))
_CONDITION_AFTER = re.compile(
    r"(?:达产|投产|运营|投运|使用|结束|完成)?(?:后|以后|之后|时|前|以前|之前|以来)"
)
_NEGATION = re.compile(r"(?:未|尚未|没有|暂未|未能|没能|不能|无法|难以|差点|不)$")
# 计划总投资, 预计年产值, 规划用地 describe figures, not plans for a stage.
_NOT_PLAN_AFTER = r"(?!总?投资|年产值|年销售|用地|占地|面积)"
_PLAN = re.compile(
    rf"(?:计划|预计|规划|拟){_NOT_PLAN_AFTER}|将|力争|争取|有望|确保|(?<![重主需必])要|预期|目标|准备"
    r"|即将|待|期待|希望|可望|早|尽快|加快|加速|力促|保障|谋划|年内|以便|一旦|若|如果|能否|是否|想|冲刺"
    r"|下个?月|明年|后年|(?<![去前])年底"
)
_IN_PROCESS = ("办理", "申办", "报批")
# A signing still to come (将于本月底签约) says the project is in talks.
_SIGNING_PLAN = re.compile(rf"将|(?:计划|预计|拟){_NOT_PLAN_AFTER}|即将|有望|准备|力争|争取")
_DONE = re.compile(r"(?:已经|已|业已)[^,，;；:：。]{0,3}$|正在|正紧锣密鼓|正加紧")
# 签约仪式将于2月18日举行: the ceremony, and so the stage, is still to come.
_EVENT_TO_COME = re.compile(r"(?:仪式|活动|大会)[^,，;；。]{0,3}(?:将|拟|计划|即将|定于)")
_CLAUSE_REACH = 120
_LAST_BREAK = re.compile(r"[,，;；:：。!?！？][^,，;；:：。!?！？]*$")
_CLAUSE_BREAK = re.compile(r"[,，;；:：。!?！？]")
_PRODUCTION_PLANS = (
    *("投产", "投入运营", "投入使用", "建成运营", "投产运营", "试生产", "投入生产"),
    *("试产", "量产", "投用", "投运", "下线"),
)


@dataclass(frozen=True)
class StageCue:
    start: int
    end: int
    stage: str
    planned: bool
    planned_production: str | None = None
    plan_period: str | None = None  # the plan as precise as the text says it (2026-Q3)
    plan_from: int | None = None  # where the plan's date begins (2026年第三季度建成投产)


def find_stage_cues(text: str, doc_date: date | None) -> list[StageCue]:
    """Stage cues in one sentence, conditions and negations dropped."""
    cues = []
    for match in _CUE.finditer(text):
        clause = text[_clause_start(text, match.start()) : match.start()]
        if _CONDITION_AFTER.match(text, match.end()):
            dated = _dated_plan(match, clause, doc_date)
            if dated is not None:
                cues.append(dated)
            continue
        if _EVENT_TO_COME.match(text, match.end()):
            continue
        if _NEGATION.search(clause[-3:]) and not _DONE.search(clause):
            continue
        if clause.endswith(_IN_PROCESS):  # 正在办理土地出让手续: not yet
            continue
        cue = _read_cue(match, clause, doc_date)
        if cue is not None:
            cues.append(cue)
    return cues


def _read_cue(match: re.Match[str], clause: str, doc_date: date | None) -> StageCue | None:
    stage = _GROUPS[match.lastgroup or ""]
    moments = find_moments(clause, doc_date)
    future = bool(moments) and is_after(moments[-1].moment, doc_date)
    planned = not _DONE.search(clause) and (bool(_PLAN.search(clause)) or future)
    if planned and match.group().startswith("签") and _SIGNING_PLAN.search(clause):
        return StageCue(match.start(), match.end(), "洽谈", False)
    plan_text = period = plan_from = None
    if planned and stage == "投产" and _is_production_plan(match.group()) and moments:
        plan_text, period = month_text(moments[-1].moment), period_label(moments[-1].moment)
        plan_from = match.start() - len(clause) + moments[-1].start
    return StageCue(match.start(), match.end(), stage, planned, plan_text, period, plan_from)


def _dated_plan(match: re.Match[str], clause: str, doc_date: date | None) -> StageCue | None:
    """'该项目2025年12月建成投产后…' in a text of 2024: production planned for 2025-12."""
    if _GROUPS[match.lastgroup or ""] != "投产" or not _is_production_plan(match.group()):
        return None
    moments = find_moments(clause, doc_date)
    if not moments or not is_after(moments[-1].moment, doc_date):
        return None
    moment = moments[-1].moment
    plan_from = match.start() - len(clause) + moments[-1].start
    return StageCue(
        match.start(),
        match.end(),
        "投产",
        True,
        month_text(moment),
        period_label(moment),
        plan_from,
    )


def _is_production_plan(cue: str) -> bool:
    return any(word in cue for word in _PRODUCTION_PLANS)


def _clause_start(text: str, position: int) -> int:
    floor = max(0, position - _CLAUSE_REACH)
    match = _LAST_BREAK.search(text, floor, position)
    return match.start() + 1 if match else floor


def later_stage(first: str | None, second: str | None) -> str | None:
    """The later of two stages (None counts as nothing said)."""
    if first is None:
        return second
    if second is None:
        return first
    return first if STAGE_ORDER[first] >= STAGE_ORDER[second] else second


# Same matches, scanned faster (see patterns.quick).
_CUE, _PLAN = quick(_CUE), quick(_PLAN)
