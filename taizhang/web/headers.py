"""Security headers on every response.

Pages run no script but their own and are never framed; responses other than the static files
are never stored by a browser or a proxy, since many carry personal data or a tracking token;
the referrer never leaves the site (a tracking link's token is in its query string).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # progress bars set their width inline
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


async def add_security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.url.path.startswith("/static/") and not _never_stored(response):
        response.headers["Cache-Control"] = "no-store"
    return response


def _never_stored(response: Response) -> bool:
    """A route's own Cache-Control (`private, no-store` on an appeal's photos) stays when it
    already forbids storing."""
    directives = response.headers.get("Cache-Control", "").replace(" ", "").split(",")
    return "no-store" in directives
