"""Enterprises and the names they go by."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from taizhang.errors import FieldError, Invalid
from taizhang.ledger.codes import CodeError, parse_industry_code, validate_credit_code
from taizhang.ledger.models import Enterprise, EnterpriseAlias


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
