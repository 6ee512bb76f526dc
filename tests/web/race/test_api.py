"""The race API: a small district's May worked out by hand with the shipped 2026 rules.

Shipped rules (taizhang/race/rules/2026.toml): 签约 1亿–10亿 → 2, 10亿–50亿 → 5;
开工 1亿–10亿 → 3; 外资 +3 at 签约 and 开工; under 1亿 earns no stage points.

May 2026 —
- 凤桥镇 (through its village): a 3亿 foreign project signed 5-06 (2 + 3) and started 5-28
  (3 + 3) → 11, rank 1.
- 湘家荡区域: an 8亿 project signed in March, started 5-15 (3) → 3, rank 2.
- 建设街道: a 0.5亿 signing in May (0) → 0, rank 3. Its 20亿 signing of 4-20 (5) made it
  first in April, when the other two tied second with 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.org.models import Unit, User, WebSession
from taizhang.projects.commands import create_project, reach_stage
from taizhang.projects.models import Project
from taizhang.race.targets import set_metric_value, set_target, targets_for
from tests.conftest import District
from tests.web.conftest import ERROR_KEYS

ClientFor = Callable[[User], TestClient]
SYSTEM = Source("system", label="测试")
WHEN = datetime(2026, 5, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Raced:
    town: int
    street: int
    platform: int
    foreign_project: int


def _project(session: Session, unit: Unit, name: str, yi: str, *, foreign: bool = False) -> Project:
    figures: dict[str, object] = {"investment": Money(Decimal(yi) * 100_000_000)}
    if foreign:
        figures["capital_origin"] = "外资"
    return create_project(
        session,
        name=name,
        unit=unit,
        stage=Stage.TALKS,
        stage_on=date(2026, 1, 5),
        figures=figures,
        source=SYSTEM,
        now=WHEN,
    )


def _reach(session: Session, project: Project, stage: Stage, on: date) -> None:
    reach_stage(session, project, stage, on=on, source=SYSTEM)


def build_may(session: Session, district: District) -> Raced:
    a = _project(session, district.village, "外资精密部件项目", "3", foreign=True)
    _reach(session, a, Stage.SIGNED, date(2026, 5, 6))
    _reach(session, a, Stage.CONSTRUCTION, date(2026, 5, 28))
    _reach(
        session,
        _project(session, district.street, "社区商业项目", "0.5"),
        Stage.SIGNED,
        date(2026, 5, 12),
    )
    _reach(
        session,
        _project(session, district.street, "数字平台项目", "20"),
        Stage.SIGNED,
        date(2026, 4, 20),
    )
    d = _project(session, district.platform, "储能项目", "8")
    _reach(session, d, Stage.SIGNED, date(2026, 3, 2))
    _reach(session, d, Stage.CONSTRUCTION, date(2026, 5, 15))
    raced = Raced(district.town.id, district.street.id, district.platform.id, a.id)
    session.commit()
    return raced


@pytest.fixture
def raced(session: Session, district: District) -> Raced:
    return build_may(session, district)


def _csrf(session: Session, user: User) -> dict[str, str]:
    """The CSRF token of the user's log-in, read from the database (a viewer's pages have no
    forms to read it from); the read's lock is let go before the app is called."""
    query = select(WebSession.csrf_token).where(WebSession.user_id == user.id)
    token = session.scalars(query.order_by(WebSession.id.desc())).first()
    session.rollback()
    assert token
    return {"X-CSRF-Token": token}


def test_the_rankings_are_the_ones_worked_out_by_hand(
    client_for: ClientFor, viewer: User, raced: Raced
) -> None:
    body = client_for(viewer).get("/api/v1/race/rankings?period=2026-05&level=town").json()
    assert body["period"] == "2026-05" and body["period_label"] == "2026年5月"
    assert body["count"] == 3 and body["rules_version"] == "2026.1"
    got = [
        (i["unit"]["name"], Decimal(i["total"]), i["rank"], i["previous_rank"], i["change"])
        for i in body["items"]
    ]
    assert got == [
        ("凤桥镇", 11, 1, 2, 1),
        ("湘家荡区域", 3, 2, 2, 0),
        ("建设街道", 0, 3, 1, -2),
    ]


def test_the_rankings_default_to_the_current_month_in_district_time(
    client_for: ClientFor, viewer: User, raced: Raced
) -> None:
    body = client_for(viewer).get("/api/v1/race/rankings").json()
    assert body["period"] == "2026-05"  # the test clock reads 2026-05-20


def test_the_explain_api_gives_each_point_its_rule_event_and_project(
    client_for: ClientFor, town_staff: User, raced: Raced
) -> None:
    body = client_for(town_staff).get(f"/api/v1/race/explain?unit={raced.town}&period=2026-05")
    parts = body.json()["parts"]
    assert sorted((p["rule"], Decimal(p["points"])) for p in parts) == [
        ("外资项目加分", 3),
        ("外资项目加分", 3),
        ("开工·1亿–10亿", 3),
        ("签约·1亿–10亿", 2),
    ]
    assert {p["project_id"] for p in parts} == {raced.foreign_project}
    assert {p["project_name"] for p in parts} == {"外资精密部件项目"}
    assert all(p["event_id"] for p in parts)
    assert Decimal(body.json()["total"]) == 11 and body.json()["rank"] == 1


