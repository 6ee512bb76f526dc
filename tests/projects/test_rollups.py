"""The dashboard's kept roll-ups always equal a full recomputation over the projects.

Hypothesis draws sequences of ledger changes — projects opened (some held for review), figures
and units changed, stages reached and moved back, events retracted (a rejected creation
withdraws the project) or confirmed (a held project is released), projects deleted, and sheets
imported that create and update projects — and after every step the kept `project_rollups`
must equal the roll-ups summed from the projects table.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import STAGES, Stage, is_backwards
from taizhang.projects.commands import (
    change_figures,
    create_project,
    plan_stage,
    reach_stage,
    record_verdict,
)
from taizhang.projects.events import project_events
from taizhang.projects.models import Event, Project, ProjectPlanRollup, ProjectRollup
from taizhang.projects.queries import (
    Page,
    ProjectFilter,
    dashboard,
    filtered_projects,
    list_projects,
)
from taizhang.projects.rollups import kept_rollups, rebuild_rollups, recomputed_rollups
from taizhang.projects.sheets import import_projects
from tests.conftest import NOW, District

SYSTEM = Source("system", label="测试")
AMOUNTS = st.one_of(st.none(), st.sampled_from(("0.5", "1", "3", "99.99", "100", "250")))
UNITS = st.integers(0, 4)
PICK = st.integers(0, 1_000)
STEPS = st.one_of(
    st.tuples(st.just("create"), UNITS, st.integers(0, 6), AMOUNTS, st.booleans()),
    st.tuples(st.just("figures"), PICK, st.one_of(st.none(), UNITS), AMOUNTS),
    st.tuples(st.just("stage"), PICK, st.integers(0, 6)),
    st.tuples(st.just("plan"), PICK, st.integers(0, 6), st.one_of(st.none(), st.integers(0, 900))),
    st.tuples(st.just("retract"), PICK, PICK),
    st.tuples(st.just("confirm"), PICK),
    st.tuples(st.just("delete"), PICK),
    st.tuples(
        st.just("import"),
        st.lists(st.tuples(PICK, UNITS, st.integers(0, 6), AMOUNTS), min_size=1, max_size=3),
    ),
)


def _units(district: District) -> list[Any]:
    return [
        district.platform,
        district.street,
        district.town,
        district.village,
        district.department,
    ]


def _money(yi: str | None) -> Money | None:
    return None if yi is None else Money(Decimal(yi) * 100_000_000)


def _pick(session: Session, n: int) -> Project | None:
    projects = list(session.scalars(select(Project).order_by(Project.id)))
    return projects[n % len(projects)] if projects else None


def _step(session: Session, district: District, step: tuple[Any, ...], folder: Path) -> None:
    units = _units(district)
    match step:
        case ("create", unit, stage, yi, held):
            create_project(
                session,
                name=f"项目{session.scalar(select(func.count(Project.id)))}",
                unit=units[unit],
                stage=STAGES[stage],
                stage_on=date(2026, 3, 1),
                figures={"investment": _money(yi)},
                held_for_review="来自报道，待核实" if held else None,
                source=SYSTEM,
                now=NOW,
            )
        case ("figures", n, unit, yi):
            if project := _pick(session, n):
                figures: dict[str, Any] = {"investment": _money(yi)}
                if unit is not None:
                    figures["unit_id"] = units[unit].id
                change_figures(session, project, figures, source=SYSTEM, now=NOW)
        case ("stage", n, stage):
            if project := _pick(session, n):
                back = is_backwards(Stage(project.stage), STAGES[stage])
                reach_stage(
                    session,
                    project,
                    STAGES[stage],
                    on=date(2026, 4, 1),
                    reason="核实后退回" if back else None,
                    source=SYSTEM,
                    now=NOW,
                )
        case ("plan", n, stage, day):
            if project := _pick(session, n):
                on = None if day is None else date(2025, 6, 1) + timedelta(days=day)
                plan_stage(session, project, STAGES[stage], on=on, source=SYSTEM, now=NOW)
        case ("retract", n, m):
            if project := _pick(session, n):
                events = project_events(session, project.id)
                _judge(session, project, events[m % len(events)], accept=False)
        case ("confirm", n):
            if project := _pick(session, n):
                _judge(session, project, project_events(session, project.id)[0], accept=True)
        case ("delete", n):
            if project := _pick(session, n):
                session.execute(delete(Event).where(Event.project_id == project.id))
                session.delete(project)
        case ("import", rows):
            _import(session, district, rows, folder)
    session.flush()


def _judge(session: Session, project: Project, target: Event, *, accept: bool) -> None:
    if target.kind in ("confirmed", "retracted", "CONFIRMED", "RETRACTED"):
        return
    record_verdict(
        session, project, target=target, accept=accept, source=SYSTEM, actor=None, reason="核实"
    )


def _import(
    session: Session, district: District, rows: list[tuple[Any, ...]], folder: Path
) -> None:
    """A sheet whose rows update a project by its code (when the pick finds one) or add one."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["项目编号", "项目名称", "所属单位", "项目阶段", "总投资（亿元）"])
    for n, (pick, unit, stage, yi) in enumerate(rows):
        project = _pick(session, pick) if pick % 2 else None
        code = project.code if project else f"IMP-{pick}-{n}"
        name = project.name if project else f"导入项目{pick}-{n}"
        amount = None if yi is None else float(yi)
        sheet.append([code, name, _units(district)[unit].name, STAGES[stage].label, amount])
    path = folder / f"台账{len(list(folder.iterdir()))}.xlsx"
    workbook.save(path)
    try:
        import_projects(session, path, actor=None, now=NOW)
    except Exception as problem:  # a sheet the ledger refuses changes nothing
        assert "未导入" in str(problem) or "有误" in str(problem), problem


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=10))
def test_kept_rollups_equal_a_full_recomputation(
    session: Session, district: District, tmp_path: Path, steps: list[tuple[Any, ...]]
) -> None:
    folder = tmp_path / f"sheets{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    for step in steps:
        _step(session, district, step, folder)
        assert kept_rollups(session) == recomputed_rollups(session), step
    for as_of in (date(2025, 6, 1), date(2026, 3, 17), date(2027, 1, 31), date(2028, 1, 1)):
        board = dashboard(session, scope=None, as_of=as_of, top_unit=None)
        overdue = ProjectFilter(overdue_on=as_of)
        counted = select(func.count()).select_from(
            filtered_projects(session, overdue, scope=None).subquery()
        )
        assert board.overdue_count == session.scalar(counted)
        page = list_projects(session, overdue, Page(), scope=None)
        assert page.count == board.overdue_count


