"""``wijkkaart db upgrade|current`` and ``init-db``: the database schema."""

from __future__ import annotations

import click

from ..diensten import database


@click.group("db")
def db_group():
    """Het schema van de database: waar hij staat en bijwerken (migraties)."""


@db_group.command("upgrade")
@click.pass_obj
def db_upgrade_command(obj):
    """Werk de database bij naar het schema van deze versie; alle gegevens blijven bewaard."""
    engine = obj.engine(bereid=False)
    leeg = not database.stand(engine).heeft_tabellen
    voor, na = database.upgrade(engine)
    if voor == na:
        click.echo(f"Database {database.stand(engine).database} was al bijgewerkt ({na}).")
    elif leeg:
        click.echo(f"Lege database aangemaakt op schema {na}.")
    else:
        click.echo(f"Database bijgewerkt van {voor or 'vóór de migraties'} naar {na}.")


@db_group.command("current")
@click.pass_obj
def db_current_command(obj):
    """Toon het schema van de database en of hij bijgewerkt moet worden."""
    click.echo("\n".join(database.stand(obj.engine(bereid=False)).regels()))


@click.command("init-db")
@click.pass_obj
def init_db_command(obj):
    """Maak de database en tabellen aan (gebeurt ook vanzelf bij een import)."""
    obj.engine()
    click.echo("Database klaar.")
