"""Publishing a program's run: the program file registered as text with its sha256, the engine
run over the stored bills, and the result stored frozen — every account's claim, award and the
explanation of each month as JSON, the pool's use, and two hashes: of the bills read and of the
result. Running the same program over the same bills again gives the same result to the fen
(`recompute` and `result_sha256` show it); a published run is never changed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from taizhang.incentives.accounts import load_bills
from taizhang.incentives.engine.model import Bill, month_label
from taizhang.incentives.engine.program import Program, ProgramKind
from taizhang.incentives.engine.programfile import load_program
from taizhang.incentives.engine.savings import AccountResult, MonthClaim, RunResult, run_program
from taizhang.incentives.models import IncentiveAccount, IncentiveProgram, IncentiveRun, RunAccount
from taizhang.kernel.clock import district_date
from taizhang.kernel.errors import Invalid, NotFound
from taizhang.kernel.numbers import format_number
from taizhang.org.access import require_district_admin
from taizhang.org.models import User


def plain(value: Decimal, places: int | None = None) -> str:
    """A Decimal as fixed-point text (never 4E+1) for JSON and hashes, its places as they are
    (35.00 stays 35.00); `places`: rounded half up to that many first."""
    if places is not None:
        return format_number(value, places=places)
    return f"{value:f}"


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def register_program(
    session: Session, text: str, *, source: str, now: datetime
) -> IncentiveProgram:
    """The program file as stored (the same version and text are registered once)."""
    program = load_program(text, source=source)
    digest = sha256_of(text)
    found = session.scalar(
        select(IncentiveProgram).where(
            IncentiveProgram.version == program.version, IncentiveProgram.sha256 == digest
        )
    )
    if found is not None:
        return found
    row = IncentiveProgram(
        version=program.version, title=program.title or program.version, kind=program.kind.value,
        source=source, text=text, sha256=digest, registered_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def find_registered(session: Session, version: str) -> IncentiveProgram | None:
    """The latest registered program file of this version."""
    return session.scalar(
        select(IncentiveProgram)
        .where(IncentiveProgram.version == version)
        .order_by(IncentiveProgram.registered_at.desc(), IncentiveProgram.id.desc())
        .limit(1)
    )


def program_of(row: IncentiveProgram) -> Program:
    return load_program(row.text, source=row.source)


def compute(
    session: Session, program: Program, months: Sequence[date] | None, issued_on: date
) -> tuple[RunResult, str]:
    """The engine's result over the stored bills, and the sha256 of the bills it read."""
    if program.kind is not ProgramKind.SAVING or program.saving is None:
        raise Invalid(
            f"{program.version} 是{program.kind.label}项目，按户存储的结果只支持节能券项目"
            " (only saving programs are stored per account)"
        )
    chosen = sorted(set(program.saving.months if months is None else months))
    outside = [m for m in chosen if m not in program.saving.months]
    if outside:
        listed = "、".join(month_label(m) for m in outside)
        raise Invalid(f"{listed} 不是 {program.version} 的申领月份 (not a month of the program)")
    wanted = set(chosen) | {m.replace(year=m.year - 1) for m in chosen}
    bills = load_bills(session, wanted)
    if not any(b.month in chosen for b in bills):
        raise Invalid("所选月份没有入库的账单，无法计算 (no bills stored for these months)")
    result = run_program(program, bills, issued_on=issued_on, months=chosen)
    return result, bills_sha256(bills)


def bills_sha256(bills: Sequence[Bill]) -> str:
    digest = hashlib.sha256()
    for b in bills:
        line = f"{b.account}|{month_label(b.month)}|{b.kwh}|{b.yuan}|{b.holder}|{b.meter}|"
        digest.update(f"{line}{b.kind.value}|{b.town}|{int(b.vacant)}\n".encode())
    return digest.hexdigest()


def result_sha256(pairs: Sequence[tuple[str, Decimal, Decimal]]) -> str:
    """The hash of every account's (户号, claim, award), by account: equal results, equal hash."""
    digest = hashlib.sha256()
    for number, claim, award in sorted(pairs):
        digest.update(f"{number}|{plain(claim)}|{plain(award)}\n".encode())
    return digest.hexdigest()


