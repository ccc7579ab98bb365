"""The ``wijkkaart`` command: thin click wrappers around :mod:`wijkkaart.services`."""

from __future__ import annotations

import sys

import click
from sqlalchemy.exc import OperationalError

from . import settings as settings_mod
from .errors import WijkkaartFout


def _split_codes(values) -> list[str]:
    codes = []
    for value in values:
        codes.extend(part for part in value.replace(",", " ").split() if part)
    return codes


class _Context:
    def __init__(self, database_url):
        self.settings = settings_mod.from_env()
        self.database_url = database_url or self.settings.database_url

    def engine(self):
        from .db import make_engine

        return make_engine(self.database_url)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    "database_url",
    envvar="WIJKKAART_DATABASE_URL",
    help="Database-URL (standaard: SpatiaLite-bestand data/wijkkaart.sqlite).",
)
@click.pass_context
def cli(ctx, database_url):
    """wijkkaart: kaart van het collectieve aanbod in wijken en buurten."""
    ctx.obj = _Context(database_url)


@cli.command("init-db")
@click.pass_obj
def init_db_command(obj):
    """Maak de database en tabellen aan (gebeurt ook vanzelf bij een import)."""
    from .db import init_db

    init_db(obj.engine())
    click.echo("Database klaar.")


@cli.command("import-cbs")
@click.argument("pad")
@click.option("--gemeente", "gemeenten", multiple=True, help="Alleen deze gemeente(n), bv. GM0392 (herhaalbaar of met komma's).")
@click.option("--jaar", type=int, help="Jaargang van de grenzen (standaard uit het bestand).")
@click.option("--kerncijfers", "kerncijfers", help="Kerncijferstabel (CSV/XLSX, StatLine 85984NED-namen) om op regiocode te koppelen.")
@click.pass_obj
def import_cbs_command(obj, pad, gemeenten, jaar, kerncijfers):
    """Importeer CBS-gebieden (GeoPackage, GeoJSON, shapefile of zip) met hun kerncijfers."""
    from .services import import_cbs

    summary = import_cbs(
        obj.engine(), pad, gemeenten=_split_codes(gemeenten), jaar=jaar, kerncijfers=kerncijfers
    )
    click.echo("\n".join(summary.regels()))


@cli.command("download-cbs")
@click.option("--jaar", type=int, required=True, help="Jaargang, bv. 2024.")
@click.option("--versie", type=int, help="Versie van de release (standaard de nieuwste).")
@click.option("--opnieuw", is_flag=True, help="Opnieuw downloaden, ook als het bestand al in de cache staat.")
@click.pass_obj
def download_cbs_command(obj, jaar, versie, opnieuw):
    """Haal de officiële CBS Wijk- en Buurtkaart op naar de cache onder data/."""
    from .cbs_download import download_cbs

    result = download_cbs(
        jaar, obj.settings.cbs_download_url, obj.settings.cache_dir, versie=versie, opnieuw=opnieuw
    )
    bron = "uit de cache" if result.uit_cache else f"gedownload van {result.url}"
    click.echo(f"{result.pad} ({bron})")
    click.echo(f"Importeren: wijkkaart import-cbs {result.pad} --gemeente GM….")


def _keten(obj, geocoders, adrestabellen, pc4_tabel):
    from .aanbod.geocoding import maak_keten

    namen = _split_codes(geocoders) if geocoders else ["bestand", *(["adrestabel"] if adrestabellen else []), "pdok"]
    return maak_keten(
        namen,
        adrestabellen=list(adrestabellen),
        pc4_tabel=pc4_tabel,
        pdok_url=obj.settings.pdok_url,
        cache_dir=obj.settings.cache_dir,
        pdok_per_seconde=obj.settings.pdok_per_seconde,
    )


_GEOCODER_OPTIES = (
    click.option(
        "--geocoder", "geocoders", multiple=True,
        help="Geocoders in volgorde: bestand, adrestabel, pdok, pc4 "
        "(standaard bestand[,adrestabel],pdok).",
    ),
    click.option("--adrestabel", "adrestabellen", multiple=True, help="Offline adrestabel (postcode, huisnummer, coördinaten); herhaalbaar."),
    click.option("--pc4-tabel", help="PC4-centroïden (CSV); alleen gebruikt met --geocoder ...,pc4."),
)


