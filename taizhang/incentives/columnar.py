"""A 节能券 program over millions of household-month rows, with Polars, giving exactly the
rewards of the Decimal engine (`engine.savings`): every amount is whole fen (and kWh hundredths)
in integers, the threshold and the rate are compared and applied as integer ratios, and the
pool is shared by the same rules (`engine.sharing`), in 128-bit integers where a claim times
the pool could pass 2⁶³.

The frame (`SCHEMA`): one row per account and month — account, month (`model.month_index`),
kwh_c (hundredths of a kWh), fen, holder, meter, kind (居民/企业), town, vacant, applied_at.
`frame_from_bills` builds it from `Bill`s; `read_bills_csv` from a power company's CSV, checking
duplicates and gaps in the frame itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl

from taizhang.incentives.bills import (
    COLUMNS,
    ENTERPRISE_WORDS,
    HOUSEHOLD_WORD,
    MOMENT_FORMATS,
    NO,
    REQUIRED,
    YES,
)
from taizhang.incentives.cells import header_key
from taizhang.incentives.engine.model import (
    AccountKind,
    Bill,
    month_at,
    month_index,
    month_label,
    to_fen,
)
from taizhang.incentives.engine.program import Basis, Program, Sharing
from taizhang.incentives.engine.savings import Outcome
from taizhang.kernel.errors import FieldError, Invalid

SCHEMA: dict[str, pl.DataType] = {
    "account": pl.String(), "month": pl.Int32(), "kwh_c": pl.Int64(), "fen": pl.Int64(),
    "holder": pl.String(), "meter": pl.String(), "kind": pl.String(), "town": pl.String(),
    "vacant": pl.Boolean(), "applied_at": pl.Datetime("us"),
}  # fmt: skip
OPTIONAL_TEXT = ("holder", "meter", "town")
OUTCOMES = pl.Enum([o.value for o in Outcome])


def _code(outcome: Outcome) -> pl.Expr:
    return pl.lit(outcome.value, dtype=OUTCOMES)


@dataclass(frozen=True)
class ColumnarRun:
    accounts: pl.DataFrame  # account, claim_fen, award_fen (by account)
    pool_fen: int
    months: pl.DataFrame | None = None  # account, month, outcome, reward_fen (when asked for)

    @property
    def awarded_fen(self) -> int:
        return int(self.accounts["award_fen"].sum())


def frame_from_bills(bills: Sequence[Bill]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "account": [b.account for b in bills],
            "month": [month_index(b.month) for b in bills],
            "kwh_c": [int(b.kwh * 100) for b in bills],
            "fen": [to_fen(b.yuan) for b in bills],
            "holder": [b.holder for b in bills],
            "meter": [b.meter for b in bills],
            "kind": [b.kind.value for b in bills],
            "town": [b.town for b in bills],
            "vacant": [b.vacant for b in bills],
            "applied_at": [b.applied_at for b in bills],
        },
        schema=SCHEMA,
    )


# ── the computation ─────────────────────────────────────────────────────────


def run_columnar(
    program: Program,
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    months: Sequence[date] | None = None,
    pool: Decimal | None = None,
    detail: bool = False,
) -> ColumnarRun:
    """Each account's claim and award in fen (and, with `detail`, every account-month's
    outcome and reward)."""
    rules = program.saving
    if rules is None:
        raise ValueError(f"{program.version} is not a saving program")
    chosen = [month_index(m) for m in (rules.months if months is None else months)]
    needed = sorted({*chosen, *(m - 12 for m in chosen)})
    bills = _only_months(frame.collect() if isinstance(frame, pl.LazyFrame) else frame, needed)
    keyed = _keyed(bills)
    judged = _judge(program, keyed, chosen, detail=detail)
    names = _account_of_seat(keyed)
    per_account = (
        judged.group_by("seat")
        .agg(pl.col("reward_fen").sum().alias("claim_fen"), pl.col("applied_at").min())
        .sort("seat")  # the accounts' order
        .select(names.gather(pl.col("seat")).alias("account"), "claim_fen", "applied_at")
    )
    pool_fen = to_fen(program.pool.amount if pool is None else pool)
    shared = share_frame(per_account, pool_fen, program.pool.sharing)
    if not detail:
        return ColumnarRun(shared, pool_fen)
    account = names.gather(pl.col("seat")).alias("account")
    months_out = judged.select(account, "month", "outcome", "reward_fen")
    return ColumnarRun(shared, pool_fen, months_out)


def _account_of_seat(keyed: pl.DataFrame) -> pl.Expr:
    """The 户号 of each seat, as a literal to gather from."""
    first = pl.col("seat").diff().fill_null(1) != 0
    return pl.lit(keyed.select(pl.col("account").filter(first))["account"])


def _only_months(bills: pl.DataFrame, needed: list[int]) -> pl.DataFrame:
    """The bills of these months (the accounts × months grid of `_last_year` stays small),
    without copying when there are no others."""
    wanted = pl.col("month").is_in(needed)
    return bills if bills.select(wanted.all()).item() else bills.filter(wanted)


def _keyed(bills: pl.DataFrame) -> pl.DataFrame:
    """The bills sorted by account and month, with `row` (their place), `seat` (the account's
    place among accounts) and holder and meter as 64-bit hashes, null where empty: comparing
    hashes, not text, is what makes the year-over-year comparison fast; two different names
    of one account hashing alike (one chance in 2⁶⁴) would hide a change."""
    seat = pl.col("account").rle_id().cast(pl.Int64).alias("seat")
    seated = bills.with_columns(seat)
    if not _in_account_order(seated):
        seated = bills.sort("account", "month").with_columns(seat)
    hashed = [pl.when(pl.col(c) != "").then(pl.col(c).hash()).alias(c) for c in ("holder", "meter")]
    return seated.with_columns(*hashed).with_row_index("row")


def _in_account_order(seated: pl.DataFrame) -> bool:
    """Sorted by account, and by month within each account (as the power companies'
    exports come); `seat` numbers the runs of one account."""
    if not seated["account"].is_sorted():
        return False
    onward = (pl.col("seat").diff() > 0).fill_null(True) | (pl.col("month").diff() > 0)
    return bool(seated.select(onward.all()).item())


LAST_YEAR = ("kwh_c", "fen", "holder", "meter", "vacant")


def _judge(
    program: Program, keyed: pl.DataFrame, chosen: list[int], *, detail: bool = True
) -> pl.DataFrame:
    """One row per account and claimed month: seat, month, reward_fen, applied_at and,
    with `detail`, the outcome. `keyed` is `_keyed`'s. The rules are
    `engine.savings.judge_month`'s, in the same order."""
    used = ["row", "seat", "month", "kwh_c", "fen", "holder", "meter", "kind", "vacant"]
    this = keyed.select(*used, "applied_at").filter(pl.col("month").is_in(chosen))
    joined = this.with_columns(_last_year(keyed, this))
    checks = _checks(program)
    eligible = ~pl.any_horizontal([check for _, check in checks]).fill_null(True)
    columns = ["seat", "month", "reward_fen", "applied_at"]
    judged = joined.with_columns(
        pl.when(eligible).then(_capped_reward(program)).otherwise(0).alias("reward_fen")
    )
    if detail:
        first = [pl.when(check).then(_code(code)) for code, check in checks]  # null elsewhere
        outcome = pl.coalesce([*first, _code(Outcome.ELIGIBLE)])
        judged = judged.with_columns(outcome.alias("outcome"))
        columns.insert(2, "outcome")
    return judged.select(columns)


