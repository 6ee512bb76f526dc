"""`taizhang user add`: accounts for district staff."""

from __future__ import annotations

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors
from taizhang.org.accounts import get_user_by_name, reset_password, set_active
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


@user_group.command("password")
@click.argument("username")
@click.password_option(help="新密码 (new password)")
@pass_context
@reports_errors
def reset_user_password(context: CliContext, username: str, password: str) -> None:
    """重置密码，并结束该账号的全部登录 (reset a password; ends the account's log-ins)."""
    with context.session(write=True) as session:
        reset_password(session, get_user_by_name(session, username), new=password, by=None)
    click.echo(f"已重置 {username} 的密码 (password reset)")


@user_group.command("deactivate")
@click.argument("username")
@pass_context
@reports_errors
def deactivate_user(context: CliContext, username: str) -> None:
    """停用账号，立即结束其登录 (deactivate an account and end its log-ins)."""
    with context.session(write=True) as session:
        set_active(session, get_user_by_name(session, username), active=False, by=None)
    click.echo(f"已停用 {username} (deactivated)")


@user_group.command("activate")
@click.argument("username")
@pass_context
@reports_errors
def activate_user(context: CliContext, username: str) -> None:
    """重新启用账号 (reactivate an account)."""
    with context.session(write=True) as session:
        set_active(session, get_user_by_name(session, username), active=True, by=None)
    click.echo(f"已启用 {username} (activated)")


def register(cli: click.Group) -> None:
    cli.add_command(user_group)
