"""Match runs: a policy file registered as text with its sha256, matched over every enterprise
of the ledger and stored (试算), then published by a person (已发布): a published run is never
changed, so its payment list reads the same later whatever the ledger holds since. Matching
again makes a new run; each step is a `PolicyRunEvent` with its person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from taizhang.kernel.db import lock_row
from taizhang.kernel.errors import Conflict, NotFound
from taizhang.org.access import require_district_admin
from taizhang.org.models import User
from taizhang.policies.engine.matching import match_all
from taizhang.policies.engine.policy import Policy
from taizhang.policies.engine.policyfile import load_policy
from taizhang.policies.inputs import load_profiles
from taizhang.policies.library import PolicyFile, sha256_of
from taizhang.policies.models import (
    PolicyRun,
    PolicyRunEvent,
    PolicyRunResult,
    PolicyVersion,
    RunState,
    RunStep,
)
from taizhang.policies.results import (
    StoredMatch,
    counts_of,
    match_as_json,
    match_of_json,
    result_sha256,
    stored,
    total_of,
)


def register_policy(session: Session, text: str, *, source: str, now: datetime) -> PolicyVersion:
    """A policy file as stored (the same code and text are registered once)."""
    policy = load_policy(text, source=source)
    digest = sha256_of(text)
    found = session.scalar(
        select(PolicyVersion).where(PolicyVersion.code == policy.id, PolicyVersion.sha256 == digest)
    )
    if found is not None:
        return found
    row = PolicyVersion(
        code=policy.id, version=policy.version, title=policy.title, issuer=policy.issuer,
        kind=policy.kind.value, source=source, text=text, sha256=digest, registered_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def register_file(session: Session, found: PolicyFile, *, now: datetime) -> PolicyVersion:
    return register_policy(session, found.text, source=found.source, now=now)


def policy_of(row: PolicyVersion) -> Policy:
    return load_policy(row.text, source=row.source)


def match_live(session: Session, policy: Policy) -> list[StoredMatch]:
    """Every enterprise's match as the ledger stands now, not stored."""
    return [stored(m) for m in match_all(policy, load_profiles(session, [policy]))]


def compute_run(
    session: Session, version: PolicyVersion, *, actor: User | None, now: datetime
) -> PolicyRun:
    """Match the registered version over the ledger and store the result (试算)."""
    require_district_admin(actor, "匹配政策 (match a policy)")
    policy = policy_of(version)
    matches = match_all(policy, load_profiles(session, [policy]))
    shown = [stored(m) for m in matches]
    run = PolicyRun(
        version_id=version.id, code=policy.id, data_year=policy.data_year, as_of=policy.as_of,
        state=RunState.TRIAL.value, enterprises=len(matches), counts=counts_of(shown),
        total=total_of(shown), result_sha256=result_sha256(shown), computed_at=now,
        computed_by_id=actor.id if actor else None,
    )  # fmt: skip
    session.add(run)
    session.flush()
    rows = [
        {
            "run_id": run.id, "enterprise_id": m.enterprise_id, "status": m.status.value,
            "nearly": m.nearly, "amount": m.amount, "result": match_as_json(m),
        }
        for m in matches
    ]  # fmt: skip
    for start in range(0, len(rows), 2000):
        session.execute(insert(PolicyRunResult), rows[start : start + 2000])
    _step(session, run, RunStep.COMPUTED, actor, now)
    return run


def publish_run(
    session: Session, run: PolicyRun, *, actor: User | None, now: datetime, note: str | None = None
) -> PolicyRun:
    """Publish a trial run: its lists are final from now on."""
    require_district_admin(actor, "发布政策匹配结果 (publish a match run)")
    lock_row(session, run)
    session.refresh(run)
    if run.state == RunState.PUBLISHED.value:
        raise Conflict(
            f"第 {run.id} 次匹配已于 {run.published_at:%Y-%m-%d} 发布 (already published)"
        )
    run.state = RunState.PUBLISHED.value
    run.published_at = now
    run.published_by_id = actor.id if actor else None
    _step(session, run, RunStep.PUBLISHED, actor, now, note)
    return run


def _step(
    session: Session,
    run: PolicyRun,
    step: RunStep,
    actor: User | None,
    now: datetime,
    note: str | None = None,
) -> None:
    last = session.scalar(
        select(func.max(PolicyRunEvent.seq)).where(PolicyRunEvent.run_id == run.id)
    )
    session.add(
        PolicyRunEvent(
            run_id=run.id, seq=(last or 0) + 1, step=step.value, at=now,
            actor_id=actor.id if actor else None, note=note,
        )
    )  # fmt: skip
    session.flush()


def get_run(session: Session, run_id: int) -> PolicyRun:
    run = session.get(PolicyRun, run_id)
    if run is None:
        raise NotFound(f"没有编号为 {run_id} 的匹配结果 (no such run)")
    return run


def run_matches(session: Session, run: PolicyRun) -> list[StoredMatch]:
    """A stored run's matches as published, by enterprise name."""
    query = select(PolicyRunResult.result).where(PolicyRunResult.run_id == run.id)
    found = [match_of_json(said) for said in session.scalars(query)]
    return sorted(found, key=lambda m: m.name)


def policy_runs(session: Session, code: str) -> list[PolicyRun]:
    """A policy's runs, latest first."""
    query = select(PolicyRun).where(PolicyRun.code == code).order_by(PolicyRun.id.desc())
    return list(session.scalars(query))
