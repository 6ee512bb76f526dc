"""The project lifecycle: seven ordered stages, 谈·签·落·产·运."""

from __future__ import annotations

from taizhang.kernel.labels import LabelledEnum


class Stage(LabelledEnum):
    TALKS = "TALKS", "洽谈", "talks"
    SIGNED = "SIGNED", "签约", "signed"
    LAND = "LAND", "供地", "land supplied"
    CONSTRUCTION = "CONSTRUCTION", "开工", "construction"
    COMPLETED = "COMPLETED", "竣工", "completed"
    PRODUCTION = "PRODUCTION", "投产", "production"
    FULL_CAPACITY = "FULL_CAPACITY", "达产", "full capacity"

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


def is_backwards(current: Stage | None, new: Stage) -> bool:
    return current is not None and new.order < current.order
