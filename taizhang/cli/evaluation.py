"""`taizhang eval GOLD_DIR`: how well extraction agrees with hand-checked gold answers.

    taizhang eval tests/intake/gold/cases
    taizhang eval tests/intake/gold/seeds --texts ../shared/seeds --per-doc
    taizhang eval tests/intake/gold/cases --predictions out.jsonl

Scores by the rules of ../shared/eval/score.py (see `taizhang.intake.evaluate`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from taizhang.cli.main import reports_errors
from taizhang.intake.evaluate import (
    GoldDoc,
    doc_id_of,
    format_report,
    load_gold_dir,
    load_predictions,
    score_documents,
)
from taizhang.kernel.errors import AppError, Invalid

logger = logging.getLogger(__name__)

DIRECTORY = click.Path(exists=True, file_okay=False, path_type=Path)
Extractor = Callable[[Path], dict[str, Any]]


def find_text(doc_id: str, folders: Sequence[Path]) -> Path | None:
    """The first `NNN*.txt` whose number is NNN, looking in each folder in turn."""
    for folder in folders:
        for path in sorted(folder.glob(f"{doc_id}*.txt")):
            if doc_id_of(path.name) == doc_id:
                return path
    return None


def _load_extractor() -> Extractor:
    try:
        from taizhang.intake.pipeline import extract_file
    except ImportError as exc:
        raise AppError(f"抽取流水线无法加载 (extraction pipeline unavailable): {exc}") from exc
    return extract_file


def extract_all(
    gold: dict[str, GoldDoc], folders: Sequence[Path], *, extractor: Extractor | None = None
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Run extraction on the text of every gold document; problems become one line each.

    A document whose text is missing or whose extraction fails is left out, so it is scored
    as an empty prediction.
    """
    predicted: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for doc_id in sorted(gold):
        path = find_text(doc_id, folders)
        if path is None:
            where = "、".join(str(folder) for folder in folders)
            problems.append(f"{doc_id}: 找不到原文 {doc_id}*.txt，见 {where} (no text found)")
            continue
        extractor = extractor or _load_extractor()
        try:
            predicted[doc_id] = extractor(path)
        except Exception as exc:  # one document's failure must not stop the others
            logger.warning("extraction of %s failed", doc_id, exc_info=True)
            problems.append(f"{doc_id}: 抽取失败 (extraction failed): {exc}")
            continue
        problems += [f"{doc_id}: {error}" for error in predicted[doc_id].get("errors") or []]
    return predicted, problems


@click.command("eval")
@click.argument("gold_dir", type=DIRECTORY)
@click.option("--texts", "texts_dir", type=DIRECTORY, help="原文目录，金标目录中没有时查找 (texts)")
@click.option("--per-doc", is_flag=True, help="逐篇列出得分 (one line per document)")
@click.option(
    "--predictions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="直接评分已有的 jsonl 预测，不运行抽取 (score this predictions file instead)",
)
@reports_errors
def eval_command(
    gold_dir: Path, texts_dir: Path | None, per_doc: bool, predictions: Path | None
) -> None:
    """按金标评估抽取效果 (score extraction against gold answers in GOLD_DIR/NNN.json)."""
    gold = load_gold_dir(gold_dir)
    if not gold:
        raise Invalid(f"{gold_dir} 中没有 NNN.json 金标文件 (no gold files)")
    if predictions is not None:
        loaded = load_predictions(predictions)
        predicted, problems = loaded.docs, loaded.warnings
        unknown = sorted(set(predicted) - set(gold))
        if unknown:
            problems.append(
                f"没有金标的预测被忽略 (unknown documents ignored): {' '.join(unknown)}"
            )
    else:
        folders = [gold_dir, *([texts_dir] if texts_dir else [])]
        predicted, problems = extract_all(gold, folders)
    for problem in problems:
        click.echo(f"警告 (warning): {problem}", err=True)
    click.echo(format_report(score_documents(gold, predicted), per_doc=per_doc))


def register(cli: click.Group) -> None:
    cli.add_command(eval_command)
