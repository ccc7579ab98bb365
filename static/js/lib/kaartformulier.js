// The editing forms: an address looked up on a small map with a pin that can be dragged or placed by
// a click (precision "handmatig"), and opening hours entered as rows of days and times, written into
// the OSM field with a readable preview from the server. Without this script both fields still work.
import { leafletInTaal, t, taal, url } from "./taal.js";

var DAGEN = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
// CLDR's short day names in the page's language (Monday first), from a known Monday.
var dagnamen = DAGEN.map(function (_, i) {
  return new Intl.DateTimeFormat(taal, { weekday: "short", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + i)));
});

function el(tag, attrs, tekst) {
  var e = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  if (tekst !== undefined) e.textContent = tekst;
  return e;
}

// --- address and pin ------------------------------------------------------------------------
function adresblok(blok) {
  var form = blok.closest("form");
  var veld = function (naam) { return form.querySelector("[name='" + naam + "']"); };
  var uitkomst = blok.querySelector(".adres-uitkomst");
  var kaartvak = blok.querySelector(".pinkaart");
  leafletInTaal();
  var kaart = L.map(kaartvak, { center: [52.2, 5.3], zoom: 7 });
  if (kaartvak.dataset.tegels) {
    L.tileLayer(kaartvak.dataset.tegels, { attribution: kaartvak.dataset.attributie, maxZoom: 19 }).addTo(kaart);
  }
  var speld = null;

  function zetSpeld(lat, lon, handmatig) {
    if (!speld) {
      speld = L.marker([lat, lon], { draggable: true, title: t("speld"), alt: t("speld"), keyboard: true }).addTo(kaart);
      speld.on("dragend", function () {
        var p = speld.getLatLng();
        bewaar(p.lat, p.lng, true);
      });
    } else {
      speld.setLatLng([lat, lon]);
    }
    bewaar(lat, lon, handmatig);
  }

  function bewaar(lat, lon, handmatig) {
    veld("lat").value = lat.toFixed(6);
    veld("lon").value = lon.toFixed(6);
    if (handmatig) {
      veld("handmatig").value = "1";
      uitkomst.textContent = t("speld_handmatig");
    }
  }

  kaart.on("click", function (e) { zetSpeld(e.latlng.lat, e.latlng.lng, true); });

  var start = JSON.parse(blok.dataset.pin || "{}");
  if (veld("lat").value && veld("lon").value) {
    start = { lat: parseFloat(veld("lat").value), lon: parseFloat(veld("lon").value) };
  }
  if (start.lat) {
    kaart.setView([start.lat, start.lon], 17);
    zetSpeld(start.lat, start.lon, veld("handmatig").value === "1");
  }

  blok.querySelector(".zoek-adres").addEventListener("click", function () {
    var vraag = new URLSearchParams();
    ["straat", "huisnummer", "postcode", "plaats"].forEach(function (n) { vraag.set(n, veld(n).value); });
    uitkomst.textContent = t("adres_zoeken");
    fetch(url("adres") + "?" + vraag, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (a) {
        if (!a.gevonden) { uitkomst.textContent = a.melding; return; }
        veld("handmatig").value = "";
        kaart.setView([a.lat, a.lon], 17);
        zetSpeld(a.lat, a.lon, false);
        uitkomst.textContent = t("adres_gevonden", { buurt: a.buurtcode || "?", precisie: a.precisie }) + (a.mag ? "" : " " + a.melding);
      })
      .catch(function (fout) { uitkomst.textContent = t("adres_fout", { fout: String(fout) }); });
  });
}

// --- opening hours ----------------------------------------------------------------------------
// One row: days, which week of the month (every, 1st–4th, last), from, to.
function rijWaarden(rij) {
  var dagen = DAGEN.filter(function (d) { return rij.querySelector("input[value='" + d + "']").checked; });
  var van = rij.querySelector(".tijden-van").value;
  var tot = rij.querySelector(".tijden-tot").value;
  if (!dagen.length || !van || !tot) return null;
  return { dagen: dagen, week: rij.querySelector(".tijden-week").value, tijd: van + "-" + tot };
}

// All rows as one OSM value. Rules must not overlap: in OSM a later rule for the same day replaces
// an earlier one, so "Mo 09:00-12:00; Mo 13:00-17:00" would be open only in the afternoon. Times are
// gathered per day first, days with the same times share a rule ("Mo,We 09:00-12:00,13:00-17:00"),
// and a monthly rule on a weekday that also has weekly hours is added with "," instead of ";".
function rijenNaarOsm(rijen) {
  var perDag = {};
  rijen.forEach(function (r) {
    r.dagen.forEach(function (d) {
      var sleutel = d + "|" + r.week;
      perDag[sleutel] = (perDag[sleutel] || []).concat([r.tijd]);
    });
  });
  var groepen = [];
  DAGEN.forEach(function (d) {
    ["", "1", "2", "3", "4", "-1"].forEach(function (week) {
      var tijden = perDag[d + "|" + week];
      if (!tijden) return;
      var uren = tijden.filter(function (t, i) { return tijden.indexOf(t) === i; }).sort().join(",");
      var groep = groepen.find(function (g) { return g.week === week && g.uren === uren; });
      if (groep) groep.dagen.push(d);
      else groepen.push({ dagen: [d], week: week, uren: uren });
    });
  });
  var wekelijks = {};
  groepen.forEach(function (g) { if (!g.week) g.dagen.forEach(function (d) { wekelijks[d] = true; }); });
  var tekst = "";
  groepen.filter(function (g) { return !g.week; }).concat(groepen.filter(function (g) { return g.week; }))
    .forEach(function (g) {
      var regel = g.dagen.join(",") + (g.week ? "[" + g.week + "]" : "") + " " + g.uren;
      var erbij = g.week && g.dagen.some(function (d) { return wekelijks[d]; });
      tekst = tekst ? tekst + (erbij ? ", " : "; ") + regel : regel;
    });
  return tekst;
}