def publish_run(
    session: Session,
    program_row: IncentiveProgram,
    *,
    months: Sequence[date] | None = None,
    issued_on: date | None = None,
    actor: User | None,
    now: datetime,
) -> IncentiveRun:
    """Compute the program over the stored bills and store the result, published and frozen."""
    require_district_admin(actor, "发布激励兑现结果 (publish an incentive run)")
    program = program_of(program_row)
    day = issued_on or district_date(now)
    result, data_hash = compute(session, program, months, day)
    ids = dict(session.execute(select(IncentiveAccount.number, IncentiveAccount.id)).all())
    towns = dict(session.execute(select(IncentiveAccount.id, IncentiveAccount.town_id)).all())
    outcomes = Counter(m.outcome.value for a in result.accounts for m in a.months)
    pairs = [(a.account, a.claim, a.award) for a in result.accounts]
    run = IncentiveRun(
        program_id=program_row.id,
        months=[month_label(m) for m in result.months],
        period=period_label(result.months),
        sharing=result.use.sharing.value,
        rule=result.rule,
        pool=result.pool,
        claimed=result.use.claimed,
        awarded=result.use.awarded,
        exceeded=result.use.exceeded,
        accounts=len(result.accounts),
        rewarded=sum(1 for a in result.accounts if a.award > 0),
        outcomes=dict(sorted(outcomes.items())),
        data_sha256=data_hash,
        result_sha256=result_sha256(pairs),
        issued_on=day,
        published_at=now,
        published_by_id=actor.id if actor else None,
    )
    session.add(run)
    session.flush()
    rows = [
        {
            "run_id": run.id, "account_id": ids[a.account], "town_id": towns.get(ids[a.account]),
            "outcome": a.outcome.value, "claim": a.claim, "award": a.award,
            "explanation": explanation(a),
        }
        for a in result.accounts
    ]  # fmt: skip
    for start in range(0, len(rows), 5000):
        session.execute(insert(RunAccount), rows[start : start + 5000])
    session.flush()
    return run


def recompute(session: Session, run: IncentiveRun) -> str:
    """The result's hash computed again from the stored program text and bills."""
    program = program_of(run.program)
    months = [date(int(m[:4]), int(m[5:7]), 1) for m in run.months]
    result, _ = compute(session, program, months, run.issued_on)
    return result_sha256([(a.account, a.claim, a.award) for a in result.accounts])


def period_label(months: Sequence[date]) -> str:
    if not months:
        return ""
    first, last = month_label(min(months)), month_label(max(months))
    return first if first == last else f"{first}—{last}"


def explanation(account: AccountResult) -> dict[str, Any]:
    """An account's result as JSON: each month's figures and rule, the claim and the share."""
    said: dict[str, Any] = {
        "holder": account.holder,
        "months": [_month(m) for m in account.months],
        "claim": plain(account.claim),
        "award": plain(account.award),
    }
    if account.claim:  # how the pool's sharing turned the claim into the award (the rule
        said["share"] = account.share_note  # itself is the run's `rule`)
    return said


def _month(claim: MonthClaim) -> dict[str, Any]:
    def n(value: Decimal | None) -> str | None:
        return None if value is None else plain(value)

    said = {
        "month": month_label(claim.month),
        "outcome": claim.outcome.value,
        "detail": claim.detail,
        "this_kwh": n(claim.this_kwh),
        "this_yuan": n(claim.this_yuan),
        "last_kwh": n(claim.last_kwh),
        "last_yuan": n(claim.last_yuan),
        "saved_yuan": n(claim.saved_yuan),
        "drop": None if claim.drop is None else plain(claim.drop, 6),
        "reward": n(claim.reward),
        "capped": claim.capped,
    }
    return {k: v for k, v in said.items() if v is not None and v is not False}


def get_run(session: Session, run_id: int) -> IncentiveRun:
    run = session.get(IncentiveRun, run_id)
    if run is None:
        raise NotFound(f"没有编号为 {run_id} 的兑现结果 (no such run)")
    return run
