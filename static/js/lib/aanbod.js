// Aanbod layers of the gemeente map: locaties, aanbod and inloopspreekuren as clustered markers with
// a shape per layer, popups and a list panel. Every text from the data goes in through textContent,
// never as HTML.
import { naVlakken } from "./kaart.js";
import { taal, t, url } from "./taal.js";

// Shapes, not colour alone: house (locaties), circle (aanbod), speech balloon (inloopspreekuren).
var VORMEN = {
  locaties: '<svg viewBox="0 0 28 28" aria-hidden="true"><path class="vorm" d="M14 3 L26 13 L23 13 L23 25 L5 25 L5 13 L2 13 Z"/></svg>',
  aanbod: '<svg viewBox="0 0 28 28" aria-hidden="true"><circle class="vorm" cx="14" cy="14" r="11"/></svg>',
  inloopspreekuren: '<svg viewBox="0 0 28 28" aria-hidden="true"><path class="vorm" d="M4 4 H24 V19 H13 L7 25 V19 H4 Z"/></svg>'
};
var lagen = {};

function el(tag, klasse, tekst) {
  var e = document.createElement(tag);
  if (klasse) e.className = klasse;
  if (tekst !== undefined && tekst !== null) e.textContent = tekst;
  return e;
}

function regel(root, label, tekst, klasse) {
  if (tekst === null || tekst === undefined || tekst === "" || (Array.isArray(tekst) && !tekst.length)) return;
  var p = el("p", klasse || "popup-regel");
  p.appendChild(el("span", "popup-label", label + ": "));
  p.appendChild(el("span", null, Array.isArray(tekst) ? tekst.join(", ").replace(/_/g, " ") : tekst));
  root.appendChild(p);
}

function urenTekst(p) {
  if (p.openingstijden_leesbaar) return { tekst: p.openingstijden_leesbaar, soort: "leesbaar" };
  if (p.openingstijden) return { tekst: p.openingstijden + " (" + t("osm_notatie") + ")", soort: "osm" };
  if (p.openingstijden_tekst) return { tekst: p.openingstijden_tekst, soort: "vrij" };
  return { tekst: t("onbekend"), soort: "onbekend" };
}

