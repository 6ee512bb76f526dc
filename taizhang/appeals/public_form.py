"""The public request form (民情诉求) as the domain sees it: what a resident or an enterprise
typed, checked field by field — every problem at once, in Chinese, naming the field — and
registered with its photos for the web account, or not at all.

A resident files from a residential compound in a resident category. An enterprise files under
its own name from the town, street or platform it belongs to, in an enterprise category (法律
咨询, 用工招聘 …) or a project one (项目堵点), which makes it the project's request."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals import workflow as wf
from taizhang.appeals.attachments import add_attachment
from taizhang.appeals.models import Appeal, AppealCategory, AppealChannel, RequesterKind
from taizhang.appeals.photos import Photo, image_type, photo_problems
from taizhang.appeals.public import web_account
from taizhang.enterprises.registry import find_enterprise
from taizhang.kernel.errors import Invalid
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.models import Unit, UnitKind

NAME_LIMIT = 15
COMPANY_LIMIT = 40
DESCRIPTION_LIMIT = 2000
ENTERPRISE_PLACES = (UnitKind.TOWN, UnitKind.STREET, UnitKind.PLATFORM)

_MOBILE = re.compile(r"(?:\+?86)?1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(?:(?:-|转|#)[0-9]{1,6})?")


class Filer(LabelledEnum):
    """Who fills the form in."""

    RESIDENT = "resident", "居民", "resident"
    ENTERPRISE = "enterprise", "企业", "enterprise"


@dataclass(frozen=True)
class PublicForm:
    """The form as typed (text stripped by the caller or not: it is stripped here)."""

    filer: str = Filer.RESIDENT.value
    name: str = ""
    company: str = ""
    phone: str = ""
    compound: str = ""
    place: str = ""
    category: str = ""
    description: str = ""
    photos: list[Photo] = field(default_factory=list)

    def values(self) -> dict[str, str]:
        """The typed text, to put back into the form when it is shown again."""
        texts = ("filer", "name", "company", "phone", "compound", "place", "category")
        return {name: getattr(self, name) for name in (*texts, "description")}


class FormInvalid(Invalid):
    """The form's problems by field name (`phone`, `photos` …), each a "中文 (english)" text."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(
            f"请修改标出的 {len(problems)} 处后再提交 (fix the {len(problems)} marked fields)"
        )
        self.problems = problems


@dataclass(frozen=True)
class FormChoices:
    compounds: list[Unit]
    places: list[Unit]  # where an enterprise belongs: towns, streets, platforms
    categories: list[tuple[RequesterKind, list[AppealCategory]]]  # every active one, by kind


def form_choices(session: Session) -> FormChoices:
    def units(*kinds: UnitKind) -> list[Unit]:
        query = select(Unit).where(Unit.kind.in_([k.value for k in kinds])).order_by(Unit.path)
        return list(session.scalars(query))

    active = select(AppealCategory).where(AppealCategory.active.is_(True))
    categories = list(session.scalars(active.order_by(AppealCategory.code)))
    grouped = [(kind, [c for c in categories if c.kind == kind.value]) for kind in RequesterKind]
    return FormChoices(
        compounds=units(UnitKind.COMPOUND),
        places=units(*ENTERPRISE_PLACES),
        categories=[(kind, group) for kind, group in grouped if group],
    )


def phone_problem(phone: str) -> str | None:
    """None for a mainland mobile (13812345678, +86 138 1234 5678) or a landline with its
    area code (0573-12345678, 057312345678, 0573-12345678-801, (0573)12345678)."""
    compact = re.sub(r"[\s()（）]", "", phone)
    if not compact:
        return "请填写联系电话，方便工作人员联系您 (phone required)"
    if _MOBILE.fullmatch(compact.replace("-", "")) or _LANDLINE.fullmatch(compact):
        return None
    return (
        f"联系电话“{phone.strip()}”不是有效号码：请填写 11 位手机号（如 13812345678）"
        "或带区号的固定电话（如 0573-12345678） "
        "(phone: give an 11-digit mobile or a landline with its area code)"
    )


def form_problems(session: Session, form: PublicForm) -> dict[str, str]:
    """Every problem of the form by field; empty when it may be registered."""
    problems = _who_problems(form)
    checks = {
        "phone": phone_problem(form.phone),
        "category": _category_problem(session, form),
        "description": _description_problem(form.description),
        "photos": "；".join(photo_problems(form.photos)) or None,
    }
    if form.filer == Filer.ENTERPRISE:
        checks["place"] = _place_problem(session, form.place, enterprise=True)
    else:
        checks["compound"] = _place_problem(session, form.compound, enterprise=False)
    return problems | {name: problem for name, problem in checks.items() if problem}


