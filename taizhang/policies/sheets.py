"""The lists a department sends out, as workbooks: the payment list of a 免申即享 policy (who
qualifies, the amount and how it was computed) and the push list (who qualifies or nearly does,
what they lack or what data is missing) — of a stored run, or of a live match marked 试算."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise
from taizhang.kernel.sheets import new_sheet, write_table
from taizhang.org.models import Unit
from taizhang.policies.engine.model import Status
from taizhang.policies.models import RunState
from taizhang.policies.queries import PolicyView
from taizhang.policies.results import StoredMatch, value_words

PAYMENT_HEADERS = (
    "序号",
    "企业名称",
    "统一社会信用代码",
    "镇街平台",
    "金额（元）",
    "计算说明",
    "所依据的数据",
)
PUSH_HEADERS = (
    "序号",
    "企业名称",
    "统一社会信用代码",
    "镇街平台",
    "匹配情况",
    "尚缺条件或数据",
    "预计金额（元）",
)


def _state(view: PolicyView) -> str:
    if view.run is None:
        return "试算（按台账现有数据，未保存）"
    state = RunState(view.run.state).label
    return f"第 {view.run.id} 次匹配，{state}，结果 sha256 {view.run.result_sha256[:16]}"


def _where(session: Session, matches: Sequence[StoredMatch]) -> dict[int, tuple[str, str]]:
    ids = [m.enterprise_id for m in matches]
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    rows = session.execute(
        select(Enterprise.id, Enterprise.credit_code, Enterprise.unit_id).where(
            Enterprise.id.in_(ids)
        )
    )
    return {
        eid: (code or "", units.get(unit_id, "") if unit_id else "") for eid, code, unit_id in rows
    }


def _figures_said(match: StoredMatch) -> str:
    used = [u for o in match.outcomes for u in o.used] + list(match.amount_used)
    said = dict.fromkeys(
        f"{f'{u.year}年' if u.year else ''}{u.field.label} {value_words(u, 'zh')}"
        f"（{u.source or u.source_kind}）"
        for u in used
    )
    return "；".join(said)


def payment_workbook(session: Session, view: PolicyView) -> Workbook:
    """兑付清单: the qualifying enterprises with their amounts and the figures behind them."""
    policy = view.file.policy
    qualified = view.qualified
    where = _where(session, qualified)
    total = sum((m.amount or 0 for m in qualified), 0)
    rows = [
        (n, m.name, where[m.enterprise_id][0], where[m.enterprise_id][1], m.amount,
         m.amount_words.zh if m.amount_words else "", _figures_said(m))
        for n, m in enumerate(qualified, start=1)
    ]  # fmt: skip
    workbook = Workbook()
    write_table(
        new_sheet(workbook, "兑付清单"),
        caption=f"{policy.title}（{policy.id} 版本 {policy.version}）免申即享兑付清单："
        f"{len(qualified)} 家，合计 {total} 元。{_state(view)}",
        headers=PAYMENT_HEADERS,
        rows=rows,
        widths=(6, 34, 22, 14, 14, 40, 80),
    )
    return workbook


def push_workbook(session: Session, view: PolicyView) -> Workbook:
    """推送清单: who qualifies (to be told to apply) and who nearly does, with what they lack."""
    policy = view.file.policy
    listed = view.qualified + view.nearly + view.unknown
    where = _where(session, listed)
    rows = [
        (n, m.name, where[m.enterprise_id][0], where[m.enterprise_id][1], _standing(m),
         _lacking(m), m.amount)
        for n, m in enumerate(listed, start=1)
    ]  # fmt: skip
    workbook = Workbook()
    write_table(
        new_sheet(workbook, "推送清单"),
        caption=f"{policy.title}（{policy.id} 版本 {policy.version}）政策推送清单：符合 "
        f"{len(view.qualified)} 家，差一项 {len(view.nearly)} 家，缺数据 {len(view.unknown)} 家。"
        f"{_state(view)}",
        headers=PUSH_HEADERS,
        rows=rows,
        widths=(6, 34, 22, 14, 10, 60, 14),
    )
    return workbook


def _standing(match: StoredMatch) -> str:
    if match.status is Status.MET:
        return "符合"
    return "缺数据" if match.status is Status.UNKNOWN else "差一项"


def _lacking(match: StoredMatch) -> str:
    if match.status is Status.UNKNOWN:
        return "缺：" + match.missing_words().zh
    return "；".join(f"{o.condition.zh}（现为 {o.figure.zh}）" for o in match.lacking)
