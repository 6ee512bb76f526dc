"""Filing facts into the ledger: one enterprise under two names, one project over several
documents, phases under their whole, and each figure from the source that ranks highest."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise
from taizhang.enterprises.registry import create_enterprise
from taizhang.intake.documents import judge_fact
from taizhang.intake.facts import Amount, CapacityItem, ProjectFact, Span
from taizhang.intake.reconcile import IncomingDocument, file_document, planned_period
from taizhang.org.models import UnitKind, User
from taizhang.org.units import create_unit
from taizhang.projects.events import project_events
from taizhang.projects.models import COUNTED, Event, Project
from tests.conftest import District

NOW = datetime(2026, 3, 20, 8, 0, tzinfo=UTC)
YI = Decimal(100_000_000)
BATTERY = "年产60GWh新型电池电芯模组项目"


def _fact(**values: object) -> ProjectFact:
    base: dict[str, object] = {"enterprise": "当卓科技", "name": BATTERY}
    base.update(values)
    return ProjectFact(**base)  # type: ignore[arg-type]


def _doc(
    text: str, *facts: ProjectFact, published: date = date(2026, 3, 12), official: bool = False
) -> IncomingDocument:
    return IncomingDocument(
        title=text[:12],
        path=None,
        text=text,
        published=published,
        official=official,
        projects=facts,
    )


def _evidence(text: str) -> list[Span]:
    return [Span(0, len(text), text)]


def _projects(session: Session) -> dict[tuple[str, str | None], Project]:
    return {(p.name, p.phase): p for p in session.scalars(select(Project))}


def test_a_whole_project_and_its_phases_are_filed_with_the_phases_under_the_whole(
    session: Session, district: District
) -> None:
    create_enterprise(session, name="浙江当卓能源科技有限公司")
    text = "当卓二期签约，总投资110亿元；一期约16亿元，用地150亩。"
    summary = file_document(
        session,
        _doc(
            text,
            _fact(
                phase="二期", investment=Amount(110 * YI), stage="签约", evidence=_evidence(text)
            ),
            _fact(
                phase="一期",
                investment=Amount(16 * YI, qualifier="约"),
                land_mu=Decimal(150),
                stage="开工",
                planned_production="2026-06",
                evidence=_evidence(text),
            ),
            _fact(capacity=[CapacityItem(Decimal(60), "GWh")], evidence=_evidence(text)),
        ),
        unit=district.platform,
        actor=None,
        now=NOW,
    )
    assert (summary.created, summary.updated) == (3, 0)
    projects = _projects(session)
    whole, first, second = (projects[(BATTERY, phase)] for phase in (None, "一期", "二期"))
    assert first.parent_id == whole.id and second.parent_id == whole.id
    assert second.investment_fen == 110 * YI * 100 and second.stage == "SIGNED"
    assert first.stage == "CONSTRUCTION" and first.land_mu == 150
    assert first.next_planned_on == date(2026, 6, 30)
    assert whole.investor_names == "浙江当卓能源科技有限公司"
    assert session.scalar(select(func.count(Enterprise.id))) == 1  # 当卓科技 became an alias


def test_every_filed_figure_points_at_its_document_and_sentence(
    session: Session, district: District
) -> None:
    text = "当卓二期项目总投资110亿元。"
    file_document(
        session,
        _doc(text, _fact(investment=Amount(110 * YI), evidence=_evidence(text))),
        unit=district.platform,
        actor=None,
        now=NOW,
    )
    project = next(iter(_projects(session).values()))
    figures = next(e for e in project_events(session, project.id) if e.kind == "figures")
    assert (figures.source_kind, figures.quote, figures.span_start, figures.span_end) == (
        "document",
        text,
        0,
        len(text),
    )
    assert figures.document is not None and figures.document.text == text
    assert figures.stated_on == date(2026, 3, 12)


def test_filing_the_same_document_twice_changes_nothing(
    session: Session, district: District
) -> None:
    text = "当卓二期项目总投资110亿元。"
    incoming = _doc(text, _fact(investment=Amount(110 * YI), evidence=_evidence(text)))
    file_document(session, incoming, unit=district.platform, actor=None, now=NOW)
    events = session.scalar(select(func.count(Event.id)))
    again = file_document(session, incoming, unit=district.platform, actor=None, now=NOW)
    assert again.already_filed
    assert session.scalar(select(func.count(Event.id))) == events


def test_the_same_project_in_two_documents_is_one_project_with_both_sources(
    session: Session, district: District
) -> None:
    first = "当卓科技新型电池电芯模组项目签约，总投资100亿元。"
    later = "浙江当卓能源科技有限公司年产60GWh新型电池电芯模组项目投资增至110亿元。"
    file_document(
        session,
        _doc(
            first,
            _fact(
                investment=Amount(100 * YI),
                stage="签约",
                name="新型电池电芯模组项目",
                evidence=_evidence(first),
            ),
        ),
        unit=district.platform,
        actor=None,
        now=NOW,
    )
    file_document(
        session,
        _doc(
            later,
            _fact(
                enterprise="浙江当卓能源科技有限公司",
                investment=Amount(110 * YI),
                evidence=_evidence(later),
            ),
            published=date(2026, 4, 2),
        ),
        unit=district.platform,
        actor=None,
        now=NOW,
    )
    projects = list(session.scalars(select(Project)))
    assert len(projects) == 1
    assert projects[0].investment_fen == 110 * YI * 100  # the newer news wins
    documents = {e.document_id for e in project_events(session, projects[0].id) if e.document_id}
    assert len(documents) == 2


def test_an_official_report_beats_newer_news(session: Session, district: District) -> None:
    official = "经核定，当卓二期项目总投资105亿元。"
    news = "据报道，当卓二期项目总投资约120亿元。"
    file_document(
        session,
        _doc(
            official,
            _fact(investment=Amount(105 * YI), evidence=_evidence(official)),
            official=True,
            published=date(2026, 3, 1),
        ),
        unit=district.platform,
        actor=None,
        now=NOW,
    )
    file_document(
        session,
        _doc(
            news,
            _fact(investment=Amount(120 * YI), evidence=_evidence(news)),
            published=date(2026, 5, 1),
        ),
        unit=district.platform,
        actor=None,
        now=NOW,
    )
    project = next(iter(session.scalars(select(Project))))
    assert project.investment_fen == 105 * YI * 100


def test_plans_are_late_only_after_their_whole_period() -> None:
    def last_day(production: str | None, period: str | None = None) -> date | None:
        found = planned_period(ProjectFact(planned_production=production, planned_period=period))
        return found.end if found else None

    assert last_day("2026-06") == date(2026, 6, 30)
    assert last_day("2027") == date(2027, 12, 31)
    assert last_day("2026", "2026-Q3") == date(2026, 9, 30)
    assert last_day(None) is None


def test_a_project_first_reported_without_its_investor_is_found_when_the_investor_appears(
    session: Session, district: District
) -> None:
    first = "据悉，智元工业具身智能基地已经签约。"
    later = "智元创新科技股份有限公司智元工业具身智能基地投资10亿元。"
    file_document(
        session,
        _doc(
            first,
            _fact(
                enterprise=None,
                name="智元工业具身智能基地",
                stage="签约",
                evidence=_evidence(first),
            ),
        ),
        unit=district.street,
        actor=None,
        now=NOW,
    )
    file_document(
        session,
        _doc(
            later,
            _fact(
                enterprise="智元创新科技股份有限公司",
                name="智元工业具身智能基地",
                investment=Amount(10 * YI),
                evidence=_evidence(later),
            ),
            published=date(2026, 4, 1),
        ),
        unit=district.street,
        actor=None,
        now=NOW,
    )
    (project,) = session.scalars(select(Project)).all()
    assert project.investor_names == "智元创新科技股份有限公司"
    assert project.investment_fen == 10 * YI * 100


def test_phases_reported_without_their_whole_still_share_one_parent(
    session: Session, district: District
) -> None:
    text = "当卓一期约16亿元在建；二期签约，总投资110亿元。"
    file_document(
        session,
        _doc(
            text,
            _fact(phase="一期", investment=Amount(16 * YI), evidence=_evidence(text)),
            _fact(phase="二期", investment=Amount(110 * YI), evidence=_evidence(text)),
        ),
        unit=district.platform,
        actor=None,
        now=NOW,
    )
    projects = _projects(session)
    whole = projects[(BATTERY, None)]
    assert projects[(BATTERY, "一期")].parent_id == whole.id
    assert projects[(BATTERY, "二期")].parent_id == whole.id
    assert whole.investment_fen is None  # the parent states nothing the text did not say


def test_a_location_naming_a_compounds_property_company_is_not_the_projects_unit(
    session: Session, district: District
) -> None:
    compound = create_unit(
        session, code="C1", name="永红小区", kind=UnitKind.COMPOUND, parent=district.village
    )
    create_unit(session, code="C1-WY", name="永红物业", kind=UnitKind.PROPERTY, parent=compound)
    create_enterprise(session, name="浙江当卓能源科技有限公司")
    text = "当卓科技在永红物业签约电芯项目。"
    fact = _fact(location="永红物业", stage="签约", evidence=_evidence(text))
    file_document(session, _doc(text, fact), unit=district.town, actor=None, now=NOW)
    [project] = _projects(session).values()
    assert project.unit_id == district.town.id  # the unit the document was filed for


def test_a_project_the_report_places_in_another_county_is_held_for_review(
    session: Session, district: District
) -> None:
    text = "青禾复材年产12万吨叶片材料项目本月在桐乡动工，总投资30亿元。"
    fact = _fact(
        enterprise="青禾复材",
        name="年产12万吨叶片材料项目",
        investment=Amount(30 * YI),
        stage="开工",
        evidence=_evidence(text),
    )
    summary = file_document(session, _doc(text, fact), unit=None, actor=None, now=NOW)
    project = session.scalars(select(Project)).one()
    assert (summary.created, summary.held) == (1, 1)
    assert project.held_for_review and not project.withdrawn
    assert "桐乡" in (project_events(session, project.id)[0].reason or "")
    assert session.scalar(select(func.count()).select_from(Project).where(COUNTED)) == 0


def test_confirming_a_held_creation_counts_the_project(
    session: Session, district: District, district_admin: User
) -> None:
    text = "平湖市为锐拓精机五轴机床项目派驻了服务专员。"
    fact = _fact(enterprise="锐拓精机", name="五轴机床项目", evidence=_evidence(text))
    file_document(session, _doc(text, fact), unit=None, actor=None, now=NOW)
    created = session.scalars(select(Event).where(Event.kind == "created")).one()
    judge_fact(session, created, accept=True, user=district_admin, reason=None, now=NOW)
    project = session.scalars(select(Project)).one()
    assert not project.held_for_review


def test_a_project_the_report_places_in_one_of_our_units_is_not_held(
    session: Session, district: District
) -> None:
    text = "来自苏州的斯达半导体在湘家荡区域开工建设功率芯片项目。"
    fact = _fact(enterprise="斯达半导体", name="功率芯片项目", evidence=_evidence(text))
    file_document(session, _doc(text, fact), unit=None, actor=None, now=NOW)
    assert not session.scalars(select(Project)).one().held_for_review


def test_an_investors_only_phase_is_the_phase_the_report_speaks_of(
    session: Session, district: District
) -> None:
    first = "当卓科技一期储能及动力电池智能工厂开工。"
    later = "当卓科技年产60GWh新型电池电芯模组项目一期正在紧张建设中。"
    first_fact = _fact(name="一期储能及动力电池智能工厂", phase="一期", evidence=_evidence(first))
    later_fact = _fact(phase="一期", stage="开工", evidence=_evidence(later))
    file_document(session, _doc(first, first_fact), unit=district.platform, actor=None, now=NOW)
    file_document(session, _doc(later, later_fact), unit=district.platform, actor=None, now=NOW)
    phases = [p for p in session.scalars(select(Project)) if p.phase == "一期"]
    assert len(phases) == 1 and phases[0].stage == "CONSTRUCTION"


def test_an_investors_only_project_is_found_under_other_words_and_regional_wording(
    session: Session, district: District
) -> None:
    first = "斯达半导体高压功率芯片及SiC芯片产业化项目签约。"
    later = "斯達半導體投資70億元的高壓特色工藝功率晶片和SiC晶片研發及產業化項目開工建設。"
    first_fact = _fact(
        enterprise="斯达半导体股份有限公司",
        name="斯达半导体高压功率芯片及SiC芯片产业化项目",
        evidence=_evidence(first),
    )
    later_fact = _fact(
        enterprise="斯达半导体",
        name="高压特色工艺功率晶片和SiC晶片研发及产业化项目",
        investment=Amount(70 * YI),
        evidence=_evidence(later),
    )
    file_document(session, _doc(first, first_fact), unit=district.platform, actor=None, now=NOW)
    file_document(session, _doc(later, later_fact), unit=district.platform, actor=None, now=NOW)
    (project,) = session.scalars(select(Project)).all()
    assert project.investment_fen == 70 * YI * 100