def _geocoder_opties(functie):
    for optie in reversed(_GEOCODER_OPTIES):
        functie = optie(functie)
    return functie


@cli.command("import-aanbod")
@click.argument("pad")
@click.option("--gemeente", "gemeenten", multiple=True, help="Alleen rijen binnen deze gemeente(n); de rest komt in het rapport.")
@click.option("--mapping", help="Mappingbestand (TOML) van bronkolommen naar wijkkaart-velden.")
@click.option("--bron", help="Naam van de bron (upsert-sleutel met extern_id; standaard uit de mapping of de bestandsnaam).")
@click.option("--dry-run", "droog", is_flag=True, help="Alleen controleren en rapporteren; niets opslaan.")
@click.option("--rapport", help="Pad van het rapport (standaard BESTAND.rapport.csv).")
@_geocoder_opties
@click.pass_obj
def import_aanbod_command(obj, pad, gemeenten, mapping, bron, droog, rapport, geocoders, adrestabellen, pc4_tabel):
    """Importeer aanbod en locaties (CSV, XLSX, GeoJSON, OSM, HSDS) met een rapport van afgewezen rijen."""
    from .aanbod.importeren import importeer_aanbod

    samenvatting = importeer_aanbod(
        obj.engine(), pad, _keten(obj, geocoders, adrestabellen, pc4_tabel),
        gemeenten=_split_codes(gemeenten), mapping=mapping, bron=bron, droog=droog, rapport=rapport,
    )
    click.echo("\n".join(samenvatting.regels()))
    return samenvatting.exit_code


@cli.command("export-aanbod")
@click.argument("pad")
@click.option("--formaat", type=click.Choice(["csv", "xlsx", "geojson", "hsds-json", "hsds-csv"]), help="Standaard volgens de extensie.")
@click.option("--gemeente", "gemeenten", multiple=True, help="Alleen deze gemeente(n).")
@click.option("--intern", is_flag=True, help="Met verborgen adressen en niet-openbare contactgegevens (voor een back-up; niet delen).")
@click.pass_obj
def export_aanbod_command(obj, pad, formaat, gemeenten, intern):
    """Exporteer aanbod en locaties; met --intern opnieuw te importeren zonder verlies."""
    from .aanbod.exporteren import exporteer

    aantal = exporteer(obj.engine(), pad, formaat=formaat, gemeenten=_split_codes(gemeenten) or None, intern=intern)
    soort = "interne export, met verborgen adressen en contactgegevens: niet delen" if intern else "openbare export"
    click.echo(f"{aantal} rijen geschreven naar {pad} ({soort})")


@cli.command("geocode")
@click.option("--gemeente", "gemeenten", multiple=True, help="Alleen locaties in deze gemeente(n).")
@click.option("--alles", is_flag=True, help="Ook locaties die al op adres liggen opnieuw zoeken (handmatig geplaatste nooit).")
@_geocoder_opties
@click.pass_obj
def geocode_command(obj, gemeenten, alles, geocoders, adrestabellen, pc4_tabel):
    """Zoek betere punten voor opgeslagen locaties en koppel ze opnieuw aan hun buurt."""
    from .aanbod.hergeocoderen import hergeocodeer

    if not geocoders:
        geocoders = (",".join([*(["adrestabel"] if adrestabellen else []), "pdok"]),)
    uitkomst = hergeocodeer(
        obj.engine(), _keten(obj, geocoders, adrestabellen, pc4_tabel),
        gemeenten=_split_codes(gemeenten) or None, alles=alles,
    )
    click.echo("\n".join(uitkomst.regels()))