def _who_problems(form: PublicForm) -> dict[str, str]:
    if form.filer not in {"", *Filer}:  # a form without the choice is a resident's
        return {"filer": "请选择您是居民还是企业 (choose resident or enterprise)"}
    enterprise = form.filer == Filer.ENTERPRISE
    problems: dict[str, str] = {}
    name = form.name.strip()
    who = "联系人姓名" if enterprise else "姓名"
    if not name:
        problems["name"] = f"请填写{who} (name required)"
    elif len(name) > NAME_LIMIT:
        problems["name"] = f"{who}不能超过 {NAME_LIMIT} 个字 (name too long)"
    elif re.search(r"\d", name):
        problems["name"] = f"{who}中不能有数字，电话请填在“联系电话”一栏 (no digits in a name)"
    company = form.company.strip()
    if enterprise and not company:
        problems["company"] = "请填写企业名称 (enterprise name required)"
    elif enterprise and len(company) > COMPANY_LIMIT:
        problems["company"] = f"企业名称不能超过 {COMPANY_LIMIT} 个字 (enterprise name too long)"
    return problems


def _place_problem(session: Session, code: str, *, enterprise: bool) -> str | None:
    kinds = ENTERPRISE_PLACES if enterprise else (UnitKind.COMPOUND,)
    what = "企业所在镇街（平台）" if enterprise else "所在小区"
    if not code.strip():
        return f"请选择{what} (choose the {'place' if enterprise else 'compound'})"
    unit = session.scalar(select(Unit).where(Unit.code == code.strip()))
    if unit is None or unit.kind not in {k.value for k in kinds}:
        return f"未知的小区或单位“{code.strip()}”，请从列表中选择{what} (unknown compound or unit)"
    return None


def _category_problem(session: Session, form: PublicForm) -> str | None:
    if not form.category.strip():
        return "请选择诉求类别 (choose a category)"
    category = session.scalar(select(AppealCategory).where(AppealCategory.code == form.category))
    if category is None or not category.active:
        return f"未知的诉求类别“{form.category}”，请从列表中选择 (unknown category)"
    resident_category = category.kind == RequesterKind.RESIDENT
    if form.filer == Filer.ENTERPRISE and resident_category:
        return (
            f"“{category.label}”是居民诉求，企业请选择企业或项目类别 "
            "(a resident category: an enterprise chooses an enterprise or project one)"
        )
    if form.filer != Filer.ENTERPRISE and not resident_category:
        return (
            f"“{category.label}”由企业反映，请在“我是”中选择“企业”并填写企业名称 "
            "(an enterprise category: choose enterprise above)"
        )
    return None


def _description_problem(description: str) -> str | None:
    text = description.strip()
    if not text:
        return "请填写诉求内容：发生了什么、在哪里 (description required)"
    if len(text) > DESCRIPTION_LIMIT:
        return (
            f"诉求内容不能超过 {DESCRIPTION_LIMIT} 字，现为 {len(text)} 字 (description too long)"
        )
    return None


def register_public_form(session: Session, form: PublicForm, *, now: datetime) -> Appeal:
    """登记 from the form (channel 网站) with its photos, or `FormInvalid` and nothing written."""
    problems = form_problems(session, form)
    if problems:
        raise FormInvalid(problems)
    account = web_account(session)
    kind, enterprise = RequesterKind.RESIDENT, None
    if form.filer == Filer.ENTERPRISE:  # an enterprise's matter, or its project's
        category = select(AppealCategory).where(AppealCategory.code == form.category)
        kind = RequesterKind(session.scalars(category).one().kind)
        enterprise = find_enterprise(session, form.company)
    appeal = wf.register_appeal(
        session,
        requester=wf.Requester(
            name=_requester_name(form), kind=kind, phone=form.phone.strip(), user=account
        ),
        unit=form.place if form.filer == Filer.ENTERPRISE else form.compound,
        category_code=form.category,
        description=form.description,
        channel=AppealChannel.WEB,
        received_at=now,
        enterprise_id=enterprise.id if enterprise else None,
    )
    for photo in form.photos:
        add_attachment(
            session, appeal, file_name=photo.file_name or "照片", content=photo.content,
            content_type=image_type(photo.content) or "", actor=account, now=now,
        )  # fmt: skip
    return appeal


def _requester_name(form: PublicForm) -> str:
    """A resident's name; an enterprise's name with its contact person: 某某公司（联系人 张三）."""
    if form.filer != Filer.ENTERPRISE:
        return form.name.strip()
    return f"{form.company.strip()}（联系人 {form.name.strip()}）"
