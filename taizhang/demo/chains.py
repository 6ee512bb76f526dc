"""The demo's chain investment: the three shipped chains read over the demo's enterprises (their
gaps follow from the firms the demo holds), a report on the district's investment team talking
with two battery-material firms elsewhere, filed through intake (so the report names targets),
and leads entered by investment staff for the other gaps, some taken a step further."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from taizhang.chains.leads import enter_lead, record_step
from taizhang.chains.models import LeadStep
from taizhang.intake.pipeline import prepare_incoming
from taizhang.intake.reconcile import file_document
from taizhang.org.models import Unit, User

REPORT = Path(__file__).with_name("chain_reports") / "nh-chain-visit.txt"
# (chain, link, firm, region, source, note, steps taken after entering)
LEADS: tuple[tuple[str, str, str, str, str, str, tuple[LeadStep, ...]], ...] = (
    ("new-energy-batteries", "cathode", "湖南裕锂正极材料有限公司", "湖南长沙",
     "区投资促进中心走访", "磷酸铁锂正极年产 6 万吨，计划在华东布局第二基地",
     (LeadStep.CONTACTED, LeadStep.VISITED)),
    ("new-energy-batteries", "lithium", "江西赣源锂业有限公司", "江西宜春",
     "锂电产业大会", "电池级碳酸锂，寻找下游合作伙伴", (LeadStep.CONTACTED,)),
    ("new-energy-batteries", "recycling", "格林循环科技（荆门）有限公司", "湖北荆门",
     "商会推荐", "动力电池回收与梯次利用", ()),
    ("semiconductors", "materials", "上海晶硅材料科技有限公司", "上海嘉定",
     "长三角集成电路产业联盟", "12 英寸硅片，拟扩产", (LeadStep.CONTACTED, LeadStep.TALKS)),
    ("semiconductors", "equipment", "北京微刻半导体设备有限公司", "北京亦庄",
     "区投资促进中心走访", "刻蚀与薄膜沉积设备", ()),
    ("semiconductors", "devices", "无锡芯能功率半导体有限公司", "江苏无锡",
     "链主斯达半导体推荐", "车规级 IGBT 模块配套", (LeadStep.CONTACTED,)),
    ("intelligent-equipment", "motors", "深圳汇驰伺服电机有限公司", "广东深圳",
     "链主智元机器人推荐", "伺服电机与驱动器，为机器人整机配套", (LeadStep.VISITED,)),
    ("intelligent-equipment", "machine-tools", "宁波精锐数控机床有限公司", "浙江宁波",
     "商会推荐", "五轴数控机床", ()),
    ("intelligent-equipment", "special-machines", "山东沃丰农业装备有限公司", "山东潍坊",
     "区农业农村局推荐", "丘陵山区小型农机", (LeadStep.CONTACTED,)),
)  # fmt: skip


def build_chains(session: Session, district: Unit, staff: User, *, today: date) -> int:
    """File the investment team's report and enter the leads; returns how many leads."""
    filed = datetime.combine(today - timedelta(days=8), time(1), tzinfo=UTC)
    incoming = replace(
        prepare_incoming(REPORT, published=today - timedelta(days=8)),
        path=f"招商动态/{REPORT.name}",
    )
    file_document(session, incoming, unit=district, actor=None, now=filed)
    for n, (chain, link, firm, region, source, note, steps) in enumerate(LEADS):
        at = filed - timedelta(days=30 - n)
        lead = enter_lead(
            session, staff, chain_key=chain, link_key=link, firm=firm, region=region,
            source=source, note=note, now=at,
        )  # fmt: skip
        for k, step in enumerate(steps, start=1):
            record_step(session, staff, lead.id, step, now=at + timedelta(days=7 * k))
    return len(LEADS)
