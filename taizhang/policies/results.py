"""A match as JSON (what a stored run keeps of each enterprise) and back, and the hash of a
run's results: the same policy over the same ledger gives the same hash."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from taizhang.kernel.numbers import format_number
from taizhang.kernel.sources import source_kind_label
from taizhang.policies.engine.matching import Match
from taizhang.policies.engine.model import Field, Missing, Outcome, Status, Used, Words

EVALUATION = "evaluation"  # the source kind of a 亩均 class (`policies.inputs`)


def source_words(used: Used, language: str) -> str:
    """Where a figure came from: 导入（区统计局…xlsx 第 12 行）, 亩均评价（district-2026）."""
    if used.source_kind == EVALUATION:
        kind = "per-mu evaluation" if language == "en" else "亩均评价"
    else:
        kind = source_kind_label(used.source_kind, language) if used.source_kind else ""
    if not used.source:
        return kind
    return f"{kind} ({used.source})" if language == "en" else f"{kind}（{used.source}）"


SIZE_WORDS = {
    "ABOVE": ("规上", "above designated size"),
    "BELOW": ("规下", "below designated size"),
}


def value_words(used: Used, language: str) -> str:
    """A figure's value as shown: 规上 / 规下 in words, the rest as the ledger writes it."""
    if used.field is Field.SIZE and used.value in SIZE_WORDS:
        zh, en = SIZE_WORDS[used.value]
        return en if language == "en" else zh
    return used.value


def _used(used: Used) -> dict[str, Any]:
    said: dict[str, Any] = {"field": used.field.value, "year": used.year, "value": used.value}
    if used.source:
        said["source"] = used.source
    if used.source_kind:
        said["source_kind"] = used.source_kind
    if used.event_id is not None:
        said["event_id"] = used.event_id
    return said


def _missing(missing: Missing) -> dict[str, Any]:
    return {"field": missing.field.value, "year": missing.year}


def _outcome(outcome: Outcome) -> dict[str, Any]:
    return {
        "condition": outcome.condition.as_json(),
        "status": outcome.status.value,
        "figure": outcome.figure.as_json(),
        "threshold": outcome.threshold.as_json(),
        "used": [_used(u) for u in outcome.used],
        "missing": [_missing(m) for m in outcome.missing],
    }


def match_as_json(found: Match) -> dict[str, Any]:
    said: dict[str, Any] = {
        "enterprise_id": found.enterprise_id,
        "name": found.name,
        "status": found.status.value,
        "nearly": found.nearly,
        "outcomes": [_outcome(o) for o in found.outcomes],
    }
    if found.award is not None:
        said["amount"] = (
            None if found.amount is None else format_number(found.amount, places=2, trim=False)
        )
        said["amount_words"] = found.award.words.as_json()
        said["amount_used"] = [_used(u) for u in found.award.used]
        said["amount_missing"] = [_missing(m) for m in found.award.missing]
    return said


@dataclass(frozen=True)
class StoredMatch:
    """A match as a stored run (or a live match) shows it: enough for the pages and sheets."""

    enterprise_id: int
    name: str
    status: Status
    nearly: bool
    outcomes: tuple[Outcome, ...]
    amount: Decimal | None
    amount_words: Words | None
    amount_used: tuple[Used, ...]
    missing: tuple[Missing, ...]

    @property
    def lacking(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status is Status.NOT_MET)

    def missing_words(self) -> Words:
        said = [m.said() for m in self.missing]
        return Words("、".join(w.zh for w in said), ", ".join(w.en for w in said))


def _used_of(said: dict[str, Any]) -> Used:
    return Used(
        Field(said["field"]), said.get("year"), said["value"], said.get("source", ""),
        said.get("event_id"), said.get("source_kind", ""),
    )  # fmt: skip


def _missing_of(said: dict[str, Any]) -> Missing:
    return Missing(Field(said["field"]), said.get("year"))


def match_of_json(said: dict[str, Any]) -> StoredMatch:
    outcomes = tuple(
        Outcome(
            Words.of_json(o["condition"]), Status(o["status"]), Words.of_json(o["figure"]),
            Words.of_json(o["threshold"]), tuple(_used_of(u) for u in o["used"]),
            tuple(_missing_of(m) for m in o["missing"]),
        )
        for o in said["outcomes"]
    )  # fmt: skip
    missing = [m for o in outcomes for m in o.missing]
    missing += [_missing_of(m) for m in said.get("amount_missing", [])]
    amount = said.get("amount")
    words = said.get("amount_words")
    return StoredMatch(
        said["enterprise_id"], said["name"], Status(said["status"]), said["nearly"], outcomes,
        None if amount is None else Decimal(amount),
        None if words is None else Words.of_json(words),
        tuple(_used_of(u) for u in said.get("amount_used", [])), tuple(dict.fromkeys(missing)),
    )  # fmt: skip


def stored(found: Match) -> StoredMatch:
    """A live match in the shape a stored one is read back in."""
    return match_of_json(match_as_json(found))


def result_sha256(matches: Sequence[StoredMatch]) -> str:
    """Every enterprise's status, nearly and amount, by enterprise: equal results, equal hash."""
    digest = hashlib.sha256()
    for m in sorted(matches, key=lambda m: m.enterprise_id):
        amount = "" if m.amount is None else format_number(m.amount, places=2, trim=False)
        digest.update(f"{m.enterprise_id}|{m.status.value}|{int(m.nearly)}|{amount}\n".encode())
    return digest.hexdigest()


def counts_of(matches: Sequence[StoredMatch]) -> dict[str, int]:
    return {
        "met": sum(1 for m in matches if m.status is Status.MET),
        "nearly": sum(1 for m in matches if m.nearly),
        "unknown": sum(1 for m in matches if m.status is Status.UNKNOWN),
        "not_met": sum(1 for m in matches if m.status is Status.NOT_MET),
    }


def total_of(matches: Sequence[StoredMatch]) -> Decimal:
    return sum((m.amount or Decimal(0) for m in matches if m.status is Status.MET), Decimal(0))
