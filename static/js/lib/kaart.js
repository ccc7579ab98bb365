// Region layers of the gemeente map: GeoJSON fetched from the API for the current zoom level,
// coloured by the legend's classes (colours are CSS custom properties), tooltips built from DOM
// nodes (textContent), so no name from a data file is ever parsed as HTML.
import { kleur, leafletInTaal, t, taal } from "./taal.js";

const getal = new Intl.NumberFormat(taal, { maximumFractionDigits: 1 });

export function formatteer(waarde, eenheid) {
  if (waarde === null || waarde === undefined) return t("onbekend");
  const tekst = getal.format(waarde);
  if (eenheid === "%") return tekst + "%";
  if (eenheid === "aantal" || eenheid === "klasse" || !eenheid) return tekst;
  return tekst + " " + eenheid;
}

function vulkleur(waarde, opties) {
  if (waarde === null || waarde === undefined) return kleur(opties.onbekendKleur);
  for (let i = 0; i < opties.grenzen.length; i++) {
    if (waarde <= opties.grenzen[i]) return kleur(opties.kleuren[i]);
  }
  return kleur(opties.kleuren[opties.kleuren.length - 1]);
}

// A percentage of too few inwoners is not classed (see legenda() in wijkkaart/uitvoer/kaarten.py).
function weinig(props, opties) {
  return Boolean(opties.weinigKleur && props.weinig_inwoners);
}

function tooltip(props, velden) {
  const root = document.createElement("div");
  root.className = "gebied-tooltip";
  const naam = document.createElement("strong");
  naam.textContent = props.naam || props.code;
  root.appendChild(naam);
  const code = document.createElement("span");
  code.className = "code";
  code.textContent = props.code;
  root.appendChild(code);
  const lijst = document.createElement("dl");
  velden.forEach((veld) => {
    const dt = document.createElement("dt");
    dt.textContent = veld.label + (veld.eenheid === "%" ? " (%)" : "");
    const dd = document.createElement("dd");
    dd.textContent = formatteer(props[veld.naam], veld.eenheid === "%" ? "" : veld.eenheid_tekst);
    if (veld.eenheid === "%" && props.weinig_inwoners) dd.textContent += " (" + t("te_weinig_inwoners") + ")";
    lijst.appendChild(dt);
    lijst.appendChild(dd);
  });
  root.appendChild(lijst);
  if (props.uitleg) {
    const uitleg = document.createElement("p");
    uitleg.className = "uitleg";
    uitleg.textContent = props.uitleg;
    root.appendChild(uitleg);
  }
  return root;
}

function pane(map, naam, zIndex, klikbaar) {
  if (!map.getPane(naam)) {
    const p = map.createPane(naam);
    p.style.zIndex = zIndex;
    if (!klikbaar) p.style.pointerEvents = "none";
  }
  return naam;
}

export function melding(tekst) {
  const el = document.getElementById("kaart-melding");
  if (!el) return;
  el.textContent = tekst;
  el.hidden = !tekst;
}

// The "download kaart" links draw what the reader sees: they carry the map's current extent (bbox).
function volgUitsnede(map) {
  const links = document.querySelectorAll("a[data-kaartbeeld]");
  if (!links.length) return;
  function zet() {
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(",");
    links.forEach((a) => {
      const adres = new URL(a.href, window.location.href);
      adres.searchParams.set("bbox", bbox);
      a.href = adres.pathname + adres.search;
    });
  }
  map.on("moveend", zet);
  setTimeout(zet, 0);
}

// Printing: the legend open and the map fitted to the gemeente (the extent folium opened with) at its
// printed size; afterwards the reader's own view comes back.
function voorAfdrukken(map) {
  let begin = null;
  let eigen = null;
  setTimeout(() => { begin = map.getBounds(); }, 0);
  function voor() {
    if (!begin || eigen) return;
    eigen = { midden: map.getCenter(), zoom: map.getZoom() };
    document.querySelectorAll("details.legenda-vouw").forEach((d) => { d.open = true; });
    document.body.classList.add("afdrukken");
    map.invalidateSize({ animate: false });
    map.fitBounds(begin, { animate: false });
  }
  function na() {
    if (!eigen) return;
    document.body.classList.remove("afdrukken");
    map.invalidateSize({ animate: false });
    map.setView(eigen.midden, eigen.zoom, { animate: false });
    eigen = null;
  }
  window.addEventListener("beforeprint", voor);
  window.addEventListener("afterprint", na);
  window.matchMedia("print").addEventListener("change", (e) => (e.matches ? voor() : na()));
}

