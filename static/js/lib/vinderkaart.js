// The finder's map: built from the result list (the list is the primary view), numbered markers
// that match the list numbers, and the search place. Names come from the list's text, never as HTML.
import { basiskaart } from "./basiskaart.js";
import { t } from "./taal.js";

export function vinderkaart() {
  const vak = document.getElementById("vinderkaart");
  if (!vak || !window.L) return;
  const plek = [parseFloat(vak.dataset.lat), parseFloat(vak.dataset.lon)];
  const kaart = basiskaart(vak).setView(plek, 15);
  const zoekpunt = L.marker(plek, {
    icon: L.divIcon({ className: "vinder-plek", html: "", iconSize: [18, 18] }),
    title: t("gezochte_plek"), keyboard: false,
  }).addTo(kaart);
  const grenzen = L.latLngBounds([plek]);
  document.querySelectorAll("#trefferlijst li").forEach((li) => {
    const punt = [parseFloat(li.dataset.lat), parseFloat(li.dataset.lon)];
    const icoon = L.divIcon({ className: "vinder-marker vinder-marker--" + li.dataset.status, iconSize: [28, 28] });
    const naam = li.querySelector("h2").textContent.replace(/^\s*\d+\s*/, "");
    const m = L.marker(punt, { icon: icoon, title: li.dataset.nummer + ". " + naam, alt: naam }).addTo(kaart);
    m.getElement().textContent = li.dataset.nummer;
    m.on("click", () => { li.scrollIntoView({ behavior: "smooth", block: "center" }); li.focus(); });
    li.tabIndex = -1;
    grenzen.extend(punt);
  });
  kaart.fitBounds(grenzen.pad(0.15), { maxZoom: 16 });
  vak.setAttribute("data-markers", String(document.querySelectorAll("#trefferlijst li").length));
  zoekpunt.getElement().setAttribute("aria-hidden", "true");
}
