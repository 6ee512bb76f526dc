"""The policies over a whole table at once (Polars): one row per enterprise, each policy's
conditions as column expressions, giving every enterprise's status, nearly and amount — the
same as `engine.matching.match` (tests/policies/test_columnar.py holds them equal).

The table: `enterprise_id`, `registered_on` (Date), `unit_codes` (list of text: the unit and its
ancestors), `region`, `industry`, and for each year Y: `revenue_Y`, `rnd_Y`, `employees_Y`,
`rnd_staff_Y`, `tax_Y`, `value_added_Y`, `incidents_Y` (Float64, null: not stated), `size_Y`
(ABOVE / BELOW), `tags_Y`, `qualifications_Y` (lists of text, null: not stated), `class_Y`.

Figures are compared in float64; a row whose comparison lies within a relative 1e-9 of its
threshold, or whose amount lies that close to a half fen, is judged again by the pure engine on
that row's `Profile` (`profile_of_row`), so ties are decided exactly as the engine does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from taizhang.policies.engine.conditions import (
    ABOVE,
    SIZE_BOUNDS,
    AboveScale,
    Condition,
    FigureBound,
    HeldWords,
    Industry,
    MujuClass,
    NoIncident,
    Registered,
    RegistrationAge,
    RndRatio,
    RndStaffShare,
    SalesGrowth,
    Size,
    SizeClasses,
)
from taizhang.policies.engine.matching import match
from taizhang.policies.engine.model import Field, Figure, Place, Profile, Status
from taizhang.policies.engine.policy import Policy

MET, NOT_MET, UNKNOWN = 0, 1, 2
STATUS_OF = {MET: Status.MET, NOT_MET: Status.NOT_MET, UNKNOWN: Status.UNKNOWN}
NUMBER_COLUMNS = {
    Field.REVENUE: "revenue", Field.RND: "rnd", Field.EMPLOYEES: "employees",
    Field.RND_STAFF: "rnd_staff", Field.TAX: "tax", Field.VALUE_ADDED: "value_added",
    Field.INCIDENTS: "incidents",
}  # fmt: skip
WORD_COLUMNS = {Field.TAGS: "tags", Field.QUALIFICATIONS: "qualifications"}
EPSILON = 1e-9


def _f(value: Decimal | int) -> float:
    return float(value)


def _judged(ok: pl.Expr, known: pl.Expr) -> pl.Expr:
    return pl.when(~known).then(UNKNOWN).when(ok).then(MET).otherwise(NOT_MET)


def _near(lhs: pl.Expr, rhs: pl.Expr) -> pl.Expr:
    scale = pl.max_horizontal(lhs.abs(), rhs.abs(), pl.lit(1.0))
    return ((lhs - rhs).abs() <= scale * EPSILON).fill_null(False)


def _num(name: Field, year: int) -> pl.Expr:
    return pl.col(f"{NUMBER_COLUMNS[name]}_{year}")


def condition_expr(condition: Condition, year: int, as_of: date) -> tuple[pl.Expr, pl.Expr]:
    """A condition's status (0 met, 1 not met, 2 unknown) and whether it is a near tie."""
    no_tie = pl.lit(False)
    if isinstance(condition, RegistrationAge):
        on = pl.col("registered_on")
        months = (as_of.year - on.dt.year()) * 12 + as_of.month - on.dt.month()
        months = months - (pl.lit(as_of.day) < on.dt.day()).cast(pl.Int32)
        ok = months >= 12 * condition.min_years
        if condition.max_years is not None:
            ok = ok & (months < 12 * condition.max_years)
        return _judged(ok, on.is_not_null()), no_tie
    if isinstance(condition, Registered):
        return _registered(condition), no_tie
    if isinstance(condition, AboveScale):
        size = pl.col(f"size_{condition.year or year}")
        return _judged((size == ABOVE) == condition.above, size.is_not_null()), no_tie
    if isinstance(condition, SizeClasses):
        return _size_classes(condition, condition.year or year), no_tie
    if isinstance(condition, Industry):
        code = pl.col("industry")
        ok = pl.any_horizontal(*(_industry(code, p) for p in condition.prefixes))
        return _judged(ok, code.is_not_null() & (code != "")), no_tie
    if isinstance(condition, MujuClass):
        grade = pl.col(f"class_{condition.year or year}")
        return _judged(grade.is_in(list(condition.classes)), grade.is_not_null()), no_tie
    if isinstance(condition, HeldWords):
        return _held(condition, condition.year or year), no_tie
    if isinstance(condition, RndRatio):
        return _rnd_ratio(condition, year)
    if isinstance(condition, RndStaffShare):
        y = condition.year or year
        staff, people = _num(Field.RND_STAFF, y), _num(Field.EMPLOYEES, y)
        rhs = _f(condition.share) * people
        ok = (people > 0) & (staff >= rhs)
        known = staff.is_not_null() & people.is_not_null()
        return _judged(ok, known), _near(staff, rhs) & known
    if isinstance(condition, SalesGrowth):
        s1, s2, s3 = (_num(Field.REVENUE, y) for y in (year - 2, year - 1, year))
        lhs, rhs = s2 * s2 + s1 * s3, 2 * (1 + _f(condition.growth)) * s1 * s2
        ok = (s1 > 0) & (s2 > 0) & (lhs >= rhs)
        known = s1.is_not_null() & s2.is_not_null() & s3.is_not_null()
        return _judged(ok, known), _near(lhs, rhs) & known
    if isinstance(condition, NoIncident):
        count = _num(Field.INCIDENTS, condition.year or year)
        return _judged(count == 0, count.is_not_null()), no_tie
    if isinstance(condition, FigureBound):
        value = _num(condition.field, condition.year or year)
        ok, tie = pl.lit(True), pl.lit(False)
        if condition.at_least is not None:
            ok = ok & (value >= _f(condition.at_least))
            tie = tie | _near(value, pl.lit(_f(condition.at_least)))
        if condition.at_most is not None:
            ok = ok & (value <= _f(condition.at_most))
            tie = tie | _near(value, pl.lit(_f(condition.at_most)))
        return _judged(ok, value.is_not_null()), tie & value.is_not_null()
    raise TypeError(f"不支持的条件 {condition!r} (unsupported condition)")


