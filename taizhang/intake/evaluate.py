"""How good is extraction? Scoring against gold answers by the rules of ../shared/eval/score.py.

Per document, predicted projects are paired one-to-one with gold projects, best similarity first.
Every non-null scored field of a project is a slot (each capacity item a slot of its own); a
predicted slot is correct when its paired gold project holds an equal value. Precision, recall
and F1 are micro-averaged per field and overall, exactly as score.py counts them, so the two
always print the same numbers. Names and phases help the pairing but are not scored.

Pure apart from `load_gold_dir` and `load_predictions`: mappings in, an `EvalReport` out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Project = Mapping[str, Any]

# fmt: off
FIELDS = (
    "enterprise", "investment", "capacity", "land_mu",
    "annual_output", "stage", "planned_production", "progress_pct",
)
# fmt: on
RELATIVE_TOLERANCE = 0.005  # amounts, capacity values and land agree within 0.5 %
PERCENT_POINTS = 0.5  # progress_pct agrees within half a percentage point
ENTERPRISE_DICE = 0.6
PAIRING_FLOOR = 0.34  # below this text similarity, only an equal investment can pair two projects

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN = re.compile(rf"\([a-zA-Z{_TONED}]+\)")  # 維達(dá)紙業(yè) on auto-annotated pages
_MARKS = re.compile(r"[()\[\]{}【】「」《》<>“”\"'‘’·・•\-—_,、.。]")
# fmt: off
_ENTERPRISE_ENDINGS = (  # tried in this order, again and again
    "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "股份公司", "集团公司", "集團公司",
    "公司", "集团", "集團", "股份", "科技", "有限",
)
# fmt: on
_NAME_ENDINGS = ("建设项目", "建設項目", "项目", "項目", "工程")
_UNIT_SCRIPT = str.maketrans(
    {"萬": "万", "噸": "吨", "輛": "辆", "臺": "台", "條": "条", "隻": "只", "億": "亿"}
    | {"錠": "锭", "張": "张", "塊": "块", "組": "组", "個": "个", "瓩": "千瓦"}
)
_DOC_AT_END = re.compile(r"(\d{3})(?:\.txt)?$")
_DOC_ANYWHERE = re.compile(r"(\d{3})")
_GOLD_FILE = re.compile(r"(\d{3})\.json")
_PLAN = re.compile(r"\s*(\d{4})(?:\D+(\d{1,2}))?")


# ------------------------------------------------------------------ results
@dataclass(frozen=True)
class GoldDoc:
    """One gold answer file: the printed publication date and the projects."""

    published: str | None
    projects: list[dict[str, Any]]


@dataclass(frozen=True)
class FieldScore:
    gold: int
    pred: int
    correct: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, *, gold: int, pred: int, correct: int) -> FieldScore:
        precision = correct / pred if pred else 0.0
        recall = correct / gold if gold else 0.0
        total = precision + recall
        f1 = 2 * precision * recall / total if total else 0.0
        return cls(gold, pred, correct, precision, recall, f1)


@dataclass(frozen=True)
class DocScore:
    doc_id: str
    gold_projects: int
    pred_projects: int
    slots: FieldScore
    predicted: bool  # False when no prediction was given for the document


@dataclass(frozen=True)
class PublishedScore:
    """Publication dates: not part of F1, reported beside it."""

    correct: int
    gold: int
    predicted: int


@dataclass(frozen=True)
class EvalReport:
    fields: dict[str, FieldScore]
    overall: FieldScore
    docs: list[DocScore]
    equal_counts: int  # documents whose predicted project count equals the gold count
    published: PublishedScore


@dataclass
class PredictionSet:
    """A predictions file read by document id, with what had to be skipped."""

    docs: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ normalising values
def _plain(value: Any) -> str:
    if value is None:
        return ""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    return _PINYIN.sub("", text)


def _cut_ending(text: str, endings: Sequence[str]) -> str | None:
    for ending in endings:
        if text.endswith(ending) and len(text) > len(ending):
            return text[: -len(ending)]
    return None


def enterprise_key(value: Any) -> str:
    """浙江当卓能源科技有限公司 → 浙江当卓能源: legal-form endings cut again and again."""
    text = _MARKS.sub("", _plain(value))
    while (shorter := _cut_ending(text, _ENTERPRISE_ENDINGS)) is not None:
        text = shorter
    return text


def name_key(value: Any) -> str:
    """One 项目/工程 ending cut from a project name."""
    text = _MARKS.sub("", _plain(value))
    return _cut_ending(text, _NAME_ENDINGS) or text


def _bigrams(text: str) -> Counter[str]:
    if len(text) < 2:
        return Counter([text]) if text else Counter()
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def dice(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    left, right = _bigrams(a), _bigrams(b)
    total = left.total() + right.total()
    return 2.0 * (left & right).total() / total if total else 0.0


def text_similarity(a: str, b: str) -> float:
    """1.0 when one key contains the other (the shorter of at least 2 chars), else bigram Dice."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if len(short) >= 2 and short in long:
        return 1.0
    return dice(a, b)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


