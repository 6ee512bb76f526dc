"""`taizhang user add`: accounts for district staff."""

from __future__ import annotations

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors
from taizhang.org.models import Role
from taizhang.org.units import get_unit_by_code
from taizhang.org.users import create_user


@click.group("user")
def user_group() -> None:
    """用户管理 (user accounts)."""


@user_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--unit", "unit_code", help="单位代码，单位专员必填 (unit code, for unit staff)")
@click.option("--name", "display_name", help="显示姓名 (display name)")
@click.password_option(help="密码 (password)")
@pass_context
@reports_errors
def add_user(
    context: CliContext,
    username: str,
    role: str,
    unit_code: str | None,
    display_name: str | None,
    password: str,
) -> None:
    """新增用户 (add a user)."""
    with context.session(write=True) as session:
        unit = get_unit_by_code(session, unit_code) if unit_code else None
        create_user(
            session,
            username=username,
            password=password,
            role=Role(role),
            unit=unit,
            display_name=display_name,
        )
    click.echo(f"已创建用户 {username} (user created)")


def register(cli: click.Group) -> None:
    cli.add_command(user_group)
