"""The policies' JSON shapes (/api/v1/policies): a policy of the library, a match with each
condition's figure, year and source, and an enterprise's policies."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel

from taizhang.policies.engine.model import Outcome, Used
from taizhang.policies.library import PolicyFile
from taizhang.policies.models import PolicyRun
from taizhang.policies.results import StoredMatch


class PolicyOut(BaseModel):
    code: str
    version: str
    title: str
    issuer: str
    kind: str
    theme: str
    basis: str
    valid_from: date
    valid_to: date
    data_year: int
    benefit: str
    benefit_rule: str
    conditions: list[str]
    sha256: str

    @classmethod
    def of(cls, found: PolicyFile) -> PolicyOut:
        p = found.policy
        return cls(
            code=p.id, version=p.version, title=p.title, issuer=p.issuer, kind=p.kind.value,
            theme=p.theme, basis=p.basis, valid_from=p.valid_from, valid_to=p.valid_to,
            data_year=p.data_year, benefit=p.benefit.text, benefit_rule=p.benefit.describe().zh,
            conditions=[c.describe().zh for c in p.conditions], sha256=found.sha256,
        )  # fmt: skip


class RunOut(BaseModel):
    id: int
    state: str
    version: str
    data_year: int
    enterprises: int
    counts: dict[str, int]
    total: Decimal
    result_sha256: str
    computed_at: datetime
    published_at: datetime | None

    @classmethod
    def of(cls, run: PolicyRun) -> RunOut:
        return cls(
            id=run.id, state=run.state, version=run.version.version, data_year=run.data_year,
            enterprises=run.enterprises, counts=run.counts, total=run.total,
            result_sha256=run.result_sha256, computed_at=run.computed_at,
            published_at=run.published_at,
        )  # fmt: skip


class LibraryItemOut(PolicyOut):
    latest_run: RunOut | None


class LibraryOut(BaseModel):
    items: list[LibraryItemOut]
    count: int


class UsedOut(BaseModel):
    field: str
    label: str
    year: int | None
    value: str
    source: str
    source_kind: str
    event_id: int | None

    @classmethod
    def of(cls, used: Used) -> UsedOut:
        return cls(
            field=used.field.value, label=used.field.label, year=used.year, value=used.value,
            source=used.source, source_kind=used.source_kind, event_id=used.event_id,
        )  # fmt: skip


class OutcomeOut(BaseModel):
    condition: str
    status: str
    figure: str
    threshold: str
    used: list[UsedOut]
    missing: list[str]

    @classmethod
    def of(cls, outcome: Outcome) -> OutcomeOut:
        return cls(
            condition=outcome.condition.zh, status=outcome.status.value,
            figure=outcome.figure.zh, threshold=outcome.threshold.zh,
            used=[UsedOut.of(u) for u in outcome.used],
            missing=[m.said().zh for m in outcome.missing],
        )  # fmt: skip


class MatchOut(BaseModel):
    enterprise_id: int
    name: str
    status: str
    nearly: bool
    amount: Decimal | None
    amount_rule: str | None
    missing: list[str]
    conditions: list[OutcomeOut]

    @classmethod
    def of(cls, found: StoredMatch) -> MatchOut:
        return cls(
            enterprise_id=found.enterprise_id, name=found.name, status=found.status.value,
            nearly=found.nearly, amount=found.amount,
            amount_rule=found.amount_words.zh if found.amount_words else None,
            missing=[m.said().zh for m in found.missing],
            conditions=[OutcomeOut.of(o) for o in found.outcomes],
        )  # fmt: skip


class PolicyMatchesOut(BaseModel):
    policy: PolicyOut
    run: RunOut | None  # None: matched live (试算, not stored)
    counts: dict[str, int]
    total: Decimal
    items: list[MatchOut]
    count: int


class EnterprisePolicyOut(BaseModel):
    policy: PolicyOut
    match: MatchOut
    published_run: int | None  # the published run listing it as qualified


class EnterprisePoliciesOut(BaseModel):
    enterprise_id: int
    items: list[EnterprisePolicyOut]
    count: int
