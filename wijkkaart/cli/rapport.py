"""``wijkkaart rapport``: the report on a gemeente, wijk or buurt as PDF or HTML, the same as the page's button."""

from __future__ import annotations

from pathlib import Path

import click

from ..diensten import rapport as rapport_diensten
from ..kern import codes, taal
from ..kern.filters import GatenFilter
from .gedeeld import filteropties


def _gebied(gemeente: str, wijk: str | None, buurt: str | None) -> str:
    """The most specific code given, checked to lie in the gemeente (and the wijk)."""
    gemeente = gemeente.strip().upper()
    if not codes.is_code(gemeente, "gemeente"):
        raise click.BadParameter(f"{gemeente!r}: verwacht een gemeentecode zoals GM0392", param_hint="--gemeente")
    for optie, code, niveau in (("--wijk", wijk, "wijk"), ("--buurt", buurt, "buurt")):
        if code and not codes.is_code(code.strip().upper(), niveau):
            voorbeeld = codes.VOORBEELD[niveau]
            raise click.BadParameter(f"{code!r}: verwacht een {niveau}code zoals {voorbeeld}", param_hint=optie)
        if code and codes.gemeente_van(code.strip().upper()) != gemeente:
            raise click.BadParameter(f"{code} ligt niet in {gemeente}", param_hint=optie)
    if wijk and buurt and codes.wijk_van(buurt.strip().upper()) != wijk.strip().upper():
        raise click.BadParameter(f"{buurt} ligt niet in wijk {wijk}", param_hint="--buurt")
    return (buurt or wijk or gemeente).strip().upper()


@click.command("rapport")
@click.option("--gemeente", required=True, help="Gemeentecode, bv. GM0392.")
@click.option("--wijk", help="Rapport over deze wijk van de gemeente, bv. WK039218.")
@click.option("--buurt", help="Rapport over deze buurt van de gemeente, bv. BU03921803.")
@filteropties
@click.option(
    "-o",
    "--output",
    "uitvoer",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="Bestand om te schrijven: .pdf of .html.",
)
@click.option(
    "--taal",
    "taalcode",
    type=click.Choice(sorted(taal.TALEN)),
    default="nl",
    show_default=True,
    help="Taal van het rapport.",
)
@click.option("--scenario", type=int, help="Neem het effect van dit scenario (id) op in het rapport.")
@click.pass_obj
def rapport_command(obj, gemeente, wijk, buurt, themas, soorten, dagdeel, drempel, uitvoer, taalcode, scenario):
    """Rapport (PDF of HTML) over een gemeente, wijk of buurt: kaart, gaten, dagdelen, kerncijfers, aanbod, methode."""
    pad = Path(uitvoer)
    formaat = pad.suffix.lower().lstrip(".")
    if formaat not in ("pdf", "html"):
        raise click.BadParameter(f"{pad.name}: de extensie moet .pdf of .html zijn", param_hint="-o")
    code = _gebied(gemeente, wijk, buurt)
    filter_ = GatenFilter.uit_tekst(drempel=drempel, soorten=soorten, themas=themas, dagdeel=dagdeel)
    with taal.in_taal(taalcode):
        bestand = rapport_diensten.rapport(
            obj.engine(), code, filter_, formaat, scenario=scenario, gebruiker=rapport_diensten.BEHEER
        )
    # Written beside the target and renamed: an interrupted run never leaves half a PDF under the chosen name.
    tijdelijk = pad.with_name(f".{pad.name}.deel")
    tijdelijk.write_bytes(bestand.inhoud)
    tijdelijk.replace(pad)
    click.echo(f"rapport over {code} geschreven naar {pad} ({len(bestand.inhoud) // 1024} kB)")
