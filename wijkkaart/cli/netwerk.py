"""``wijkkaart netwerk``: the walking network from OpenStreetMap (import an extract, fetch one, list what is loaded)."""

from __future__ import annotations

import click

from ..diensten import netwerk
from ..kern.getallen import formatteer
from .gedeeld import split_codes


@click.group("netwerk")
def netwerk_group():
    """Loopnetwerk uit OpenStreetMap: afstanden over straat en pad in plaats van hemelsbreed."""


@netwerk_group.command("import")
@click.argument("pad", type=click.Path(dir_okay=False))
@click.option(
    "--gemeente",
    "gemeenten",
    multiple=True,
    help="Alleen deze gemeente(n), bv. GM0392 (standaard: elke geladen gemeente die het bestand bereikt).",
)
@click.option(
    "--marge",
    type=float,
    default=netwerk.MARGE_M,
    show_default=True,
    help="Meters rond elke gemeente die meegaan (wie aan de rand woont, loopt over de grens).",
)
@click.pass_obj
def import_command(obj, pad, gemeenten, marge):
    """Importeer de beloopbare wegen en paden van een OpenStreetMap-extract (.osm.pbf van Geofabrik of BBBike)."""
    samenvatting = netwerk.import_netwerk(
        obj.engine(bereid=False), pad, gemeenten=[g.upper() for g in split_codes(gemeenten)] or None, marge_m=marge
    )
    click.echo("\n".join(samenvatting.regels()))


@netwerk_group.command("download")
@click.option(
    "--regio",
    required=True,
    help=f"Provincie of heel Nederland: {', '.join(netwerk.REGIOS)}.",
)
@click.option("--opnieuw", is_flag=True, help="Opnieuw downloaden, ook als het extract al in de cache staat.")
@click.pass_obj
def download_command(obj, regio, opnieuw):
    """Haal het OpenStreetMap-extract van een provincie op naar de cache (Geofabrik, dagelijks vernieuwd)."""
    extract = netwerk.download_extract(regio, obj.settings.osm_download_url, obj.settings.cache_dir, opnieuw=opnieuw)
    if extract.uit_cache:
        click.echo(f"{extract.pad} (uit de cache, van {extract.gewijzigd:%Y-%m-%d}; --opnieuw haalt een nieuwer)")
    else:
        controle = "; md5 gecontroleerd" if extract.md5_gecontroleerd else ""
        click.echo(f"{extract.pad} (gedownload van {extract.url}{controle})")
    click.echo(f"Importeren: wijkkaart netwerk import {extract.pad}")


@netwerk_group.command("status")
@click.pass_obj
def status_command(obj):
    """Welke gemeenten een loopnetwerk hebben, uit welk extract."""
    bronnen = netwerk.bronnen(obj.engine())
    if not bronnen:
        click.echo("Nog geen loopnetwerk geladen; gebruik wijkkaart netwerk import.")
    for b in bronnen.values():
        click.echo(
            f"{b.gemeentecode}: {formatteer(b.randen)} looppaden, {formatteer(round(b.lengte_km, 1))} km "
            f"uit {b.bron}, geïmporteerd {b.geimporteerd:%Y-%m-%d}"
        )
