"""Reading the project forms (新建项目, 编辑项目, the quick 更新数据 form) as people type them.

Every field is read on its own, so one bad field never hides another: the result is either a
`ProjectDraft` or, per field, the message of what is wrong, and the page is shown again with
everything that was typed (HTTP 422). Amounts go through the kernel's one parser: 120亿,
5000万, 3.5亿元, 3000万美元, 1.2万亿; a bare number is in 亿元, as in the sheet's 总投资（亿元）
column. Dates, land and progress are read as the sheet import reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from taizhang.kernel.errors import FieldError, Forbidden, Invalid, message_in
from taizhang.kernel.money import Money, format_money, parse_money, plain_number
from taizhang.kernel.stages import Stage
from taizhang.org.access import can_edit
from taizhang.org.models import Unit, UnitKind, User
from taizhang.org.units import is_compound_party, list_units
from taizhang.projects.commands import check_project_unit
from taizhang.projects.editing import PLANNED_STAGES, ProjectDraft
from taizhang.projects.models import Project
from taizhang.projects.sheet_columns import parse_cell

FORM_MAGNITUDE = "亿"  # a bare number in an amount field is in 亿元
Reader = Callable[[str], Any]


@dataclass
class TypedForm:
    """What the person typed, field by field, and what is wrong with which field."""

    typed: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    def value(self, name: str) -> str:
        return self.typed.get(name, "")

    def error(self, name: str, language: str) -> str | None:
        problem = self.errors.get(name)
        return None if problem is None else message_in(problem, language)

    def as_invalid(self) -> Invalid:
        problems = [FieldError(reason, column=name) for name, reason in self.errors.items()]
        return Invalid("表单有误，请按提示修改 (the form has errors)", problems)


def planned_field(stage: Stage) -> str:
    return f"planned_{stage.value}"


def typed_fields(form: Mapping[str, object]) -> dict[str, str]:
    """The form's text fields, trimmed (the CSRF token left out)."""
    return {k: str(v).strip() for k, v in form.items() if k != "csrf_token"}


def read_amount(text: str) -> Money:
    return parse_money(text, default_magnitude=FORM_MAGNITUDE)


def _text(limit: int, label: str) -> Reader:
    def read(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"{label}超过 {limit} 个字 ({label} too long)")
        return text

    return read


def _sheet_reader(header: str) -> Reader:
    """A reader of the sheet column with that header (dates, land, progress, investors)."""
    return lambda text: parse_cell(header, text)


def _stage(text: str) -> Stage:
    return Stage.parse(text)


FIGURE_READERS: dict[str, Reader] = {
    "phase": _text(20, "期次"),
    "chain": _text(50, "产业链"),
    "investment": read_amount,
    "annual_output": read_amount,
    "land_mu": _sheet_reader("用地面积（亩）"),
}
READERS: dict[str, Reader] = {
    "name": _text(200, "项目名称"),
    "stage": _stage,
    "stage_on": _sheet_reader("实际签约"),
    "investors": _sheet_reader("投资主体"),
    "reason": _text(500, "变更原因"),
    **FIGURE_READERS,
    **{planned_field(s): _sheet_reader(f"计划{s.label}") for s in PLANNED_STAGES},
}
QUICK_READERS: dict[str, Reader] = {
    "progress_pct": _sheet_reader("形象进度（%）"),
    "investment": read_amount,
    "land_mu": _sheet_reader("用地面积（亩）"),
    "reason": _text(500, "变更原因"),
}


def read_fields(form: TypedForm, readers: Mapping[str, Reader]) -> dict[str, Any]:
    """Each field read by its reader (blank: None); problems are noted on the form."""
    values: dict[str, Any] = {}
    for name, reader in readers.items():
        text = form.value(name)
        if not text:
            values[name] = None
            continue
        try:
            values[name] = reader(text)
        except (ValueError, Invalid) as exc:
            form.errors[name] = exc.message if isinstance(exc, Invalid) else str(exc)
    return values


def read_project_form(
    session: Session, user: User, form: TypedForm, *, creating: bool
) -> ProjectDraft | None:
    """The draft the form states, or None with the form's errors filled in. A unit outside
    the user's scope is refused outright (403): the form never offers one."""
    values = read_fields(form, READERS)
    unit = _read_unit(session, user, form)
    if values.get("name") is None and "name" not in form.errors:
        form.errors["name"] = "请填写项目名称 (project name is required)"
    if form.errors or unit is None:
        return None
    return ProjectDraft(
        name=values["name"],
        unit=unit,
        stage=values["stage"] or Stage.TALKS,
        stage_on=values["stage_on"] if creating else None,
        figures={key: values[key] for key in FIGURE_READERS},
        investors=values["investors"] or (),
        planned={s: values[planned_field(s)] for s in PLANNED_STAGES},
        reason=values["reason"],
    )


def _read_unit(session: Session, user: User, form: TypedForm) -> Unit | None:
    text = form.value("unit")
    unit = session.get(Unit, int(text)) if text.isdigit() and len(text) <= 18 else None
    if unit is None:
        form.errors["unit"] = "请选择所属单位 (choose the unit)"
        return None
    if not can_edit(user, unit):
        raise Forbidden(f"您无权为“{unit.name}”建立或修改项目 (this unit is outside your scope)")
    try:
        check_project_unit(unit)
    except Invalid as exc:
        form.errors["unit"] = exc.message
        return None
    return unit


def editable_units(session: Session, user: User) -> list[Unit]:
    """The units the user may hold projects in: in their scope, no compound's 物业 or 业委会."""
    return [u for u in list_units(session) if can_edit(user, u) and not is_compound_party(u)]


def project_form_values(project: Project) -> dict[str, str]:
    """The edit form filled in with the project as the ledger has it (amounts in 亿元 words)."""
    milestones = {m.stage: m for m in project.milestones}
    typed = {
        "name": project.name,
        "unit": str(project.unit_id),
        "phase": project.phase or "",
        "chain": project.chain or "",
        "investment": _amount_text(project.investment_fen, project.investment_currency),
        "annual_output": _amount_text(project.annual_output_fen, project.annual_output_currency),
        "land_mu": plain_number(project.land_mu) if project.land_mu is not None else "",
        "investors": "、".join(i.enterprise.name for i in project.investors),
    }
    for stage in PLANNED_STAGES:
        milestone = milestones.get(stage.value)
        planned = milestone.planned_on if milestone else None
        typed[planned_field(stage)] = _date_text(planned)
    return typed


def _amount_text(fen: int | None, currency: str) -> str:
    """Written so that it reads back exactly: 110亿元, 3000万美元, 1234.56元."""
    if fen is None:
        return ""
    amount = Decimal(fen) / 100
    written = format_money(amount, currency)
    if read_amount(written).amount == amount:
        return written
    return f"{plain_number(amount)}{format_money(Decimal(0), currency)[1:]}"


def _date_text(day: date | None) -> str:
    return day.isoformat() if day else ""


AREA_KINDS = (UnitKind.TOWN, UnitKind.STREET, UnitKind.PLATFORM)


def example_unit_name(session: Session, user: User) -> str:
    """A unit the user may import into, for a template's example row: their own unit, else
    the first town, street or platform, else any unit they may hold projects in."""
    units = editable_units(session, user)
    own = [u for u in units if u.id == user.unit_id]
    areas = [u for u in units if u.kind in AREA_KINDS]
    chosen = own or areas or units
    return chosen[0].name if chosen else ""
