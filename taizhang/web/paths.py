"""Path convertors, so a route's path says what it matches and the order routers are included in
never decides which route answers: `/appeals/inbox` is not `/appeals/{appeal_id:int}`, and
`/appeals/7/extensions` is not the step `extensions` of `/appeals/{appeal_id:int}/{step:step}`.

Importing this module registers the convertors; route modules that use them import it first.
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


register_url_convertor("step", StepConvertor())