def _registered(condition: Registered) -> pl.Expr:
    codes, region = pl.col("unit_codes"), pl.col("region")
    in_unit = pl.lit(False)
    if condition.units:
        prefixes = list(condition.units)
        in_unit = codes.list.eval(
            pl.any_horizontal(*(pl.element().str.starts_with(p) for p in prefixes))
        ).list.any()
    in_region = pl.lit(False)
    if condition.regions:
        in_region = pl.any_horizontal(*(region.str.starts_with(r) for r in condition.regions))
    missing = []
    if condition.units:
        missing.append(codes.list.len() == 0)
    if condition.regions:
        missing.append(region.is_null() | (region == ""))
    all_missing = pl.all_horizontal(*missing)
    ok = in_unit.fill_null(False) | in_region.fill_null(False)
    return pl.when(ok).then(MET).when(all_missing).then(UNKNOWN).otherwise(NOT_MET)


def _industry(code: pl.Expr, prefix: str) -> pl.Expr:
    text = prefix.strip().upper()
    if text[:1].isalpha():
        return code.str.starts_with(text)
    digits = pl.when(code.str.slice(0, 1).str.contains("^[A-Za-z]$")).then(code.str.slice(1))
    return digits.otherwise(code).str.starts_with(text)


def _size_classes(condition: SizeClasses, year: int) -> pl.Expr:
    people, revenue = _num(Field.EMPLOYEES, year), _num(Field.REVENUE, year)
    micro = (people < 20).fill_null(False) | (revenue < 300).fill_null(False)
    size: Any = pl.when(micro).then(pl.lit(Size.MICRO.value))
    for kind, least_people, least_money in SIZE_BOUNDS:
        size = size.when((people >= _f(least_people)) & (revenue >= _f(least_money)))
        size = size.then(pl.lit(kind.value))
    size = size.when(people.is_not_null() & revenue.is_not_null()).then(pl.lit(Size.MICRO.value))
    decided = size.otherwise(pl.lit(None))
    return _judged(decided.is_in([s.value for s in condition.classes]), decided.is_not_null())


