"""The ``wijkkaart`` command: thin click commands that parse options, call one use-case and print.

Every use-case lives in :mod:`wijkkaart.diensten`; errors a user can act on
are :class:`~wijkkaart.kern.fouten.WijkkaartFout` and end as one line
``fout: …`` with their exit code (2), without a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import geopandas as gpd

from . import __version__
from .diensten import aanbod as aanbod_diensten
from .diensten import accounts as account_diensten
from .diensten import database, demo, gebieden, geocoders, productie
from .diensten import gaten as gaten_diensten
from .gaten import Instellingen
from .gaten.behoefte import STANDAARD_GEWICHTEN
from .gaten.woonpunten import METHODEN
from .kern import settings as settings_mod
from .kern.filters import STANDAARD_DREMPEL_M, GatenFilter
from .kern.fouten import InvoerFout, WijkkaartFout
from .kern.rechten import ROLLEN
from .uitvoer.gatentabel import FORMATEN, exporteer, tabel


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
    """The command group; a user's error from any command ends as :class:`_Fout`, never as a traceback."""

    def invoke(self, ctx):
        """Run the command, translating the errors a user can act on."""
        try:
            return super().invoke(ctx)
        except WijkkaartFout as exc:
            raise _Fout(str(exc), exc.exit_code) from None
        except click.exceptions.Abort:
            raise _Afgebroken("afgebroken") from None


def _split_codes(values) -> list[str]:
    codes = []
    for value in values:
        codes.extend(part for part in value.replace(",", " ").split() if part)
    return codes


class _Context:
    """What every command shares: the settings and the database URL (the engine is made on first use)."""

    def __init__(self, database_url):
        self.settings = settings_mod.from_env()
        self.database_url = database_url or self.settings.database_url
        self._engine = None

    def engine(self, bereid: bool = True):
        """The engine; with ``bereid`` the schema is checked first (an outdated one is refused, an empty one made)."""
        if self._engine is None:
            self._engine = database.verbind(self.database_url)
        if bereid:
            database.bereid_voor(self._engine)
        return self._engine


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
    ctx.obj = _Context(database_url)


@cli.group("db")
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


@cli.command("init-db")
@click.pass_obj
def init_db_command(obj):
    """Maak de database en tabellen aan (gebeurt ook vanzelf bij een import)."""
    obj.engine()
    click.echo("Database klaar.")


@cli.command("import-cbs")
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
        gemeenten=_split_codes(gemeenten),
        jaar=jaar,
        kerncijfers=kerncijfers,
        vervang_cijfers=vervang_cijfers,
    )
    click.echo("\n".join(summary.regels()))


@cli.command("download-cbs")
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


@cli.command("import-aanbod")
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
    keten = geocoders.import_keten(obj.settings, _split_codes(geocoder_namen) or None, adrestabellen, pc4_tabel)
    samenvatting = aanbod_diensten.importeer_aanbod(
        obj.engine(bereid=False),
        pad,
        keten,
        gemeenten=_split_codes(gemeenten),
        mapping=mapping,
        bron=bron,
        droog=droog,
        rapport=rapport,
    )
    click.echo("\n".join(samenvatting.regels()))
    click.get_current_context().exit(samenvatting.exit_code)


@cli.command("export-aanbod")
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
        obj.engine(), pad, formaat=formaat, gemeenten=_split_codes(gemeenten) or None, intern=intern
    )
    soort = "interne export, met verborgen adressen en contactgegevens: niet delen" if intern else "openbare export"
    click.echo(f"{aantal} rijen geschreven naar {pad} ({soort})")


@cli.command("geocode")
@click.option("--gemeente", "gemeenten", multiple=True, help="Alleen locaties in deze gemeente(n).")
@click.option(
    "--alles", is_flag=True, help="Ook locaties die al op adres liggen opnieuw zoeken (handmatig geplaatste nooit)."
)
@_geocoder_opties
@click.pass_obj
def geocode_command(obj, gemeenten, alles, geocoder_namen, adrestabellen, pc4_tabel):
    """Plaats rijen die op een plek wachten, zoek betere punten voor opgeslagen locaties en koppel ze opnieuw."""
    keten = geocoders.hergeocodeer_keten(obj.settings, _split_codes(geocoder_namen) or None, adrestabellen, pc4_tabel)
    # First the rows that waited because a geocoder was down, then better points for what is stored.
    wacht = aanbod_diensten.plaats_wachtenden(obj.engine(), keten)
    click.echo("\n".join(wacht.regels()))
    uitkomst = aanbod_diensten.hergeocodeer(obj.engine(), keten, gemeenten=_split_codes(gemeenten) or None, alles=alles)
    click.echo("\n".join(uitkomst.regels()))