def close(a: Any, b: Any) -> bool:
    x, y = _number(a), _number(b)
    if x is None or y is None:
        return False
    return x == y or abs(x - y) <= RELATIVE_TOLERANCE * max(abs(x), abs(y))


def _money(value: Any) -> tuple[float, str] | None:
    """(amount, currency); a bare number is yuan."""
    if isinstance(value, dict):
        amount = _number(value.get("amount"))
        currency = str(value.get("currency") or "CNY").strip().upper()
        return None if amount is None else (amount, currency)
    amount = _number(value)
    return None if amount is None else (amount, "CNY")


def same_money(gold: Any, pred: Any) -> bool:
    g, p = _money(gold), _money(pred)
    return g is not None and p is not None and g[1] == p[1] and close(g[0], p[0])


def _unit(value: Any) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value or "")))
    return text.translate(_UNIT_SCRIPT).lower()


def _capacity(value: Any) -> list[tuple[float | None, str]]:
    if not isinstance(value, list):
        return []
    return [(_number(c.get("value")), _unit(c.get("unit"))) for c in value if isinstance(c, dict)]


def capacity_hits(gold: Any, pred: Any) -> int:
    """Predicted capacity items paired one-to-one with equal gold items (same unit, close value)."""
    items = _capacity(gold)
    taken = [False] * len(items)
    for value, unit in _capacity(pred):
        for index, (gold_value, gold_unit) in enumerate(items):
            if not taken[index] and gold_unit == unit and close(gold_value, value):
                taken[index] = True
                break
    return sum(taken)


def _plan(value: Any) -> tuple[int, int | None] | None:
    if value is None:
        return None
    found = _PLAN.match(str(value))
    if not found:
        return None
    return int(found.group(1)), int(found.group(2)) if found.group(2) else None


def same_plan(gold: Any, pred: Any) -> bool:
    """Same year; the months must agree too when both give one."""
    g, p = _plan(gold), _plan(pred)
    if g is None or p is None or g[0] != p[0]:
        return False
    return g[1] is None or p[1] is None or g[1] == p[1]


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


# ------------------------------------------------------------------ slots and pairing
def slot_counts(project: Project) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name in FIELDS:
        value = project.get(name)
        if name == "capacity":
            counts[name] += len(_capacity(value))
        elif _present(value):
            counts[name] += 1
    return counts


def _same_enterprise(gold: Any, pred: Any) -> bool:
    g, p = enterprise_key(gold), enterprise_key(pred)
    if not g or not p:
        return _plain(gold) == _plain(pred)
    return text_similarity(g, p) >= 1.0 or dice(g, p) >= ENTERPRISE_DICE


def _same_progress(gold: Any, pred: Any) -> bool:
    g, p = _number(gold), _number(pred)
    return g is not None and p is not None and abs(g - p) <= PERCENT_POINTS


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "enterprise": _same_enterprise,
    "investment": same_money,
    "annual_output": same_money,
    "land_mu": close,
    "stage": lambda g, p: str(g).strip() == str(p).strip(),
    "planned_production": same_plan,
    "progress_pct": _same_progress,
}


def correct_slots(gold: Project, pred: Project) -> Counter[str]:
    """Correct predicted slots per field for one pair of projects."""
    counts: Counter[str] = Counter()
    counts["capacity"] += capacity_hits(gold.get("capacity"), pred.get("capacity"))
    for name, same in _COMPARE.items():
        g, p = gold.get(name), pred.get(name)
        if _present(g) and _present(p):
            counts[name] += int(same(g, p))
    return counts


