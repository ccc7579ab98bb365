// The embeddable map: the area's outline and a numbered marker per item of the list beside it.
// Names come from the list's text, never as HTML; the only requests are to this server and the basemap.
import { basiskaart } from "../lib/basiskaart.js";
import { kleur } from "../lib/taal.js";

function embedkaart() {
  const vak = document.getElementById("embedkaart");
  if (!vak || !window.L) return;
  const kaart = basiskaart(vak);
  const gebied = L.geoJSON(JSON.parse(vak.dataset.gebied), {
    style: () => ({ color: kleur("--accent-donker"), weight: 2, fillOpacity: 0.05 }),
    interactive: false,
  }).addTo(kaart);
  const grenzen = gebied.getBounds();
  // A view first: Leaflet draws a marker (and makes its element) only on a map that has one.
  kaart.fitBounds(grenzen.pad(0.05), { maxZoom: 16 });
  document.querySelectorAll("#embedlijst li").forEach((li, i) => {
    const punt = [parseFloat(li.dataset.lat), parseFloat(li.dataset.lon)];
    const naam = li.querySelector("a").textContent;
    const m = L.marker(punt, {
      icon: L.divIcon({ className: "vinder-marker", iconSize: [24, 24] }),
      title: `${i + 1}. ${naam}`,
      alt: naam,
    }).addTo(kaart);
    m.getElement().textContent = String(i + 1);
    grenzen.extend(punt);
  });
  kaart.fitBounds(grenzen.pad(0.05), { maxZoom: 16 });
  vak.setAttribute("data-markers", String(document.querySelectorAll("#embedlijst li").length));
}

embedkaart();
