// The page's settings, URLs and texts for the scripts, read once from the JSON block every page
// carries (base.html), so no script holds a language, a URL or a setting of its own.
const blok = document.getElementById("wijkkaart-instellingen");
export const instellingen = blok ? JSON.parse(blok.textContent) : { taal: "nl", teksten: {}, urls: {} };
export const taal = instellingen.taal === "en" ? "en-GB" : "nl-NL";

// t("laag_mislukt", {laag: "aanbod", fout: "HTTP 500"}) fills %(naam)s placeholders.
export function t(sleutel, waarden) {
  let tekst = instellingen.teksten[sleutel];
  if (tekst === undefined) tekst = sleutel;
  return tekst.replace(/%\((\w+)\)s/g, (_, naam) => (waarden && waarden[naam] !== undefined ? String(waarden[naam]) : ""));
}

// A URL the server wrote into the settings block, by name (never built in a script).
export function url(naam) {
  const adres = instellingen.urls[naam];
  if (adres === undefined) throw new Error(`onbekende URL ${naam}`);
  return adres;
}

// The value of a CSS custom property (a colour of the design, see static/css/wijkkaart.css), read once.
const kleuren = new Map();
export function kleur(eigenschap) {
  if (!kleuren.has(eigenschap)) {
    kleuren.set(eigenschap, getComputedStyle(document.documentElement).getPropertyValue(eigenschap).trim());
  }
  return kleuren.get(eigenschap);
}

// Leaflet's own controls in the page's language; call once Leaflet is loaded, before a map is made.
let leafletVertaald = false;
export function leafletInTaal() {
  if (leafletVertaald || !window.L) return;
  leafletVertaald = true;
  L.Control.Zoom.prototype.options.zoomInTitle = t("zoom_in");
  L.Control.Zoom.prototype.options.zoomOutTitle = t("zoom_uit");
  // Leaflet 1.9 names the folded layer list's button "Layers" in _initLayout, with no option for it.
  const initLayout = L.Control.Layers.prototype._initLayout;
  L.Control.Layers.include({
    _initLayout: function () {
      initLayout.call(this);
      this._layersLink.title = t("lagen");
    },
  });
}
