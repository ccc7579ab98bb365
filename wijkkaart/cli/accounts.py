"""``wijkkaart create-user`` and ``set-role``: accounts of editors and beheerders."""

from __future__ import annotations

import sys

import click

from ..diensten import accounts as account_diensten
from ..kern.rechten import ROLLEN
from .gedeeld import split_codes


def _wachtwoord(van_stdin: bool) -> str:
    if van_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Nogmaals")


@click.command("create-user")
@click.argument("email")
@click.option("--naam", required=True, help="Naam zoals anderen die zien (in de wijzigingsgeschiedenis).")
@click.option("--rol", type=click.Choice(list(ROLLEN)), required=True)
@click.option(
    "--gebied",
    "gebieden_",
    multiple=True,
    help="Gemeente (GM0392) of wijk (WK039201) die deze opbouwwerker bijhoudt, of (GM) waar deze planner scenario's maakt; herhaalbaar.",
)
@click.option("--wachtwoord-stdin", is_flag=True, help="Lees het wachtwoord van stdin in plaats van het te vragen.")
@click.pass_obj
def create_user_command(obj, email, naam, rol, gebieden_, wachtwoord_stdin):
    """Maak een account (wachtwoord minstens 12 tekens, opgeslagen als Argon2id-hash)."""
    g = account_diensten.maak_gebruiker(
        obj.engine(), email, naam, _wachtwoord(wachtwoord_stdin), rol, split_codes(gebieden_)
    )
    click.echo(f"Account {g.email} ({g.rol}) gemaakt" + (f" voor {', '.join(sorted(g.codes))}" if g.codes else ""))


@click.command("set-role")
@click.argument("email")
@click.option("--rol", type=click.Choice(list(ROLLEN)))
@click.option("--gebied", "gebieden_", multiple=True, help="Vervangt de toegewezen gemeenten/wijken; herhaalbaar.")
@click.option("--actief/--inactief", default=None, help="Mag (niet) meer inloggen; inactief beëindigt open sessies.")
@click.pass_obj
def set_role_command(obj, email, rol, gebieden_, actief):
    """Wijzig de rol, de gebieden of de toegang van een account."""
    g = account_diensten.wijzig_gebruiker(
        obj.engine(), email=email, rol=rol, codes=split_codes(gebieden_) if gebieden_ else None, actief=actief
    )
    status = "actief" if g.actief else "inactief"
    click.echo(f"{g.email}: {g.rol}, {status}, gebieden: {', '.join(sorted(g.codes)) or 'geen'}")
