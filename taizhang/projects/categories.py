"""The project ledger's closed vocabularies beside the stage: 新建/续建, 内资/外资 and the usual
招商方式, each with its English label. A sheet or a form stores the Chinese word; a page shows
`category_label(value, language)`. A method a district writes that is not listed here is its
own word and shows as entered."""

from __future__ import annotations

from taizhang.kernel.labels import LabelledEnum


class BuildType(LabelledEnum):
    NEW = "新建", "新建", "new"
    CONTINUING = "续建", "续建", "continuing"


class CapitalOrigin(LabelledEnum):
    DOMESTIC = "内资", "内资", "domestic capital"
    FOREIGN = "外资", "外资", "foreign capital"


class AttractionMethod(LabelledEnum):
    FUND = "基金招商", "基金招商", "fund-led investment"
    SCENARIO = "场景招商", "场景招商", "application-scenario promotion"
    ENCLAVE = "飞地招商", "飞地招商", "enclave cooperation"
    REFERRAL = "以商引商", "以商引商", "referral by investors"
    CHAIN = "链式招商", "链式招商", "industrial-chain promotion"
    REINVESTMENT = "二次招商", "二次招商", "reinvestment by existing firms"


CATEGORIES: dict[str, BuildType | CapitalOrigin | AttractionMethod] = {
    member.value: member for kind in (BuildType, CapitalOrigin, AttractionMethod) for member in kind
}


def category_label(value: str | None, language: str) -> str:
    """新建 on a Chinese page, "new" on an English one; "—" for none; other words as entered."""
    if not value:
        return "—"
    known = CATEGORIES.get(value)
    return known.label_in(language) if known else value