def _last_year(keyed: pl.DataFrame, this: pl.DataFrame) -> list[pl.Series]:
    """found, last_kwh_c, last_fen, …: each row's bill of the same month a year earlier, found
    by placing every bill in an accounts × months grid (where `found` is false the other
    columns hold another bill: NO_BASE, checked before any last-year figure, reads `found`)."""
    if this.height == 0:
        empty = [keyed[c].head(0).alias(f"last_{c}") for c in LAST_YEAR]
        return [pl.Series("found", [], dtype=pl.Boolean), *empty]
    first, last, seats = keyed.select(
        pl.col("month").min().alias("first"),
        pl.col("month").max().alias("last"),
        (pl.col("seat").max() + 1).alias("seats"),
    ).row(0)
    span = last - first + 1
    cell = keyed["seat"].to_numpy().astype(np.int64) * span + (keyed["month"].to_numpy() - first)
    row_at = np.full(seats * span, -1, dtype=np.int64)
    row_at[cell] = np.arange(keyed.height)
    mine = this["row"].to_numpy()
    earlier = this["month"].to_numpy() - 12 >= first
    at = np.where(earlier, row_at[np.where(earlier, cell[mine] - 12, 0)], -1)
    rows = keyed.select(pl.col(c).alias(f"last_{c}") for c in LAST_YEAR)[np.maximum(at, 0)]
    return [pl.Series("found", at >= 0), *rows.get_columns()]


