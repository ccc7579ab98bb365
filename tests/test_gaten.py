"""Gap analysis core on hand-checkable fixtures: square buurten with offers at known points.

Buurten are 1 km squares side by side at RD (100000, 400000). With the default
raster (250 m, at most 16 points) each square gets the 16 cell centres
x, y ∈ {125, 375, 625, 875} m, so every distance below is worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkkaart.gaten import Instellingen, analyseer
from wijkkaart.kern import dagdelen

X0, Y0 = 100_000.0, 400_000.0
PEIL = dt.date(2026, 11, 23)  # a Monday; five weeks without public holidays
ALLEEN_65 = {"pct_65_plus": 1.0}
CENTRA = (125.0, 375.0, 625.0, 875.0)


def vierkant(i: int, j: int = 0, zijde: float = 1000.0):
    return shapely.box(X0 + i * zijde, Y0 + j * zijde, X0 + (i + 1) * zijde, Y0 + (j + 1) * zijde)


def buurten(rijen) -> gpd.GeoDataFrame:
    """rijen: (code, kolom i, inwoners, pct_65_plus, wijkcode)."""
    return gpd.GeoDataFrame(
        {
            "code": [r[0] for r in rijen],
            "naam": [f"Buurt {r[0][-1]}" for r in rijen],
            "wijkcode": [r[4] for r in rijen],
            "gemeentecode": ["GM9999"] * len(rijen),
            "inwoners": [r[2] for r in rijen],
            "pct_65_plus": [r[3] for r in rijen],
        },
        geometry=[vierkant(r[1]) for r in rijen],
        crs=28992,
    )


def aanbod(punten) -> gpd.GeoDataFrame:
    """punten: (id, x, y, soort, themas, uren) with x, y relative to (X0, Y0)."""
    return gpd.GeoDataFrame(
        {
            "id": [p[0] for p in punten],
            "naam": [f"Aanbod {p[0]}" for p in punten],
            "soort": [p[3] for p in punten],
            "themas": [p[4] for p in punten],
            "openingstijden": [p[5] for p in punten],
        },
        geometry=[shapely.Point(X0 + p[1], Y0 + p[2]) for p in punten],
        crs=28992,
    )


def rij(analyse, code):
    return analyse.buurten.set_index("code").loc[code]


@pytest.fixture
def drie_buurten():
    b = buurten(
        [
            ("BU99990001", 0, 1000, 10.0, "WK999900"),
            ("BU99990002", 1, 1000, 20.0, "WK999900"),
            ("BU99990003", 2, 1000, 30.0, "WK999901"),
        ]
    )
    a = aanbod([(1, 500, 500, "ontmoetingsplek", ["ontmoeten"], "Mo-Fr 09:00-12:00")])
    return analyseer(b, a, Instellingen(peildatum=PEIL, gewichten=ALLEEN_65))


def test_distances_reach_and_day_parts_match_hand_calculation(drie_buurten):
    a, b, c = (rij(drie_buurten, f"BU9999000{i}") for i in (1, 2, 3))
    # Buurt 1: the offer sits in the middle; 4 points at (125,125)-like offsets, 8 at (125,375), 4 at (375,375).
    verwacht = (4 * math.hypot(125, 125) + 8 * math.hypot(125, 375) + 4 * math.hypot(375, 375)) / 16
    assert a["afstand_m"] == pytest.approx(verwacht)
    assert a["woonpunten"] == 16 and a["bereik"] == 1.0 and a["aanbod_in_buurt"] == 1
    # Buurt 2: only its first column (x = 1125 m, 625 m from the offer) lies within 800 m.
    assert b["bereik"] == pytest.approx(4 / 16)
    assert b["aanbod_in_buurt"] == 0
    verwacht_b = np.mean([math.hypot(1000 + x - 500, y - 500) for x in CENTRA for y in CENTRA])
    assert b["afstand_m"] == pytest.approx(verwacht_b)
    assert c["bereik"] == 0.0
    # Mo-Fr mornings only.
    assert a["dekking_werkdag_ochtend"] == 1.0
    assert b["dekking_werkdag_ochtend"] == pytest.approx(0.25)
    for sleutel in dagdelen.SLEUTELS[1:]:
        assert a[f"dekking_{sleutel}"] == 0.0
    assert a["tijddekking"] == pytest.approx(1 / 6)


def test_need_and_score_match_hand_calculation(drie_buurten):
    a, b, c = (rij(drie_buurten, f"BU9999000{i}") for i in (1, 2, 3))
    # Reference is the inwoner-weighted mean 20%: need 0.5, 1.0, 1.5.
    assert drie_buurten.referentie["pct_65_plus"] == pytest.approx(20.0)
    assert (a["behoefte"], b["behoefte"], c["behoefte"]) == pytest.approx((0.5, 1.0, 1.5))
    assert a["score"] == pytest.approx(100 * 0.5 * (1 - (0.5 * 1 + 0.5 * (1 / 6))))
    assert b["score"] == pytest.approx(100 * 1.0 * (1 - (0.5 * 0.25 + 0.5 * (0.25 / 6))))
    assert c["score"] == pytest.approx(150.0)
    assert list(drie_buurten.buurten["code"]) == ["BU99990003", "BU99990002", "BU99990001"]
    assert list(drie_buurten.buurten["rang"]) == [1, 2, 3]
    assert c["inwoners_zonder_bereik"] == 1000 and b["inwoners_zonder_bereik"] == 750


def test_explanation_names_the_figures(drie_buurten):
    c = rij(drie_buurten, "BU99990003")
    assert c["uitleg"].startswith("1.000 inwoners, 30% 65+")
    # Mean of hypot(2000 + x - 500, y - 500) over the 16 centres is 2,016 m.
    assert "dichtstbijzijnde collectief aanbod op gemiddeld 2 km" in c["uitleg"]
    b = rij(drie_buurten, "BU99990002")
    assert "25% woont binnen 800 m van collectief aanbod" in b["uitleg"]
    # A quarter has a working-day morning offer in reach: most residents have nothing at any time.
    assert "voor de meeste inwoners geen aanbod in bereik met bekende openingstijden" in b["uitleg"]
    a = rij(drie_buurten, "BU99990001")
    assert "; geen aanbod in bereik op werkdagmiddagen, werkdagavonden en in het weekend" in a["uitleg"]


def test_rollup_per_wijk_and_gemeente_is_inwoner_weighted(drie_buurten):
    wijk = drie_buurten.wijken.set_index("code").loc["WK999900"]
    assert wijk["bereik"] == pytest.approx((1.0 + 0.25) / 2)
    assert wijk["inwoners"] == 2000 and wijk["inwoners_zonder_bereik"] == 750
    gemeente = drie_buurten.gemeenten.set_index("code").loc["GM9999"]
    assert gemeente["score"] == pytest.approx(drie_buurten.buurten["score"].mean())


def test_group_distances_per_soort_and_thema():
    b = buurten([("BU99990001", 0, 1000, 10.0, "WK999900"), ("BU99990002", 3, 1000, 20.0, "WK999900")])
    a = aanbod(
        [
            (1, 500, 500, "ontmoetingsplek", ["ontmoeten"], None),
            (2, 3500, 500, "inloopspreekuur", ["geldzaken"], "Tu[2] 19:00-21:00"),
        ]
    )
    uit = analyseer(b, a, Instellingen(peildatum=PEIL, gewichten=ALLEEN_65))
    een, twee = rij(uit, "BU99990001"), rij(uit, "BU99990002")
    binnen = (4 * math.hypot(125, 125) + 8 * math.hypot(125, 375) + 4 * math.hypot(375, 375)) / 16
    assert een["afstand_soort_ontmoetingsplek"] == pytest.approx(binnen)
    assert twee["afstand_soort_inloopspreekuur"] == pytest.approx(binnen)
    assert twee["afstand_thema_geldzaken"] == pytest.approx(binnen)
    # Beyond the threshold: from buurt 1's representative point (its centre) to the inloop, 3 km.
    assert een["afstand_soort_inloopspreekuur"] == pytest.approx(3000.0)
    # The monthly evening inloop covers working-day evenings; the ontmoetingsplek has no hours.
    assert twee["dekking_werkdag_avond"] == 1.0 and twee["tijddekking"] == pytest.approx(1 / 6)
    assert een["aanbod_tijden_onbekend"] == 1 and een["bereik"] == 1.0 and een["tijddekking"] == 0.0
    assert "van 1 aanbod in bereik zijn de tijden onbekend" in een["uitleg"]


def test_edge_cases_no_inwoners_unknown_figures_no_aanbod_and_aanbod_outside():
    b = buurten(
        [
            ("BU99990001", 0, 0, np.nan, "WK999900"),  # nobody lives here
            ("BU99990002", 1, np.nan, np.nan, "WK999900"),  # CBS kept everything secret
            ("BU99990003", 2, 500, 20.0, "WK999900"),
        ]
    )
    leeg = analyseer(b, aanbod([]), Instellingen(peildatum=PEIL, gewichten=ALLEEN_65))
    nul, geheim, gewoon = (rij(leeg, f"BU9999000{i}") for i in (1, 2, 3))
    assert nul["score"] == 0 and nul["uitleg"] == "geen inwoners"
    assert math.isnan(geheim["behoefte"]) and not geheim["behoefte_bekend"]
    assert geheim["score"] == pytest.approx(100.0)  # unknown need counts as average, never as 0
    assert "aantal inwoners onbekend" in geheim["uitleg"] and "behoefte onbekend" in geheim["uitleg"]
    assert math.isnan(gewoon["afstand_m"]) and gewoon["bereik"] == 0 and gewoon["score"] == pytest.approx(100.0)
    assert "geen collectief aanbod in de analyse" in gewoon["uitleg"]
    # An offer 300 m south of buurt 3, outside every buurt, still serves it.
    buiten = analyseer(
        b,
        aanbod([(1, 2500, -300, "activiteit", [], "Sa 10:00-13:00")]),
        Instellingen(peildatum=PEIL, gewichten=ALLEEN_65),
    )
    g = rij(buiten, "BU99990003")
    assert g["aanbod_in_buurt"] == 0 and buiten.buurten["aanbod_in_buurt"].sum() == 0
    assert g["bereik"] == pytest.approx(8 / 16)  # rows y=125 and y=375: at most hypot(375, 675) = 772 m
    assert g["dekking_weekend_ochtend"] == g["dekking_weekend_middag"] == pytest.approx(0.5)


def test_wijk_figure_fills_a_secret_buurt_figure_and_says_so():
    b = buurten([("BU99990001", 0, 1000, np.nan, "WK999900"), ("BU99990002", 1, 1000, 20.0, "WK999901")])
    wijken = gpd.pd.DataFrame(
        {"naam": ["Wijk 0", "Wijk 1"], "pct_65_plus": [40.0, 20.0]}, index=["WK999900", "WK999901"]
    )
    uit = analyseer(b, aanbod([]), Instellingen(peildatum=PEIL, gewichten=ALLEEN_65), wijken=wijken)
    een = rij(uit, "BU99990001")
    assert een["pct_65_plus"] == 40.0 and een["pct_65_plus_bron"] == "wijk"
    assert "[cijfer van de wijk]" in een["behoefte_basis"] and "(cijfer van de wijk)" in een["uitleg"]
    assert uit.wijken.set_index("code").loc["WK999900", "naam"] == "Wijk 0"


def test_exactly_at_the_threshold_is_in_reach():
    b = buurten([("BU99990001", 1, 100, 10.0, "WK999900")])
    a = aanbod([(1, 700, 500, "activiteit", [], None)])  # 800 m west of the centroid (1500, 500)
    uit = analyseer(b, a, Instellingen(peildatum=PEIL, methode="centroide", gewichten=ALLEEN_65))
    assert uit.buurten.loc[0, "afstand_m"] == pytest.approx(800.0) and uit.buurten.loc[0, "bereik"] == 1.0


def test_address_points_replace_the_raster_where_given():
    b = buurten([("BU99990001", 0, 100, 10.0, "WK999900"), ("BU99990002", 1, 100, 10.0, "WK999900")])
    adressen = gpd.GeoDataFrame(
        {"inwoners": [3.0, 1.0]},
        geometry=[shapely.Point(X0 + 100, Y0 + 100), shapely.Point(X0 + 900, Y0 + 900)],
        crs=28992,
    )
    a = aanbod([(1, 100, 100, "activiteit", [], None)])
    uit = analyseer(
        b,
        a,
        Instellingen(peildatum=PEIL, methode="adressen", drempel_m=500, gewichten=ALLEEN_65),
        adressen=adressen,
        gewicht_kolom="inwoners",
    )
    een, twee = rij(uit, "BU99990001"), rij(uit, "BU99990002")
    assert een["woonpunten"] == 2 and een["bereik"] == pytest.approx(0.75)  # 3 of 4 inwoners live at the offer
    assert een["afstand_m"] == pytest.approx(0.25 * math.hypot(800, 800))
    assert twee["woonpunten"] == 16  # no addresses there: raster


@pytest.mark.parametrize(
    "uren, verwacht",
    [
        ("Mo-Fr 09:00-12:00", {"werkdag_ochtend"}),
        ("Fr 22:00-02:00", {"werkdag_avond"}),  # past midnight it is Saturday night, no day part
        ("Tu[2] 19:00-21:00", {"werkdag_avond"}),  # monthly: falls in every five-week period
        ("Sa 10:00-13:00", {"weekend_ochtend", "weekend_middag"}),
        ("Mo 10:00-12:00; PH off", {"werkdag_ochtend"}),
        (None, set()),
        (float("nan"), set()),  # a missing cell in a pandas column
        ("elke tweede woensdag", set()),  # free text: unknown
    ],
)
def test_day_part_masks(uren, verwacht):
    assert set(dagdelen.dagdelen_van(dagdelen.masker(uren, PEIL))) == verwacht


def test_koningsdag_closed_but_other_mondays_count():
    # 27 April 2026 is Koningsdag (a Monday); "Mo ... ; PH off" is closed then, open the other four Mondays.
    assert dagdelen.masker("Mo 10:00-12:00; PH off", dt.date(2026, 4, 27)) == dagdelen.BIT["werkdag_ochtend"]
    # Public holidays in the five weeks: Koningsdag (Mon 27/4), Bevrijdingsdag is not a PH, Hemelvaart (Thu 14/5),
    # 1e Pinksterdag (Sun 24/5), 2e Pinksterdag (Mon 25/5).
    assert (
        dagdelen.masker("PH 10:00-12:00", dt.date(2026, 4, 27))
        == dagdelen.BIT["werkdag_ochtend"] | dagdelen.BIT["weekend_ochtend"]
    )
    assert dagdelen.masker("PH 10:00-12:00", dt.date(2026, 6, 1)) == 0  # no public holiday in June–early July


def test_bad_settings_are_refused():
    b = buurten([("BU99990001", 0, 100, 10.0, "WK999900")])
    with pytest.raises(ValueError, match="drempel"):
        analyseer(b, aanbod([]), Instellingen(drempel_m=0))
    with pytest.raises(ValueError, match="onbekende indicator"):
        analyseer(b, aanbod([]), Instellingen(gewichten={"pct_katten": 1.0}))
    with pytest.raises(ValueError, match="28992"):
        analyseer(b.to_crs(4326), aanbod([]))


# --- properties --------------------------------------------------------------------------------

UREN = ["Mo-Fr 09:00-12:00", "Tu[2] 19:00-21:00", "Sa 10:00-13:00", "Fr 22:00-02:00", None, "We 13:00-17:00"]
punt = st.tuples(
    st.floats(-500, 3500),
    st.floats(-500, 2500),
    st.sampled_from(["activiteit", "inloopspreekuur"]),
    st.sampled_from([["ontmoeten"], ["taal"], ["ontmoeten", "taal"], []]),
    st.sampled_from(UREN),
)
buurt_st = st.tuples(st.integers(0, 500), st.one_of(st.none(), st.floats(0, 60)))


def raster_buurten(gegevens) -> gpd.GeoDataFrame:
    """Up to 3 x 2 squares with random inwoners and 65+ share."""
    rijen = []
    for k, (inwoners, pct) in enumerate(gegevens):
        rijen.append((f"BU999900{k:02d}", k % 3, inwoners, np.nan if pct is None else pct, f"WK99990{k % 2}", k // 3))
    b = buurten([r[:5] for r in rijen])
    b["geometry"] = [vierkant(r[1], r[5]) for r in rijen]
    return b


def punten(lijst, start=0):
    return aanbod([(start + i, x, y, s, t, u) for i, (x, y, s, t, u) in enumerate(lijst)])


SNEL = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SNEL
@given(st.lists(buurt_st, min_size=1, max_size=6), st.lists(punt, max_size=6), punt)
def test_adding_an_aanbod_never_raises_a_score(gegevens, lijst, extra):
    b = raster_buurten(gegevens)
    ins = Instellingen(peildatum=PEIL, raster_m=250, max_punten=4, gewichten=ALLEEN_65)
    # The need index depends on kerncijfers only, so only coverage can move when aanbod is added.
    voor = analyseer(b, punten(lijst), ins).buurten.set_index("code")["score"]
    na = analyseer(b, punten([*lijst, extra]), ins).buurten.set_index("code")["score"]
    assert (na <= voor.reindex(na.index) + 1e-9).all()


@SNEL
@given(st.lists(buurt_st, min_size=1, max_size=6), st.lists(punt, max_size=6), st.floats(100, 1500), st.floats(0, 1500))
def test_raising_the_threshold_never_lowers_coverage(gegevens, lijst, drempel, extra):
    b = raster_buurten(gegevens)
    ins = Instellingen(peildatum=PEIL, max_punten=4, gewichten=ALLEEN_65)
    laag = analyseer(b, punten(lijst), ins.met(drempel_m=drempel)).buurten.set_index("code")
    hoog = analyseer(b, punten(lijst), ins.met(drempel_m=drempel + extra)).buurten.set_index("code").reindex(laag.index)
    for kolom in ["bereik", "tijddekking", *(f"dekking_{s}" for s in dagdelen.SLEUTELS)]:
        assert (hoog[kolom] >= laag[kolom] - 1e-12).all(), kolom


@SNEL
@given(st.lists(buurt_st, min_size=1, max_size=6), st.lists(punt, max_size=6), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(gegevens, lijst, toeval):
    b, a = raster_buurten(gegevens), punten(lijst)
    ins = Instellingen(peildatum=PEIL, max_punten=4, gewichten=ALLEEN_65)
    eerst = analyseer(b, a, ins).buurten
    volgorde_b, volgorde_a = list(range(len(b))), list(range(len(a)))
    toeval.shuffle(volgorde_b)
    toeval.shuffle(volgorde_a)
    daarna = analyseer(b.iloc[volgorde_b], a.iloc[volgorde_a], ins).buurten
    kolommen = [k for k in eerst.columns if k != "geometry"]
    gpd.pd.testing.assert_frame_equal(eerst[kolommen], daarna[kolommen])


def test_day_part_filter_counts_only_aanbod_open_then():
    b = buurten([("BU99990001", 0, 1000, 10.0, "WK999900")])
    a = aanbod(
        [(1, 500, 500, "activiteit", [], "Mo-Fr 09:00-12:00"), (2, 2500, 500, "activiteit", [], "Tu 19:00-21:00")]
    )
    ins = Instellingen(peildatum=PEIL, gewichten=ALLEEN_65)
    assert rij(analyseer(b, a, ins), "BU99990001")["bereik"] == 1.0
    avond = analyseer(b, a, ins.met(dagdeel="werkdag_avond"))
    assert len(avond.aanbod) == 1 and rij(avond, "BU99990001")["bereik"] == 0.0
    with pytest.raises(ValueError, match="onbekend dagdeel"):
        analyseer(b, a, ins.met(dagdeel="nacht"))


@pytest.mark.parametrize("draden", [1, 2])
@pytest.mark.parametrize("zaad", range(4))
def test_point_coverage_equals_a_brute_force_count(zaad, draden, monkeypatch):
    """Nearest distance, day parts in reach and distance per group, against every pair measured by hand."""
    from wijkkaart.gaten import dekking

    monkeypatch.setattr(dekking, "DRADEN", draden)
    rng = np.random.default_rng(zaad)
    n_w, n_a, drempel = 400, 60, 800.0
    xy_w = rng.uniform(0, 6000, (n_w, 2))
    xy_a = rng.uniform(0, 6000, (n_a, 2))
    buurt = (xy_w[:, 0] // 2000).astype(int) + 3 * (xy_w[:, 1] // 2000).astype(int)
    buurtpunten = shapely.points([[1000 + 2000 * (i % 3), 1000 + 2000 * (i // 3)] for i in range(9)])
    maskers = rng.integers(0, 256, n_a).astype(np.uint8)
    groepen = {"een": rng.random(n_a) < 0.3, "leeg": np.zeros(n_a, bool)}
    uit = dekking.bereken_puntdekking(
        shapely.points(xy_w), buurt, buurtpunten, shapely.points(xy_a), maskers, drempel, groepen
    )
    afstanden = np.hypot(*(xy_w[:, None, :] - xy_a[None, :, :]).transpose(2, 0, 1))
    assert np.allclose(uit.afstand, afstanden.min(axis=1))
    binnen = afstanden <= drempel
    verwacht_masker = np.array([np.bitwise_or.reduce(maskers[rij]) if rij.any() else 0 for rij in binnen])
    assert (uit.masker == verwacht_masker).all()
    assert sorted(zip(*uit.paren, strict=True)) == sorted(zip(*np.nonzero(binnen), strict=True))
    lid = groepen["een"]
    dichtst = np.where(binnen[:, lid], afstanden[:, lid], np.inf).min(axis=1)
    gevonden = np.isfinite(dichtst)
    assert np.allclose(uit.groep_afstand["een"][gevonden], dichtst[gevonden])
    # Beyond the threshold: never nearer than the threshold (documented: measured from the buurt's point).
    assert (uit.groep_afstand["een"][~gevonden] >= drempel).all()
    assert np.isinf(uit.groep_afstand["leeg"]).all()
