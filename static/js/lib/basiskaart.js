// A Leaflet map in the page's language on an element, with the configured basemap (data-tegels and
// data-attributie on the element; none when the basemap is "geen"). Scroll-wheel zoom stays off, so a page
// scrolls past the map.
import { leafletInTaal } from "./taal.js";

export function basiskaart(vak) {
  leafletInTaal();
  const kaart = L.map(vak, { scrollWheelZoom: false });
  if (vak.dataset.tegels) L.tileLayer(vak.dataset.tegels, { attribution: vak.dataset.attributie, maxZoom: 19 }).addTo(kaart);
  return kaart;
}