def _held(condition: HeldWords, year: int) -> pl.Expr:
    words = pl.col(f"{WORD_COLUMNS[condition.field]}_{year}")
    ok = pl.lit(True)
    if condition.any_of:
        ok = ok & words.list.eval(pl.element().is_in(list(condition.any_of))).list.any()
    for word in condition.all_of:
        ok = ok & words.list.contains(word)
    for word in condition.none_of:
        ok = ok & ~words.list.contains(word)
    return _judged(ok, words.is_not_null())


def _rnd_ratio(condition: RndRatio, year: int) -> tuple[pl.Expr, pl.Expr]:
    years = range(year - condition.years + 1, year + 1)
    rnd = pl.sum_horizontal(*(_num(Field.RND, y) for y in years))
    sales = pl.sum_horizontal(*(_num(Field.REVENUE, y) for y in years))
    known = pl.all_horizontal(
        *(_num(f, y).is_not_null() for y in years for f in (Field.RND, Field.REVENUE))
    )
    latest = _num(Field.REVENUE, year)
    share = pl.lit(_f(condition.bands[-1].share))
    for band in reversed(condition.bands[:-1]):
        assert band.limit is not None
        share = pl.when(latest <= _f(band.limit)).then(_f(band.share)).otherwise(share)
    rhs = share * sales
    ok = (sales > 0) & (rnd >= rhs)
    limits = [_near(latest, pl.lit(_f(b.limit))) for b in condition.bands if b.limit is not None]
    tie = (_near(rnd, rhs) | pl.any_horizontal(*limits)) & known
    return _judged(ok, known), tie


def _amount(policy: Policy, year: int) -> tuple[pl.Expr, pl.Expr]:
    benefit = policy.benefit
    if benefit.amount is not None:
        return pl.lit(_f(benefit.amount)), pl.lit(False)
    assert benefit.base is not None and benefit.rate is not None
    this = _num(benefit.base, year)
    base = (this - _num(benefit.base, year - 1)).clip(lower_bound=0) if benefit.increase else this
    raw = base * 10000 * _f(benefit.rate)
    cents = raw * 100
    tie = ((cents - cents.floor() - 0.5).abs() <= 1e-6).fill_null(False)
    rounded = (cents + 0.5).floor() / 100
    if benefit.cap is not None:
        cap = _f(benefit.cap)
        rounded = pl.when(rounded > cap).then(pl.lit(cap)).otherwise(rounded)
    return rounded, tie


def match_table(policy: Policy, table: pl.DataFrame) -> pl.DataFrame:
    """Every enterprise's status (0 met, 1 not met, 2 unknown), nearly and amount (元, null
    when not met and not nearly, or when a figure it needs is missing)."""
    parts = [condition_expr(c, policy.data_year, policy.as_of) for c in policy.conditions]
    statuses = [status.alias(f"c{n}") for n, (status, _) in enumerate(parts)]
    ties = pl.any_horizontal(pl.lit(False), *(tie for _, tie in parts))
    amount, amount_tie = _amount(policy, policy.data_year)
    judged = table.select(pl.col("enterprise_id"), *statuses, ties.alias("tie"),
                          amount.alias("amount"), amount_tie.alias("amount_tie"))  # fmt: skip
    names = [f"c{n}" for n in range(len(parts))]
    not_met = pl.sum_horizontal(*((pl.col(c) == NOT_MET).cast(pl.Int32) for c in names))
    unknown = pl.sum_horizontal(*((pl.col(c) == UNKNOWN).cast(pl.Int32) for c in names))
    status = pl.when(not_met > 0).then(NOT_MET).when(unknown > 0).then(UNKNOWN).otherwise(MET)
    nearly = ((not_met == 1) & (unknown == 0)) | ((not_met == 0) & (unknown > 0))
    result = judged.with_columns(status.cast(pl.Int8).alias("status"), nearly.alias("nearly"))
    paid = (pl.col("status") == MET) | pl.col("nearly")
    result = result.with_columns(pl.when(paid).then(pl.col("amount")).alias("amount"))
    result = result.with_columns((pl.col("tie") | (paid & pl.col("amount_tie"))).alias("tie"))
    return _exact_ties(
        policy, table, result.select("enterprise_id", "status", "nearly", "amount", "tie")
    )