// The marker layers wait for the first shapes (or a failure), so the shapes are not queued behind them.
// A map without region layers (the finder's) does not wait.
let vlakkenKlaar = null;
export function naVlakken(map) {
  if (!vlakkenKlaar) return Promise.resolve();
  return Promise.race([vlakkenKlaar, new Promise((gereed) => setTimeout(gereed, 3000))]);
}
function verwachtVlakken(map) {
  if (!vlakkenKlaar) vlakkenKlaar = new Promise((gereed) => { map.once("wijkkaart:vlakken", gereed); });
}

export function gebiedenLaag(map, opties) {
  const vlakken = opties.rol === "vlakken";
  const laag = L.geoJSON(null, {
    pane: vlakken ? pane(map, "gebieden", 410, true) : pane(map, "grenzen", 420, false),
    interactive: vlakken,
    style(feature) {
      if (!vlakken) return { color: kleur("--kaart-grens"), weight: 2.5, fill: false, opacity: 0.9 };
      const waarde = opties.kerncijfer ? feature.properties[opties.kerncijfer] : null;
      const onbekend = waarde === null || waarde === undefined;
      const grijs = weinig(feature.properties, opties);
      return {
        fillColor: grijs ? kleur(opties.weinigKleur) : vulkleur(waarde, opties), fillOpacity: 0.72,
        color: kleur("--kaart-vlakrand"), weight: 1, dashArray: onbekend ? "3 3" : null,
      };
    },
    onEachFeature(feature, l) {
      if (vlakken) l.bindTooltip(tooltip(feature.properties, opties.velden), { sticky: true });
      if (vlakken && opties.link) {
        l.on("click", () => {
          window.location.href = opties.link.replace("{code}", encodeURIComponent(feature.properties.code));
        });
      }
    },
  });
  let gemeld = false;
  function klaar() {
    if (vlakken && !gemeld) { gemeld = true; map.fire("wijkkaart:vlakken"); }
  }
  if (vlakken) { verwachtVlakken(map); volgUitsnede(map); voorAfdrukken(map); }
  let geladenZoom = null;
  let verzoek = 0;
  function laad() {
    let zoom = Math.round(map.getZoom());
    // The first time, the level the page preloaded is good enough when it is one off (within a pixel).
    if (geladenZoom === null && opties.voorkeurzoom !== null && Math.abs(zoom - opties.voorkeurzoom) <= 1) {
      zoom = opties.voorkeurzoom;
    }
    if (zoom === geladenZoom) return;
    geladenZoom = zoom;
    const nummer = ++verzoek;
    const adres = opties.url + (opties.url.indexOf("?") === -1 ? "?" : "&") + "zoom=" + zoom;
    fetch(adres, { headers: { Accept: "application/geo+json" } })
      .then((r) => {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then((data) => {
        if (nummer !== verzoek) return;  // a newer zoom level's answer wins
        laag.clearLayers();
        laag.addData(data);
        melding("");
        map.getContainer().setAttribute("data-geladen-" + opties.rol, String(data.features.length));
        klaar();
      })
      .catch((err) => {
        geladenZoom = null;
        melding(t("gebieden_mislukt", { fout: err.message }));
        klaar();
      });
  }
  // Wait until folium's script has fitted the map to the gemeente, then load
  // for that zoom level; reload when the user zooms.
  setTimeout(laad, 0);
  map.on("zoomend", laad);
  return laag;
}

// Leaflet's controls speak the page's language; on a phone the layer list starts folded so it does
// not cover the map (it opens with a tap, or Enter on its button). Call before the map is made.
export function bereidKaartVoor() {
  leafletInTaal();
  L.Control.Layers.addInitHook(function () {
    if (window.matchMedia("(max-width: 640px)").matches) this.options.collapsed = true;
  });
  // On a phone the legend starts folded: open, it would cover a third of the map (its title stays visible).
  if (window.matchMedia("(max-width: 640px)").matches) {
    document.querySelectorAll("details.legenda-vouw").forEach((d) => { d.open = false; });
  }
  // Selects that change the map submit their form at once.
  document.addEventListener("change", (event) => {
    if (event.target.hasAttribute && event.target.hasAttribute("data-autosubmit")) event.target.form.submit();
  });
}