def _gewichten(waarden) -> dict[str, float] | None:
    """``pct_65_plus=2,bijstand_per_1000=0`` → weights on top of the defaults."""
    if not waarden:
        return None
    gewichten = dict(STANDAARD_GEWICHTEN)
    for deel in _split_codes(waarden):
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


@cli.command("gaps")
@click.option(
    "--gemeente",
    "gemeenten",
    multiple=True,
    required=True,
    help="Gemeente(n), bv. GM0392 (herhaalbaar of met komma's); 'alle' voor elke gemeente met buurten.",
)
@click.option("--thema", "themas", multiple=True, help="Alleen aanbod met dit thema (herhaalbaar).")
@click.option(
    "--soort", "soorten", multiple=True, help="Alleen aanbod van deze soort, bv. inloopspreekuur (herhaalbaar)."
)
@click.option("--dagdeel", help="Alleen aanbod dat in dit dagdeel open is, bv. werkdag_avond.")
@click.option(
    "--drempel",
    default=str(STANDAARD_DREMPEL_M),
    show_default=True,
    help="Loopafstand in hele meters (hemelsbreed), van 50 tot en met 10000.",
)
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
@click.option("--top", type=int, default=20, show_default=True, help="Aantal buurten op het scherm.")
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
    peildatum,
    formaat,
    uitvoer,
    top,
):
    """Gatenanalyse: buurten gerangschikt naar gatscore (behoefte × ontbrekende dekking)."""
    filter_ = GatenFilter.uit_tekst(drempel=drempel, soorten=soorten, themas=themas, dagdeel=dagdeel)
    instellingen = Instellingen(methode=methode, peildatum=peildatum.date() if peildatum else None)
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
        [c.upper() for c in _split_codes(gemeenten)],
        filter_,
        instellingen,
        adressen=adressen,
        gewicht_kolom=adressen_gewicht,
    )
    if uitvoer:
        pad = exporteer(analyse, Path(uitvoer), formaat)
        click.echo(f"{len(analyse.buurten)} buurten, gerangschikt naar gatscore, geschreven naar {pad}")
        return
    t = tabel(analyse)
    for rij in t.head(top).itertuples(index=False):
        click.echo(f"{rij.rang:>4}. {rij.code} {rij.naam or '':<28.28} score {rij.score:>6.1f}  {rij.uitleg}")
    click.echo(f"({len(t)} buurten; drempel {filter_.drempel_m:g} m; {len(analyse.aanbod)} aanbod in de analyse)")


@cli.command("demo")
@click.option("--data-dir", help="Map met de gedeelde CBS-data (standaard WIJKKAART_DATA_DIR of ../shared/data).")
@click.pass_obj
def demo_command(obj, data_dir):
    """Laad Haarlem, Huizen, Amsterdam, Enschede, Den Haag en Zoetermeer met hun aanbod uit de gedeelde data."""
    for summary in demo.laad_demo(obj.engine(), Path(data_dir) if data_dir else obj.settings.data_dir):
        click.echo("\n".join(summary.regels()))


def _wachtwoord(van_stdin: bool) -> str:
    if van_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Wachtwoord", hide_input=True, confirmation_prompt="Nogmaals")


@cli.command("create-user")
@click.argument("email")
@click.option("--naam", required=True, help="Naam zoals anderen die zien (in de wijzigingsgeschiedenis).")
@click.option("--rol", type=click.Choice(list(ROLLEN)), required=True)
@click.option(
    "--gebied",
    "gebieden_",
    multiple=True,
    help="Gemeente (GM0392) of wijk (WK039201) die deze opbouwwerker bijhoudt; herhaalbaar.",
)
@click.option("--wachtwoord-stdin", is_flag=True, help="Lees het wachtwoord van stdin in plaats van het te vragen.")
@click.pass_obj
def create_user_command(obj, email, naam, rol, gebieden_, wachtwoord_stdin):
    """Maak een account (wachtwoord minstens 12 tekens, opgeslagen als Argon2id-hash)."""
    g = account_diensten.maak_gebruiker(
        obj.engine(), email, naam, _wachtwoord(wachtwoord_stdin), rol, _split_codes(gebieden_)
    )
    click.echo(f"Account {g.email} ({g.rol}) gemaakt" + (f" voor {', '.join(sorted(g.codes))}" if g.codes else ""))


