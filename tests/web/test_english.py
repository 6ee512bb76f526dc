"""Every page in English (`?lang=en`) is English: once the data is taken out — unit, project,
people's and category names, descriptions, notes and document text, as entered — no Chinese
character is left in what a visitor sees (text, titles, placeholders, labels, charts).

Walked as the district administrator, town staff, an instructor, and a resident on the public
form and the tracking page. The official report documents (their HTML, XLSX and DOCX) stay
Chinese and are not walked; the page that lists them is."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.escalation import escalate_overdue
from taizhang.appeals.extension import request_extension
from taizhang.appeals.models import (
    Appeal,
    AppealCategory,
    AppealEvent,
    CompoundRating,
    CompoundVisit,
)
from taizhang.appeals.people import assign_instructor
from taizhang.appeals.privacy import mask_address, mask_name
from taizhang.appeals.public import tracking_path
from taizhang.appeals.visits import record_visit
from taizhang.appeals.workflow import accept_appeal, assign_appeal, start_handling
from taizhang.demo import DEMO_PASSWORD, DemoSummary
from taizhang.enterprises.models import Enterprise, EnterpriseAlias, EnterpriseFact, LandParcel
from taizhang.incentives.models import (
    AccountChange,
    IncentiveAccount,
    IncentiveProgram,
    IncentiveRun,
    RunAccount,
    Voucher,
    VoucherEvent,
)
from taizhang.incentives.queries import rules_in_words
from taizhang.incentives.runs import program_of
from taizhang.intake.facts import Amount, ProjectFact, Span
from taizhang.intake.reconcile import IncomingDocument, file_document
from taizhang.kernel.sources import Document
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.models import MujuObjection, MujuRun
from taizhang.muju.policies import shipped_tariffs
from taizhang.muju.schemes import scheme_text
from taizhang.org.models import Unit, User
from taizhang.projects.models import Event, Project, ProjectCapacity
from taizhang.race.standings import shipped_rules
from taizhang.race.targets import set_target
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import RECEIVED, Parties, Place, at
from tests.conftest import NOW, District, Projects
from tests.web.conftest import csrf_from, log_in

place, parties = appeals_fixtures.place, appeals_fixtures.parties
register, answered = appeals_fixtures.register, appeals_fixtures.answered
ClientFor = Callable[[User], TestClient]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
# Chinese that belongs on an English page: the link back to the Chinese pages.
ALLOWED = {"中文"}
DATA = "\x00"  # where a Chinese data value stood
GLUED = re.compile(rf"[A-Za-z0-9]{DATA}|{DATA}[A-Za-z0-9]")
YI_FORM = re.compile(r"¥\s*100\s*m")  # 511.88 ¥100m, 4 × ¥100m: write CNY 51.188 bn
ARTICLE = "本报讯 智能农机装备项目签约落户凤桥镇，总投资4亿元。其余内容与项目无关。"
SENTENCE = "智能农机装备项目签约落户凤桥镇，总投资4亿元。"


class VisibleText(HTMLParser):
    """The text a visitor sees, and the attributes a browser shows or reads out."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.chunks += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.chunks.append(data)


@functools.cache
def _by_first_two(data: tuple[str, ...]) -> dict[str, list[str]]:
    """The data values by their first two characters (one-character values under ""), each list
    longest first: the demo holds tens of thousands of values, a page a few dozen."""
    index: dict[str, list[str]] = {}
    for value in data:
        index.setdefault(value[:2] if len(value) > 1 else "", []).append(value)
    return index


def _values_in(chunk: str, by_start: dict[str, list[str]]) -> list[str]:
    """The values that may occur in `chunk`, longest first, so no value is cut by a shorter."""
    starts = {chunk[i : i + 2] for i in range(len(chunk) - 1)} | {""}
    found = [value for start in starts for value in by_start.get(start, ())]
    return sorted(found, key=len, reverse=True)