// Rows from a value the widget can show (day lists or ranges, one week pattern, one or more times);
// anything else stays in the text field as it is.
var DAG = "(?:Mo|Tu|We|Th|Fr|Sa|Su)";
var REGEL = new RegExp("^(" + DAG + "(?:-" + DAG + ")?(?:," + DAG + "(?:-" + DAG + ")?)*)" +
  "(?:\\[(-1|[1-4])\\])? (\\d\\d:\\d\\d-\\d\\d:\\d\\d(?:,\\d\\d:\\d\\d-\\d\\d:\\d\\d)*)$");
function dagenVan(lijst) {
  var dagen = [];
  lijst.split(",").forEach(function (deel) {
    var grenzen = deel.split("-");
    var van = DAGEN.indexOf(grenzen[0]);
    var tot = DAGEN.indexOf(grenzen[grenzen.length - 1]);
    for (var i = van; i <= tot; i++) dagen.push(DAGEN[i]);
  });
  return dagen;
}

function osmNaarRijen(osm) {
  var rijen = [];
  var feestdagen = false;
  var delen = (osm || "").split(/;|, +(?=(?:Mo|Tu|We|Th|Fr|Sa|Su)\b)/).map(function (d) { return d.trim(); }).filter(Boolean);
  for (var i = 0; i < delen.length; i++) {
    if (delen[i] === "PH off") { feestdagen = true; continue; }
    var m = REGEL.exec(delen[i]);
    if (!m) return null;
    var dagen = dagenVan(m[1]);
    m[3].split(",").forEach(function (tijd) {
      var grenzen = tijd.split("-");
      rijen.push({ dagen: dagen, week: m[2] || "", van: grenzen[0], tot: grenzen[1] });
    });
  }
  return { rijen: rijen, feestdagen: feestdagen };
}

function tijdenblok(blok) {
  var veld = blok.querySelector("input[name$='openingstijden']");
  var rijenvak = blok.querySelector(".tijden-rijen");
  var feestdagen = blok.querySelector(".tijden-feestdagen");
  var voorbeeld = blok.querySelector(".tijden-voorbeeld span");
  var wacht = null;

  function toon() {
    clearTimeout(wacht);
    wacht = setTimeout(function () {
      if (!veld.value.trim()) { voorbeeld.textContent = t("tijden_leeg"); return; }
      fetch(url("openingstijden") + "?osm=" + encodeURIComponent(veld.value))
        .then(function (r) { return r.json(); })
        .then(function (a) { voorbeeld.textContent = a.geldig ? a.leesbaar : t("tijden_ongeldig", { fout: a.fout }); });
    }, 150);
  }

  function schrijf() {
    // Without rows the text field holds what someone typed (or a value the rows cannot show): keep it.
    if (!rijenvak.children.length) { toon(); return; }
    var rijen = Array.prototype.map.call(rijenvak.children, rijWaarden).filter(Boolean);
    var osm = rijenNaarOsm(rijen);
    veld.value = osm && feestdagen.checked ? osm + "; PH off" : osm;
    toon();
  }

  function rij(waarden) {
    waarden = waarden || { dagen: [], week: "", van: "", tot: "" };
    var r = el("div", { class: "tijden-rij", role: "group", "aria-label": t("tijden_dagen") });
    DAGEN.forEach(function (d, i) {
      var label = el("label");
      var vink = el("input", { type: "checkbox", value: d });
      vink.checked = waarden.dagen.indexOf(d) >= 0;
      label.appendChild(vink);
      label.appendChild(document.createTextNode(dagnamen[i]));
      r.appendChild(label);
    });
    var week = el("select", { class: "tijden-week", "aria-label": t("tijden_week") });
    week.appendChild(el("option", { value: "" }, t("tijden_elke")));
    ["1", "2", "3", "4"].forEach(function (n) { week.appendChild(el("option", { value: n }, t("tijden_ne", { n: n }))); });
    week.appendChild(el("option", { value: "-1" }, t("tijden_laatste")));
    week.value = waarden.week;
    r.appendChild(week);
    [["tijden-van", "tijden_van", waarden.van], ["tijden-tot", "tijden_tot", waarden.tot]].forEach(function (v) {
      var label = el("label", {}, t(v[1]) + " ");
      var tijd = el("input", { type: "time", class: v[0], step: "300" });
      tijd.value = v[2];
      label.appendChild(tijd);
      r.appendChild(label);
    });
    var weg = el("button", { type: "button", class: "tijden-weg" }, t("tijden_weg"));
    weg.addEventListener("click", function () {
      r.remove();
      if (!rijenvak.children.length) veld.value = "";
      schrijf();
    });
    r.appendChild(weg);
    r.addEventListener("change", schrijf);
    r.addEventListener("input", schrijf);
    rijenvak.appendChild(r);
    return r;
  }

  var begin = osmNaarRijen(veld.value);
  if (begin) {
    begin.rijen.forEach(rij);
    feestdagen.checked = begin.feestdagen;
  }
  blok.querySelector(".tijden-erbij").addEventListener("click", function () {
    rij().querySelector("input").focus();
  });
  feestdagen.addEventListener("change", schrijf);
  veld.addEventListener("input", toon);
}

export function kaartformulieren() {
  document.querySelectorAll("fieldset.adres").forEach(adresblok);
  document.querySelectorAll("fieldset[data-tijden]").forEach(tijdenblok);
}
