"""The web: FastAPI pages in Chinese (English on request) and the JSON API, one folder per domain.

The path convertors (`{appeal_id:id}`, `{step:step}`) are registered here, before any route
module is imported, since a route's path is compiled when the route is declared."""

import taizhang.web.paths  # noqa: F401