def _text_affinity(gold: Project, pred: Project) -> float:
    gn, pn = name_key(gold.get("name")), name_key(pred.get("name"))
    ge, pe = enterprise_key(gold.get("enterprise")), enterprise_key(pred.get("enterprise"))
    crossed = max(0.8 * text_similarity(gn, pe), 0.8 * text_similarity(ge, pn))
    return max(text_similarity(gn, pn), text_similarity(ge, pe), crossed)


def pairing_score(gold: Project, pred: Project) -> float | None:
    """How alike two projects are, for pairing only; None when they must not be paired."""
    text = _text_affinity(gold, pred)
    invested = same_money(gold.get("investment"), pred.get("investment"))
    if text < PAIRING_FLOOR and not invested:
        return None
    score = text + (1.0 if invested else 0.0)
    if _plain(gold.get("phase")) == _plain(pred.get("phase")):
        score += 0.3
    if capacity_hits(gold.get("capacity"), pred.get("capacity")):
        score += 0.15
    if _present(gold.get("land_mu")) and close(gold.get("land_mu"), pred.get("land_mu")):
        score += 0.15
    output = gold.get("annual_output")
    if _present(output) and same_money(output, pred.get("annual_output")):
        score += 0.15
    if _present(gold.get("stage")) and gold.get("stage") == pred.get("stage"):
        score += 0.1
    return score


def pair_projects(gold: Sequence[Project], pred: Sequence[Project]) -> list[tuple[int, int]]:
    """Greedy one-to-one (gold index, predicted index) pairs: best score first, then low indexes."""
    candidates = [
        (score, -i, -j, i, j)
        for i, g in enumerate(gold)
        for j, p in enumerate(pred)
        if (score := pairing_score(g, p)) is not None
    ]
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for *_, i, j in sorted(candidates, reverse=True):
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return pairs


# ------------------------------------------------------------------ scoring
@dataclass
class _Tally:
    correct: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    pred: Counter[str] = field(default_factory=Counter)
    equal_counts: int = 0
    published: Counter[str] = field(default_factory=Counter)

    def add(self, other: _Tally) -> None:
        for mine, theirs in zip(self._counters(), other._counters(), strict=True):
            mine.update(theirs)
        self.equal_counts += other.equal_counts

    def _counters(self) -> tuple[Counter[str], ...]:
        return self.correct, self.gold, self.pred, self.published

    def score(self, name: str | None = None) -> FieldScore:
        def count(c: Counter[str]) -> int:
            return c.total() if name is None else c[name]

        return FieldScore.of(
            gold=count(self.gold), pred=count(self.pred), correct=count(self.correct)
        )


def _predicted_projects(prediction: Mapping[str, Any]) -> list[dict[str, Any]]:
    projects = prediction.get("projects")
    return [p for p in projects if isinstance(p, dict)] if isinstance(projects, list) else []


def _score_doc(gold: GoldDoc, prediction: Mapping[str, Any]) -> _Tally:
    projects = _predicted_projects(prediction)
    tally = _Tally(equal_counts=int(len(gold.projects) == len(projects)))
    for project in gold.projects:
        tally.gold.update(slot_counts(project))
    for project in projects:
        tally.pred.update(slot_counts(project))
    for i, j in pair_projects(gold.projects, projects):
        tally.correct.update(correct_slots(gold.projects[i], projects[j]))
    stated = prediction.get("published")
    tally.published["gold"] = int(bool(gold.published))
    tally.published["predicted"] = int(_present(stated))
    hit = bool(gold.published) and _present(stated) and str(stated).strip()[:10] == gold.published
    tally.published["correct"] = int(hit)
    return tally


