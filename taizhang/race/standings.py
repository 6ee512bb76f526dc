"""A period's standings: who scored what, their rank, and how they moved since last period."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid, NotFound
from taizhang.kernel.periods import Period, previous
from taizhang.race.engine.model import Score, UnitRef
from taizhang.race.engine.ranking import Standing, rank_scores
from taizhang.race.engine.rules import RuleSet, load_rules
from taizhang.race.engine.scoring import score_units
from taizhang.race.loading import racing_units, stage_events

SHIPPED_RULES = Path(__file__).parent / "rules"


def shipped_rules(year: int) -> RuleSet:
    """The points rules this package ships for a year (rules/YYYY.toml)."""
    path = SHIPPED_RULES / f"{year}.toml"
    if not path.exists():
        raise NotFound(
            f"没有 {year} 年度的积分规则，请用 --rules 指定规则文件 (no rules for {year})"
        )
    return load_rules(path.read_text(encoding="utf-8"), source=path.name)


def rules_from_file(path: Path) -> RuleSet:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"无法读取规则文件 {path}：{exc} (cannot read rules file)") from exc
    return load_rules(text, source=path.name)


def standings(
    session: Session, *, period: Period, rules: RuleSet, level: str = "town"
) -> list[Standing]:
    """Scores and ranks of the racing units for `period`, with the change since the one before."""
    if not (rules.covers(period.start) and rules.covers(period.end)):
        raise Invalid(
            f"积分规则 {rules.version} 的有效期不覆盖 {period.label_zh} "
            "(the rules' validity does not cover the period)"
        )
    units = racing_units(session, level=level)
    current = _scores(session, units, rules, period)
    before = previous(period)
    earlier = _scores(session, units, rules, before) if rules.covers(before.start) else None
    by_unit = {score.unit_id: score for score in current}
    refs = {unit.unit_id: unit for unit in units}
    return [Standing(refs[r.unit_id], r, by_unit[r.unit_id]) for r in rank_scores(current, earlier)]


def _scores(session: Session, units: list[UnitRef], rules: RuleSet, period: Period) -> list[Score]:
    """Events from the rules' start, so a stage a project already earned this year scores once."""
    events = stage_events(session, start=rules.valid_from, end=period.end)
    return score_units(events, units, rules, period)
