// A planner's scenario: the gemeente's gap map before and after (two layers), the scenario's own aanbod as
// points, and a click on the map filling in where new aanbod goes (the fields also take typed degrees).
import { aanbodLaag } from "../lib/aanbod.js";
import { bereidKaartVoor, gebiedenLaag } from "../lib/kaart.js";
import { kleur } from "../lib/taal.js";

bereidKaartVoor();

let verbonden = false;
function verbind(map) {
  if (verbonden) return;
  verbonden = true;
  const vak = document.querySelector("[data-scenario-punten]");
  const punten = JSON.parse(vak.dataset.scenarioPunten || "[]");
  punten.forEach((p) => {
    L.circleMarker([p.lat, p.lon], {
      radius: 7, color: kleur("--wit"), weight: 2, fillColor: kleur("--accent-donker"), fillOpacity: 1,
    })
      .bindTooltip(p.naam)
      .addTo(map);
  });
  const lat = document.querySelector("input[name=lat]");
  const lon = document.querySelector("input[name=lon]");
  let speld = null;
  map.on("click", (e) => {
    lat.value = e.latlng.lat.toFixed(6);
    lon.value = e.latlng.lng.toFixed(6);
    if (!speld) speld = L.marker(e.latlng).addTo(map);
    else speld.setLatLng(e.latlng);
  });
}

window.wijkkaart = {
  gebiedenLaag(map, opties) {
    verbind(map);
    return gebiedenLaag(map, opties);
  },
  aanbodLaag,
};
window.wijkkaartKaart();
