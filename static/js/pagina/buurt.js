// The buurt page's walking map: the areas within 5, 10 and 15 minutes' walk of the nearest collective
// aanbod, the buurt's outline and the aanbod as dots. Names are set as text (title/alt), never as HTML.
import { basiskaart } from "../lib/basiskaart.js";
import { kleur } from "../lib/taal.js";

function loopkaart() {
  const vak = document.getElementById("loopkaart");
  if (!vak || !window.L) return;
  const kaart = basiskaart(vak);
  const data = JSON.parse(vak.dataset.loopgebied);
  const stijl = (f) => {
    if (f.properties.soort === "band") {
      return { stroke: false, fillColor: kleur(`--loopband-${f.properties.minuten}`), fillOpacity: 0.55 };
    }
    return { color: kleur("--accent-donker"), weight: 3, fill: false };
  };
  const laag = L.geoJSON(data, {
    style: stijl,
    interactive: false,
    pointToLayer: (f, punt) =>
      L.marker(punt, {
        icon: L.divIcon({ className: "aanbod-stip", iconSize: [12, 12] }),
        title: f.properties.label,
        alt: f.properties.label,
        keyboard: false,
      }),
  }).addTo(kaart);
  const buurt = data.features.find((f) => f.properties.soort === "buurt");
  const grenzen = buurt ? L.geoJSON(buurt).getBounds() : laag.getBounds();
  kaart.fitBounds(grenzen.pad(0.3), { maxZoom: 17 });
  vak.setAttribute("data-banden", String(data.features.filter((f) => f.properties.soort === "band").length));
}

loopkaart();