@cli.command("set-role")
@click.argument("email")
@click.option("--rol", type=click.Choice(list(ROLLEN)))
@click.option("--gebied", "gebieden_", multiple=True, help="Vervangt de toegewezen gemeenten/wijken; herhaalbaar.")
@click.option("--actief/--inactief", default=None, help="Mag (niet) meer inloggen; inactief beëindigt open sessies.")
@click.pass_obj
def set_role_command(obj, email, rol, gebieden_, actief):
    """Wijzig de rol, de gebieden of de toegang van een account."""
    g = account_diensten.wijzig_gebruiker(
        obj.engine(), email=email, rol=rol, codes=_split_codes(gebieden_) if gebieden_ else None, actief=actief
    )
    status = "actief" if g.actief else "inactief"
    click.echo(f"{g.email}: {g.rol}, {status}, gebieden: {', '.join(sorted(g.codes)) or 'geen'}")


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=None, type=int, help="Threads (waitress: 8; in productie per worker: 4).")
@click.option(
    "--production",
    "productie",
    is_flag=True,
    help="Gunicorn met meerdere workers, PostGIS en Redis (zie docs/productie.md).",
)
@click.option("--workers", type=int, default=None, help="Aantal workers in productie (standaard: 2 × kernen + 1).")
@click.option("--toegangslog", default=None, help="Productie: schrijf elk verzoek naar dit bestand ('-' = stdout).")
@click.pass_obj
def serve_command(obj, host, port, threads, productie, workers, toegangslog):
    """Start de kaartserver (waitress; met --production gunicorn met meerdere workers)."""
    if productie:
        _serve_productie(obj, host, port, threads, workers, toegangslog)
        return
    # Flask and waitress only for the command that serves: the other commands start without them.
    import waitress  # noqa: PLC0415

    # The web layer, the one layer above the commands' use-cases that only this command needs.
    from .web import create_app  # noqa: PLC0415

    instellingen = obj.settings
    proxy = {}
    if instellingen.achter_proxy:
        # Exactly one proxy, and only from its address: waitress takes the client's address and
        # the scheme from that proxy's X-Forwarded-For/-Proto and drops those headers from anyone else.
        proxy = {
            "trusted_proxy": instellingen.proxy_adres,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "clear_untrusted_proxy_headers": True,
        }
    app = create_app({"DATABASE_URL": obj.database_url, "PROXY_IN_SERVER": bool(proxy)})
    click.echo(f"wijkkaart draait op http://{host}:{port}/ (stoppen met Ctrl+C)")
    waitress.serve(app, host=host, port=port, threads=threads or 8, **proxy)


def _serve_productie(obj, host, port, threads, workers, toegangslog):
    problemen = productie.problemen(obj.settings, obj.database_url)
    if problemen:
        click.echo("wijkkaart start niet in productie; eerst regelen:", err=True)
        for probleem in problemen:
            click.echo(f"  - {probleem}", err=True)
        click.echo(f"(instellingen staan in {productie.ENV_BESTAND}; zie docs/productie.md)", err=True)
        raise SystemExit(2)
    # gunicorn only for this command.
    from .web.productie import THREADS, serveer  # noqa: PLC0415

    aantal = workers or productie.standaard_workers()
    click.echo(f"wijkkaart draait in productie op http://{host}:{port}/ met {aantal} workers (stoppen met Ctrl+C)")
    serveer(obj.database_url, host, port, aantal, toegangslog=toegangslog, threads=threads or THREADS)


def main(argv=None):
    """Run the CLI; user errors print one Dutch line and exit with their code (2), without a traceback."""
    cli.main(args=argv, prog_name="wijkkaart")


if __name__ == "__main__":  # pragma: no cover
    main()
