"""`taizhang serve` and `taizhang get`: the web app, over HTTP or in-process."""

from __future__ import annotations

import sys
import warnings

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors
from taizhang.kernel.config import Settings


def run_server(settings: Settings, *, host: str, port: int) -> None:
    """Serve the web app until interrupted (refuses unsafe settings)."""
    import uvicorn

    from taizhang.web.app import create_app

    settings.check_safe_to_serve()
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@pass_context
@reports_errors
def serve_command(context: CliContext, host: str, port: int) -> None:
    """启动网页服务 (serve the web app)."""
    try:
        run_server(context.settings, host=host, port=port)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


@click.command("get")
@click.argument("path")
@click.option("--as", "username", help="以该用户身份访问 (act as this user)")
@pass_context
@reports_errors
def get_command(context: CliContext, path: str, username: str | None) -> None:
    """在进程内请求一个地址并打印结果 (render PATH through the app in-process)."""
    context.require_district()
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

    from taizhang.web.app import create_app

    quiet = context.settings.model_copy(update={"timer_seconds": 0})  # a look changes nothing
    app = create_app(quiet, engine=context.engine, trusted_user=username)
    with TestClient(app) as client:
        response = client.get(path)
    click.echo(response.text)
    sys.exit(0 if response.status_code < 400 else 1)


def register(cli: click.Group) -> None:
    cli.add_command(serve_command)
    cli.add_command(get_command)
