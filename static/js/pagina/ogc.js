// The OGC API's HTML pages: the features of this page on a map, read from the same page as GeoJSON.
// Names are set as text (never HTML): they come from the data.
import { basiskaart } from "../lib/basiskaart.js";
import { kleur } from "../lib/taal.js";

async function ogcKaart() {
  const vak = document.getElementById("ogc-kaart");
  if (!vak || !window.L) return;
  const kaart = basiskaart(vak).setView([52.2, 5.3], 7);
  const antwoord = await fetch(vak.dataset.geojson, { headers: { Accept: "application/geo+json" } });
  if (!antwoord.ok) return;
  const data = await antwoord.json();
  const laag = L.geoJSON(data, {
    style: () => ({ color: kleur("--accent-donker"), weight: 1, fillOpacity: 0.1 }),
    pointToLayer: (_f, latlng) => L.circleMarker(latlng, { radius: 6, color: kleur("--accent"), weight: 2 }),
    onEachFeature: (f, l) => {
      const tekst = document.createElement("span");
      tekst.textContent = (f.properties && (f.properties.naam || f.properties.code)) || String(f.id);
      l.bindTooltip(tekst);
    },
  }).addTo(kaart);
  if (laag.getLayers().length) kaart.fitBounds(laag.getBounds().pad(0.1), { maxZoom: 16 });
  vak.setAttribute("data-objecten", String(laag.getLayers().length));
}

ogcKaart();
