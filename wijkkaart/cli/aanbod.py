"""``wijkkaart import-aanbod``, ``export-aanbod`` and ``geocode``: the aanbod and its places."""

from __future__ import annotations

import click

from ..diensten import aanbod as aanbod_diensten
from ..diensten import geocoders
from .gedeeld import split_codes

_GEOCODER_OPTIES = (
    click.option(
        "--geocoder",
        "geocoder_namen",
        multiple=True,
        help="Geocoders in volgorde: bestand, adrestabel, pdok, pc4 (standaard bestand[,adrestabel],pdok).",
    ),
    click.option(
        "--adrestabel",
        "adrestabellen",
        multiple=True,
        help="Offline adrestabel (postcode, huisnummer, coördinaten); herhaalbaar.",
    ),
    click.option("--pc4-tabel", help="PC4-centroïden (CSV); alleen gebruikt met --geocoder ...,pc4."),
)


def _geocoder_opties(functie):
    for optie in reversed(_GEOCODER_OPTIES):
        functie = optie(functie)
    return functie


@click.command("import-aanbod")
@click.argument("pad")
@click.option(
    "--gemeente", "gemeenten", multiple=True, help="Alleen rijen binnen deze gemeente(n); de rest komt in het rapport."
)
@click.option("--mapping", help="Mappingbestand (TOML) van bronkolommen naar wijkkaart-velden.")
@click.option(
    "--bron", help="Naam van de bron (upsert-sleutel met extern_id; standaard uit de mapping of de bestandsnaam)."
)
@click.option("--dry-run", "droog", is_flag=True, help="Alleen controleren en rapporteren; niets opslaan.")
@click.option("--rapport", help="Pad van het rapport (standaard BESTAND.rapport.csv).")
@_geocoder_opties
@click.pass_obj
def import_aanbod_command(obj, pad, gemeenten, mapping, bron, droog, rapport, geocoder_namen, adrestabellen, pc4_tabel):
    """Importeer aanbod en locaties (CSV, XLSX, GeoJSON, OSM, HSDS) met een rapport van afgewezen rijen."""
    keten = geocoders.import_keten(obj.settings, split_codes(geocoder_namen) or None, adrestabellen, pc4_tabel)
    samenvatting = aanbod_diensten.importeer_aanbod(
        obj.engine(bereid=False),
        pad,
        keten,
        gemeenten=split_codes(gemeenten),
        mapping=mapping,
        bron=bron,
        droog=droog,
        rapport=rapport,
    )
    click.echo("\n".join(samenvatting.regels()))
    click.get_current_context().exit(samenvatting.exit_code)


@click.command("export-aanbod")
@click.argument("pad")
@click.option(
    "--formaat",
    type=click.Choice(["csv", "xlsx", "geojson", "hsds-json", "hsds-csv"]),
    help="Standaard volgens de extensie.",
)
@click.option("--gemeente", "gemeenten", multiple=True, help="Alleen deze gemeente(n).")
@click.option(
    "--intern",
    is_flag=True,
    help="Met verborgen adressen en niet-openbare contactgegevens (voor een back-up; niet delen).",
)
@click.pass_obj
def export_aanbod_command(obj, pad, formaat, gemeenten, intern):
    """Exporteer aanbod en locaties; met --intern opnieuw te importeren zonder verlies."""
    aantal = aanbod_diensten.exporteer(
        obj.engine(), pad, formaat=formaat, gemeenten=split_codes(gemeenten) or None, intern=intern
    )
    soort = "interne export, met verborgen adressen en contactgegevens: niet delen" if intern else "openbare export"
    click.echo(f"{aantal} rijen geschreven naar {pad} ({soort})")


@click.command("geocode")
@click.option("--gemeente", "gemeenten", multiple=True, help="Alleen locaties in deze gemeente(n).")
@click.option(
    "--alles", is_flag=True, help="Ook locaties die al op adres liggen opnieuw zoeken (handmatig geplaatste nooit)."
)
@_geocoder_opties
@click.pass_obj
def geocode_command(obj, gemeenten, alles, geocoder_namen, adrestabellen, pc4_tabel):
    """Plaats rijen die op een plek wachten, zoek betere punten voor opgeslagen locaties en koppel ze opnieuw."""
    keten = geocoders.hergeocodeer_keten(obj.settings, split_codes(geocoder_namen) or None, adrestabellen, pc4_tabel)
    # First the rows that waited because a geocoder was down, then better points for what is stored.
    wacht = aanbod_diensten.plaats_wachtenden(obj.engine(), keten)
    click.echo("\n".join(wacht.regels()))
    uitkomst = aanbod_diensten.hergeocodeer(obj.engine(), keten, gemeenten=split_codes(gemeenten) or None, alles=alles)
    click.echo("\n".join(uitkomst.regels()))
