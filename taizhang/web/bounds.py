"""The bounds of what the web takes in, so that no number, date or code can reach the database
out of its range (an id past 64 bits, 1e999 yuan, year 9999): the request is refused with 422
in the error shape instead.

Ids have at most 18 digits (as `web.paths`' id convertor); amounts fit the ledger's fen in 64
bits with room to spare; years are those a ledger can mean; currencies are ISO 4217 codes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field

from taizhang.kernel.money import MAX_AMOUNT

MAX_ID = 10**18 - 1
FIRST_YEAR, LAST_YEAR = 1900, 2999
MAX_YUAN = MAX_AMOUNT  # 千万亿元: far above any project, far below 2^63 fen
MAX_MU = Decimal(10**9)
MAX_FIGURE = Decimal(10**15)  # a target or an entered value, in its metric's unit


def _year_in_range(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"日期应在 {FIRST_YEAR}–{LAST_YEAR} 年之间 (date out of range)")
    return day


RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Day = Annotated[date, AfterValidator(_year_in_range)]
Yuan = Annotated[Decimal, Field(ge=0, le=MAX_YUAN, allow_inf_nan=False)]
Mu = Annotated[Decimal, Field(ge=0, le=MAX_MU, allow_inf_nan=False)]
Figure = Annotated[Decimal, Field(ge=-MAX_FIGURE, le=MAX_FIGURE, allow_inf_nan=False)]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. CNY, USD")]
Version = Annotated[int, Field(ge=1, le=2**31 - 1)]
