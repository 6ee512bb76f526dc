"""Leads: firms elsewhere that staff enter for a chain's link, and each step taken with them
(an event with its person). The lead keeps its latest step for lists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.chains.access import require_actor
from taizhang.chains.models import ChainLead, ChainLeadEvent, LeadStep
from taizhang.chains.shipped import shipped_map
from taizhang.kernel.errors import FieldError, Invalid, NotFound
from taizhang.org.models import User

_LIMITS = {"firm": 200, "region": 100, "source": 200}


def enter_lead(
    session: Session,
    user: User,
    *,
    chain_key: str,
    link_key: str,
    firm: str,
    region: str = "",
    source: str = "",
    note: str = "",
    now: datetime,
) -> ChainLead:
    """A new lead for one link of a chain, entered by `user`."""
    require_actor(user)
    chain = shipped_map(chain_key)
    values = {"firm": firm.strip(), "region": region.strip(), "source": source.strip()}
    errors = [
        FieldError(f"{_WORDS[key]}不能超过 {limit} 个字 (too long)", column=key)
        for key, limit in _LIMITS.items()
        if len(values[key]) > limit
    ]
    if not values["firm"]:
        errors.append(FieldError("请填写企业名称 (firm is required)", column="firm"))
    if link_key not in {link.key for link in chain.links}:
        links = "、".join(f"{link.key}（{link.name}）" for link in chain.links)
        errors.append(FieldError(f"{chain.title}没有环节 {link_key}，可选：{links}", column="link"))
    if errors:
        raise Invalid("招商线索未保存 (lead not saved)", errors)
    lead = ChainLead(
        chain_key=chain.key,
        link_key=link_key,
        note=note.strip(),
        step=LeadStep.ENTERED.value,
        created_at=now,
        created_by_id=user.id,
        **values,
    )
    lead.events.append(
        ChainLeadEvent(step=LeadStep.ENTERED.value, note="", at=now, person_id=user.id)
    )
    session.add(lead)
    session.flush()
    return lead


def record_step(
    session: Session, user: User, lead_id: int, step: LeadStep, *, note: str = "", now: datetime
) -> ChainLead:
    """One more step with a lead (联系, 考察, 洽谈, 签约, 放弃)."""
    require_actor(user)
    lead = get_lead(session, lead_id)
    if lead.step in (LeadStep.SIGNED.value, LeadStep.DROPPED.value):
        raise Invalid(f"线索已{LeadStep(lead.step).label}，不能再记步骤 (lead is closed)")
    lead.events.append(
        ChainLeadEvent(step=step.value, note=note.strip(), at=now, person_id=user.id)
    )
    lead.step = step.value
    session.flush()
    return lead


def get_lead(session: Session, lead_id: int) -> ChainLead:
    lead = session.get(ChainLead, lead_id)
    if lead is None:
        raise NotFound(f"没有编号为 {lead_id} 的招商线索 (no such lead)")
    return lead


def leads_of(session: Session, chain_key: str) -> list[ChainLead]:
    query = select(ChainLead).where(ChainLead.chain_key == chain_key).order_by(ChainLead.id)
    return list(session.scalars(query))


_WORDS = {"firm": "企业名称", "region": "所在地", "source": "线索来源"}
