"""Turning a person's form or JSON edit into ledger events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source
from taizhang.org.models import User
from taizhang.projects.commands import change_figures
from taizhang.projects.models import Project
from taizhang.web.projects.schemas import FiguresIn


def apply_figures(
    session: Session, project: Project, figures: FiguresIn, *, user: User, now: datetime
) -> Project:
    """Record the figures a person stated; only the ones given are changed."""
    changes = figure_changes(figures)
    if not changes:
        raise Invalid("请至少填写一项数据 (state at least one figure)")
    return change_figures(
        session,
        project,
        changes,
        source=Source.user(user),
        actor=user,
        reason=figures.reason or None,
        now=now,
    )


def figure_changes(figures: FiguresIn) -> dict[str, Any]:
    given = figures.model_fields_set
    changes: dict[str, Any] = {}
    for key in ("progress_pct", "land_mu", "chain"):
        if key in given:
            changes[key] = getattr(figures, key)
    if "investment_yuan" in given:
        amount = figures.investment_yuan
        changes["investment"] = (
            None if amount is None else Money(amount, figures.investment_currency)
        )
    if "annual_output_yuan" in given:
        amount = figures.annual_output_yuan
        changes["annual_output"] = None if amount is None else Money(amount)
    return changes
