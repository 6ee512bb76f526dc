"""A need's 对接: registered, candidates recommended with their reasons (terms found, field,
maturity) and stored on the trail, a meeting and an agreement with one of them; steps out of
order or with bad input refused with a message naming the problem; the candidates' workbook
read back."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from taizhang.achievements.library import AchievementDraft, add_achievements
from taizhang.achievements.models import NeedStep
from taizhang.achievements.needs import Step, latest_candidates, recommend, record_need, record_step
from taizhang.achievements.search import open_library
from taizhang.achievements.sheets import CANDIDATE_HEADERS, candidates_workbook
from taizhang.enterprises.models import Enterprise
from taizhang.kernel.errors import Conflict, Invalid
from taizhang.kernel.sheets import workbook_bytes

NOW = datetime(2026, 6, 1, 2, tzinfo=UTC)
DAY = date(2026, 5, 20)
LIBRARY = [
    AchievementDraft(
        "磷酸铁锂正极材料低成本制备工艺",
        "固相法合成磷酸铁锂，压实密度高，适合储能电池。",
        "新能源",
        "中南大学",
        "产业化",
        "长沙市",
    ),
    AchievementDraft(
        "储能电池热管理液冷系统",
        "储能电池簇液冷板与热管理控制策略。",
        "高端装备",
        "浙江大学",
        "中试",
        "杭州市",
    ),
    AchievementDraft(
        "钙钛矿光伏组件封装", "柔性钙钛矿组件的阻水封装。", "新能源", "某研究院", "实验室", "上海市"
    ),
    AchievementDraft(
        "果蔬冷链保鲜技术", "气调与冷链结合延长货架期。", "现代农业", "某农科院", "中试", "330402"
    ),
]


@pytest.fixture
def need_setup(session: Session, tmp_path: Path):  # type: ignore[no-untyped-def]
    firm = Enterprise(name="嘉兴光储新能源科技有限公司", industry_code="C3841")
    session.add(firm)
    session.flush()
    add_achievements(session, LIBRARY, actor=None, now=NOW)
    need = record_need(
        session,
        firm,
        "我们需要储能电池的热管理技术，希望降低磷酸铁锂电芯的温差",
        field="新能源",
        source="走访",
        person="科技局 王敏",
        day=DAY,
        actor=None,
        now=NOW,
    )
    return session, need, open_library(session, tmp_path)


def test_candidates_come_with_their_reasons_and_are_kept_on_the_trail(need_setup) -> None:  # type: ignore[no-untyped-def]
    session, need, library = need_setup
    found = recommend(session, library, need, person="王敏", day=DAY, actor=None, now=NOW)
    titles = [f.achievement.title for f in found]
    assert set(titles[:2]) == {"磷酸铁锂正极材料低成本制备工艺", "储能电池热管理液冷系统"}
    assert "果蔬冷链保鲜技术" not in titles
    first = found[0]
    assert first.reasons.field_match is (first.achievement.field == "新能源")
    cooling = next(f for f in found if f.achievement.title == "储能电池热管理液冷系统")
    assert set(cooling.reasons.terms) >= {"储能电池", "热管理"}
    assert cooling.reasons.field_match is False
    assert "领域不同" in cooling.reasons.words() and "成熟度：中试" in cooling.reasons.words()
    assert [e.step for e in need.events] == ["registered", "candidates"]
    stored = latest_candidates(need)
    assert [c["title"] for c in stored] == titles
    assert stored[0]["reasons"] == first.reasons.words()


def test_a_meeting_then_an_agreement_close_the_trail(need_setup) -> None:  # type: ignore[no-untyped-def]
    session, need, library = need_setup
    found = recommend(session, library, need, person="王敏", day=DAY, actor=None, now=NOW)
    chosen = found[0].achievement.id
    with pytest.raises(Conflict, match="应先记录与该成果的对接洽谈"):
        record_step(
            session,
            need,
            Step(NeedStep.AGREEMENT, "王敏", DAY, "签约", chosen),
            actor=None,
            now=NOW,
        )
    record_step(
        session,
        need,
        Step(NeedStep.MEETING, "王敏", date(2026, 5, 25), "双方到企业现场对接", chosen),
        actor=None,
        now=NOW,
    )
    record_step(
        session,
        need,
        Step(NeedStep.AGREEMENT, "李强", date(2026, 5, 30), "签订技术许可协议 80 万元", chosen),
        actor=None,
        now=NOW,
    )
    assert need.step == "agreement"
    trail = [(e.step, e.person, e.day, e.achievement_id) for e in need.events]
    assert trail[-2:] == [
        ("meeting", "王敏", date(2026, 5, 25), chosen),
        ("agreement", "李强", date(2026, 5, 30), chosen),
    ]
    with pytest.raises(Conflict, match="已签订协议"):
        record_step(
            session,
            need,
            Step(NeedStep.MEETING, "王敏", date(2026, 5, 31), "再谈", chosen),
            actor=None,
            now=NOW,
        )


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (Step(NeedStep.MEETING, "", DAY, "见面", 1), "请写经办人"),
        (Step(NeedStep.MEETING, "王敏", date(2026, 7, 1), "见面", 1), "还没到"),
        (Step(NeedStep.MEETING, "王敏", DAY, "", 1), "请写明结果"),
        (Step(NeedStep.MEETING, "王敏", DAY, "见面", 999), "成果 999 不在该需求的推荐成果中"),
        (Step(NeedStep.MEETING, "王敏", date(2026, 5, 1), "见面", 1), "早于上一步"),
    ],
)
def test_it_refuses_a_bad_step_naming_why(need_setup, step: Step, message: str) -> None:  # type: ignore[no-untyped-def]
    session, need, library = need_setup
    found = recommend(session, library, need, person="王敏", day=DAY, actor=None, now=NOW)
    if step.achievement_id == 1:
        step = Step(step.step, step.person, step.day, step.outcome, found[0].achievement.id)
    with pytest.raises(Invalid) as caught:
        record_step(session, need, step, actor=None, now=NOW)
    said = caught.value.message + " ".join(str(e) for e in caught.value.errors)
    assert message in said


def test_a_step_before_any_candidates_is_refused(need_setup) -> None:  # type: ignore[no-untyped-def]
    session, need, _ = need_setup
    with pytest.raises(Conflict, match="还没有推荐成果"):
        record_step(
            session, need, Step(NeedStep.MEETING, "王敏", DAY, "见面", 1), actor=None, now=NOW
        )


def test_a_bad_need_is_refused_naming_each_problem(session: Session) -> None:
    firm = Enterprise(name="嘉兴某公司")
    session.add(firm)
    session.flush()
    with pytest.raises(Invalid) as caught:
        record_need(
            session, firm, " ", field="航天", source="电话", person="", day=DAY, actor=None, now=NOW
        )
    said = [str(e) for e in caught.value.errors]
    assert "“需求内容”列：需求内容不能为空 (required)" in said
    assert any("来源应为 诉求、走访、表单：电话" in s for s in said)
    assert any("航天" in s for s in said) and any("经办人" in s for s in said)


def test_the_candidates_workbook_reads_back(need_setup) -> None:  # type: ignore[no-untyped-def]
    session, need, library = need_setup
    found = recommend(session, library, need, person="王敏", day=DAY, actor=None, now=NOW)
    book = load_workbook(BytesIO(workbook_bytes(candidates_workbook(need))))
    rows = list(book["推荐成果"].iter_rows(values_only=True))
    header_at = next(n for n, r in enumerate(rows) if r[0] == "序号")
    assert rows[header_at] == CANDIDATE_HEADERS
    body = rows[header_at + 1 :]
    assert [r[2] for r in body] == [f.achievement.title for f in found]
    assert body[0][8] == found[0].reasons.words()