def chinese_chrome(html: str, data: list[str]) -> set[str]:
    """What is not English in a page: the Chinese left once every data value is taken out,
    English glued to a Chinese name ("Missing渔里南苑" — a sentence built without spacing),
    and amounts in the ¥100m form (1亿 is written CNY 100 m, 511.88亿 CNY 51.188 bn)."""
    parser = VisibleText()
    parser.feed(html)
    left: set[str] = set()
    texts = [value for value in data if len(value) > 80]  # a document's text, shown in pieces
    by_start = _by_first_two(tuple(data))
    for chunk in parser.chunks:
        if any(chunk.strip() in text for text in texts):
            continue  # a stretch of a stored text (the review page highlights its sentences)
        left |= {f"money {m.group()!r}" for m in YI_FORM.finditer(chunk)}
        for value in _values_in(chunk, by_start):
            chunk = chunk.replace(value, DATA if CJK.search(value) else " ")
        left |= {f"glued {m.group()!r}" for m in GLUED.finditer(chunk)}
        left |= {run for run in CJK.findall(chunk) if run not in ALLOWED}
    return left


@dataclass
class Walk:
    place: Place
    appeal_id: int  # in progress, with an extension asked
    answered_id: int
    overdue_id: int  # urged (催办)
    document_id: int
    tracking: str


@pytest.fixture
def walk(
    session: Session,
    district: District,
    projects: Projects,
    place: Place,
    parties: Parties,
    register: Callable[..., Appeal],
    answered: Callable[..., Appeal],
    district_admin: User,
    app: FastAPI,
) -> Walk:
    """A district with everything a page can show: projects with a disagreement from a filed
    report, a target, an instructor with a visit, appeals in several states with an escalation
    and a pending extension."""
    assign_instructor(session, instructor=place.handler, compound=place.compound, now=RECEIVED)
    record_visit(
        session, compound=place.compound, by=place.handler, visited_on=date(2026, 5, 11),
        households=3, now=at(5, 11), note="走访了三户",
    )  # fmt: skip
    done = answered()
    overdue = register()  # still to accept, and overdue by the test clock
    late = register(received_at=at(5, 19))
    for step in (accept_appeal, assign_appeal, start_handling):
        step(session, late, actor=place.handler, now=at(5, 19, 15))
    request_extension(
        session, late, actor=place.handler, days=2, reason="需协调施工单位", now=at(5, 20)
    )
    escalate_overdue(session, now=NOW)
    set_target(
        session, unit=district.town, year=2026, metric="started", value=4,
        actor=district_admin, now=NOW,
    )  # fmt: skip
    document_id = _file_report(session, district)
    session.commit()
    tracking = tracking_path(app.state.settings, done.number)
    return Walk(place, late.id, done.id, overdue.id, document_id, tracking)


def _file_report(session: Session, district: District) -> int:
    start = ARTICLE.index(SENTENCE)
    fact = ProjectFact(
        name="智能农机装备项目",
        investment=Amount(Decimal(400_000_000)),
        stage="签约",
        evidence=[Span(start, start + len(SENTENCE), SENTENCE)],
    )
    incoming = IncomingDocument(
        "凤桥镇签约一批项目", None, ARTICLE, date(2026, 5, 1), False, [fact]
    )
    summary = file_document(
        session, incoming, unit=district.town, actor=None, now=datetime(2026, 5, 2, tzinfo=UTC)
    )
    return summary.document_id


def data_values(session: Session) -> list[str]:
    """Everything the ledger holds as entered, longest first so no value is cut by a shorter."""
    values: set[str] = set()
    for column in (
        Unit.name, Project.name, Project.chain, Project.phase, Enterprise.name, User.display_name,
        AppealCategory.label, Appeal.description, Appeal.requester_name, Appeal.requester_address,
        AppealEvent.note, Document.title, Document.text, Event.reason, Event.source_label,
        Event.quote, CompoundVisit.note, CompoundRating.note, ProjectCapacity.product,
        ProjectCapacity.unit, EnterpriseAlias.alias, EnterpriseFact.value,
        EnterpriseFact.source_label, LandParcel.certificate_no, MujuRun.scheme_version,
        MujuObjection.raised_by, MujuObjection.content, MujuObjection.resolution,
    ):  # fmt: skip
        values |= {v for v in session.scalars(select(column)) if v}
    for appeal in session.scalars(select(Appeal)):
        values |= {mask_name(appeal.requester_name)}
        values |= {mask_address(appeal.requester_address, appeal.unit.name) or ""}
    values |= {e.payload["text"] for e in session.scalars(select(Event)) if "text" in e.payload}
    values |= _rule_words() | _scheme_words()
    values |= _rule_words()
    values |= _incentive_words(session)
    values |= _policy_words()
    values |= _chain_words(session)
    values |= _achievement_words(session)
    values |= {"走访了三户", "需协调施工单位", "已修复", *ARTICLE.split(SENTENCE)}
    return sorted((v for v in values if v), key=len, reverse=True)