def _gewichten(waarden) -> dict[str, float] | None:
    """``pct_65_plus=2,bijstand_per_1000=0`` → weights on top of the defaults."""
    from .gaten.behoefte import STANDAARD_GEWICHTEN

    if not waarden:
        return None
    gewichten = dict(STANDAARD_GEWICHTEN)
    for deel in _split_codes(waarden):
        naam, _, getal = deel.partition("=")
        try:
            gewichten[naam] = float(getal.replace(",", "."))
        except ValueError:
            raise click.BadParameter(f"{deel!r}: verwacht naam=getal, bv. pct_65_plus=2", param_hint="--gewicht") from None
    return gewichten


@cli.command("gaps")
@click.option("--gemeente", "gemeenten", multiple=True, required=True,
              help="Gemeente(n), bv. GM0392 (herhaalbaar of met komma's); 'alle' voor elke gemeente met buurten.")
@click.option("--thema", "themas", multiple=True, help="Alleen aanbod met dit thema (herhaalbaar).")
@click.option("--soort", "soorten", multiple=True, help="Alleen aanbod van deze soort, bv. inloopspreekuur (herhaalbaar).")
@click.option("--drempel", type=click.FloatRange(min=1), default=800, show_default=True, help="Loopafstand in meters (hemelsbreed).")
@click.option("--woonpunten", "methode", type=click.Choice(["raster", "centroide", "adressen"]), default="raster", show_default=True,
              help="Hoe 'waar de inwoners wonen' wordt benaderd (zie docs/gaten.md).")
