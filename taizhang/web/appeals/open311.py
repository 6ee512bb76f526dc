"""Open311 GeoReport v2 (JSON only), so existing city apps can submit requests.

- `GET /open311/v2/services.json`: active resident categories as services.
- `POST /open311/v2/requests.json`: form fields `service_code`, `description`, `first_name`,
  `last_name`, `phone`, `address_string`, and the non-standard `compound_code` (also accepted as
  `attribute[compound_code]`): the code of the compound (小区) the request is about. No API key:
  it is the same public intake as the web form (channel 网站). The notice carries the private
  tracking link.
- `GET /open311/v2/requests/{id}.json`: status `open` or `closed`, without personal data.

Errors come in Open311's shape `[{"code": 400, "description": "…"}]`, never the API's own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from taizhang.appeals.models import Appeal, AppealCategory, AppealStatus, RequesterKind
from taizhang.appeals.public import (
    number_of_public_id,
    public_request_id,
    register_public,
    tracking_path,
)
from taizhang.kernel.errors import AppError, NotFound
from taizhang.web.appeals.schemas import RequestCreatedOut, RequestStatusOut, ServiceOut
from taizhang.web.deps import PUBLIC, FormText, NowDep, SessionDep, SettingsDep
from taizhang.web.throttle import client_address, public_intake

router = APIRouter(prefix="/open311/v2", tags=["open311"], dependencies=[PUBLIC])
ERRORS = {404: 404, 403: 403, 429: 429}  # everything else is the requester's fault: 400


def open311_error(error: AppError) -> Response:
    code = ERRORS.get(error.status, 400)
    return JSONResponse([{"code": code, "description": error.message}], status_code=code)


@router.get("/services.json", response_model=list[ServiceOut])
def services(session: SessionDep) -> list[ServiceOut]:
    query = (
        select(AppealCategory)
        .where(AppealCategory.active.is_(True), AppealCategory.kind == RequesterKind.RESIDENT.value)
        .order_by(AppealCategory.code)
    )
    return [
        ServiceOut(
            service_code=c.code,
            service_name=c.label,
            description=f"{c.label}，办理时限 {c.limit_days} 个工作日",
            keywords=c.label,
            group=RequesterKind(c.kind).label,
        )
        for c in session.scalars(query)
    ]


@router.post("/requests.json", response_model=list[RequestCreatedOut])
def create_request(
    request: Request, session: SessionDep, settings: SettingsDep, now: NowDep,
    service_code: FormText = "", description: FormText = "", first_name: FormText = "",
    last_name: FormText = "", phone: FormText = "", address_string: FormText = "",
    compound_code: FormText = "",
    attribute_compound: Annotated[str, Form(alias="attribute[compound_code]")] = "",
) -> Response | list[RequestCreatedOut]:  # fmt: skip
    fields = {
        "name": f"{last_name}{first_name}".strip(),
        "phone": phone,
        "description": description,
    }
    fields |= {"address": address_string, "category": service_code}
    fields["compound"] = compound_code or attribute_compound
    try:
        public_intake(request).hit(client_address(request), now)
        appeal = register_public(session, fields=fields, now=now)
    except AppError as error:
        return open311_error(error)
    link = tracking_path(settings, appeal.number)
    notice = f"已登记，诉求编号 {appeal.number}；跟踪链接 {link}"
    public_id = public_request_id(settings, appeal.number)
    return [RequestCreatedOut(service_request_id=public_id, service_notice=notice)]


@router.get("/requests/{public_id}.json", response_model=list[RequestStatusOut])
def request_status(
    session: SessionDep, settings: SettingsDep, public_id: str
) -> Response | list[RequestStatusOut]:
    """A request's status, by the id given when it was created (not by its bare number)."""
    number = number_of_public_id(settings, public_id)
    appeal = session.scalar(select(Appeal).where(Appeal.number == number)) if number else None
    if appeal is None:
        return open311_error(NotFound(f"诉求 {public_id} 不存在 (no such request)"))
    status = AppealStatus(appeal.status)
    return [
        RequestStatusOut(
            service_request_id=public_id,
            status="closed" if status is AppealStatus.CLOSED else "open",
            status_notes=status.label,
            service_code=appeal.category.code,
            service_name=appeal.category.label,
            requested_datetime=appeal.received_at,
            updated_datetime=_updated(appeal),
            expected_datetime=appeal.due_on,
            address=appeal.unit.name,
        )
    ]


def _updated(appeal: Appeal) -> datetime | None:
    return appeal.closed_at or appeal.answered_at