def unlocked(session: Session) -> None:
    """End the test's write transaction so the app may write (log in, post forms). Read every
    id and name needed before: touching an expired object afterwards would lock again."""
    session.rollback()


def _incentive_words(session: Session) -> set[str]:
    """What the incentives hold as the district and the power company wrote it: the program
    files and their rules said in words, holders, addresses, merchants, notes, and each run's
    frozen explanations (the engine's Chinese sentences, kept as published)."""
    words: set[str] = set()
    for program in session.scalars(select(IncentiveProgram)):
        words |= {program.title, program.version, program.text}
        words |= set(rules_in_words(program_of(program)))
    for column in (
        IncentiveAccount.holder, IncentiveAccount.address, AccountChange.before,
        AccountChange.after, IncentiveRun.rule, Voucher.reason, Voucher.holder,
        VoucherEvent.merchant, VoucherEvent.note,
    ):  # fmt: skip
        words |= {v for v in session.scalars(select(column).distinct()) if v}
    for explained in session.scalars(select(RunAccount.explanation)):
        words |= {explained.get("holder") or "", explained.get("share") or ""}
        words |= {m.get("detail") or "" for m in explained.get("months", [])}
    return words


def _policy_words() -> set[str]:
    """The policy library as the departments wrote it: titles, issuers, themes, documents,
    benefits, and the titles and qualifications its conditions name."""
    from taizhang.policies.engine.conditions import HeldWords
    from taizhang.policies.library import shipped

    words: set[str] = set()
    for found in shipped():
        p = found.policy
        words |= {p.title, p.issuer, p.theme, p.basis, p.benefit.text}
        for c in p.conditions:
            if isinstance(c, HeldWords):
                words |= {*c.any_of, *c.all_of, *c.none_of}
    return words


def _achievement_words(session: Session) -> set[str]:
    """The achievement library and the needs as recorded (titles, abstracts, holders, fields,
    regions, maturity and source words as stored, what each step recorded, and each candidate's
    reasons as stored with its step)."""
    from taizhang.achievements.models import Achievement, NeedEvent, TechNeed

    words: set[str] = set()
    for column in (
        Achievement.title, Achievement.abstract, Achievement.holder, Achievement.field,
        Achievement.region, Achievement.maturity, TechNeed.text, TechNeed.field,
        TechNeed.source, NeedEvent.outcome, NeedEvent.person,
    ):  # fmt: skip
        words |= {v for v in session.scalars(select(column)) if v}
    for payload in session.scalars(select(NeedEvent.payload)):
        words |= set(_strings(payload))
    return words


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _chain_words(session: Session) -> set[str]:
    """The chain maps' product words (a placement names the one that matched) and the leads as
    staff entered them."""
    from taizhang.chains.models import ChainLead, ChainLeadEvent
    from taizhang.chains.shipped import shipped_maps

    words = {p for chain in shipped_maps() for link in chain.links for p in link.products}
    for column in (ChainLead.firm, ChainLead.region, ChainLead.source, ChainLead.note):
        words |= {v for v in session.scalars(select(column)) if v}
    return words | {v for v in session.scalars(select(ChainLeadEvent.note)) if v}


def _rule_words() -> set[str]:
    """The points rules as the district's rule file writes them (a document of the district)."""
    rules = shipped_rules(2026)
    words = {rules.title or ""} | {band.label for band in rules.bands}
    words |= {r.part_label(b) for r in rules.stage_points for b, _ in r.points}
    return words | {bonus.label for bonus in rules.bonuses}