@click.option("--adressen", "adressen_pad", type=click.Path(exists=True, dir_okay=False), help="Puntenbestand met adressen of 100m-vierkanten (voor --woonpunten adressen).")
@click.option("--adressen-gewicht", help="Kolom in --adressen met het aantal inwoners per punt.")
@click.option("--gewicht", "gewichten", multiple=True, help="Gewicht van een behoefte-indicator, bv. pct_65_plus=2 (herhaalbaar).")
@click.option("--peildatum", type=click.DateTime(["%Y-%m-%d"]), help="Begin van de vijf weken waarover openingstijden tellen (standaard: maandag van deze week).")
@click.option("--format", "formaat", type=click.Choice(["csv", "xlsx", "geojson", "gpkg"]), help="Standaard volgens de extensie van -o, anders een tabel op het scherm.")
@click.option("-o", "--output", "uitvoer", type=click.Path(dir_okay=False), help="Schrijf de gerangschikte tabel naar dit bestand.")
@click.option("--top", type=int, default=20, show_default=True, help="Aantal buurten op het scherm.")
@click.pass_obj
def gaps_command(obj, gemeenten, themas, soorten, drempel, methode, adressen_pad, adressen_gewicht, gewichten, peildatum, formaat, uitvoer, top):
    """Gatenanalyse: buurten gerangschikt naar gatscore (behoefte × ontbrekende dekking)."""
    from pathlib import Path

    from . import services
    from .gaten import Instellingen
    from .gaten.exporteren import exporteer, tabel

    codes = [c.upper() for c in _split_codes(gemeenten)]
    instellingen = Instellingen(drempel_m=drempel, methode=methode, peildatum=peildatum.date() if peildatum else None)
    if gewichten:
        instellingen = instellingen.met(gewichten=_gewichten(gewichten))
    adressen = None
    if methode == "adressen":
        if not adressen_pad:
            raise click.BadParameter("--woonpunten adressen vraagt om --adressen BESTAND", param_hint="--adressen")
        adressen = _lees_adressen(adressen_pad, adressen_gewicht)
    try:
        analyse = services.gatenanalyse(
            obj.engine(), codes, soorten=list(soorten) or None, themas=list(themas) or None,
            instellingen=instellingen, adressen=adressen, gewicht_kolom=adressen_gewicht,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if uitvoer or formaat:
        if not uitvoer:
            raise click.BadParameter("--format vraagt om -o BESTAND", param_hint="-o")
        pad = exporteer(analyse, Path(uitvoer), formaat)
        click.echo(f"{len(analyse.buurten)} buurten, gerangschikt naar gatscore, geschreven naar {pad}")
        return
    t = tabel(analyse)
    for rij in t.head(top).itertuples(index=False):
        click.echo(f"{rij.rang:>4}. {rij.code} {rij.naam or '':<28.28} score {rij.score:>6.1f}  {rij.uitleg}")
    click.echo(f"({len(t)} buurten; drempel {drempel:g} m; {len(analyse.aanbod)} aanbod in de analyse)")


def _lees_adressen(pad, gewicht_kolom):
    import geopandas as gpd

    from .errors import InvoerFout

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


@cli.command("demo")
@click.option("--data-dir", help="Map met de gedeelde CBS-data (standaard WIJKKAART_DATA_DIR of ../shared/data).")
@click.pass_obj
def demo_command(obj, data_dir):
    """Laad Haarlem, Huizen, Amsterdam en Enschede uit de gedeelde data."""
    from pathlib import Path

    from .demo import laad_demo

    for summary in laad_demo(obj.engine(), Path(data_dir) if data_dir else obj.settings.data_dir):
        click.echo("\n".join(summary.regels()))


def _wachtwoord(van_stdin: bool) -> str:
    if van_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Nogmaals")


@cli.command("create-user")
@click.argument("email")
@click.option("--naam", required=True, help="Naam zoals anderen die zien (in de wijzigingsgeschiedenis).")
@click.option("--rol", type=click.Choice(["beheerder", "opbouwwerker", "publiek"]), required=True)
@click.option("--gebied", "gebieden", multiple=True, help="Gemeente (GM0392) of wijk (WK039201) die deze opbouwwerker bijhoudt; herhaalbaar.")
@click.option("--wachtwoord-stdin", is_flag=True, help="Lees het wachtwoord van stdin in plaats van het te vragen.")
@click.pass_obj
def create_user_command(obj, email, naam, rol, gebieden, wachtwoord_stdin):
    """Maak een account (wachtwoord minstens 12 tekens, opgeslagen als Argon2id-hash)."""
    from .accounts import diensten
    from .db import init_db, transaction

    engine = obj.engine()
    init_db(engine)
    with transaction(engine) as session:
        g = diensten.maak_gebruiker(session, email, naam, _wachtwoord(wachtwoord_stdin), rol, _split_codes(gebieden))
        click.echo(f"Account {g.email} ({g.rol}) gemaakt" + (f" voor {', '.join(sorted(g.codes))}" if g.codes else ""))


@cli.command("set-role")
@click.argument("email")
@click.option("--rol", type=click.Choice(["beheerder", "opbouwwerker", "publiek"]))
@click.option("--gebied", "gebieden", multiple=True, help="Vervangt de toegewezen gemeenten/wijken; herhaalbaar.")
@click.option("--actief/--inactief", default=None, help="Mag (niet) meer inloggen; inactief beëindigt open sessies.")
@click.pass_obj
def set_role_command(obj, email, rol, gebieden, actief):
    """Wijzig de rol, de gebieden of de toegang van een account."""
    from .accounts import diensten
    from .db import transaction

    with transaction(obj.engine()) as session:
        g = diensten.zoek(session, email)
        if g is None:
            raise WijkkaartFout(f"geen account met e-mailadres {email}")
        diensten.wijzig(session, g, rol=rol, codes=_split_codes(gebieden) if gebieden else None, actief=actief)
        status = "actief" if g.actief else "inactief"
        click.echo(f"{g.email}: {g.rol}, {status}, gebieden: {', '.join(sorted(g.codes)) or 'geen'}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.pass_obj
def serve_command(obj, host, port, threads):
    """Start de kaartserver (waitress)."""
    import waitress

    from . import create_app

    app = create_app({"DATABASE_URL": obj.database_url})
    click.echo(f"wijkkaart draait op http://{host}:{port}/ (stoppen met Ctrl+C)")
    waitress.serve(app, host=host, port=port, threads=threads)


def main(argv=None):
    """Run the CLI; user errors print one Dutch line and exit with code 2."""
    try:
        code = cli.main(args=argv, prog_name="wijkkaart", standalone_mode=False)
    except WijkkaartFout as exc:
        click.echo(f"fout: {exc}", err=True)
        sys.exit(exc.exit_code)
    except OperationalError as exc:
        click.echo(f"fout: database niet bereikbaar of beschadigd: {exc.orig}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("afgebroken", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
