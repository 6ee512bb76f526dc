"""The enterprise ledger as the policy engine reads it: each enterprise's `Profile` — its unit
and its ancestors' codes, its credit code's region, 注册日期, and the facts of the years a policy
judges, each with the ledger event it came from — and its 亩均 class of a year, which comes
from `muju.queries.classes_by_year` (a stored evaluation, else computed live: 试算)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.enterprises.ledger import (
    FIGURES,
    KIND_SEPARATOR,
    WORD_SETS,
    FactField,
    HeldValue,
    held_values,
)
from taizhang.enterprises.models import Enterprise
from taizhang.muju.queries import classes_by_year
from taizhang.org.models import Unit
from taizhang.policies.engine.conditions import MujuClass
from taizhang.policies.engine.model import Field, Figure, Place, Profile
from taizhang.policies.engine.policy import Policy
from taizhang.policies.results import EVALUATION

FIELD_OF = {f.value: f for f in Field}  # a ledger FactField's value → the engine's Field


def years_read(policies: Iterable[Policy]) -> tuple[set[int], set[int]]:
    """The years of figures the policies judge (three up to each data year, and any year a
    condition names), and the years whose 亩均 classes they ask for."""
    years: set[int] = set()
    classes: set[int] = set()
    for policy in policies:
        years |= {policy.data_year - 2, policy.data_year - 1, policy.data_year}
        for condition in policy.conditions:
            year = getattr(condition, "year", None)
            if year is not None:
                years.add(year)
            if isinstance(condition, MujuClass):
                classes.add(year or policy.data_year)
    return years, classes


def load_profiles(
    session: Session, policies: Sequence[Policy], enterprise_ids: Sequence[int] | None = None
) -> list[Profile]:
    """Every enterprise of the library (or those of `enterprise_ids`), by name, as the policies
    read them."""
    years, class_years = years_read(policies)
    query = select(Enterprise).order_by(Enterprise.name)
    if enterprise_ids is not None:
        query = query.where(Enterprise.id.in_(enterprise_ids))
    enterprises = list(session.scalars(query))
    ids = [e.id for e in enterprises] if enterprise_ids is not None else None
    facts = held_values(session, years, ids)
    units = {u.id: u for u in session.scalars(select(Unit))}
    grades = _grades(session, class_years)
    return [
        Profile(
            enterprise_id=e.id,
            name=e.name,
            credit_code=e.credit_code,
            place=_place(e, units),
            standing=_standing(e, facts.get(e.id, [])),
            yearly=_yearly(facts.get(e.id, [])) | grades.get(e.id, {}),
        )
        for e in enterprises
    ]


def _place(enterprise: Enterprise, units: dict[int, Unit]) -> Place:
    codes: list[str] = []
    unit = units.get(enterprise.unit_id) if enterprise.unit_id else None
    name = unit.name if unit else ""
    while unit is not None:
        codes.append(unit.code)
        unit = units.get(unit.parent_id) if unit.parent_id else None
    region = enterprise.credit_code[2:8] if enterprise.credit_code else ""
    return Place(tuple(codes), name, region)


def _figure(held: HeldValue) -> Figure | None:
    text = held.value
    if text is None:
        return None
    value: Decimal | str | frozenset[str] | date
    if held.field in FIGURES:
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
    elif held.field in WORD_SETS:
        value = frozenset(w for w in text.split(KIND_SEPARATOR) if w)
    elif held.field is FactField.REGISTERED_ON:
        try:
            value = date.fromisoformat(text)
        except ValueError:
            return None
    else:
        value = text
    return Figure(value, held.year, held.source_label or "", held.event_id, held.source_kind)


def _standing(enterprise: Enterprise, held: list[HeldValue]) -> dict[Field, Figure]:
    found: dict[Field, Figure] = {}
    if enterprise.industry_code:
        found[Field.INDUSTRY] = Figure(enterprise.industry_code, None, "", None, "system")
    for fact in held:
        if fact.year is None and fact.field.value in FIELD_OF:
            figure = _figure(fact)
            if figure is not None:
                found[FIELD_OF[fact.field.value]] = figure
    return found


def _yearly(held: list[HeldValue]) -> dict[tuple[Field, int], Figure]:
    found: dict[tuple[Field, int], Figure] = {}
    for fact in held:
        if fact.year is None or fact.field.value not in FIELD_OF:
            continue
        figure = _figure(fact)
        if figure is not None:
            found[FIELD_OF[fact.field.value], fact.year] = figure
    return found


def _grades(session: Session, years: set[int]) -> dict[int, dict[tuple[Field, int], Figure]]:
    """Each enterprise's 亩均 class of those years, sourced to the evaluation it comes from."""
    found: dict[int, dict[tuple[Field, int], Figure]] = {}
    for year, classes in classes_by_year(session, years).items():
        for enterprise_id, evaluation in classes.evaluations.items():
            if evaluation.grade in ("A", "B", "C", "D"):
                figure = Figure(evaluation.grade, year, classes.scheme, None, EVALUATION)
                found.setdefault(enterprise_id, {})[Field.MUJU_CLASS, year] = figure
    return found