def _scheme_words() -> set[str]:
    """The versions the district gave its 亩均 scheme and tariff files (names, and the rest of
    what pages show from them, have their English in the files)."""
    text = scheme_text()
    scheme = load_scheme(text.text, source=text.source)
    return {scheme.version, shipped_tariffs(2025).version}


@pytest.fixture
def english(app: FastAPI) -> Iterator[Callable[[str | None], TestClient]]:
    """A client that has chosen English (and logged in with the username, if any)."""
    clients: list[TestClient] = []

    def make(username: str | None) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        client.get("/login?lang=en")
        if username is not None:
            token = csrf_from(client.get("/login").text)
            form = {"username": username, "password": "correct-horse-42"}
            client.post("/login", data=form | {"csrf_token": token, "next": "/"})
        return client

    yield make
    for client in clients:
        client.close()


def _all(projects: Projects) -> tuple[Project, ...]:
    return projects.in_town, projects.in_street, projects.in_platform


def admin_pages(walk: Walk, projects: Projects, district: District) -> list[str]:
    p, compound = walk.place, walk.place.compound.id
    return [
        "/", "/projects", "/projects/import", "/documents", f"/documents/{walk.document_id}",
        *(f"/projects/{x.id}" for x in _all(projects)),
        "/race", "/race?level=department", f"/race/units/{district.town.id}?period=2026-02",
        "/race/targets", "/race/reports", "/appeals/inbox",
        *(f"/appeals/inbox?tab={tab}" for tab in ("mine", "overdue", "to_close")),
        f"/appeals/{walk.appeal_id}", f"/appeals/{walk.answered_id}", "/appeals/coverage",
        f"/appeals/{walk.overdue_id}",
        f"/appeals/compounds/{compound}/ledger", "/appeals/evaluations",
        f"/appeals/{walk.appeal_id}?show=true", "/no-such-page", "/projects/999999",
        f"/appeals/compounds/{p.community.id}/ledger",
    ]  # fmt: skip


def test_every_page_an_administrator_sees_is_english(
    walk: Walk,
    projects: Projects,
    district: District,
    district_admin: User,
    session: Session,
    english: Callable[[str | None], TestClient],
) -> None:
    pages, data = admin_pages(walk, projects, district), data_values(session)
    username = district_admin.username
    unlocked(session)
    client = english(username)
    left = {path: chinese_chrome(client.get(path).text, data) for path in pages}
    assert {path: words for path, words in left.items() if words} == {}


def test_every_page_town_staff_and_an_instructor_see_is_english(
    walk: Walk,
    projects: Projects,
    district: District,
    town_staff: User,
    session: Session,
    english: Callable[[str | None], TestClient],
) -> None:
    data, compound = data_values(session), walk.place.compound.id
    town_pages = [
        "/", "/projects", f"/projects/{projects.in_town.id}", f"/projects/{projects.in_street.id}",
        "/race", f"/race/units/{district.platform.id}", "/race/targets",
    ]  # fmt: skip
    instructor_pages = [
        "/appeals/inbox", f"/appeals/{walk.appeal_id}", f"/appeals/{walk.answered_id}",
        "/appeals/evaluations", f"/appeals/compounds/{compound}/ledger",
    ]  # fmt: skip
    names = town_staff.username, walk.place.handler.username
    unlocked(session)
    town, instructor = english(names[0]), english(names[1])
    left = {f"town {path}": chinese_chrome(town.get(path).text, data) for path in town_pages}
    for path in instructor_pages:
        left[f"instructor {path}"] = chinese_chrome(instructor.get(path).text, data)
    assert {path: words for path, words in left.items() if words} == {}


def test_the_public_form_and_the_tracking_page_are_english(
    walk: Walk, session: Session, english: Callable[[str | None], TestClient]
) -> None:
    data, tracking, code = data_values(session), walk.tracking, walk.place.compound.code
    unlocked(session)
    resident = english(None)
    pages = [resident.get("/login").text, resident.get("/appeals/new").text]
    pages.append(resident.get(tracking).text)
    token = csrf_from(pages[1])
    form = {"name": "李四", "phone": "13900000000", "compound": code}
    form |= {"category": "complaint", "description": "路灯不亮", "csrf_token": token}
    pages.append(resident.post("/appeals/new", data=form).text)
    pages.append(resident.post("/appeals/new", data=form | {"compound": "nowhere"}).text)
    data += ["李四", "李*", "路灯不亮"]
    assert [chinese_chrome(html, data) for html in pages] == [set()] * len(pages)


