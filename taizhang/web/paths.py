"""Path convertors, so a route's path says what it matches and the order routers are included in
never decides which route answers: `/appeals/inbox` is not `/appeals/{appeal_id:id}`, and
`/appeals/7/extensions` is not the step `extensions` of `/appeals/{appeal_id:id}/{step:step}`;
and an id is never bigger than the database can hold.

Importing this module registers the convertors; `taizhang.web` imports it before any route.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

from taizhang.appeals.steps import STAFF_STEPS


class StepConvertor(Convertor[str]):
    """The name of a staff step of an appeal: accept, assign, start, answer or close."""

    regex = "|".join(step.value for step in STAFF_STEPS)

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class IdConvertor(Convertor[int]):
    """A row id: at most 18 digits, so it always fits the database's 64-bit integers (a longer
    number is no id, and answers 404 rather than an overflow)."""

    regex = "[0-9]{1,18}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


class AccountConvertor(Convertor[str]):
    """An electricity account's number (户号): letters, digits and hyphens, at most 40."""

    regex = "[0-9A-Za-z-]{1,40}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class PolicyConvertor(Convertor[str]):
    """A policy's code: its issuer's letters, the year and a number (KJ-2026-01)."""

    regex = "[A-Z][A-Z0-9]{1,9}-[0-9]{4}-[0-9]{2,3}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("policy", PolicyConvertor())
register_url_convertor("step", StepConvertor())
register_url_convertor("account", AccountConvertor())
register_url_convertor("id", IdConvertor())
