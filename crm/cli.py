"""Flask commands: create-user, seed-demo, analyze, backup, restore."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import select

from crm.extensions import db


@click.command("create-user")
@click.option("--email", prompt="Email address", help="The address they sign in with.")
@click.option("--name", prompt="Full name")
@click.option("--role", type=click.Choice(["specialist", "team_lead", "admin"]), prompt="Role", default="admin",
              show_default=True)
@click.option("--team", "team_name", default="", help="Team name (created if new); needed unless the role is admin.")
def create_user_command(email: str, name: str, role: str, team_name: str) -> None:
    """Create a staff account; the password is asked for at a hidden prompt, never taken as an argument."""
    from crm.admin.services import StaffError, create_user, save_team
    from crm.models import Team

    if role != "admin" and not team_name.strip():
        raise click.UsageError("Specialists and team leads need a team: pass --team NAME.")
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    team_id = None
    if team_name.strip():
        team = db.session.scalar(select(Team).where(Team.name == team_name.strip()))
        team = team or save_team(None, name=team_name.strip(), active=True)
        team_id = team.id
    try:
        user = create_user(name=name.strip(), email=email, role=role, team_id=team_id, password=password)
    except StaffError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.field}: {error}") from error
    db.session.commit()
    click.echo(f"Created {role} account {user.email} (id {user.id}).")


@click.command("seed-demo")
@click.option("--scale", type=click.Choice(["demo", "large", "tenth"]), default="demo", show_default=True,
              help="demo: a small team data set; large: the benchmark data set; tenth: a tenth of large.")
@click.option("--force", is_flag=True, help="Add the data even though the database is not empty.")
@click.option("--if-empty", is_flag=True, help="Do nothing (successfully) when the database already has data.")
def seed_demo_command(scale: str, force: bool, if_empty: bool) -> None:
    """Fill the database with obviously fake demo data and print the demo logins."""
    from crm.demo import DatabaseNotEmpty, seed

    try:
        summary = seed(scale=scale, force=force, if_empty=if_empty, echo=click.echo)
    except DatabaseNotEmpty as error:
        raise click.ClickException(str(error)) from error
    analyze_database()
    click.echo(summary)


def analyze_database() -> None:
    """Refresh the query planner's statistics (SQLite and PostgreSQL both understand ANALYZE)."""
    from sqlalchemy import text

    db.session.commit()
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))


@click.command("analyze")
def analyze_command() -> None:
    """Refresh the database's statistics so queries keep fast plans as data grows (run it weekly)."""
    analyze_database()
    click.echo("Database statistics refreshed.")


def register_cli(app: Flask) -> None:
    """Attach the commands to the app's `flask` CLI."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(analyze_command)
    from crm.backup import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