def test_a_failed_import_explains_itself_in_english(
    district: District,
    town_staff: User,
    session: Session,
    english: Callable[[str | None], TestClient],
) -> None:
    data, username = data_values(session), town_staff.username
    unlocked(session)
    client = english(username)
    token = csrf_from(client.get("/projects/import").text)
    sheet = "项目名称,所属单位,总投资\n新项目,凤桥镇,很多钱\n".encode()
    response = client.post(
        "/projects/import",
        data={"csrf_token": token},
        files={"file": ("ledger.csv", sheet, "text/csv")},
    )
    assert response.status_code == 422
    sheet_data = ["项目名称", "所属单位", "总投资", "新项目", "很多钱"]  # the sheet as uploaded
    assert chinese_chrome(response.text, data + sheet_data) == set()


def test_the_header_names_the_district_in_either_language(
    district: District, district_admin: User, english: Callable[[str | None], TestClient]
) -> None:
    html = english(district_admin.username).get("/").text
    assert '<a class="brand" href="/">南湖区 Project Ledger</a>' in html
    assert '<html lang="en">' in html


# --- the demo district, crawled ---------------------------------------------------------------

DEMO_ACCOUNTS = ("admin", "fengqiao", "chenyaqin", "anhe-wuye", "xc-yeweihui", "jingxin")
NOT_PAGES = re.compile(r"^/(logout|static/)|\.(xlsx|docx|csv|svg|png)$|[?&](format|lang)=")
PAGES_PER_KIND = 3  # /projects/1, /projects/2 … are one kind of page: a few of each
OFFICIAL_REPORTS = re.compile(r"^/race/reports/\w+\?")  # the Chinese official documents


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.found.append(href.split("#")[0])


def crawl(client: TestClient, start: str, limit: int = 100) -> dict[str, str]:
    """The pages reachable from `start` by following links, a few of each kind."""
    seen: dict[str, str] = {}
    kinds: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        kind = re.sub(r"\d+", "N", path)
        if path in seen or NOT_PAGES.search(path) or OFFICIAL_REPORTS.match(path):
            continue
        if kinds.get(kind, 0) >= PAGES_PER_KIND:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        response = client.get(path)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        seen[path] = response.text
        links = Links()
        links.feed(response.text)
        queue += [link for link in links.found if link not in seen]
    return seen


def test_every_page_of_the_demo_district_is_english(
    demo: DemoSummary, app: FastAPI, session: Session
) -> None:
    data = data_values(session) + [a.unit_name for a in demo.accounts]
    unlocked(session)
    left: dict[str, set[str]] = {}
    for username in DEMO_ACCOUNTS:
        with TestClient(app) as client:
            client.get("/login?lang=en")
            log_in(client, username, DEMO_PASSWORD)
            for path, html in crawl(client, "/").items():
                left[f"{username} {path}"] = chinese_chrome(html, data)
    assert len(left) > 50  # the walk reached the pages
    assert {w for words in left.values() for w in words} == set(), sorted(
        path for path, words in left.items() if words
    )


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<p>Missing渔里南苑业委会评分</p>", {"glued 'g\\x00'", "评分"}),
        ("<p>Missing: 渔里南苑业委会 owners' committee score</p>", set()),
        ("<em>Total investment 511.88 ¥100m</em>", {"money '¥100m'"}),
        ("<td>40 × ¥100m</td>", {"money '¥100m'"}),
        ("<em>Total investment CNY 51.188 bn</em>", set()),
        ("<dd>capacity 功率芯片72万片</dd>", {"glued '\\x007'", "glued '2\\x00'"}),
    ],
)
def test_the_walk_finds_mixed_sentences_and_the_yi_form(html: str, found: set[str]) -> None:
    assert chinese_chrome(html, ["渔里南苑业委会", "功率芯片", "万片"]) == found
