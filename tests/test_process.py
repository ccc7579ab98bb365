"""A whole process on SpatiaLite: serve pages, then exit cleanly."""

import subprocess
import sys
import textwrap


def test_web_process_on_spatialite_exits_cleanly(tmp_path, shared_data):
    """Regression: SpatiaLite loaded before pyogrio's bundled libraries corrupted the heap at exit."""
    script = textwrap.dedent(f"""
        # The order of `wijkkaart serve`: the app (and SpatiaLite) first, then the
        # modules that pull in pyogrio.
        from wijkkaart import create_app
        app = create_app({{"DATABASE_URL": "sqlite:///{tmp_path / "w.sqlite"}", "TESTING": True}})
        from wijkkaart.diensten import gebieden as services
        services.import_cbs(app.extensions["wijkkaart.engine"], r"{shared_data / "GM0406_huizen_cbs_2024.gpkg"}")
        client = app.test_client()
        for url in ("/", "/gemeente/GM0406", "/api/v1/gebieden?gemeente=GM0406&niveau=wijk&zoom=12"):
            assert client.get(url).status_code == 200, url
        print("klaar")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "klaar", result.stderr
    assert result.returncode == 0, result.stderr[-500:]


def test_each_table_module_can_be_imported_first():
    """Regression: importing one table module before the others failed on a circular import.

    Each table module imports only the base; one call registers them all.
    """
    for module in ("gebied", "aanbod", "audit", "inzending", "gebruiker"):
        uit = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import wijkkaart.opslag.tabellen.{module}; "
                "from wijkkaart.opslag.tabellen import registreer; "
                "assert {'gebruiker', 'wijziging', 'inzending', 'aanbod'} <= set(registreer().tables)",
            ],
            capture_output=True,
            text=True,
        )
        assert uit.returncode == 0, (module, uit.stderr[-500:])
