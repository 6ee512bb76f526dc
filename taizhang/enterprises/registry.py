"""Enterprises and the names they go by."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise, EnterpriseAlias
from taizhang.kernel.codes import CodeError, parse_industry_code, validate_credit_code
from taizhang.kernel.errors import FieldError, Invalid


def create_enterprise(
    session: Session,
    *,
    name: str,
    aliases: Sequence[str] = (),
    credit_code: str | None = None,
    industry_code: str | None = None,
    chain: str | None = None,
    is_chain_leader: bool = False,
    land_mu: Decimal | None = None,
) -> Enterprise:
    """Register an enterprise; its 统一社会信用代码 and industry code must be valid."""
    name = name.strip()
    if not name:
        raise Invalid("企业名称不能为空 (enterprise name is required)")
    enterprise = Enterprise(
        name=name,
        credit_code=_checked_credit_code(credit_code),
        industry_code=_checked_industry_code(industry_code),
        chain=chain,
        is_chain_leader=is_chain_leader,
        land_mu=land_mu,
    )
    _refuse_taken_names(session, [name, *aliases])
    enterprise.aliases = [EnterpriseAlias(alias=a.strip()) for a in aliases if a.strip()]
    session.add(enterprise)
    session.flush()
    return enterprise


def _checked_credit_code(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return validate_credit_code(code)
    except CodeError as exc:
        raise Invalid(str(exc), [FieldError(str(exc), column="统一社会信用代码")]) from exc


def _checked_industry_code(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return parse_industry_code(code).code
    except CodeError as exc:
        raise Invalid(str(exc), [FieldError(str(exc), column="行业代码")]) from exc


def _refuse_taken_names(session: Session, names: Sequence[str]) -> None:
    for name in names:
        if find_enterprise(session, name) is not None:
            raise Invalid(f"企业名称或简称“{name}”已被使用 (enterprise name already in use)")


def find_enterprise(session: Session, name: str) -> Enterprise | None:
    """An enterprise by its legal name or any of its aliases."""
    cleaned = name.strip()
    return session.scalar(
        select(Enterprise)
        .outerjoin(EnterpriseAlias)
        .where(or_(Enterprise.name == cleaned, EnterpriseAlias.alias == cleaned))
        .limit(1)
    )


def ensure_enterprise(session: Session, name: str) -> Enterprise:
    """The enterprise of that name or alias, registered with just its name if new."""
    return find_enterprise(session, name) or create_enterprise(session, name=name)


# Words that wrap an enterprise's distinctive name: a place in front, a legal form behind.
_PLACE_PREFIXES = ("浙江省", "浙江", "江苏", "上海", "嘉兴市", "嘉兴", "杭州", "宁波", "中国")
_FORM_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "公司",
    "集团",
    "股份",
    "控股",
    "科技",
    "技术",
    "能源",
    "新能源",
    "电子",
    "材料",
    "智能",
    "实业",
    "制造",
)


def core_name(name: str) -> str:
    """The distinctive part of an enterprise name: 浙江当卓能源科技有限公司 → 当卓."""
    core = name.strip()
    for prefix in _PLACE_PREFIXES:
        if core.startswith(prefix) and len(core) > len(prefix) + 1:
            core = core[len(prefix) :]
            break
    trimmed = True
    while trimmed:
        trimmed = False
        for suffix in _FORM_SUFFIXES:
            if core.endswith(suffix) and len(core) - len(suffix) >= 2:
                core = core[: -len(suffix)]
                trimmed = True
                break
    return core


def match_enterprise(session: Session, name: str) -> Enterprise | None:
    """The enterprise a written name means: exact name or alias first, then the same core name
    (当卓科技 and 浙江当卓能源科技有限公司 are one enterprise)."""
    exact = find_enterprise(session, name)
    if exact is not None:
        return exact
    core = core_name(name)
    if len(core) < 2:
        return None
    candidates = session.scalars(select(Enterprise).where(Enterprise.name.contains(core)))
    matches = [e for e in candidates if core_name(e.name) == core]
    return matches[0] if len(matches) == 1 else None


def resolve_enterprise(session: Session, name: str) -> Enterprise:
    """The enterprise a document names; a new short name becomes an alias, an unknown one is
    registered."""
    found = match_enterprise(session, name)
    if found is None:
        return create_enterprise(session, name=name)
    if name.strip() != found.name and find_enterprise(session, name) is None:
        found.aliases.append(EnterpriseAlias(alias=name.strip()))
        session.flush()
    return found