def _checks(program: Program) -> list[tuple[Outcome, pl.Expr]]:
    """(outcome, the rows it applies to), in `judge_month`'s order; the first one wins."""
    rules, ex = program.saving, program.exclusions
    assert rules is not None
    key = "kwh_c" if rules.basis is Basis.ENERGY else "fen"
    before, now = pl.col(f"last_{key}"), pl.col(key)
    drop_num, drop_den = rules.min_drop.as_integer_ratio()

    def changed(column: str) -> pl.Expr:  # hashed by `_keyed`: null where empty
        return (pl.col(column) != pl.col(f"last_{column}")).fill_null(False)

    checks = [
        (Outcome.OUT_OF_SCOPE, ~pl.col("kind").is_in([k.value for k in rules.who])),
        (Outcome.NO_BASE, ~pl.col("found")),
    ]
    if ex.holder_changed:
        checks.append((Outcome.HOLDER_CHANGED, changed("holder")))
    if ex.meter_changed:
        checks.append((Outcome.METER_CHANGED, changed("meter")))
    if ex.vacant_flag:
        checks.append((Outcome.VACANT, pl.col("vacant") | pl.col("last_vacant")))
    if ex.vacant_below_kwh is not None:
        low = _under(ex.vacant_below_kwh, "kwh_c") | _under(ex.vacant_below_kwh, "last_kwh_c")
        checks.append((Outcome.VACANT, low))
    return [
        *checks,
        (Outcome.ZERO_BASE, before <= 0),
        (Outcome.BELOW, (before - now) * drop_den < before * drop_num),
        (Outcome.NOT_SAVED, pl.col("last_fen") - pl.col("fen") <= 0),
    ]


def _capped_reward(program: Program) -> pl.Expr:
    """Yuan saved × rate, rounded down to the fen, at most the kind's cap (all in fen)."""
    rules = program.saving
    assert rules is not None
    rate_num, rate_den = rules.rate.as_integer_ratio()
    reward = (pl.col("last_fen") - pl.col("fen")) * rate_num // rate_den
    for kind, amount in rules.caps.items():
        cap = to_fen(amount)
        reward = (
            pl.when((pl.col("kind") == kind.value) & (reward > cap)).then(cap).otherwise(reward)
        )
    return reward.cast(pl.Int64)


def _under(floor: Decimal, column: str) -> pl.Expr:
    num, den = floor.as_integer_ratio()
    return pl.col(column) * den < num * 100


