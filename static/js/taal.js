// The page's language for the scripts: texts come from the server's catalogue (a JSON block in
// every page), so no script carries Dutch or English of its own.
(function () {
  "use strict";
  var blok = document.getElementById("wijkkaart-teksten");
  var gegevens = blok ? JSON.parse(blok.textContent) : { taal: "nl", teksten: {} };
  var taal = gegevens.taal === "en" ? "en-GB" : "nl-NL";

  // t("laag_mislukt", {laag: "aanbod", fout: "HTTP 500"}) fills %(naam)s placeholders.
  function t(sleutel, waarden) {
    var tekst = gegevens.teksten[sleutel];
    if (tekst === undefined) tekst = sleutel;
    return tekst.replace(/%\((\w+)\)s/g, function (_, naam) {
      return waarden && waarden[naam] !== undefined ? String(waarden[naam]) : "";
    });
  }

  // Leaflet's own controls in the page's language; call once Leaflet is loaded, before a map is made.
  var leafletVertaald = false;
  function leafletInTaal() {
    if (leafletVertaald || !window.L) return;
    leafletVertaald = true;
    L.Control.Zoom.prototype.options.zoomInTitle = t("zoom_in");
    L.Control.Zoom.prototype.options.zoomOutTitle = t("zoom_uit");
    // Leaflet 1.9 names the folded layer list's button "Layers" in _initLayout, with no option for it.
    var initLayout = L.Control.Layers.prototype._initLayout;
    L.Control.Layers.include({
      _initLayout: function () {
        initLayout.call(this);
        this._layersLink.title = t("lagen");
      }
    });
  }

  // Where "klopt dit niet?" goes for an aanbod or a locatie (the id is appended).
  var meld = gegevens.meld || {};

  window.wijkkaart = Object.assign(window.wijkkaart || {}, { t: t, taal: taal, leafletInTaal: leafletInTaal, meld: meld });
})();