def _exact_ties(policy: Policy, table: pl.DataFrame, result: pl.DataFrame) -> pl.DataFrame:
    """The rows near a tie judged again by the pure engine."""
    rows = result.with_row_index("row").filter(pl.col("tie"))["row"].to_list()
    if not rows:
        return result.drop("tie")
    fixed = {}
    for row in rows:
        found = match(policy, profile_of_row(table.row(row, named=True)))
        code = next(k for k, v in STATUS_OF.items() if v is found.status)
        fixed[row] = (code, found.nearly, None if found.amount is None else float(found.amount))
    status = result["status"].to_list()
    nearly = result["nearly"].to_list()
    amount = result["amount"].to_list()
    for row, (code, near, paid) in fixed.items():
        status[row], nearly[row], amount[row] = code, near, paid
    return result.drop("tie").with_columns(
        pl.Series("status", status, pl.Int8), pl.Series("nearly", nearly),
        pl.Series("amount", amount, pl.Float64),
    )  # fmt: skip


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value))


def profile_of_row(row: dict[str, Any]) -> Profile:
    """One row of the table as the engine's `Profile` (figures as the Decimals they print as)."""
    yearly: dict[tuple[Field, int], Figure] = {}
    for key, value in row.items():
        name, _, year_text = key.rpartition("_")
        if not year_text.isdigit() or value is None:
            continue
        year = int(year_text)
        field = _FIELD_OF_COLUMN.get(name)
        if field is None:
            continue
        if field in WORD_COLUMNS:
            figure = Figure(frozenset(value), year)
        elif field in (Field.SIZE, Field.MUJU_CLASS):
            figure = Figure(str(value), year)
        else:
            figure = Figure(_decimal(value) or Decimal(0), year)
        yearly[field, year] = figure
    standing: dict[Field, Figure] = {}
    if row.get("registered_on") is not None:
        standing[Field.REGISTERED_ON] = Figure(row["registered_on"])
    if row.get("industry"):
        standing[Field.INDUSTRY] = Figure(row["industry"])
    place = Place(tuple(row.get("unit_codes") or ()), "", row.get("region") or "")
    return Profile(row["enterprise_id"], str(row["enterprise_id"]), None, place, standing, yearly)


_FIELD_OF_COLUMN = {
    **{column: field for field, column in NUMBER_COLUMNS.items()},
    **{column: field for field, column in WORD_COLUMNS.items()},
    "size": Field.SIZE,
    "class": Field.MUJU_CLASS,
}


def table_of(profiles: Sequence[Profile], years: Sequence[int]) -> pl.DataFrame:
    """Profiles as the table `match_table` reads (for tests and small runs)."""
    columns: dict[str, list[Any]] = {
        "enterprise_id": [p.enterprise_id for p in profiles],
        "registered_on": [_value(p.fact(Field.REGISTERED_ON)) for p in profiles],
        "unit_codes": [list(p.place.unit_codes) for p in profiles],
        "region": [p.place.region for p in profiles],
        "industry": [_value(p.fact(Field.INDUSTRY)) for p in profiles],
    }
    schema: dict[str, Any] = {"enterprise_id": pl.Int64, "registered_on": pl.Date,
                              "unit_codes": pl.List(pl.String), "region": pl.String,
                              "industry": pl.String}  # fmt: skip
    for year in years:
        for field, name in NUMBER_COLUMNS.items():
            columns[f"{name}_{year}"] = [_float(p.number(field, year)) for p in profiles]
            schema[f"{name}_{year}"] = pl.Float64
        for field, name in WORD_COLUMNS.items():
            columns[f"{name}_{year}"] = [_words(p.fact(field, year)) for p in profiles]
            schema[f"{name}_{year}"] = pl.List(pl.String)
        for field, name in ((Field.SIZE, "size"), (Field.MUJU_CLASS, "class")):
            columns[f"{name}_{year}"] = [_value(p.fact(field, year)) for p in profiles]
            schema[f"{name}_{year}"] = pl.String
    return pl.DataFrame(columns, schema=schema)


def _value(figure: Figure | None) -> Any:
    return None if figure is None else figure.value


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _words(figure: Figure | None) -> list[str] | None:
    return None if figure is None else sorted(figure.words)
