"""What the policy pages, the API, the CLI and the enterprise page read: the library with its
filters and each policy's latest counts, a policy's matches (a stored run, else matched live:
试算, not stored) split into who qualifies, who nearly does and what they lack, and one
enterprise's matches over the whole library."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.policies.engine.matching import match
from taizhang.policies.engine.model import Status
from taizhang.policies.engine.policy import PolicyKind
from taizhang.policies.inputs import load_profiles
from taizhang.policies.library import PolicyFile, shipped
from taizhang.policies.models import PolicyRun, PolicyRunResult, RunState
from taizhang.policies.results import StoredMatch, counts_of, stored, total_of
from taizhang.policies.runs import match_live, policy_runs, run_matches


@dataclass(frozen=True)
class LibraryFilter:
    q: str = ""
    kind: str = ""
    issuer: str = ""
    theme: str = ""
    in_force_on: date | None = None  # only those in force that day


@dataclass(frozen=True)
class LibraryRow:
    file: PolicyFile
    run: PolicyRun | None  # its latest run

    @property
    def counts(self) -> dict[str, int] | None:
        return self.run.counts if self.run is not None else None


def list_policies(session: Session, chosen: LibraryFilter) -> list[LibraryRow]:
    """The library's policies that pass the filter, by code, each with its latest run."""
    kinds = {k.value for k in PolicyKind}
    if chosen.kind and chosen.kind not in kinds:
        raise Invalid(f"政策类别应为 {'、'.join(kinds)}：{chosen.kind} (unknown kind)")
    needle = chosen.q.strip()
    files = [
        f
        for f in shipped()
        if (not needle or needle in f.policy.title or needle in f.policy.id
            or needle in f.policy.benefit.text)
        and (not chosen.kind or f.policy.kind.value == chosen.kind)
        and (not chosen.issuer or f.policy.issuer == chosen.issuer)
        and (not chosen.theme or f.policy.theme == chosen.theme)
        and (chosen.in_force_on is None or f.policy.in_force(chosen.in_force_on))
    ]  # fmt: skip
    latest = _latest_runs(session)
    return [LibraryRow(f, latest.get(f.policy.id)) for f in files]


def _latest_runs(session: Session) -> dict[str, PolicyRun]:
    found: dict[str, PolicyRun] = {}
    for run in session.scalars(select(PolicyRun).order_by(PolicyRun.id.desc())):
        found.setdefault(run.code, run)
    return found


def filter_choices() -> tuple[list[str], list[str]]:
    """The issuers and the themes of the library, for the filters."""
    policies = [f.policy for f in shipped()]
    return sorted({p.issuer for p in policies}), sorted({p.theme for p in policies if p.theme})


@dataclass(frozen=True)
class PolicyView:
    """A policy with the matches shown: a stored run's, or live ones (`run` None)."""

    file: PolicyFile
    run: PolicyRun | None
    runs: list[PolicyRun]
    matches: list[StoredMatch]
    counts: dict[str, int] = field(default_factory=dict)
    total: Decimal = Decimal(0)

    @property
    def qualified(self) -> list[StoredMatch]:
        return [m for m in self.matches if m.status is Status.MET]

    @property
    def nearly(self) -> list[StoredMatch]:
        """All met but one: what they lack."""
        return [m for m in self.matches if m.nearly and m.status is Status.NOT_MET]

    @property
    def unknown(self) -> list[StoredMatch]:
        """None not met, some data missing: what is missing."""
        return [m for m in self.matches if m.status is Status.UNKNOWN]

    @property
    def stale(self) -> bool:
        """The run shown applied another version of the policy than the library's."""
        return self.run is not None and self.run.version.sha256 != self.file.sha256

    @property
    def published(self) -> PolicyRun | None:
        return next((r for r in self.runs if r.state == RunState.PUBLISHED.value), None)


def policy_view(session: Session, found: PolicyFile, run: PolicyRun | None = None) -> PolicyView:
    """The chosen run, else the latest, else matched live."""
    runs = policy_runs(session, found.policy.id)
    shown = run or (runs[0] if runs else None)
    matches = run_matches(session, shown) if shown else match_live(session, found.policy)
    counts = shown.counts if shown else counts_of(matches)
    total = shown.total if shown else total_of(matches)
    return PolicyView(found, shown, runs, matches, counts, total)


@dataclass(frozen=True)
class CardLine:
    """One policy on an enterprise's page: how it matches, and whether a published run lists
    it (the payment list of a 免申即享 policy)."""

    file: PolicyFile
    match: StoredMatch
    published: PolicyRun | None


def enterprise_matches(
    session: Session, enterprise_id: int, policies: Sequence[PolicyFile] | None = None
) -> list[CardLine]:
    """The policies the enterprise qualifies for or nearly does (met first), as the ledger
    stands now, each with the latest published run that lists it as qualified."""
    files = list(policies if policies is not None else shipped())
    profiles = load_profiles(session, [f.policy for f in files], [enterprise_id])
    if not profiles:
        return []
    profile = profiles[0]
    listed = _published_for(session, enterprise_id)
    lines = []
    for found in files:
        result = stored(match(found.policy, profile))
        if result.status is Status.MET or result.nearly:
            lines.append(CardLine(found, result, listed.get(found.policy.id)))
    order = {Status.MET: 0, Status.UNKNOWN: 1, Status.NOT_MET: 2}
    return sorted(lines, key=lambda line: (order[line.match.status], line.file.policy.id))


def _published_for(session: Session, enterprise_id: int) -> dict[str, PolicyRun]:
    query = (
        select(PolicyRun)
        .join(PolicyRunResult, PolicyRunResult.run_id == PolicyRun.id)
        .where(
            PolicyRunResult.enterprise_id == enterprise_id,
            PolicyRunResult.status == Status.MET.value,
            PolicyRun.state == RunState.PUBLISHED.value,
        )
        .order_by(PolicyRun.id.desc())
    )
    found: dict[str, PolicyRun] = {}
    for run in session.scalars(query):
        found.setdefault(run.code, run)
    return found