def share_frame(claims: pl.DataFrame, pool: int, sharing: Sharing) -> pl.DataFrame:
    """account, claim_fen, award_fen: the pool shared by `engine.sharing`'s rules, in the
    claims' order, which must be the accounts' (ties go to the earlier account)."""
    total = int(claims["claim_fen"].sum())
    claims = claims.with_row_index("at")
    if sharing is Sharing.PRO_RATA:
        if total <= pool:
            return claims.select("account", "claim_fen", pl.col("claim_fen").alias("award_fen"))
        wide = pl.col("claim_fen").cast(pl.Int128) * pl.lit(pool, dtype=pl.Int128)
        split = claims.with_columns(
            (wide // total).cast(pl.Int64).alias("floor"), (wide % total).alias("rem")
        )
        left = pool - int(split["floor"].sum())
        ranked = split.sort(["rem", "at"], descending=[True, False]).with_row_index("place")
        extra = (pl.col("place") < left) & (pl.col("claim_fen") > 0)
        award = pl.col("floor") + extra.cast(pl.Int64)
        return _in_order(ranked.with_columns(award.alias("award_fen")))
    if sharing is Sharing.FIRST_COME:
        waiting = pl.col("applied_at").is_not_null() & (pl.col("claim_fen") > 0)
        order = claims.filter(waiting).sort(["applied_at", "at"])
    else:
        order = claims.filter(pl.col("claim_fen") > 0).sort(
            ["claim_fen", "at"], descending=[True, False]
        )
    before = pl.col("claim_fen").cum_sum() - pl.col("claim_fen")
    paid = order.with_columns(
        (pl.lit(pool) - before).clip(0, pl.col("claim_fen")).alias("award_fen")
    )
    unpaid = claims.join(paid, on="at", how="anti").with_columns(
        pl.lit(0, dtype=pl.Int64).alias("award_fen")
    )
    return _in_order(pl.concat([paid, unpaid], how="diagonal"))


def _in_order(shared: pl.DataFrame) -> pl.DataFrame:
    return shared.sort("at").select("account", "claim_fen", "award_fen")


# ── reading a large CSV ─────────────────────────────────────────────────────


def read_bills_csv(path: Path) -> pl.DataFrame:
    """A power company's CSV (UTF-8) as the frame; `Invalid` naming the duplicates, if any."""
    raw = pl.read_csv(path, infer_schema=False)
    aliases = {header_key(a): name for name, names in COLUMNS.items() for a in names}
    rename = {c: aliases[header_key(c)] for c in raw.columns if header_key(c) in aliases}
    missing = [COLUMNS[r][0] for r in REQUIRED if r not in rename.values()]
    if missing:
        raise Invalid(f"{path.name} 缺少列：{'、'.join(missing)} (missing columns)")
    frame = raw.select([pl.col(c).alias(n) for c, n in rename.items()])
    parsed = _parse(frame)
    _refuse_bad_cells(frame, parsed, path.name)
    refuse_duplicate_rows(parsed)
    return parsed


def _parse(frame: pl.DataFrame) -> pl.DataFrame:
    month = pl.col("month").str.replace_all(r"[年月/.]", "-").str.strip_chars("-")
    parts = month.str.extract_groups(r"^(\d{4})-?(\d{1,2})(?:-\d{1,2})?$")
    columns = {
        "account": pl.col("account").str.strip_chars(),
        "month": (
            parts.struct.field("1").cast(pl.Int32, strict=False) * 12
            + parts.struct.field("2").cast(pl.Int32, strict=False)
            - 1
        ),
        "kwh_c": _hundredths("kwh"),
        "fen": _hundredths("yuan"),
        "kind": _kind(frame),
        "vacant": _vacant(frame),
        "applied_at": _moment(frame),
    }
    for name in OPTIONAL_TEXT:
        columns[name] = (
            pl.col(name).fill_null("").str.strip_chars() if name in frame.columns else pl.lit("")
        )
    return frame.select(**columns).cast(SCHEMA).select(list(SCHEMA))  # type: ignore[arg-type]


def _text_of(frame: pl.DataFrame, column: str) -> pl.Expr:
    if column not in frame.columns:
        return pl.lit("")
    return pl.col(column).fill_null("").str.strip_chars()


def _kind(frame: pl.DataFrame) -> pl.Expr:
    """As `bills.parse_kind`: 企业 for the business words, 居民 for 居民 or empty, else null."""
    text = _text_of(frame, "kind")
    return (
        pl.when(text.str.contains("|".join(ENTERPRISE_WORDS)))
        .then(pl.lit(AccountKind.ENTERPRISE.value))
        .when((text == "") | text.str.contains(HOUSEHOLD_WORD))
        .then(pl.lit(AccountKind.HOUSEHOLD.value))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def _vacant(frame: pl.DataFrame) -> pl.Expr:
    text = _text_of(frame, "vacant").str.to_lowercase()
    return (
        pl.when(text.is_in(list(YES)))
        .then(pl.lit(True))
        .when(text.is_in(list(NO)))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )


def _moment(frame: pl.DataFrame) -> pl.Expr:
    text = _text_of(frame, "applied_at").str.replace_all("/", "-").str.replace("T", " ")
    attempts = [text.str.strptime(pl.Datetime("us"), f, strict=False) for f in MOMENT_FORMATS]
    return (
        pl.when(text == "")
        .then(pl.lit(None, dtype=pl.Datetime("us")))
        .otherwise(pl.coalesce(attempts))
    )


def _hundredths(column: str) -> pl.Expr:
    """'285', '285.5', '285.50' → 28550; anything else → null (reported)."""
    parts = (
        pl.col(column)
        .str.replace_all(",", "")
        .str.strip_chars()
        .str.extract_groups(r"^(\d+)(?:\.(\d{1,2}))?$")
    )
    whole = parts.struct.field("1").cast(pl.Int64, strict=False)
    cents = parts.struct.field("2").fill_null("").str.pad_end(2, "0").cast(pl.Int64, strict=False)
    return whole * 100 + cents


# parsed column → (the header named in messages, the raw column)
CELLS = {
    "account": ("户号", "account"), "month": ("电费年月", "month"), "kwh_c": ("用电量", "kwh"),
    "fen": ("电费", "yuan"), "kind": ("用户类别", "kind"), "vacant": ("是否空置", "vacant"),
    "applied_at": ("申请时间", "applied_at"),
}  # fmt: skip


def _refuse_bad_cells(raw: pl.DataFrame, parsed: pl.DataFrame, name: str) -> None:
    """Up to 20 unreadable cells per column, each with its row (the header is row 1)."""
    errors = []
    for column, (label, source) in CELLS.items():
        if source not in raw.columns:
            continue
        bad = pl.col(column).is_null()
        if column == "account":
            bad = bad | (pl.col(column) == "")
        elif column == "applied_at":  # empty is fine: no application
            bad = bad & (pl.col("_raw").fill_null("").str.strip_chars() != "")
        with_raw = parsed.with_columns(raw[source].alias("_raw")).with_row_index("row")
        rows = with_raw.filter(bad)
        for row, value in rows.head(20).select("row", "_raw").iter_rows():
            errors.append(FieldError(f"{label}“{value or ''}”无法识别", row + 2, label))
    if errors:
        errors.sort(key=lambda e: e.row or 0)
        raise Invalid(
            f"{name} 有无法识别的单元格，未导入 (unreadable cells; nothing imported)", errors
        )


def refuse_duplicate_rows(frame: pl.DataFrame) -> None:
    """`Invalid` naming up to 20 (户号, 月份) billed more than once, with their rows."""
    repeated = (
        frame.with_row_index("row")
        .group_by("account", "month")
        .agg(pl.col("row").sort(), pl.len().alias("count"))
        .filter(pl.col("count") > 1)
        .sort("account", "month")
    )
    if repeated.height == 0:
        return
    errors = [
        FieldError(
            f"户号 {r['account']} 的 {month_label(month_at(r['month']))} 账单重复出现："
            + "、".join(f"第 {n + 2} 行" for n in r["row"]),
            r["row"][1] + 2,
            "户号",
        )
        for r in repeated.head(20).iter_rows(named=True)
    ]
    raise Invalid(
        f"有 {repeated.height} 处重复账单，未导入 (duplicate bills; nothing imported)", errors
    )


def gaps_frame(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """account, first, last, missing: accounts with months missing between first and last."""
    return (
        frame.lazy()
        .group_by("account")
        .agg(
            pl.col("month").min().alias("first"),
            pl.col("month").max().alias("last"),
            pl.col("month").n_unique().alias("months"),
        )
        .with_columns((pl.col("last") - pl.col("first") + 1 - pl.col("months")).alias("missing"))
        .filter(pl.col("missing") > 0)
        .sort("account")
        .collect()
    )