// "2026-09-14" as the page's language writes it: "14 september 2026" / "14 September 2026".
var datumnotatie = new Intl.DateTimeFormat(taal, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
function datum(iso) {
  var d = new Date(iso + "T00:00:00Z");
  return isNaN(d) ? iso : datumnotatie.format(d);
}

function openTekst(p) {
  if (p.open === true) return t("nu_open");
  if (p.open === false) return t("nu_gesloten");
  return null;
}

// The description, shortened to about two lines with a button for the rest (text only, never markup).
var KORT = 160;
function beschrijving(root, tekst) {
  if (!tekst) return;
  var p = el("p", "popup-beschrijving");
  if (tekst.length <= KORT) {
    p.textContent = tekst;
    root.appendChild(p);
    return;
  }
  var kort = tekst.slice(0, tekst.lastIndexOf(" ", KORT) > 80 ? tekst.lastIndexOf(" ", KORT) : KORT) + "…";
  var span = el("span", null, kort);
  var meer = el("button", "meer", t("meer"));
  meer.type = "button";
  meer.setAttribute("aria-expanded", "false");
  meer.addEventListener("click", function () {
    var open = meer.getAttribute("aria-expanded") === "true";
    span.textContent = open ? kort : tekst;
    meer.textContent = open ? t("meer") : t("minder");
    meer.setAttribute("aria-expanded", String(!open));
  });
  p.appendChild(span);
  p.appendChild(document.createTextNode(" "));
  p.appendChild(meer);
  root.appendChild(p);
}

export function popup(p) {
  var root = el("div", "aanbod-popup");
  var kop = el("h3", null, p.naam);
  kop.tabIndex = -1;  // focus lands here when the popup is opened from the list
  root.appendChild(kop);
  if (p.voorbeeld) root.appendChild(el("p", "voorbeeld-label", t("voorbeeld_lang")));
  var soort = el("p", "popup-soort", p.soort_label + (p.status && p.status !== "actief" ? " · " + p.status_label : ""));
  root.appendChild(soort);
  beschrijving(root, p.beschrijving);
  if (p.locatie_naam && p.locatie_naam !== p.naam) regel(root, t("locatie"), p.locatie_naam);
  if (p.adres) regel(root, t("adres"), p.adres);
  else regel(root, t("buurt"), (p.buurtnaam || p.buurtcode || t("onbekend")) + (p.adres_verborgen ? " (" + t("adres_niet_openbaar") + ")" : ""));
  regel(root, t("themas"), p.themas_labels && p.themas_labels.length ? p.themas_labels : p.trefwoorden);
  regel(root, t("voor"), p.doelgroepen_labels && p.doelgroepen_labels.length ? p.doelgroepen_labels : p.doelgroep_omschrijving);
  var uren = urenTekst(p);
  var urenRegel = el("p", "popup-regel popup-uren uren-" + uren.soort);
  urenRegel.appendChild(el("span", "popup-label", (uren.soort === "vrij" ? t("tijden_opgegeven") : t("tijden")) + ": "));
  urenRegel.appendChild(el("span", null, uren.tekst));
  root.appendChild(urenRegel);
  // Hours read from the source's own words: say so, and show those words, until someone confirms them.
  if (p.openingstijden_afgeleid_uit) regel(root, t("afgeleid_uit"), p.openingstijden_afgeleid_uit, "popup-regel popup-afgeleid");
  var open = openTekst(p);
  if (open) root.appendChild(el("p", "popup-open " + (p.open ? "is-open" : "is-dicht"), open));
  regel(root, t("kosten"), p.kosten);
  regel(root, t("goed_om_te_weten"), p.toegang);
  if (p.aantal_aanbod) regel(root, t("aanbod_hier"), String(p.aantal_aanbod));
  if (p.website && /^https?:\/\//i.test(p.website)) {
    var a = el("a", "popup-link", t("website"));
    a.href = p.website;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    root.appendChild(a);
  }
  // Contact details arrive only when the initiative consented to publication.
  regel(root, t("telefoon"), p.telefoon);
  regel(root, t("email"), p.email);
  if (p.aanbod_id) {
    var meer = el("a", "popup-link", t("meer_over"));
    meer.href = url("aanbod").replace("{id}", encodeURIComponent(p.aanbod_id));
    root.appendChild(meer);
    // Only hours a calendar can repeat exactly get the link (the server says so per aanbod).
    if (p.agenda) {
      var agenda = el("a", "popup-link", t("zet_in_agenda"));
      agenda.href = url("agenda_aanbod").replace("{id}", encodeURIComponent(p.aanbod_id));
      root.appendChild(agenda);
    }
  }
  var meldId = p.aanbod_id || p.locatie_id;
  if (meldId) {
    var meld = el("a", "popup-link popup-meld", t("klopt_niet"));
    meld.href = url(p.aanbod_id ? "meld_aanbod" : "meld_locatie").replace("{id}", encodeURIComponent(meldId));
    root.appendChild(meld);
  }
  var bron = t("bron") + ": " + p.bron + (p.laatst_geverifieerd ? ", " + t("gecontroleerd") + " " + datum(p.laatst_geverifieerd) : "");
  if (p.precisie && p.precisie !== "adres") bron += " · " + t("bij_benadering") + " (" + p.precisie + ")";
  root.appendChild(el("p", "popup-bron", bron));
  return root;
}

function icoon(laag, p) {
  return L.divIcon({
    className: "aanbod-icoon aanbod-icoon--" + laag + (p.voorbeeld ? " is-voorbeeld" : "") + (p.open === true ? " is-open" : ""),
    html: VORMEN[laag],
    iconSize: [28, 28],
    iconAnchor: [14, 14],
    popupAnchor: [0, -12]
  });
}

function clusterIcoon(laag) {
  return function (cluster) {
    var aantal = document.createElement("span");
    aantal.textContent = String(cluster.getChildCount());
    return L.divIcon({
      className: "aanbod-cluster aanbod-cluster--" + laag,
      html: VORMEN[laag] + aantal.outerHTML,
      iconSize: [40, 40]
    });
  };
}

function lijst() {
  var paneel = document.getElementById("aanbodlijst-items");
  if (!paneel) return;
  while (paneel.firstChild) paneel.removeChild(paneel.firstChild);
  var items = [];
  Object.keys(lagen).forEach(function (laag) {
    var l = lagen[laag];
    if (!l.map) return;
    l.markers.forEach(function (m) { items.push({ laag: laag, marker: m, p: m.feature.properties, groep: l.groep }); });
  });
  items.sort(function (a, b) { return (a.p.naam || "").localeCompare(b.p.naam || "", taal); });
  items.forEach(function (item) {
    var li = el("li", "lijst-item lijst-item--" + item.laag);
    var knop = el("button", "lijst-knop");
    knop.type = "button";
    knop.appendChild(el("span", "lijst-vorm lijst-vorm--" + item.laag));
    knop.appendChild(el("span", "lijst-naam", item.p.naam));
    var details = [item.p.soort_label];
    var open = openTekst(item.p);
    if (open) details.push(open.toLowerCase());
    if (item.p.voorbeeld) details.push(t("voorbeeld"));
    knop.appendChild(el("span", "lijst-details", details.join(" · ")));
    // The start of the description, so a list reader knows what it is without opening each popup.
    if (item.p.beschrijving) {
      var tekst = item.p.beschrijving;
      knop.appendChild(el("span", "lijst-beschrijving", tekst.length > 100 ? tekst.slice(0, 100).replace(/\s+\S*$/, "") + "…" : tekst));
    }
    knop.addEventListener("click", function () {
      item.groep.zoomToShowLayer(item.marker, function () {
        item.marker.openPopup();
        // Keyboard and screen-reader users land in the popup; closing it brings them back here.
        var kop = item.marker.getPopup().getElement().querySelector("h3");
        if (kop) kop.focus();
        item.marker.once("popupclose", function () { knop.focus(); });
        // Leaflet listens for Escape only while the map itself has focus, not inside a popup.
        var venster = item.marker.getPopup().getElement();
        if (!venster.dataset.escape) {
          venster.dataset.escape = "1";
          venster.addEventListener("keydown", function (e) {
            if (e.key === "Escape") item.marker.closePopup();
          });
        }
      });
    });
    li.appendChild(knop);
    paneel.appendChild(li);
  });
  var teller = document.getElementById("aanbodlijst-aantal");
  if (teller) teller.textContent = String(items.length);
}

export function aanbodLaag(map, opties) {
  var groep = L.markerClusterGroup({
    iconCreateFunction: clusterIcoon(opties.laag),
    showCoverageOnHover: false,
    maxClusterRadius: 45
  });
  var staat = { groep: groep, markers: [], map: null };
  lagen[opties.laag] = staat;
  groep.on("add", function () { staat.map = map; lijst(); });
  groep.on("remove", function () { staat.map = null; lijst(); });
  naVlakken(map).then(function () { return fetch(opties.url, { headers: { Accept: "application/geo+json" } }); })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(function (data) {
      data.features.forEach(function (f) {
        var ll = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
        var m = L.marker(ll, {
          icon: icoon(opties.laag, f.properties),
          title: f.properties.naam + " (" + t("laag_" + opties.laag) + ")",
          alt: f.properties.naam,
          keyboard: true
        });
        m.feature = f;
        // A long free-text schedule must scroll inside the popup, not run off a small map.
        m.bindPopup(function () { return popup(f.properties); }, { maxWidth: 300, maxHeight: 300 });
        staat.markers.push(m);
      });
      groep.addLayers(staat.markers);
      map.getContainer().setAttribute("data-geladen-" + opties.laag, String(data.features.length));
      lijst();
    })
    .catch(function (err) {
      var melding = document.getElementById("kaart-melding");
      if (melding) {
        melding.textContent = t("laag_mislukt", { laag: t("laag_" + opties.laag), fout: err.message });
        melding.hidden = false;
      }
    });
  return groep;
}
