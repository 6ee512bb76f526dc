"""Page rendering: one Jinja environment, the shared context, number formatting."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from taizhang.appeals.models import AppealStatus
from taizhang.appeals.workflow import Grade
from taizhang.kernel.clock import district_date, district_minute
from taizhang.kernel.db import session_scope
from taizhang.kernel.money import format_money_in, format_total, plain_number, total_number
from taizhang.kernel.numbers import format_number
from taizhang.kernel.periods import period_containing
from taizhang.kernel.stages import STAGES, Stage
from taizhang.org.access import Section, path_in_scope
from taizhang.org.units import district_name
from taizhang.projects.categories import category_label
from taizhang.projects.projection import SIZE_BAND_BY_CODE
from taizhang.web.deps import Viewer
from taizhang.web.i18n import translate
from taizhang.web.navigation import NAVIGATION, current_section
from taizhang.web.timeline import capacity_words, event_title, quoted, source_label

TEMPLATES_DIR = Path(__file__).parent / "templates"


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.filters["money"] = money_filter
    env.filters["yi"] = yi_filter
    env.filters["total"] = total_filter
    env.filters["pct"] = pct_filter
    env.filters["day"] = day_filter
    env.globals["planned_day"] = planned_day
    env.filters["num"] = number_filter
    env.filters["yuan"] = yuan_filter
    env.filters["local_time"] = local_time_filter
    env.globals["STAGES"] = STAGES
    env.globals["AppealStatus"] = AppealStatus
    env.globals["Grade"] = Grade
    env.globals["SIZE_BANDS"] = SIZE_BAND_BY_CODE
    env.globals["stage_label"] = stage_label
    env.globals["category_label"] = category_label
    env.globals["capacity_words"] = capacity_words
    env.globals["event_title"] = event_title
    env.globals["quoted"] = quoted
    env.globals["source_label"] = source_label
    env.globals["NAVIGATION"] = NAVIGATION
    env.globals["may"] = may
    env.globals["in_scope"] = in_scope
    return templates


def may(user: Viewer | None, section: str) -> bool:
    """Templates ask `may(user, "appeals")`: the rule is `org.access.SECTIONS`."""
    return user is not None and Section(section) in user.sections


def in_scope(user: Viewer | None, path: str) -> bool:
    """Whether a unit (by its path) lies in what the user sees (`org.access.path_in_scope`)."""
    return user is not None and path_in_scope(user.scope, path)


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    language = request.state.language
    district = page_district_name(request)
    shared = {
        "lang": language,
        "t": lambda key, **values: translate(key, language, **values),
        "district": district,
        "app_name": app_name(district, language),
        "user": getattr(request.state, "user", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "path": request.url.path,
        "section": current_section(request.url.path),
    }
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, {**shared, **context}, status_code=status_code)


def page_district_name(request: Request) -> str | None:
    """The district's name for the page header: the setting, else the root unit's name."""
    with session_scope(request.app.state.engine) as session:
        return district_name(session, request.app.state.settings.district_name)


def app_name(district: str | None, language: str) -> str:
    """“〇〇区项目台账”, or “〇〇区 Project Ledger” in English: the name as the unit has it."""
    if not district:
        return translate("app_name_plain", language)
    return translate("app_name", language, district=district)


@pass_context
def money_filter(context: Context, fen: int | None, currency: str = "CNY") -> str:
    """Integer fen as the page's language writes money: 3.5亿元, or CNY 350m."""
    amount = None if fen is None else Decimal(fen) / 100
    return format_money_in(amount, currency, context.get("lang", "zh"))


@pass_context
def yi_filter(context: Context, fen: int | None) -> str:
    """A total in a table of totals: 511.88 (亿元) on a Chinese page, 51.188 (CNY bn) in English."""
    return total_number(Decimal(fen or 0) / 100, context.get("lang", "zh"))


@pass_context
def total_filter(context: Context, fen: int | None) -> str:
    """A total on its own: 511.88 亿元, or CNY 51.188 bn on an English page."""
    return format_total(Decimal(fen or 0) / 100, context.get("lang", "zh"))


def pct_filter(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    return f"{format_number(Decimal(str(value)))}%"


def number_filter(value: Decimal | float | int | None) -> str:
    """12.50 → 12.5, 60.0000 → 60, never 6E+1."""
    if value is None:
        return "—"
    return plain_number(Decimal(str(value)))


def yuan_filter(value: Decimal | None) -> str:
    """An amount in 元 to the fen with thousands separators: 3,000,000.00."""
    if value is None:
        return "—"
    return format_number(value, places=2, trim=False, grouping=True)


def local_time_filter(value: datetime | None) -> str:
    """A stored UTC time shown in the district's time (UTC+8)."""
    if value is None:
        return "—"
    return district_minute(value)


def day_filter(value: date | None) -> str:
    """A date; a stored (UTC) time as its day in the district, never an ISO timestamp."""
    if isinstance(value, datetime):
        return district_date(value).isoformat()
    return value.isoformat() if value else "—"


def planned_day(on: date | None, precision: str | None, language: str = "zh") -> str:
    """A planned date as precisely as it was said: 2026年第三季度 for a plan dated 2026-09-30
    by its quarter; a plan to the day as a day."""
    if on is None:
        return day_filter(on)
    for kind in ("month", "quarter", "year"):
        if precision == kind:
            return period_containing(kind, on).label_in(language)
    return day_filter(on)


def stage_label(stage: str | Stage | None, language: str = "zh") -> str:
    if not stage:
        return "—"
    return Stage(stage).label_in(language)
