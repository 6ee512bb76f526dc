"""An appeal's photos and other attachments on the staff page: shown to whoever may see the
appeal, each fetched under the same rule on every request, a photo served only as the image its
bytes say it is, never stored by a browser or proxy."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.attachments import add_attachment
from taizhang.appeals.models import Appeal, AppealAttachment
from taizhang.org.models import User
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import RECEIVED, Place
from tests.web.appeals.test_public_form import post
from tests.web.images import tiny_png

place = appeals_fixtures.place  # 幸福里小区 in 南溪社区 (建设街道), its handler `nanxi`

PNG = tiny_png(3, 3)
HTML = b"<html><script>alert(1)</script></html>"


def file_with_photo(client: TestClient, session: Session, name: str = "楼道.png") -> Appeal:
    """A request filed on the public form with one PNG, its type claimed wrongly."""
    sent = post(client, files=[("photos", (name, PNG, "application/octet-stream"))])
    assert sent.status_code == 200, sent.text
    session.expire_all()
    appeal = session.scalars(select(Appeal).order_by(Appeal.id.desc())).first()
    assert appeal is not None
    session.commit()
    return appeal


def photo_urls(html: str) -> list[str]:
    return re.findall(r'<img src="(/appeals/\d+/photos/\d+)"', html)


def attach(session: Session, appeal: Appeal, name: str, content: bytes, claimed: str) -> int:
    found = add_attachment(
        session, appeal, file_name=name, content_type=claimed, content=content, actor=None,
        now=RECEIVED,
    )  # fmt: skip
    session.commit()
    return found.id


def test_a_handler_in_scope_sees_the_photo_and_fetches_it_as_what_its_bytes_say(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    handler = client_for(place.handler)  # log in before the test's session reads
    appeal = file_with_photo(app_client, session)
    page = handler.get(f"/appeals/{appeal.id}")
    assert page.status_code == 200 and 'id="appeal-photos"' in page.text
    [url] = photo_urls(page.text)
    assert 'alt="楼道.png"' in page.text and f'<a href="{url}">' in page.text
    served = handler.get(url)
    assert (served.status_code, served.headers["content-type"], served.content) == (
        200,
        "image/png",
        PNG,
    )
    assert served.headers["content-disposition"].split(";")[0] == "inline"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["cache-control"] == "private, no-store"


def test_the_api_lists_the_photo_with_its_type_and_address(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    handler = client_for(place.handler)
    appeal = file_with_photo(app_client, session)
    [listed] = handler.get(f"/api/v1/appeals/{appeal.id}").json()["files"]
    assert (listed["file_name"], listed["size"], listed["image_type"]) == (
        "楼道.png",
        len(PNG),
        "image/png",
    )
    assert re.fullmatch(rf"/appeals/{appeal.id}/photos/\d+", listed["url"])


def test_another_units_handler_gets_neither_the_page_nor_the_photo(
    app_client: TestClient,
    place: Place,
    session: Session,
    town_staff: User,
    client_for: Callable[[User], TestClient],
) -> None:
    handler, outsider = client_for(place.handler), client_for(town_staff)  # 凤桥镇: not its scope
    appeal = file_with_photo(app_client, session)
    [url] = photo_urls(handler.get(f"/appeals/{appeal.id}").text)
    assert outsider.get(f"/appeals/{appeal.id}").status_code == 403
    refused = outsider.get(url)
    assert refused.status_code == 403 and PNG not in refused.content
    assert "不属于您的范围" in refused.text


def test_without_a_log_in_the_photo_is_not_served(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    handler = client_for(place.handler)
    appeal = file_with_photo(app_client, session)
    [url] = photo_urls(handler.get(f"/appeals/{appeal.id}").text)
    anonymous = app_client.get(url, follow_redirects=False)
    assert anonymous.status_code in (303, 401) and PNG not in anonymous.content


def test_a_photo_of_another_appeal_is_not_found(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    handler = client_for(place.handler)
    first = file_with_photo(app_client, session, "一.png")
    second = file_with_photo(app_client, session, "二.png")
    [second_url] = photo_urls(handler.get(f"/appeals/{second.id}").text)
    photo_id = second_url.rsplit("/", 1)[1]
    assert handler.get(second_url).status_code == 200  # the handler may see both appeals
    assert handler.get(f"/appeals/{first.id}/photos/{photo_id}").status_code == 404
    assert handler.get(f"/appeals/{first.id}/files/{photo_id}").status_code == 404
    assert handler.get(f"/appeals/{first.id}/photos/999999").status_code == 404


def test_a_stored_type_is_never_believed(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    """A PNG stored as text/html is served as a PNG; HTML stored as image/png is no photo."""
    handler = client_for(place.handler)
    appeal = session.get(Appeal, file_with_photo(app_client, session).id)
    assert appeal is not None
    disguised = attach(session, appeal, "图.html", PNG, "text/html")
    fake = attach(session, appeal, "假图.png", HTML, "image/png")
    page = handler.get(f"/appeals/{appeal.id}").text
    assert f"/appeals/{appeal.id}/photos/{disguised}" in photo_urls(page)
    assert f"/appeals/{appeal.id}/photos/{fake}" not in page
    assert handler.get(f"/appeals/{appeal.id}/photos/{disguised}").headers["content-type"] == (
        "image/png"
    )
    assert handler.get(f"/appeals/{appeal.id}/photos/{fake}").status_code == 404


def test_a_file_that_is_no_image_is_listed_and_only_downloaded(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    handler = client_for(place.handler)
    appeal = session.get(Appeal, file_with_photo(app_client, session).id)
    assert appeal is not None
    fake = attach(session, appeal, "说明 材料.html", HTML, "text/html")
    page = handler.get(f"/appeals/{appeal.id}").text
    other_files = r'id="appeal-other-files">\s*<li><a href="([^"]+)" download>([^<]+)</a>'
    listed = re.search(other_files, page)
    assert listed and listed.groups() == (f"/appeals/{appeal.id}/files/{fake}", "说明 材料.html")
    served = handler.get(listed.group(1))
    assert (served.status_code, served.headers["content-type"], served.content) == (
        200,
        "application/octet-stream",
        HTML,
    )
    assert served.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''%E8%AF%B4%E6%98%8E%20%E6%9D%90%E6%96%99.html"
    )
    assert served.headers["cache-control"] == "private, no-store"


def test_an_appeal_without_attachments_shows_no_section(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    handler = client_for(place.handler)
    post(app_client)
    session.expire_all()
    appeal = session.scalars(select(Appeal)).one()
    session.commit()
    page = handler.get(f"/appeals/{appeal.id}").text
    assert 'id="appeal-files"' not in page
    assert session.scalar(select(AppealAttachment.id)) is None


@pytest.mark.parametrize("path", ["photos", "files"])
def test_an_id_out_of_range_is_not_routed(
    place: Place, client_for: Callable[[User], TestClient], path: str
) -> None:
    response = client_for(place.handler).get(f"/appeals/1/{path}/{'9' * 30}")
    assert response.status_code == 404