def test_it_refuses_unit_staff_the_explanation_of_another_unit(
    client_for: ClientFor, town_staff: User, raced: Raced
) -> None:
    response = client_for(town_staff).get(f"/api/v1/race/explain?unit={raced.platform}")
    assert response.status_code == 403
    assert set(response.json()) == ERROR_KEYS
    assert response.json()["code"] == "forbidden"


def test_it_rejects_an_unreadable_period_in_the_shared_error_shape(
    client_for: ClientFor, viewer: User, raced: Raced
) -> None:
    response = client_for(viewer).get("/api/v1/race/rankings?period=下个月")
    assert response.status_code == 422
    assert response.json()["ok"] is False and response.json()["status"] == 422


def test_a_district_admin_sets_a_target_through_the_api(
    client_for: ClientFor, session: Session, district_admin: User, raced: Raced
) -> None:
    client = client_for(district_admin)
    given = {"unit": raced.town, "year": 2026, "metric": "signed_1yi", "value": "4"}
    response = client.put(
        "/api/v1/race/targets", json=given, headers=_csrf(session, district_admin)
    )
    assert response.status_code == 200, response.text
    assert response.json()["unit"]["name"] == "凤桥镇" and Decimal(response.json()["value"]) == 4
    assert targets_for(session, year=2026) == {(raced.town, "signed_1yi"): Decimal(4)}


def test_it_requires_the_csrf_token_to_set_a_target(
    client_for: ClientFor, session: Session, district_admin: User, raced: Raced
) -> None:
    given = {"unit": raced.town, "year": 2026, "metric": "signed_1yi", "value": "4"}
    response = client_for(district_admin).put("/api/v1/race/targets", json=given)
    assert response.status_code == 403
    assert targets_for(session, year=2026) == {}


def test_a_viewer_cannot_set_a_target(
    client_for: ClientFor, session: Session, viewer: User, raced: Raced
) -> None:
    client = client_for(viewer)
    given = {"unit": raced.town, "year": 2026, "metric": "signed_1yi", "value": "4"}
    response = client.put("/api/v1/race/targets", json=given, headers=_csrf(session, viewer))
    assert response.status_code == 403 and "只有区级管理员" in response.json()["error"]
    assert targets_for(session, year=2026) == {}


def test_it_refuses_a_target_for_an_unknown_metric(
    client_for: ClientFor, session: Session, district_admin: User, raced: Raced
) -> None:
    client = client_for(district_admin)
    given = {"unit": raced.town, "year": 2026, "metric": "没有的指标", "value": "4"}
    response = client.put(
        "/api/v1/race/targets", json=given, headers=_csrf(session, district_admin)
    )
    assert response.status_code == 422 and "未知的指标" in response.json()["error"]


def test_september_at_68_percent_is_yellow_seven_points_behind(
    client_for: ClientFor, session: Session, district: District, viewer: User
) -> None:
    """固定资产投资: target 50 亿元, 34 entered for March → 68% in September, 序时进度 9/12 = 75%,
    gap −7 个百分点, within the default yellow margin of 10 → 黄. Started projects: 2 to do,
    none done → 0% against 75%: −75 → 红. 凤桥镇's signings: target 0 → green, no rate."""
    town = district.town.id
    for metric, value in (("fixed_asset_investment", 50), ("started", 2), ("signed_1yi", 0)):
        set_target(session, unit=town, year=2026, metric=metric, value=value, actor=None, now=WHEN)
    set_metric_value(
        session, unit=town, metric="fixed_asset_investment", year=2026, month=3, value=34,
        actor=None, now=WHEN,
    )  # fmt: skip
    session.commit()
    body = client_for(viewer).get("/api/v1/race/targets?year=2026&as_of=2026-09-30").json()
    assert body["as_of"] == "2026-09-30" and body["count"] == 3
    got = {i["metric"]: i for i in body["items"]}
    fixed = got["fixed_asset_investment"]
    assert Decimal(fixed["rate"]) == Decimal("0.68") and Decimal(fixed["time_share"]) == Decimal(
        "0.75"
    )
    assert Decimal(fixed["gap_pp"]) == -7 and (fixed["status"], fixed["status_label"]) == (
        "yellow",
        "黄",
    )
    assert (got["started"]["status"], Decimal(got["started"]["gap_pp"])) == ("red", -75)
    assert (got["signed_1yi"]["status"], got["signed_1yi"]["rate"]) == ("green", None)


def test_it_refuses_an_as_of_date_outside_the_year(
    client_for: ClientFor, viewer: User, raced: Raced
) -> None:
    response = client_for(viewer).get("/api/v1/race/targets?year=2026&as_of=2025-12-31")
    assert response.status_code == 422
