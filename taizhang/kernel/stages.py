"""The project lifecycle: seven ordered stages, 谈·签·落·产·运."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    TALKS = "TALKS"
    SIGNED = "SIGNED"
    LAND = "LAND"
    CONSTRUCTION = "CONSTRUCTION"
    COMPLETED = "COMPLETED"
    PRODUCTION = "PRODUCTION"
    FULL_CAPACITY = "FULL_CAPACITY"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]

    @property
    def english(self) -> str:
        return STAGE_ENGLISH[self]

    @property
    def order(self) -> int:
        return STAGE_ORDER[self]

    @classmethod
    def parse(cls, text: str) -> Stage:
        """Accept the Chinese word, the code or the English name."""
        cleaned = text.strip()
        for stage in cls:
            if cleaned in (stage.value, stage.label, stage.english) or cleaned.upper() == stage:
                return stage
        raise ValueError(
            f"未知的项目阶段“{cleaned}”，应为 {'、'.join(s.label for s in cls)}"
            f" (unknown stage {cleaned!r})"
        )


STAGES: tuple[Stage, ...] = tuple(Stage)
STAGE_ORDER = {stage: index for index, stage in enumerate(STAGES)}
STAGE_LABELS = {
    Stage.TALKS: "洽谈",
    Stage.SIGNED: "签约",
    Stage.LAND: "供地",
    Stage.CONSTRUCTION: "开工",
    Stage.COMPLETED: "竣工",
    Stage.PRODUCTION: "投产",
    Stage.FULL_CAPACITY: "达产",
}
STAGE_ENGLISH = {
    Stage.TALKS: "talks",
    Stage.SIGNED: "signed",
    Stage.LAND: "land supplied",
    Stage.CONSTRUCTION: "construction",
    Stage.COMPLETED: "completed",
    Stage.PRODUCTION: "production",
    Stage.FULL_CAPACITY: "full capacity",
}


def is_backwards(current: Stage | None, new: Stage) -> bool:
    return current is not None and new.order < current.order
