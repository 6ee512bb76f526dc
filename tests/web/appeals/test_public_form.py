"""民情诉求, the public form: phone formats, photos checked by content and size, what was typed
kept on an error, every category offered, enterprises filing as enterprises; and the tracking
page with its state, steps in district time, expected date and grade form."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealCategory,
    AppealEvent,
    RequesterKind,
)
from taizhang.appeals.routing import create_category
from taizhang.enterprises.registry import create_enterprise
from taizhang.org.models import User
from taizhang.web.throttle import PUBLIC_INTAKE_LIMIT
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import Place
from tests.conftest import District
from tests.web.appeals.test_pages import FORM, id_of_appeal, step
from tests.web.conftest import csrf_from
from tests.web.images import tiny_png

place = appeals_fixtures.place  # 幸福里小区, its handler, 投诉举报 (resident), 法律咨询

Files = list[tuple[str, tuple[str, bytes, str]]]
JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"0" * 2000


def post(client: TestClient, files: Files | None = None, **overrides: str) -> Any:
    token = csrf_from(client.get("/appeals/new").text)
    data = FORM | {"csrf_token": token} | overrides
    return client.post("/appeals/new", data=data, files=files or [])


def appeals(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Appeal)) or 0


def tracking_link(html: str) -> str:
    found = re.search(r'id="tracking-link" href="([^"]+)"', html)
    assert found, html
    return found.group(1).replace("&amp;", "&")


def field_error(html: str, name: str) -> str:
    found = re.search(rf'<span class="field-error" id="{name}-error">([^<]+)</span>', html)
    assert found, f"no error shown next to {name}"
    return found.group(1)


@pytest.fixture
def blocker(session: Session, place: Place, district: District) -> AppealCategory:
    """项目堵点: a project category an enterprise files."""
    category = create_category(
        session, code="blocker", label="项目堵点", kind=RequesterKind.PROJECT, limit_days=10,
        route="department", route_unit=district.department,
    )  # fmt: skip
    session.commit()
    return category


# --- phone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "19912345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "0573-12345678",
        "057312345678",
        "0573-1234567",
        "010-12345678",
        "0573-12345678-801",
        "0573-12345678转801",
        "(0573)12345678",
    ],
)
def test_it_accepts_a_mobile_or_a_landline(
    app_client: TestClient, place: Place, session: Session, phone: str
) -> None:
    response = post(app_client, phone=phone)
    assert response.status_code == 200, response.text
    assert the_phone(session) == phone


def the_phone(session: Session) -> str | None:
    session.expire_all()
    return session.scalars(select(Appeal.requester_phone)).one()


@pytest.mark.parametrize(
    "phone",
    ["12345", "1381234567", "138123456789", "12812345678", "23812345678", "0573-123", "电话"],
)
def test_it_refuses_a_phone_that_is_no_number_and_names_the_field(
    app_client: TestClient, place: Place, session: Session, phone: str
) -> None:
    response = post(app_client, phone=phone)
    assert response.status_code == 422
    message = field_error(response.text, "phone")
    assert message.startswith(f"联系电话“{phone}”不是有效号码") and "0573-12345678" in message
    assert 'aria-invalid="true" aria-describedby="phone-error"' in response.text
    assert appeals(session) == 0


def test_it_asks_for_a_phone(app_client: TestClient, place: Place, session: Session) -> None:
    response = post(app_client, phone=" ")
    assert response.status_code == 422
    assert field_error(response.text, "phone").startswith("请填写联系电话")
    assert appeals(session) == 0


# --- photos ------------------------------------------------------------------------------


def test_it_keeps_photos_with_the_type_their_content_says(
    app_client: TestClient, place: Place, session: Session
) -> None:
    png = tiny_png(8, 6)
    files: Files = [
        ("photos", ("楼道.png", png, "application/octet-stream")),
        ("photos", ("灯.txt", JPEG, "text/plain")),  # an image whatever its name says
    ]
    response = post(app_client, files=files)
    assert response.status_code == 200, response.text
    session.expire_all()
    kept = session.scalars(select(AppealAttachment).order_by(AppealAttachment.id)).all()
    assert [(a.file_name, a.content_type, a.content) for a in kept] == [
        ("楼道.png", "image/png", png),
        ("灯.txt", "image/jpeg", JPEG),
    ]
    attached = session.scalars(select(AppealEvent).where(AppealEvent.kind == "attached")).all()
    assert len(attached) == 2


def test_an_empty_photo_field_is_no_photo(
    app_client: TestClient, place: Place, session: Session
) -> None:
    response = post(app_client, files=[("photos", ("", b"", "application/octet-stream"))])
    assert response.status_code == 200, response.text
    assert session.scalar(select(func.count()).select_from(AppealAttachment)) == 0


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("photo.jpg", b"MZ\x90\x00 not an image at all", "“photo.jpg”不是图片"),
        ("fake.png", b"\x89PNG\r\n\x1a\nno header chunk", "“fake.png”不是图片"),
        ("page.html", b"<html><script>alert(1)</script></html>", "“page.html”不是图片"),
        ("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "“big.jpg”超过 5 MB"),
        ("empty.jpg", b"", "“empty.jpg”是空文件"),
    ],
)
def test_it_refuses_a_photo_by_its_content_or_size_and_writes_nothing(
    app_client: TestClient, place: Place, session: Session, name: str, content: bytes, words: str
) -> None:
    response = post(app_client, files=[("photos", (name, content, "image/jpeg"))])
    assert response.status_code == 422
    assert words in field_error(response.text, "photos")
    assert appeals(session) == 0
    assert session.scalar(select(func.count()).select_from(AppealAttachment)) == 0


def test_it_takes_at_most_four_photos(
    app_client: TestClient, place: Place, session: Session
) -> None:
    files: Files = [("photos", (f"{n}.png", tiny_png(), "image/png")) for n in range(5)]
    response = post(app_client, files=files)
    assert response.status_code == 422
    assert field_error(response.text, "photos").startswith("最多上传 4 张照片，您选了 5 张")
    assert appeals(session) == 0


def test_a_body_over_the_limit_is_refused_before_it_is_read(
    app_client: TestClient, place: Place, session: Session
) -> None:
    big = b"\xff\xd8\xff" + b"0" * (11 * 1024 * 1024)
    response = post(app_client, files=[("photos", ("huge.jpg", big, "image/jpeg"))])
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert appeals(session) == 0


def test_the_throttle_answers_before_the_form_is_read(
    app: FastAPI, app_client: TestClient, place: Place
) -> None:
    """An address over the bound is refused even with a forged form: nothing was parsed."""
    throttle, now = app.state.public_intake, app.state.clock()
    for _ in range(PUBLIC_INTAKE_LIMIT):
        throttle.hit("testclient", now)
    response = app_client.post("/appeals/new", data=FORM | {"csrf_token": "forged"})
    assert response.status_code == 429 and "提交过于频繁" in response.text


def test_photos_chosen_with_another_mistake_are_asked_for_again(
    app_client: TestClient, place: Place, session: Session
) -> None:
    files: Files = [("photos", ("a.png", tiny_png(), "image/png"))]
    response = post(app_client, files=files, phone="12345")
    assert response.status_code == 422
    assert "您选的 1 张照片未上传，请改正后重新选择" in response.text


# --- the form as shown and as typed ---------------------------------------------------------


def test_it_starts_empty_so_that_the_resident_chooses(
    app_client: TestClient, place: Place, blocker: AppealCategory
) -> None:
    html = app_client.get("/appeals/new").text
    for name in ("compound", "category", "place"):
        select_html = html[html.index(f'<select name="{name}"') :]
        select_html = select_html[: select_html.index("</select>")]
        assert '<option value="">请选择</option>' in select_html
        assert "selected" not in select_html
    assert 'type="tel" inputmode="tel"' in html and 'accept="image/*" multiple' in html
    assert 'enctype="multipart/form-data"' in html


def test_it_offers_every_active_category_grouped_by_who_files(
    app_client: TestClient, place: Place, blocker: AppealCategory
) -> None:
    html = app_client.get("/appeals/new").text
    groups = [("居民诉求", "投诉举报"), ("企业诉求", "法律咨询"), ("项目诉求", "项目堵点")]
    for group, label in groups:
        optgroup = html[html.index(f'<optgroup label="{group}">') :]
        assert label in optgroup[: optgroup.index("</optgroup>")]


def test_it_is_headed_as_the_districts_request_service(
    app_client: TestClient, place: Place
) -> None:
    html = app_client.get("/appeals/new").text
    assert '<a class="brand" href="/appeals/new">南湖区民情诉求</a>' in html
    assert "项目台账" not in html


def test_it_keeps_everything_typed_when_a_field_is_wrong(
    app_client: TestClient, place: Place, session: Session, district: District
) -> None:
    typed = {"filer": "enterprise", "company": "嘉兴市禾丰科技有限公司", "name": "张三"}
    typed |= {"phone": "12345", "place": district.street.code, "category": "legal"}
    typed |= {"description": "招工信息发布渠道少，希望对接\n第二行 <b>不是标签</b>"}
    response = post(app_client, **typed)
    assert response.status_code == 422
    html = response.text
    for name in ("company", "name", "phone"):
        assert f'name="{name}"' in html and f'value="{typed[name]}"' in html
    assert f'<option value="{district.street.code}" selected>建设街道</option>' in html
    assert '<option value="legal" selected>法律咨询</option>' in html
    assert 'value="enterprise" id="filer-enterprise" checked' in html
    assert "招工信息发布渠道少，希望对接\n第二行 &lt;b&gt;不是标签&lt;/b&gt;</textarea>" in html
    assert appeals(session) == 0


def test_every_missing_field_is_named_at_once(
    app_client: TestClient, place: Place, session: Session
) -> None:
    response = post(app_client, name="", compound="", category="", description="")
    assert response.status_code == 422
    errors = {name: field_error(response.text, name) for name in FIELDS_ASKED}
    assert errors == {
        "name": "请填写姓名",
        "compound": "请选择所在小区",
        "category": "请选择诉求类别",
        "description": "请填写诉求内容：发生了什么、在哪里",
    }
    assert "请修改标出的 4 处后再提交" in response.text


FIELDS_ASKED = ("name", "compound", "category", "description")


def test_a_resident_cannot_file_an_enterprise_category(
    app_client: TestClient, place: Place, session: Session
) -> None:
    response = post(app_client, category="legal")
    assert response.status_code == 422
    assert field_error(response.text, "category").startswith("“法律咨询”由企业反映")
    assert appeals(session) == 0


# --- enterprises -----------------------------------------------------------------------


def enterprise_form(district: District, **overrides: str) -> dict[str, str]:
    form = {"filer": "enterprise", "company": "嘉兴市禾丰科技有限公司", "name": "张三"}
    form |= {"place": district.street.code, "category": "legal", "compound": ""}
    return form | {"description": "想咨询劳动合同的签订"} | overrides


def test_an_enterprise_files_under_its_name_from_its_street(
    app_client: TestClient, place: Place, session: Session, district: District
) -> None:
    known = create_enterprise(session, name="嘉兴市禾丰科技有限公司")
    session.commit()
    response = post(app_client, **enterprise_form(district))
    assert response.status_code == 200, response.text
    appeal = session.scalars(select(Appeal)).one()
    assert appeal.requester_kind == RequesterKind.ENTERPRISE.value
    assert appeal.requester_name == "嘉兴市禾丰科技有限公司（联系人 张三）"
    assert (appeal.unit_id, appeal.enterprise_id) == (district.street.id, known.id)
    assert appeal.handler_unit_id == district.department.id  # 法律咨询 goes to its department


def test_an_enterprise_files_a_project_blocker(
    app_client: TestClient,
    place: Place,
    session: Session,
    district: District,
    blocker: AppealCategory,
) -> None:
    response = post(app_client, **enterprise_form(district, category="blocker"))
    assert response.status_code == 200, response.text
    appeal = session.scalars(select(Appeal)).one()
    assert (appeal.requester_kind, appeal.enterprise_id) == (RequesterKind.PROJECT.value, None)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"company": ""}, "company", "请填写企业名称"),
        ({"name": ""}, "name", "请填写联系人姓名"),
        ({"place": ""}, "place", "请选择企业所在镇街（平台）"),
        ({"place": "330402001001-01"}, "place", "未知的小区或单位“330402001001-01”"),
        ({"category": "complaint"}, "category", "“投诉举报”是居民诉求，企业请选择企业或项目类别"),
    ],
)
def test_an_enterprise_is_told_what_is_missing(
    app_client: TestClient,
    place: Place,
    session: Session,
    district: District,
    overrides: dict[str, str],
    field: str,
    words: str,
) -> None:
    response = post(app_client, **enterprise_form(district, **overrides))
    assert response.status_code == 422
    assert field_error(response.text, field).startswith(words)
    assert appeals(session) == 0


# --- tracking --------------------------------------------------------------------------


def test_the_tracking_page_shows_the_state_the_steps_and_the_expected_date(
    app_client: TestClient,
    place: Place,
    session: Session,
    client_for: Callable[[User], TestClient],
) -> None:
    link = tracking_link(post(app_client).text)
    page = app_client.get(link).text
    assert re.search(r'id="appeal-state"[^>]*>待受理<', page)
    assert 'form class="grades"' not in page and 'action="/appeals/track/' not in page
    appeal = session.scalars(select(Appeal)).one()
    due = appeal.due_on.isoformat()
    session.commit()
    assert f"预计办结：<strong>{due}</strong>" in page and "（暂定）" not in page
    # registered at 09:30 UTC, 17:30 in the district, with the due date it set
    registered = rf'<time>2026-05-20 17:30</time>\s*<span class="what">登记（办理时限 {due}）'
    assert re.search(registered, page)

    handler, appeal_id = client_for(place.handler), id_of_appeal(session)
    for name in ("accept", "assign", "start"):
        step(handler, appeal_id, name)
    page = app_client.get(link).text
    assert re.search(r'id="appeal-state"[^>]*>办理中<', page)
    steps = re.findall(r'<span class="what">([^<（]+)', page)
    assert steps == ["登记", "受理", "分派", "办理"]

    step(handler, appeal_id, "answer", answer="已更换灯泡")
    page = app_client.get(link).text
    assert re.search(r'id="appeal-state"[^>]*>待评价<', page)
    assert '<blockquote class="quote">已更换灯泡</blockquote>' in page
    assert 'class="grades"' in page and "办理时限：" in page


def test_a_provisional_due_date_is_marked(
    app_client: TestClient, place: Place, session: Session
) -> None:
    link = tracking_link(post(app_client).text)
    appeal = session.scalars(select(Appeal)).one()
    appeal.due_provisional = True
    session.commit()
    assert (
        f'{appeal.due_on.isoformat()}</strong><span class="provisional"'
        in app_client.get(link).text
    )


def test_the_requester_sees_their_photo_and_nobody_else_does(
    app_client: TestClient, place: Place, session: Session
) -> None:
    png = tiny_png(3, 3)
    link = tracking_link(post(app_client, files=[("photos", ("门.png", png, "image/png"))]).text)
    page = app_client.get(link).text
    found = re.search(r'<img src="([^"]+)" alt="门.png"', page)
    assert found and "上传照片" in page
    photo_url = found.group(1).replace("&amp;", "&")
    served = app_client.get(photo_url)
    assert (served.status_code, served.headers["content-type"], served.content) == (
        200,
        "image/png",
        png,
    )
    assert app_client.get(photo_url[:-4] + "0000").status_code == 404  # another token
    other = photo_url.replace("/photos/", "/photos/9")
    assert app_client.get(other).status_code == 404
