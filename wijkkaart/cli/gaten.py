"""``wijkkaart gaps``: the gap analysis on the command line, on screen or to a file."""

from __future__ import annotations

from pathlib import Path

import click
import geopandas as gpd
import pandas as pd

from ..diensten import gaten as gaten_diensten
from ..gaten import Instellingen
from ..gaten.analyse import AFSTANDEN
from ..gaten.behoefte import STANDAARD_GEWICHTEN
from ..gaten.uitleg import afstand_tekst
from ..gaten.woonpunten import METHODEN
from ..kern.filters import GatenFilter
from ..kern.fouten import InvoerFout
from ..uitvoer.gatentabel import FORMATEN, afstand_regels, exporteer, tabel
from ..uitvoer.spreadsheets import CSV_STIJLEN, schrijf_csv
from ..uitvoer.wijkvergelijking import als_frame, wijkvergelijking
from .gedeeld import filteropties, split_codes


def _gewichten(waarden) -> dict[str, float] | None:
    """``pct_65_plus=2,bijstand_per_1000=0`` → weights on top of the defaults."""
    if not waarden:
        return None
    gewichten = dict(STANDAARD_GEWICHTEN)
    for deel in split_codes(waarden):
        naam, _, getal = deel.partition("=")
        try:
            gewichten[naam] = float(getal.replace(",", "."))
        except ValueError:
            raise click.BadParameter(
                f"{deel!r}: verwacht naam=getal, bv. pct_65_plus=2", param_hint="--gewicht"
            ) from None
    return gewichten


def _lees_adressen(pad, gewicht_kolom):
    try:
        punten = gpd.read_file(pad)
    except Exception as exc:  # pyogrio raises several kinds for unreadable files
        raise InvoerFout(pad, f"onleesbaar puntenbestand ({exc})") from None
    if punten.crs is None:
        raise InvoerFout(pad, "geen coördinatenstelsel; verwacht EPSG:28992 of EPSG:4326")
    if gewicht_kolom and gewicht_kolom not in punten:
        raise InvoerFout(pad, "kolom ontbreekt", veld=gewicht_kolom)
    if not punten.geom_type.isin(["Point"]).all():
        rij = int((~punten.geom_type.isin(["Point"])).to_numpy().argmax()) + 1
        raise InvoerFout(pad, "geen punt", rij=rij, veld="geometry")
    return punten.to_crs(28992)


