"""``wijkkaart import-cbs`` and ``download-cbs``: CBS boundaries and kerncijfers."""

from __future__ import annotations

import click

from ..diensten import gebieden
from .gedeeld import split_codes


@click.command("import-cbs")
@click.argument("pad")
@click.option(
    "--gemeente", "gemeenten", multiple=True, help="Alleen deze gemeente(n), bv. GM0392 (herhaalbaar of met komma's)."
)
@click.option("--jaar", type=int, help="Jaargang van de grenzen (standaard uit het bestand).")
@click.option(
    "--kerncijfers",
    "kerncijfers",
    help="Kerncijferstabel (CSV/XLSX, StatLine 85984NED-namen) om op regiocode te koppelen.",
)
@click.option(
    "--vervang-cijfers",
    is_flag=True,
    help="Kerncijfers die niet in het bestand staan leegmaken (standaard blijven opgeslagen waarden staan).",
)
@click.pass_obj
def import_cbs_command(obj, pad, gemeenten, jaar, kerncijfers, vervang_cijfers):
    """Importeer CBS-gebieden (GeoPackage, GeoJSON, shapefile of zip) met hun kerncijfers."""
    # The file is read before the database is touched: a bad file creates no database.
    summary = gebieden.import_cbs(
        obj.engine(bereid=False),
        pad,
        gemeenten=split_codes(gemeenten),
        jaar=jaar,
        kerncijfers=kerncijfers,
        vervang_cijfers=vervang_cijfers,
    )
    click.echo("\n".join(summary.regels()))


@click.command("download-cbs")
@click.option("--jaar", type=int, required=True, help="Jaargang, bv. 2024.")
@click.option("--versie", type=int, help="Versie van de release (standaard de nieuwste).")
@click.option("--opnieuw", is_flag=True, help="Opnieuw downloaden, ook als het bestand al in de cache staat.")
@click.pass_obj
def download_cbs_command(obj, jaar, versie, opnieuw):
    """Haal de officiële CBS Wijk- en Buurtkaart op naar de cache onder data/."""
    result = gebieden.download_cbs(
        jaar, obj.settings.cbs_download_url, obj.settings.cache_dir, versie=versie, opnieuw=opnieuw
    )
    bron = "uit de cache" if result.uit_cache else f"gedownload van {result.url}"
    click.echo(f"{result.pad} ({bron})")
    click.echo(f"Importeren: wijkkaart import-cbs {result.pad} --gemeente GM….")
