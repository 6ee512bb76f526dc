"""Sharing a capped pool among claims, to the fen (DOMAIN §5.1.3).

- 按比例 (pro rata, 同比例下降): when the claims exceed the pool, each claim × pool ÷ claims,
  rounded down to the fen; the fen left over go one each to the largest remainders, ties by
  account number ascending (`program.REMAINDER_RULE`). The shares sum to the pool exactly.
- 先到先得 (first come, 发完即止): claims in order of application time (ties by account number)
  are paid in full while the pool lasts; the claim that reaches its end gets what is left, the
  rest nothing; a claim without an application time is not paid.
- 按节约排名 (by ranked saving): as first come, in order of the claim, largest first (ties by
  account number).

Every sum is done in whole fen, so the result does not depend on the order claims come in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from taizhang.incentives.engine.model import from_fen, to_fen
from taizhang.incentives.engine.program import Sharing
from taizhang.kernel.numbers import format_number


@dataclass(frozen=True)
class Claim:
    key: str  # the account number: the tie-breaker everywhere
    amount: Decimal  # 元 claimed
    applied_at: datetime | None = None


@dataclass(frozen=True)
class Share:
    key: str
    claimed: Decimal
    awarded: Decimal
    note: str  # how the award came from the claim, in Chinese


@dataclass(frozen=True)
class PoolUse:
    pool: Decimal
    claimed: Decimal
    awarded: Decimal
    sharing: Sharing
    exceeded: bool  # the claims exceeded the pool
    shares: dict[str, Share]

    @property
    def left(self) -> Decimal:
        return self.pool - self.awarded


def share_pool(claims: Sequence[Claim], pool: Decimal, sharing: Sharing) -> PoolUse:
    """Each claim's award out of `pool`, with its note."""
    fen = {c.key: to_fen(c.amount) for c in claims}
    if len(fen) != len(claims):
        raise ValueError("duplicate claim keys")
    pool_fen, total = to_fen(pool), sum(fen.values())
    if sharing is Sharing.PRO_RATA:
        awards, notes = _pro_rata(fen, pool_fen, total)
    else:
        awards, notes = _in_order(claims, fen, pool_fen, sharing)
    shares = {c.key: Share(c.key, c.amount, from_fen(awards[c.key]), notes[c.key]) for c in claims}
    return PoolUse(
        pool, from_fen(total), from_fen(sum(awards.values())), sharing, total > pool_fen, shares
    )


def _pro_rata(fen: dict[str, int], pool: int, total: int) -> tuple[dict[str, int], dict[str, str]]:
    if total <= pool:
        return dict(fen), {k: "资金池足额，全额兑付" if v else "" for k, v in fen.items()}
    floors = {k: v * pool // total for k, v in fen.items()}
    remainders = {k: v * pool % total for k, v in fen.items()}
    left = pool - sum(floors.values())
    ranked = sorted((k for k in fen if fen[k]), key=lambda k: (-remainders[k], k))
    extra = set(ranked[:left])
    factor = format_number(Decimal(pool) / Decimal(total), places=4, trim=False)
    notes = {}
    for key, claimed in fen.items():
        exact = f"{from_fen(claimed)} × {from_fen(pool)} ÷ {from_fen(total)}"
        bonus = "，按最大余数补 0.01" if key in extra else ""
        notes[key] = f"按比例（系数 {factor}）：{exact} 向下取整 {from_fen(floors[key])}{bonus}"
    return {k: floors[k] + (k in extra) for k in fen}, notes


def _in_order(
    claims: Sequence[Claim], fen: dict[str, int], pool: int, sharing: Sharing
) -> tuple[dict[str, int], dict[str, str]]:
    awards = dict.fromkeys(fen, 0)
    notes = dict.fromkeys(fen, "")
    if sharing is Sharing.FIRST_COME:
        queue = sorted((c for c in claims if c.applied_at and fen[c.key]),
                       key=lambda c: (c.applied_at, c.key))  # fmt: skip
        for claim in claims:
            if fen[claim.key] and claim.applied_at is None:
                notes[claim.key] = "未提交申请，先到先得不予兑付"
        order = "申请时间"
    else:
        queue = sorted((c for c in claims if fen[c.key]), key=lambda c: (-fen[c.key], c.key))
        order = "节约金额"
    left = pool
    for place, claim in enumerate(queue, start=1):
        award = min(fen[claim.key], left)
        awards[claim.key], left = award, left - award
        if award == fen[claim.key]:
            notes[claim.key] = f"按{order}第 {place} 位，全额兑付"
        elif award:
            notes[claim.key] = f"按{order}第 {place} 位，资金池仅余 {from_fen(award)} 元"
        else:
            notes[claim.key] = f"按{order}第 {place} 位，资金池已用完"
    return awards, notes