@click.command("gaps")
@click.option(
    "--gemeente",
    "gemeenten",
    multiple=True,
    required=True,
    help="Gemeente(n), bv. GM0392 (herhaalbaar of met komma's); 'alle' voor elke gemeente met buurten.",
)
@filteropties
@click.option(
    "--woonpunten",
    "methode",
    type=click.Choice(METHODEN),
    default="raster",
    show_default=True,
    help="Hoe 'waar de inwoners wonen' wordt benaderd (zie docs/gaten.md).",
)
@click.option(
    "--adressen",
    "adressen_pad",
    type=click.Path(exists=True, dir_okay=False),
    help="Puntenbestand met adressen of 100m-vierkanten (voor --woonpunten adressen).",
)
@click.option("--adressen-gewicht", help="Kolom in --adressen met het aantal inwoners per punt.")
@click.option(
    "--gewicht", "gewichten", multiple=True, help="Gewicht van een behoefte-indicator, bv. pct_65_plus=2 (herhaalbaar)."
)
@click.option(
    "--afstand",
    type=click.Choice(AFSTANDEN),
    default="auto",
    show_default=True,
    help="Lopend over het netwerk (wijkkaart netwerk import) of hemelsbreed; auto: netwerk als het geladen is.",
)
@click.option(
    "--peildatum",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Begin van de vijf weken waarover openingstijden tellen (standaard: maandag van deze week).",
)
@click.option(
    "--format",
    "formaat",
    type=click.Choice(FORMATEN),
    help="Standaard volgens de extensie van -o, anders een tabel op het scherm.",
)
@click.option(
    "-o",
    "--output",
    "uitvoer",
    type=click.Path(dir_okay=False),
    help="Schrijf de gerangschikte tabel naar dit bestand.",
)
@click.option(
    "--csv-stijl",
    type=click.Choice(["nl", "int"]),
    default="nl",
    show_default=True,
    help="CSV voor Nederlandse spreadsheets (; en decimale komma, BOM) of internationaal (, en punt).",
)
@click.option("--top", type=int, default=20, show_default=True, help="Aantal buurten op het scherm.")
@click.option(
    "--per",
    type=click.Choice(["buurt", "wijk"]),
    default="buurt",
    show_default=True,
    help="Per wijk: de wijken naast elkaar (zoals de pagina en het XLSX-blad wijken); met -o alleen .csv.",
)
@click.pass_obj
def gaps_command(
    obj,
    gemeenten,
    themas,
    soorten,
    dagdeel,
    drempel,
    methode,
    adressen_pad,
    adressen_gewicht,
    gewichten,
    afstand,
    peildatum,
    formaat,
    uitvoer,
    csv_stijl,
    top,
    per,
):
    """Gatenanalyse: buurten gerangschikt naar gatscore (behoefte × ontbrekende dekking)."""
    filter_ = GatenFilter.uit_tekst(drempel=drempel, soorten=soorten, themas=themas, dagdeel=dagdeel)
    instellingen = Instellingen(methode=methode, peildatum=peildatum.date() if peildatum else None, afstand=afstand)
    if gewichten:
        instellingen = instellingen.met(gewichten=_gewichten(gewichten))
    adressen = None
    if methode == "adressen":
        if not adressen_pad:
            raise click.BadParameter("--woonpunten adressen vraagt om --adressen BESTAND", param_hint="--adressen")
        adressen = _lees_adressen(adressen_pad, adressen_gewicht)
    if formaat and not uitvoer:
        raise click.BadParameter("--format vraagt om -o BESTAND", param_hint="-o")
    analyse = gaten_diensten.analyse(
        obj.engine(),
        [c.upper() for c in split_codes(gemeenten)],
        filter_,
        instellingen,
        adressen=adressen,
        gewicht_kolom=adressen_gewicht,
    )
    if per == "wijk":
        _per_wijk(analyse, split_codes(gemeenten), uitvoer, formaat, CSV_STIJLEN[csv_stijl])
    elif uitvoer:
        pad = exporteer(analyse, Path(uitvoer), formaat, CSV_STIJLEN[csv_stijl])
        click.echo(f"{len(analyse.buurten)} buurten, gerangschikt naar gatscore, geschreven naar {pad}")
    else:
        _op_scherm(analyse, filter_, top)
    # How distances were measured: a note beside the figures, on stderr, so stdout stays the table.
    for regel in afstand_regels(analyse):
        click.echo(regel, err=True)


def _op_scherm(analyse, filter_, top: int) -> None:
    """The first ``top`` buurten of the ranked table, and what the ranking rests on."""
    t = tabel(analyse)
    for rij in t.head(top).itertuples(index=False):
        click.echo(f"{rij.rang:>4}. {rij.code} {rij.naam or '':<28.28} score {rij.score:>6.1f}  {rij.uitleg}")
    drempel = afstand_tekst(filter_.drempel_m, analyse.lopen)
    click.echo(f"({len(t)} buurten; drempel {drempel}; {len(analyse.aanbod)} aanbod in de analyse)")


def _per_wijk(analyse, gemeenten: list[str], uitvoer, formaat, stijl) -> None:
    """The wijken side by side, per gemeente: on screen, or all of them to one CSV."""
    if uitvoer and (formaat or Path(uitvoer).suffix.lstrip(".").lower()) != "csv":
        raise click.BadParameter("--per wijk schrijft alleen .csv (de .xlsx heeft een blad wijken)", param_hint="-o")
    codes = sorted(analyse.gemeenten["code"]) if [g.upper() for g in gemeenten] == ["ALLE"] else gemeenten
    vergelijkingen = [wijkvergelijking(analyse, code.upper()) for code in codes]
    if uitvoer:
        frame = pd.concat([als_frame(v) for v in vergelijkingen], ignore_index=True)
        schrijf_csv(frame, Path(uitvoer), stijl)
        click.echo(f"{len(frame)} wijken en gemeenten naast elkaar geschreven naar {uitvoer}")
        return
    for v in vergelijkingen:
        for r in [*v.rijen, *([v.gemeente] if v.gemeente else [])]:
            click.echo(
                f"{r['code']:<9} {r['naam']:<28.28} score {_getal(r['score'], '{:.1f}'):>6}"
                f"  bereik {_getal(r['bereik'], '{:.1%}'):>6}"
                f"  zonder aanbod {_getal(r['inwoners_zonder_bereik'], '{:.0f}'):>7}  aanbod {r['aanbod_in_gebied']}"
            )


def _getal(waarde, vorm: str) -> str:
    return "onbekend" if waarde is None else vorm.format(waarde)
