"""Matching: a policy's conditions judged for one enterprise, the overall status and whether it
is nearly there, and the amount it would receive.

- met: every condition met; not met: at least one not met; unknown: none not met, at least one
  unknown (a figure the ledger lacks, named).
- nearly: all met but one (what it lacks is that one), or unknown only (what is missing is data).
- The amount is computed for the met and the nearly (what they would receive).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from taizhang.policies.engine.conditions import Context
from taizhang.policies.engine.model import Missing, Outcome, Profile, Status, Words
from taizhang.policies.engine.policy import Award, Policy


@dataclass(frozen=True)
class Match:
    """One enterprise against one policy."""

    enterprise_id: int
    name: str
    status: Status
    nearly: bool
    outcomes: tuple[Outcome, ...]
    award: Award | None  # for the met and the nearly

    @property
    def amount(self) -> Decimal | None:
        return self.award.amount if self.award is not None else None

    @property
    def lacking(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status is Status.NOT_MET)

    @property
    def missing(self) -> tuple[Missing, ...]:
        found = [m for o in self.outcomes for m in o.missing]
        if self.award is not None:
            found += self.award.missing
        return tuple(dict.fromkeys(found))

    def missing_words(self) -> Words:
        said = [m.said() for m in self.missing]
        return Words("、".join(w.zh for w in said), ", ".join(w.en for w in said))


def overall(statuses: Iterable[Status]) -> tuple[Status, bool]:
    """The match's status and whether it is nearly there, from its conditions' statuses."""
    listed = list(statuses)
    not_met = listed.count(Status.NOT_MET)
    unknown = listed.count(Status.UNKNOWN)
    if not_met:
        return Status.NOT_MET, not_met == 1 and unknown == 0
    if unknown:
        return Status.UNKNOWN, True
    return Status.MET, False


def context_of(policy: Policy) -> Context:
    return Context(policy.data_year, policy.as_of)


def match(policy: Policy, profile: Profile) -> Match:
    context = context_of(policy)
    outcomes = tuple(condition.judge(profile, context) for condition in policy.conditions)
    status, nearly = overall(o.status for o in outcomes)
    award = (
        policy.benefit.compute(profile, policy.data_year)
        if status is Status.MET or nearly
        else None
    )
    return Match(profile.enterprise_id, profile.name, status, nearly, outcomes, award)


def match_all(policy: Policy, profiles: Iterable[Profile]) -> list[Match]:
    """Every enterprise's match, in the order given."""
    return [match(policy, profile) for profile in profiles]
