"""OGC API - Features over wijkkaart's collections: Part 1 Core (GeoJSON, HTML), Part 2 CRS by reference, Part 3 filtering.

Why a small implementation of our own and not pygeoapi's Flask blueprint:
pygeoapi reads its configuration file when it is imported (``PYGEOAPI_CONFIG``),
and a provider over wijkkaart's tables would have to repeat the rules that
already decide what the public may see (archived rows left out, masked
addresses moved to a point in their buurt, contact details only with consent).
Here every collection is made by the same use-cases that feed the map and the
JSON API, so those rules hold by construction; this package only pages,
filters and describes. pygeofilter parses and evaluates the CQL2 filters.

Modules: :mod:`.collecties` (what is served), :mod:`.bevraging` (a request's
parameters, bbox, filter and paging on a collection's frame),
:mod:`.documenten` (landing page, conformance, collection and queryables
documents, the OpenAPI description).
"""

from __future__ import annotations

#: Longitude, latitude on WGS 84: the default of OGC API Features, listed first (QGIS takes the first CRS).
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
#: Rijksdriehoeksstelsel (RD New), the metric CRS Dutch GIS staff work in; easting, northing.
RD_NEW = "http://www.opengis.net/def/crs/EPSG/0/28992"
#: The CRSs every collection is offered in, and the EPSG code pyproj knows each by.
CRS_EPSG = {CRS84: "OGC:CRS84", RD_NEW: "EPSG:28992"}
#: Decimals of the coordinates written: about 10 cm in degrees, a centimetre in metres.
DECIMALEN = {CRS84: 6, RD_NEW: 2}
#: Items per page when the client does not say; a larger ``limit`` is lowered to :data:`MAX_LIMIET`.
STANDAARD_LIMIET = 100
MAX_LIMIET = 1000

CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
)
