"""Scoring extraction against gold answers: the rules of ../shared/eval/score.py, and agreement
with that script on the gold sets we keep (seeds, hand-written cases) and on damaged copies."""

from __future__ import annotations

import copy
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from taizhang.intake.evaluate import (
    FIELDS,
    EvalReport,
    GoldDoc,
    doc_id_of,
    format_report,
    load_gold_dir,
    load_predictions,
    read_prediction_lines,
    score_documents,
)
from taizhang.intake.facts import STAGE_WORDS

GOLD_ROOT = Path(__file__).resolve().parent / "gold"
GOLD_DIRS = [GOLD_ROOT / "seeds", GOLD_ROOT / "cases"]
SCORE_PY = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"
YI = 100_000_000
# the guidelines name CNY, USD and EUR; the development corpus also has 日元 and 港元
GOLD_CURRENCIES = ("CNY", "USD", "EUR", "JPY", "HKD")
PROJECT_KEYS = {
    "enterprise",
    "name",
    "phase",
    "investment",
    "capacity",
    "land_mu",
    "annual_output",
    "stage",
    "planned_production",
    "progress_pct",
}


def _project(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {key: None for key in PROJECT_KEYS}
    base["capacity"] = []
    base.update(fields)
    return base


def _cny(amount: float, currency: str = "CNY") -> dict[str, Any]:
    return {"amount": amount, "currency": currency}


def _score_one(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> EvalReport:
    return score_documents({"900": GoldDoc(None, gold)}, {"900": {"projects": pred}})


def _counts(report: EvalReport, field: str) -> tuple[int, int, int]:
    score = report.fields[field]
    return score.gold, score.pred, score.correct


FULL = _project(
    enterprise="浙江澜石新材料有限公司",
    name="年产5万吨改性塑料项目",
    investment=_cny(12 * YI),
    capacity=[{"value": 5, "unit": "万吨"}, {"value": 300, "unit": "台"}],
    land_mu=120,
    annual_output=_cny(18 * YI),
    stage="签约",
    planned_production="2026-06",
    progress_pct=45,
)


# ---------------------------------------------------------------- the rules, by hand
def test_it_counts_every_field_of_a_perfect_prediction_as_correct() -> None:
    report = _score_one([FULL], [copy.deepcopy(FULL)])

    assert (report.overall.gold, report.overall.pred, report.overall.correct) == (9, 9, 9)
    assert _counts(report, "capacity") == (2, 2, 2)
    assert report.overall.f1 == 1.0
    assert report.equal_counts == 1


@pytest.mark.parametrize(
    ("gold", "pred", "correct"),
    [
        ("浙江澜石新材料有限公司", "澜石新材料", 1),
        ("浙江澜石新材料有限公司", "澜石新材料股份有限公司", 1),
        ("澜石集团", "浙江澜石新材料科技有限公司", 1),
        ("嘉佑(yòu)纸业(yè)有限公司", "嘉佑纸业", 1),
        ("远峰新能源集团", "远峰能源", 0),
        ("浙江澜石新材料有限公司", "杭州固远精工有限公司", 0),
    ],
)
def test_it_matches_enterprises_by_containment_or_bigram_dice(
    gold: str, pred: str, correct: int
) -> None:
    base = _project(name="改性塑料项目", stage="签约")
    report = _score_one([{**base, "enterprise": gold}], [{**base, "enterprise": pred}])

    assert _counts(report, "enterprise") == (1, 1, correct)


@pytest.mark.parametrize(
    ("gold", "pred", "correct"),
    [
        (_cny(12 * YI), _cny(12.05 * YI), 1),
        (_cny(12 * YI), _cny(12.1 * YI), 0),
        (_cny(12 * YI), 12 * YI, 1),
        (_cny(12 * YI), "1,200,000,000", 1),
        (_cny(3000 * 10_000, "USD"), _cny(3000 * 10_000), 0),
        (_cny(3000 * 10_000, "USD"), _cny(3000 * 10_000, "usd"), 1),
        (_cny(12 * YI), "12亿元", 0),
    ],
)
def test_it_accepts_amounts_within_half_a_percent_in_the_same_currency(
    gold: Any, pred: Any, correct: int
) -> None:
    base = _project(name="封测项目")
    report = _score_one([{**base, "investment": gold}], [{**base, "investment": pred}])

    assert _counts(report, "investment") == (1, 1, correct)


def test_it_pairs_capacity_items_one_to_one_and_folds_traditional_units() -> None:
    gold = _project(
        name="电池项目", capacity=[{"value": 60, "unit": "GWh"}, {"value": 8, "unit": "万吨"}]
    )
    pred = _project(
        name="电池项目",
        capacity=[
            {"value": 60, "unit": "GWh"},
            {"value": 60, "unit": "GWh"},
            {"value": 8, "unit": "萬噸"},
            {"value": 8, "unit": "吨"},
        ],
    )

    assert _counts(_score_one([gold], [pred]), "capacity") == (2, 4, 2)


@pytest.mark.parametrize(
    ("gold", "pred", "correct"),
    [
        ("2025", "2025-06", 1),
        ("2025-06", "2025", 1),
        ("2025-06", "2025年6月", 1),
        ("2025-06", "2025-07", 0),
        ("2026", "2025", 0),
        ("2025-06", "六月", 0),
    ],
)
def test_it_compares_planned_production_by_year_and_by_month_when_both_give_one(
    gold: str, pred: str, correct: int
) -> None:
    base = _project(name="封测项目")
    report = _score_one(
        [{**base, "planned_production": gold}], [{**base, "planned_production": pred}]
    )

    assert _counts(report, "planned_production") == (1, 1, correct)


@pytest.mark.parametrize(("pred", "correct"), [(45.5, 1), ("45", 1), (46, 0), (44.4, 0)])
def test_it_allows_half_a_percentage_point_on_progress(pred: Any, correct: int) -> None:
    base = _project(name="机器人项目")
    report = _score_one([{**base, "progress_pct": 45}], [{**base, "progress_pct": pred}])

    assert _counts(report, "progress_pct") == (1, 1, correct)


def test_it_counts_unpaired_projects_as_misses_and_false_positives() -> None:
    gold = [FULL]
    pred = [_project(enterprise="毫不相干的公司", name="别的东西", stage="开工", land_mu=7)]

    report = _score_one(gold, pred)

    assert (report.overall.gold, report.overall.pred, report.overall.correct) == (9, 3, 0)
    assert report.overall.f1 == 0.0


def test_it_pairs_whole_and_phase_entries_by_phase_and_investment() -> None:
    name, firm = "光伏玻璃基地项目", "浙江晟拓玻璃有限公司"
    whole = _project(enterprise=firm, name=name, investment=_cny(50 * YI), stage="投产")
    first = _project(enterprise=firm, name=name, phase="一期", investment=_cny(20 * YI))
    second = _project(enterprise=firm, name=name, phase="二期", investment=_cny(30 * YI))

    report = _score_one([whole, first, second], [second, whole, first])

    assert report.overall.correct == report.overall.gold == 7


def test_it_scores_a_missing_prediction_as_empty_and_reports_publication_dates() -> None:
    gold = {
        "001": GoldDoc("2025-03-12", [FULL]),
        "002": GoldDoc(None, []),
        "003": GoldDoc("2024-06-20", []),
    }
    predicted: dict[str, dict[str, Any]] = {
        "002": {"published": None, "projects": []},
        "003": {"published": "2024-06-20T08:15:00", "projects": []},
    }

    report = score_documents(gold, predicted)

    assert [doc.predicted for doc in report.docs] == [False, True, True]
    assert report.overall.recall == 0.0
    assert report.equal_counts == 2
    assert (report.published.correct, report.published.gold, report.published.predicted) == (
        1,
        2,
        1,
    )


@pytest.mark.parametrize(
    ("source", "doc_id"),
    [
        ("../shared/seeds/000_7f656c48d65b2bbd.txt", "000"),
        ("C:\\reports\\104.txt", "104"),
        ("cases/101", "101"),
        ("报告.txt", None),
        (None, None),
    ],
)
def test_it_reads_the_document_number_from_a_source(source: Any, doc_id: str | None) -> None:
    assert doc_id_of(source) == doc_id


def test_it_skips_bad_anonymous_and_repeated_prediction_lines() -> None:
    lines = [
        '{"source": "a/101.txt", "projects": [{"stage": "签约"}, "noise"]}',
        "not json",
        '{"source": "no-number.txt", "projects": []}',
        '{"source": "101.txt", "projects": []}',
        "",
        '{"source": "102.txt", "published": "2025-01-09"}',
    ]

    result = read_prediction_lines(lines)

    assert sorted(result.docs) == ["101", "102"]
    assert result.docs["101"]["projects"] == [{"stage": "签约"}]
    assert result.docs["102"] == {"published": "2025-01-09", "projects": []}
    assert len(result.warnings) == 3


def test_the_report_is_a_table_ending_with_the_summary_line() -> None:
    report = _score_one([FULL], [FULL])

    lines = format_report(report, per_doc=True).splitlines()

    assert lines[0].startswith("900 projects gold  1 pred  1 | slots gold   9 pred   9")
    labels = [line.split()[0] for line in lines if line.split()]
    assert all(field in labels for field in FIELDS)
    assert lines[-1] == "F1 1.000 P 1.000 R 1.000 docs 1"


# ---------------------------------------------------------------- the gold files we keep
def _gold_files() -> list[Path]:
    return sorted(GOLD_ROOT.glob("**/*.json"))


def _amount_problems(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
        return [f"money must be {{amount, currency}}: {value!r}"]
    amount = value["amount"]
    ok = isinstance(amount, int | float) and not isinstance(amount, bool) and amount > 0
    return [] if ok and value["currency"] in GOLD_CURRENCIES else [f"bad money {value!r}"]


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _capacity_problems(items: Any) -> list[str]:
    if not isinstance(items, list):
        return ["capacity must be a list"]
    problems = []
    for item in items:
        if not isinstance(item, dict) or set(item) != {"value", "unit"}:
            problems.append(f"capacity item must be {{value, unit}}: {item!r}")
        elif not _positive(item["value"]) or not isinstance(item["unit"], str):
            problems.append(f"bad capacity item {item!r}")
        elif re.search("[萬噸輛臺條隻億錠張塊組個]", item["unit"]):
            problems.append(f"capacity unit must be simplified: {item['unit']}")
    return problems


def _project_problems(project: Any) -> list[str]:
    if not isinstance(project, dict) or set(project) != PROJECT_KEYS:
        return [f"project keys must be exactly {sorted(PROJECT_KEYS)}"]
    problems = _amount_problems(project["investment"]) + _amount_problems(project["annual_output"])
    problems += _capacity_problems(project["capacity"])
    for key in ("enterprise", "name"):
        if project[key] is not None and not (isinstance(project[key], str) and project[key]):
            problems.append(f"{key} must be a non-empty string or null")
    if project["phase"] is not None and not re.fullmatch(
        "[一二三四五六七八九十]+期", project["phase"]
    ):
        problems.append(f"bad phase {project['phase']!r}")
    if project["stage"] is not None and project["stage"] not in STAGE_WORDS:
        problems.append(f"stage must be one of the seven words: {project['stage']!r}")
    plan = project["planned_production"]
    if plan is not None and not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", str(plan)):
        problems.append(f"planned_production must be YYYY or YYYY-MM: {plan!r}")
    for key in ("land_mu", "progress_pct"):
        if project[key] is not None and not _positive(project[key]):
            problems.append(f"{key} must be a positive number")
    if project["progress_pct"] is not None and project["progress_pct"] > 100:
        problems.append("progress_pct above 100")
    if not any(project[key] not in (None, []) for key in FIELDS if key != "enterprise"):
        problems.append("a project needs at least one figure, stage or plan")
    return problems


def _gold_problems(data: Any) -> list[str]:
    if not isinstance(data, dict) or set(data) != {"published", "projects"}:
        return ["top level must be exactly {published, projects}"]
    problems = []
    published = data["published"]
    if published is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(published)):
        problems.append(f"published must be YYYY-MM-DD or null: {published!r}")
    if not isinstance(data["projects"], list):
        return [*problems, "projects must be a list"]
    for index, project in enumerate(data["projects"]):
        problems += [f"project {index}: {p}" for p in _project_problems(project)]
    return problems


@pytest.mark.parametrize("path", _gold_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_gold_file_has_the_answer_shape(path: Path) -> None:
    assert re.fullmatch(r"\d{3}\.json", path.name)
    assert _gold_problems(json.loads(path.read_text(encoding="utf-8"))) == []


def test_every_case_has_its_text_and_every_text_its_answer() -> None:
    cases = GOLD_ROOT / "cases"
    answers = {p.stem for p in cases.glob("*.json")}
    texts = {p.stem for p in cases.glob("*.txt")}

    assert answers == texts
    assert len(answers) >= 12
    for stem in texts:
        assert 200 <= len((cases / f"{stem}.txt").read_text(encoding="utf-8")) <= 800, stem
    empty = [s for s in answers if not load_gold_dir(cases)[s].projects]
    assert len(empty) >= 2


# ---------------------------------------------------------------- agreement with score.py
Mutation = Callable[[random.Random, dict[str, Any]], None]


def _drop_field(rng: random.Random, project: dict[str, Any]) -> None:
    project[rng.choice(sorted(PROJECT_KEYS))] = None


def _nudge_money(rng: random.Random, project: dict[str, Any]) -> None:
    key = rng.choice(["investment", "annual_output"])
    money = project.get(key)
    if isinstance(money, dict):
        factor = rng.choice([1.003, 0.996, 1.2, 10.0])
        project[key] = rng.choice(
            [
                {**money, "amount": money["amount"] * factor},
                {**money, "currency": rng.choice(["USD", "cny", None])},
                money["amount"],
                f"{money['amount']:,}",
                "约16亿元",
            ]
        )


def _shift_stage(rng: random.Random, project: dict[str, Any]) -> None:
    project["stage"] = rng.choice([*STAGE_WORDS, " 开工 ", None, ""])


def _shift_plan(rng: random.Random, project: dict[str, Any]) -> None:
    project["planned_production"] = rng.choice(
        ["2025", "2025-06", "2025年6月", "2026-6", "2027下半年", "明年", 2026, 2025.0, None]
    )


def _rename_enterprise(rng: random.Random, project: dict[str, Any]) -> None:
    name = project.get("enterprise") or "某某"
    project["enterprise"] = rng.choice(
        [
            name[:2],
            name + "有限公司",
            f"浙江{name}",
            name.replace("", " ").strip(),
            "无关实业",
            "",
            "公司",
        ]
    )


def _bend_capacity(rng: random.Random, project: dict[str, Any]) -> None:
    items = list(project.get("capacity") or [])
    items.append(rng.choice([{"value": 20.9, "unit": "万吨"}, {"value": 60, "unit": "GWh"}]))
    if rng.random() < 0.5 and items:
        items[0] = {**items[0], "unit": {"万吨": "萬噸", "吨": "噸"}.get(items[0]["unit"], "套")}
    if rng.random() < 0.3:
        items.append("noise")
    project["capacity"] = rng.choice([items, items[1:], items * 2, None, "60GWh"])


def _nudge_numbers(rng: random.Random, project: dict[str, Any]) -> None:
    land, progress = project.get("land_mu"), project.get("progress_pct")
    project["land_mu"] = rng.choice([land, (land or 100) * 1.004, (land or 100) * 15, "150", True])
    project["progress_pct"] = rng.choice([progress, (progress or 40) + 0.4, (progress or 40) + 3])


def _rephase(rng: random.Random, project: dict[str, Any]) -> None:
    project["phase"] = rng.choice(["一期", "二期", "首期", None])
    project["name"] = rng.choice([project.get("name"), None, "（一期）" + str(project.get("name"))])


MUTATIONS: list[Mutation] = [
    _drop_field,
    _nudge_money,
    _shift_stage,
    _shift_plan,
    _rename_enterprise,
    _bend_capacity,
    _nudge_numbers,
    _rephase,
]


def _degrade(rng: random.Random, projects: list[dict[str, Any]]) -> list[Any]:
    out: list[Any] = []
    for project in copy.deepcopy(projects):
        if rng.random() < 0.15:
            continue
        for mutation in rng.sample(MUTATIONS, rng.randint(0, 3)):
            mutation(rng, project)
        out.append(project)
    if rng.random() < 0.4:
        out.append(_project(enterprise="凭空多出的公司", name="额外项目", stage="签约"))
    if out and rng.random() < 0.3:
        out.append(copy.deepcopy(rng.choice(out)))
    rng.shuffle(out)
    return out


def _prediction_lines(gold: dict[str, GoldDoc], variant: str) -> list[str]:
    rng = random.Random(42 + sum(map(ord, variant)))
    lines = []
    for doc_id, doc in gold.items():
        if variant == "empty":
            continue
        projects: list[Any] = copy.deepcopy(doc.projects)
        published = doc.published
        if variant.startswith("degraded"):
            projects = _degrade(rng, projects)
            published = rng.choice([published, None, "2025-01-01", f"{published}T09:00"])
            if rng.random() < 0.1:
                continue
        # a hash-like tail, without digits: score.py would read "…123.txt" as document 123
        source = f"texts/{doc_id}_{''.join(rng.choices('abcdef', k=8))}.txt"
        lines.append(json.dumps({"source": source, "published": published, "projects": projects}))
    if variant.startswith("degraded"):
        lines += [
            "{broken",
            '{"source": "no-number"}',
            lines[0] if lines else "",
            '{"source": "999.txt"}',
        ]
    return lines


def _official(gold_dir: Path, predictions: Path) -> dict[str, list[str]]:
    run = subprocess.run(
        [sys.executable, str(SCORE_PY), str(gold_dir), str(predictions)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    rows: dict[str, list[str]] = {}
    for line in run.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in FIELDS:
            rows[parts[0]] = parts[1:4]
        elif line.startswith("ALL (micro)"):
            rows["ALL"] = parts[2:5]
        elif line.startswith("F1 "):
            rows["final"] = parts
        elif line.startswith("documents with"):
            rows["equal"] = [parts[-3]]
        elif line.startswith("published"):
            rows["published"] = re.findall(r"(?:correct|gold|predicted) (\d+)", line)
    return rows


def _ours(report: EvalReport) -> dict[str, list[str]]:
    rows = {name: [str(s.gold), str(s.pred), str(s.correct)] for name, s in report.fields.items()}
    total = report.overall
    rows["ALL"] = [str(total.gold), str(total.pred), str(total.correct)]
    rows["final"] = format_report(report).splitlines()[-1].split()
    rows["equal"] = [str(report.equal_counts)]
    pub = report.published
    rows["published"] = [str(pub.correct), str(pub.gold), str(pub.predicted)]
    return rows


def _synthetic_gold(tmp_path: Path) -> Path:
    """A gold set drawn at random, so pairing meets ties, look-alike names and repeats."""
    rng = random.Random(7)
    folder = tmp_path / "synthetic"
    folder.mkdir()
    firms = ["澜石新材料", "固远精工", "晟拓玻璃", "宏屹半导体", "安沐医疗", "碳谷新能源"]
    for number in range(20):
        projects = []
        for _ in range(rng.randint(0, 6)):
            firm = rng.choice(firms)
            project = _project(enterprise=rng.choice([firm, f"浙江{firm}有限公司", None]))
            project["name"] = rng.choice([f"{firm}项目", "产业园项目", None])
            project["phase"] = rng.choice([None, None, "一期", "二期"])
            project["investment"] = rng.choice([None, _cny(rng.choice([2, 5, 12]) * YI)])
            project["stage"] = rng.choice([None, *STAGE_WORDS])
            project["land_mu"] = rng.choice([None, 86, 120])
            projects.append(project)
        body = {"published": rng.choice([None, "2025-03-12"]), "projects": projects}
        (folder / f"{number:03d}.json").write_text(json.dumps(body, ensure_ascii=False))
    return folder


@pytest.mark.skipif(not SCORE_PY.exists(), reason="../shared/eval/score.py is not here")
@pytest.mark.parametrize("variant", ["perfect", "degraded-1", "degraded-2", "degraded-3", "empty"])
@pytest.mark.parametrize("which", ["seeds", "cases", "synthetic"])
def test_it_agrees_with_the_official_scorer(which: str, variant: str, tmp_path: Path) -> None:
    gold_dir = _synthetic_gold(tmp_path) if which == "synthetic" else GOLD_ROOT / which
    gold = load_gold_dir(gold_dir)
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text("\n".join(_prediction_lines(gold, variant)) + "\n", encoding="utf-8")

    ours = _ours(score_documents(gold, load_predictions(predictions).docs))

    assert ours == _official(gold_dir, predictions)
    if variant == "perfect":
        assert ours["final"][:6] == ["F1", "1.000", "P", "1.000", "R", "1.000"]
