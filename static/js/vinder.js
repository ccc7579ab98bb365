// The finder's map: built from the result list (the list is the primary view), numbered markers
// that match the list numbers, and the search place. Names come from the list's text, never as HTML.
(function () {
  "use strict";
  function start() {
    var vak = document.getElementById("vinderkaart");
    if (!vak || !window.L) return;
    var plek = [parseFloat(vak.dataset.lat), parseFloat(vak.dataset.lon)];
    var t = window.wijkkaart.t;
    window.wijkkaart.leafletInTaal();
    var kaart = L.map(vak, { scrollWheelZoom: false }).setView(plek, 15);
    if (vak.dataset.tegels) L.tileLayer(vak.dataset.tegels, { attribution: vak.dataset.attributie, maxZoom: 19 }).addTo(kaart);
    var zoekpunt = L.marker(plek, {
      icon: L.divIcon({ className: "vinder-plek", html: "", iconSize: [18, 18] }),
      title: t("gezochte_plek"), keyboard: false
    }).addTo(kaart);
    var grenzen = L.latLngBounds([plek]);
    document.querySelectorAll("#trefferlijst li").forEach(function (li) {
      var punt = [parseFloat(li.dataset.lat), parseFloat(li.dataset.lon)];
      var icoon = L.divIcon({ className: "vinder-marker vinder-marker--" + li.dataset.status, iconSize: [28, 28] });
      var naam = li.querySelector("h2").textContent.replace(/^\s*\d+\s*/, "");
      var m = L.marker(punt, { icon: icoon, title: li.dataset.nummer + ". " + naam, alt: naam }).addTo(kaart);
      m.getElement().textContent = li.dataset.nummer;
      m.on("click", function () { li.scrollIntoView({ behavior: "smooth", block: "center" }); li.focus(); });
      li.tabIndex = -1;
      grenzen.extend(punt);
    });
    kaart.fitBounds(grenzen.pad(0.15), { maxZoom: 16 });
    vak.setAttribute("data-markers", String(document.querySelectorAll("#trefferlijst li").length));
    zoekpunt.getElement().setAttribute("aria-hidden", "true");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
