"""Published reports are snapshots: later events change a newer version, never an issued one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from taizhang.kernel.money import Money
from taizhang.kernel.periods import parse_period
from taizhang.kernel.report_document import ReportData
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.org.models import Unit, User
from taizhang.projects.commands import create_project, reach_stage
from taizhang.projects.models import Project
from taizhang.race.engine.rules import load_rules
from taizhang.race.report_data import gather_report
from taizhang.race.snapshots import latest_snapshot, list_snapshots, publish_snapshot
from taizhang.race.targets import set_target
from tests.conftest import District

SYSTEM = Source("system", label="测试")
NOW = datetime(2026, 6, 2, tzinfo=UTC)
RULES = load_rules(
    """
version = "test.1"
valid_from = 2026-01-01
valid_to = 2026-12-31

[[stage_points]]
stage = "签约"
points = 2

[[stage_points]]
stage = "开工"
points = 3
"""
)


def signed_in_may(session: Session, unit: Unit, name: str, day: int) -> Project:
    project = create_project(
        session,
        name=name,
        unit=unit,
        stage=Stage.TALKS,
        stage_on=date(2026, 1, 5),
        figures={"investment": Money(Decimal(200_000_000))},
        source=SYSTEM,
        now=NOW,
    )
    reach_stage(session, project, Stage.SIGNED, on=date(2026, 5, day), source=SYSTEM)
    return project


def may_report(session: Session) -> ReportData:
    return gather_report(
        session, "monthly", parse_period("2026-05"), rules=RULES, as_of=date(2026, 6, 2)
    )


def publish(session: Session, report: ReportData, actor: User | None = None) -> int:
    snapshot = publish_snapshot(
        session,
        kind=report.kind,
        period_label=report.period_label,
        rules_version=report.rules_version,
        content=report.to_dict(),
        actor=actor,
        now=NOW,
    )
    session.commit()
    return snapshot.version


def test_a_report_gathered_from_the_ledger_ranks_and_measures(
    session: Session, district: District, district_admin: User
) -> None:
    signed_in_may(session, district.village, "农机项目", 6)
    set_target(
        session,
        unit=district.town,
        year=2026,
        metric="signed_1yi",
        value=2,
        actor=district_admin,
        now=NOW,
    )
    session.commit()
    report = may_report(session)
    ranking = report.sections[1].tables[0].rows
    assert ranking[0][:3] == (1, "凤桥镇", Decimal(2))
    completion = report.sections[2].tables[0].rows
    assert completion == (
        (
            "凤桥镇",
            "亿元以上项目签约数",
            Decimal(2),
            Decimal(1),
            Decimal("50.00"),
            Decimal("41.67"),
            "绿",
        ),
    )


def test_a_published_snapshot_does_not_change_when_events_are_added(
    session: Session, district: District
) -> None:
    signed_in_may(session, district.village, "农机项目", 6)
    session.commit()
    first = may_report(session)
    assert publish(session, first) == 1

    project = signed_in_may(session, district.street, "商业项目", 20)
    reach_stage(session, project, Stage.CONSTRUCTION, on=date(2026, 5, 28), source=SYSTEM)
    session.commit()
    again = may_report(session)
    assert again.sections[1].tables[0].rows[0][1] == "建设街道"

    stored = latest_snapshot(session, "monthly", "2026-05")
    assert stored is not None and stored.version == 1
    assert ReportData.from_dict(stored.content) == first


def test_publishing_again_issues_a_newer_version_and_keeps_the_old(
    session: Session, district: District, district_admin: User
) -> None:
    first = may_report(session)
    assert publish(session, first) == 1
    signed_in_may(session, district.platform, "电池项目", 8)
    session.commit()
    second = may_report(session)
    assert publish(session, second, district_admin) == 2
    versions = list_snapshots(session, "monthly", "2026-05")
    assert [v.version for v in versions] == [1, 2]
    assert ReportData.from_dict(versions[0].content) == first
    assert ReportData.from_dict(versions[1].content) == second
    assert versions[1].created_by_id == district_admin.id and versions[0].created_by_id is None
    assert latest_snapshot(session, "monthly", "2026-04") is None


def test_versions_count_per_kind_and_period(session: Session, district: District) -> None:
    assert publish(session, may_report(session)) == 1
    june = gather_report(
        session, "monthly", parse_period("2026-06"), rules=RULES, as_of=date(2026, 7, 1)
    )
    assert publish(session, june) == 1
