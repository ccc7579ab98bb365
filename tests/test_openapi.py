"""The OpenAPI 3.1 document of /api/v1 (issue 18 item 2): valid, served with its viewer, and true to the API.

schemathesis generates requests from the document (a bounded number per
operation) and checks every answer against it: no server error, only
documented status codes and media types, bodies that match their schemas.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from playwright.sync_api import expect
from schemathesis.specs.openapi.checks import positive_data_acceptance

from .helpers import draaiende_server, haarlem_app
from .test_browser import Watched, browser  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def app(tmp_path_factory, shared_data):
    return haarlem_app(tmp_path_factory.mktemp("openapi"), shared_data)


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_every_answer_conforms_to_the_document(api_schema):
    # schemathesis's own pytest plugin does not run under this pytest; its strategies do, through hypothesis.
    operaties = [o.ok() for o in api_schema.get_all_operations()]
    assert len(operaties) == 7
    for operatie in operaties:

        @given(case=operatie.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def controleer(case):
            # The hours check answers 422 for text it cannot read: that is its documented purpose, so
            # "schema-valid input must be accepted" does not apply to it; every other check does.
            uitgezonderd = [positive_data_acceptance] if case.path == "/api/v1/openingstijden" else []
            case.call_and_validate(excluded_checks=uitgezonderd)

        controleer()


def test_the_document_is_valid_openapi_31_and_names_every_v1_endpoint(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)
    routes = {
        regel.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        for regel in app.url_map.iter_rules()
        if regel.rule.startswith("/api/v1/") and not regel.rule.startswith(("/api/v1/openapi", "/api/v1/docs"))
    }
    assert {"/api/v1" + p if not p.startswith("/api/v1") else p for p in document["paths"]} == routes


def test_the_documentation_page_uses_the_local_viewer(app):
    html = app.test_client().get("/api/v1/docs").get_data(as_text=True)
    assert "/static/vendor/redoc/redoc.standalone.js" in html and "/api/v1/openapi.json" in html
    assert "http" not in html.split("redoc.standalone.js")[0].split("<script")[-1]  # no CDN


@pytest.mark.browser
@pytest.mark.parametrize(("api", "operatie"), [("v1", "Geladen gemeenten zoeken"), ("ogc", "Buurten: objecten")])
def test_the_viewer_draws_each_document_from_this_server_only(app, browser, api, operatie):  # noqa: F811
    with draaiende_server(app) as basis:
        w = Watched(browser)
        geweigerd = []
        w.page.on("requestfailed", lambda r: geweigerd.append((urlsplit(r.url).netloc, r.failure)))
        w.page.goto(f"{basis}/api/v1/docs?api={api}")
        expect(w.page.get_by_role("heading", name=operatie).first).to_be_visible(timeout=60_000)
        # Redoc 2 always draws its logo from its CDN; the Content-Security-Policy stops that in the browser, so
        # nothing leaves for any host but this server.
        eigen = basis.removeprefix("http://")
        # (Chromium names the reason "csp" or "net::ERR_BLOCKED_BY_CSP" depending on when the image is asked for.)
        assert {(host, reden) for host, reden in geweigerd if host != eigen} <= {
            ("cdn.redoc.ly", "csp"),
            ("cdn.redoc.ly", "net::ERR_BLOCKED_BY_CSP"),
        }
        assert w.hosts <= {eigen, "cdn.redoc.ly"}
        assert [e for e in w.errors if "cdn.redoc.ly" not in e] == []
