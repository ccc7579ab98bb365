"""Both storage backends are real and behave alike."""

from sqlalchemy import text

from wijkkaart.opslag.engine import is_sqlite


def test_backend_is_spatial(engine):
    """The database can do geometry in RD New: SpatiaLite loaded, or PostGIS installed."""
    with engine.connect() as conn:
        area = conn.execute(
            text("SELECT ST_Area(ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0))', 28992))")
        ).scalar()
        srid = conn.execute(text("SELECT ST_SRID(ST_GeomFromText('POINT(155000 463000)', 28992))")).scalar()
    assert area == 100.0
    assert srid == 28992
    assert is_sqlite(engine) == engine.url.get_backend_name().startswith("sqlite")
