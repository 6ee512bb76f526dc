"""Enterprises' technical needs and their 对接 trail: a need registered (from an appeal, a
visit or a form), candidates recommended from the library with their reasons, then meetings
and an agreement with one of the candidates. Each step is a `NeedEvent` with its person, day
and outcome; the need's `step` is the latest reached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.achievements.engine.terms import FIELDS
from taizhang.achievements.library import unknown_field
from taizhang.achievements.models import NeedEvent, NeedSource, NeedStep, TechNeed
from taizhang.achievements.search import (
    Found,
    Library,
    found_with_reasons,
    rank_candidates,
)
from taizhang.enterprises.models import Enterprise
from taizhang.kernel.clock import district_date
from taizhang.kernel.db import lock_row
from taizhang.kernel.errors import Conflict, FieldError, Invalid, NotFound
from taizhang.org.models import User

CANDIDATES = 10
SEARCHED = 40  # hits read before ranking by field and maturity
MAX_NEED = 2000


@dataclass(frozen=True)
class Step:
    """One step as a person reports it."""

    step: NeedStep
    person: str
    day: date
    outcome: str = ""
    achievement_id: int | None = None


def record_need(
    session: Session, enterprise: Enterprise, text: str, *, field: str | None, source: str,
    person: str, day: date, actor: User | None, now: datetime,
) -> TechNeed:  # fmt: skip
    problems = []
    if not text.strip():
        problems.append(FieldError("需求内容不能为空 (required)", column="需求内容"))
    elif len(text) > MAX_NEED:
        problems.append(FieldError(f"需求内容不能超过 {MAX_NEED} 字", column="需求内容"))
    if field and field not in FIELDS:
        problems.append(FieldError(unknown_field(field), column="技术领域"))
    if source not in {s.value for s in NeedSource}:
        allowed = "、".join(s.value for s in NeedSource)
        problems.append(FieldError(f"来源应为 {allowed}：{source}", column="来源"))
    problems += _person_and_day(person, day, now)
    if problems:
        raise Invalid("技术需求信息有误 (invalid need)", errors=problems)
    need = TechNeed(
        enterprise_id=enterprise.id, text=text.strip(), field=field or None, source=source,
        step=NeedStep.REGISTERED.value, recorded_at=now,
    )  # fmt: skip
    session.add(need)
    session.flush()
    _event(session, need, Step(NeedStep.REGISTERED, person, day), None, actor, now)
    return need


def recommend(
    session: Session, library: Library, need: TechNeed, *, person: str, day: date,
    actor: User | None, now: datetime, limit: int = CANDIDATES,
) -> list[Found]:  # fmt: skip
    """The need's best candidates (terms found, field, maturity), stored as its candidates step."""
    problems = _person_and_day(person, day, now)
    if problems:
        raise Invalid("推荐成果信息有误 (invalid step)", errors=problems)
    lock_row(session, need)
    found = match_need(session, library, need.text, need.field, limit=limit)
    payload = {"candidates": [candidate_json(f) for f in found]}
    outcome = f"推荐 {len(found)} 项成果" if found else "成果库中没有找到相关成果"
    _event(session, need, Step(NeedStep.CANDIDATES, person, day, outcome), payload, actor, now)
    return found


def match_need(
    session: Session, library: Library, text: str, field: str | None, *, limit: int = CANDIDATES
) -> list[Found]:
    terms = library.tokenizer.terms(text)
    hits = library.index.search(terms, limit=max(SEARCHED, limit))
    return rank_candidates(found_with_reasons(session, library, hits, terms, field))[:limit]


def candidate_json(found: Found) -> dict[str, Any]:
    a = found.achievement
    return {
        "achievement_id": a.id, "title": a.title, "holder": a.holder, "field": a.field,
        "maturity": a.maturity, "region": a.region, "score": round(found.score, 3),
        "terms": list(found.reasons.terms), "field_match": found.reasons.field_match,
        "reasons": found.reasons.words(),
    }  # fmt: skip


def record_step(
    session: Session, need: TechNeed, step: Step, *, actor: User | None, now: datetime
) -> NeedEvent:
    """A meeting or an agreement with one of the need's candidates."""
    lock_row(session, need)
    session.refresh(need)
    problems = _person_and_day(step.person, step.day, now)
    if step.step not in (NeedStep.MEETING, NeedStep.AGREEMENT):
        problems.append(
            FieldError("只能记录对接洽谈或签订协议 (meeting or agreement only)", column="环节")
        )
    if not step.outcome.strip():
        problems.append(FieldError("请写明结果 (outcome required)", column="结果"))
    if problems:
        raise Invalid("对接记录有误 (invalid step)", errors=problems)
    _check_order(need, step)
    return _event(session, need, step, None, actor, now)


def _check_order(need: TechNeed, step: Step) -> None:
    offered = latest_candidates(need)
    ids = {c["achievement_id"] for c in offered}
    if not offered:
        raise Conflict("该需求还没有推荐成果，请先推荐再记录对接 (no candidates yet)")
    if step.achievement_id not in ids:
        raise Invalid(f"成果 {step.achievement_id} 不在该需求的推荐成果中 (not a candidate)")
    last = need.events[-1].day
    if step.day < last:
        raise Invalid(f"日期 {step.day} 早于上一步（{last}）(before the previous step)")
    met = any(
        e.step == NeedStep.MEETING.value and e.achievement_id == step.achievement_id
        for e in need.events
    )
    if step.step is NeedStep.AGREEMENT and not met:
        raise Conflict("签订协议前应先记录与该成果的对接洽谈 (meet before agreeing)")
    if need.step == NeedStep.AGREEMENT.value:
        raise Conflict("该需求已签订协议，对接已完成 (already agreed)")


def latest_candidates(need: TechNeed) -> list[dict[str, Any]]:
    for event in reversed(need.events):
        if event.step == NeedStep.CANDIDATES.value and event.payload:
            return list(event.payload.get("candidates", []))
    return []


def _person_and_day(person: str, day: date, now: datetime) -> list[FieldError]:
    problems = []
    if not person.strip():
        problems.append(FieldError("请写经办人 (person required)", column="经办人"))
    elif len(person) > 60:
        problems.append(FieldError("经办人不能超过 60 字", column="经办人"))
    if day > district_date(now):
        problems.append(FieldError(f"日期 {day} 还没到 (in the future)", column="日期"))
    return problems


def _event(
    session: Session, need: TechNeed, step: Step, payload: dict[str, Any] | None,
    actor: User | None, now: datetime,
) -> NeedEvent:  # fmt: skip
    last = session.scalar(select(func.max(NeedEvent.seq)).where(NeedEvent.need_id == need.id))
    event = NeedEvent(
        need_id=need.id, seq=(last or 0) + 1, step=step.step.value,
        achievement_id=step.achievement_id, person=step.person.strip(), day=step.day,
        outcome=step.outcome.strip() or None, payload=payload, recorded_at=now,
        actor_id=actor.id if actor else None,
    )  # fmt: skip
    session.add(event)
    need.step = step.step.value
    session.flush()
    session.refresh(need, ["events"])
    return event


def get_need(session: Session, need_id: int) -> TechNeed:
    need = session.get(TechNeed, need_id)
    if need is None:
        raise NotFound(f"没有编号为 {need_id} 的技术需求 (no such need)")
    return need


def list_needs(session: Session) -> list[TechNeed]:
    return list(session.scalars(select(TechNeed).order_by(TechNeed.id.desc())))
