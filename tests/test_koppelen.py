"""Linking points to gemeente, wijk and buurt: a few points read only the areas around them, with the same answers."""

from __future__ import annotations

import numpy as np
from sqlalchemy import event

from wijkkaart.diensten import gebieden as services
from wijkkaart.opslag.engine import transaction
from wijkkaart.opslag.gebieden import gebieden_frame
from wijkkaart.opslag.koppelen import WEINIG_PUNTEN, koppel


def test_one_point_at_a_time_links_as_all_points_together(engine, shared_data):
    services.import_cbs(engine, shared_data / "GM0392_haarlem_cbs_2024.gpkg")
    services.import_cbs(engine, shared_data / "GM0392_haarlem_buurten_2019.gpkg")
    services.import_cbs(engine, shared_data / "GM0406_huizen_buurten_2019.gpkg")
    with transaction(engine) as s:
        xmin, ymin, xmax, ymax = gebieden_frame(s, "GM0392", "buurt").total_bounds
    # A grid over Haarlem and 2 km around it: inside buurten, on their edges, in water, outside every gemeente.
    rng = np.random.default_rng(392)
    xs = rng.uniform(xmin - 2000, xmax + 2000, WEINIG_PUNTEN + 60)
    ys = rng.uniform(ymin - 2000, ymax + 2000, WEINIG_PUNTEN + 60)
    gelezen = []
    event.listen(engine, "before_cursor_execute", lambda *a: gelezen.append(a[2]))
    with transaction(engine) as s:
        samen = koppel(s, xs, ys)
        apart = [koppel(s, [x], [y])[0] for x, y in zip(xs, ys, strict=True)]
    assert apart == samen
    soorten = {(k.gemeentecode is not None, k.buurtcode is not None, k.reden is not None) for k in samen}
    assert {(True, True, False), (False, False, True)} <= soorten
    # One point reads through the spatial index (the R*Tree table or PostGIS's && operator).
    assert any("idx_gebied_geom" in sql or "&&" in sql for sql in gelezen)
