"""The ``wijkkaart`` command group: options every command shares, errors as one line, commands loaded lazily.

Each command lives in a module of this package named after its concern and
is imported only when it runs (or when ``--help`` lists them all), so
``wijkkaart import-cbs`` starts without the gap analysis, spreadsheets,
Argon2 or Flask that other commands need.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__
from ..kern.fouten import WijkkaartFout
from .gedeeld import Context

#: Command name → "module:attribute" within this package.
OPDRACHTEN = {
    "db": "database:db_group",
    "init-db": "database:init_db_command",
    "import-cbs": "gebieden:import_cbs_command",
    "download-cbs": "gebieden:download_cbs_command",
    "import-aanbod": "aanbod:import_aanbod_command",
    "export-aanbod": "aanbod:export_aanbod_command",
    "geocode": "aanbod:geocode_command",
    "gaps": "gaten:gaps_command",
    "netwerk": "netwerk:netwerk_group",
    "rapport": "rapport:rapport_command",
    "demo": "demo:demo_command",
    "create-user": "accounts:create_user_command",
    "set-role": "accounts:set_role_command",
    "serve": "server:serve_command",
}


class _Fout(click.ClickException):
    """A :class:`WijkkaartFout` on the command line: one line ``fout: …`` on stderr, and its exit code."""

    def __init__(self, bericht: str, exit_code: int):
        super().__init__(bericht)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        """Print the one line (no usage text, no traceback)."""
        click.echo(f"fout: {self.format_message()}", err=True)


class _Afgebroken(click.ClickException):
    """Ctrl+C at a prompt: say so, exit 130 like a shell does."""

    exit_code = 130

    def show(self, file=None) -> None:
        """Print that the command stopped."""
        click.echo("afgebroken", err=True)


class _Groep(click.Group):
    """The command group: commands are imported when run; a user's error ends as :class:`_Fout`, never as a traceback."""

    def list_commands(self, ctx) -> list[str]:
        """Every command's name, without importing any."""
        return sorted(OPDRACHTEN)

    def get_command(self, ctx, cmd_name):
        """The command ``cmd_name``, its module imported now (None when there is no such command)."""
        if cmd_name not in OPDRACHTEN:
            return None
        module, naam = OPDRACHTEN[cmd_name].split(":")
        return getattr(importlib.import_module(f"{__package__}.{module}"), naam)

    def invoke(self, ctx):
        """Run the command, translating the errors a user can act on."""
        try:
            return super().invoke(ctx)
        except WijkkaartFout as exc:
            raise _Fout(str(exc), exc.exit_code) from None
        except click.exceptions.Abort:
            raise _Afgebroken("afgebroken") from None


@click.group(cls=_Groep, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    "database_url",
    envvar="WIJKKAART_DATABASE_URL",
    help="Database-URL (standaard: SpatiaLite-bestand data/wijkkaart.sqlite).",
)
@click.version_option(__version__, prog_name="wijkkaart", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx, database_url):
    """wijkkaart: kaart van het collectieve aanbod in wijken en buurten."""
    ctx.obj = Context(database_url)
    # Close the database when the command ends, so SQLite checkpoints its write-ahead log now,
    # not whenever a leftover connection happens to be collected.
    ctx.call_on_close(ctx.obj.sluit)


def main(argv=None):
    """Run the CLI; user errors print one Dutch line and exit with their code (2), without a traceback."""
    cli.main(args=argv, prog_name="wijkkaart")