def test_the_dashboard_reads_the_kept_rollups(session: Session, district: District) -> None:
    create_project(
        session,
        name="年产20GWh储能电池项目",
        unit=district.platform,
        stage=Stage.SIGNED,
        figures={"investment": _money("110")},
        source=SYSTEM,
        now=NOW,
    )
    create_project(
        session,
        name="智能农机项目",
        unit=district.village,
        figures={"investment": _money("2")},
        source=SYSTEM,
        now=NOW,
    )
    session.flush()
    board = dashboard(session, scope=None, as_of=date(2026, 6, 1), top_unit=None)
    assert (board.total_count, board.big_count) == (2, 2)
    assert board.total_investment_fen == 112 * 100_000_000 * 100
    by_unit = {total.name: total.count for total in board.by_unit}
    assert by_unit["湘家荡区域"] == 1 and by_unit["凤桥镇"] == 1


def test_a_rebuild_after_a_bulk_load_gives_the_same_rollups(
    session: Session, district: District
) -> None:
    for n, unit in enumerate(_units(district)):
        create_project(
            session,
            name=f"项目{n}",
            unit=unit,
            figures={"investment": _money(str(n + 1))},
            source=SYSTEM,
            now=NOW,
        )
    session.flush()
    kept = kept_rollups(session)
    session.execute(delete(ProjectRollup))
    session.execute(delete(ProjectPlanRollup))
    rebuild_rollups(session.connection())
    assert kept_rollups(session) == kept == recomputed_rollups(session)
    assert len([key for key in kept if key[0] == "stage"]) == 5
