"""``wijkkaart serve``: the map server, waitress by default, gunicorn with ``--production``."""

from __future__ import annotations

import click

from ..diensten import productie


@click.command("serve")
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
    from ..web import create_app  # noqa: PLC0415

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
    from ..web.productie import THREADS, serveer  # noqa: PLC0415

    aantal = workers or productie.standaard_workers()
    click.echo(f"wijkkaart draait in productie op http://{host}:{port}/ met {aantal} workers (stoppen met Ctrl+C)")
    serveer(obj.database_url, host, port, aantal, toegangslog=toegangslog, threads=threads or THREADS)