def score_documents(
    gold: Mapping[str, GoldDoc], predicted: Mapping[str, Mapping[str, Any]]
) -> EvalReport:
    """Score predictions (by document id) against gold; a missing prediction is an empty one."""
    total, docs = _Tally(), []
    for doc_id in sorted(gold):
        answer, prediction = gold[doc_id], predicted.get(doc_id)
        tally = _score_doc(answer, prediction if prediction is not None else {})
        total.add(tally)
        count = len(_predicted_projects(prediction or {}))
        docs.append(
            DocScore(doc_id, len(answer.projects), count, tally.score(), prediction is not None)
        )
    return EvalReport(
        fields={name: total.score(name) for name in FIELDS},
        overall=total.score(),
        docs=docs,
        equal_counts=total.equal_counts,
        published=PublishedScore(*(total.published[k] for k in ("correct", "gold", "predicted"))),
    )


# ------------------------------------------------------------------ files
def doc_id_of(source: Any) -> str | None:
    """The NNN of a source path: `…/000_7f65.txt` → "000", `101.txt` → "101"."""
    base = str(source or "").replace("\\", "/").rsplit("/", 1)[-1]
    found = _DOC_AT_END.search(base) or _DOC_ANYWHERE.search(base)
    return found.group(1) if found else None


def load_gold_dir(path: Path | str) -> dict[str, GoldDoc]:
    """Every NNN.json of a directory, by NNN."""
    gold: dict[str, GoldDoc] = {}
    for file in sorted(Path(path).iterdir()):
        found = _GOLD_FILE.fullmatch(file.name)
        if found and file.is_file():
            data = json.loads(file.read_text(encoding="utf-8"))
            gold[found.group(1)] = GoldDoc(data.get("published"), list(data.get("projects", [])))
    return gold


def read_prediction_lines(lines: Sequence[str]) -> PredictionSet:
    """JSON lines → predictions by document id; bad, anonymous and repeated lines are skipped."""
    result = PredictionSet()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            result.warnings.append(f"第 {number} 行不是合法 JSON，已跳过 (line {number}: not JSON)")
            continue
        doc_id = doc_id_of(obj.get("source")) if isinstance(obj, dict) else None
        if doc_id is None:
            result.warnings.append(f"第 {number} 行的 source 没有编号 NNN (line {number}: no NNN)")
        elif doc_id in result.docs:
            result.warnings.append(f"{doc_id} 重复预测，第 {number} 行忽略 (duplicate, ignored)")
        else:
            projects = _predicted_projects(obj)
            result.docs[doc_id] = {"published": obj.get("published"), "projects": projects}
    return result


def load_predictions(path: Path | str) -> PredictionSet:
    # split on newlines only: JSON strings may hold U+2028 and other characters splitlines() cuts at
    return read_prediction_lines(Path(path).read_text(encoding="utf-8").split("\n"))


# ------------------------------------------------------------------ rendering
def _row(label: str, score: FieldScore) -> str:
    counts = f"{score.gold:6d} {score.pred:6d} {score.correct:6d}"
    return f"{label:<20} {counts} {score.precision:7.3f} {score.recall:7.3f} {score.f1:7.3f}"


def _doc_line(doc: DocScore) -> str:
    s = doc.slots
    return (
        f"{doc.doc_id} projects gold {doc.gold_projects:2d} pred {doc.pred_projects:2d} | "
        f"slots gold {s.gold:3d} pred {s.pred:3d} correct {s.correct:3d} | "
        f"P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"
        + ("" if doc.predicted else " (无预测 no prediction)")
    )


def format_report(report: EvalReport, *, per_doc: bool = False) -> str:
    """The table of score.py; the last line is `F1 … P … R … docs …`."""
    lines = [*(_doc_line(doc) for doc in report.docs), ""] if per_doc else []
    lines.append(f"{'field':<20} {'gold':>6} {'pred':>6} {'corr':>6} {'P':>7} {'R':>7} {'F1':>7}")
    lines += [_row(name, score) for name, score in report.fields.items()]
    lines.append(_row("ALL (micro)", report.overall))
    pub, overall = report.published, report.overall
    lines += [
        f"项目数与标注一致的文档 (docs with equal project counts): "
        f"{report.equal_counts} / {len(report.docs)}",
        f"发布日期，不计入 F1 (published, not in F1): 正确 correct {pub.correct}, "
        f"标注 gold {pub.gold}, 预测 predicted {pub.predicted}",
        f"F1 {overall.f1:.3f} P {overall.precision:.3f} R {overall.recall:.3f} "
        f"docs {len(report.docs)}",
    ]
    return "\n".join(lines)
