// Region layers for the folium map: fetch GeoJSON from the API for the current
// zoom level, colour it by the legend's classes and build tooltips from DOM
// nodes (textContent), so no name from a data file is ever parsed as HTML.
(function () {
  "use strict";
  var t = window.wijkkaart.t;  // texts in the page's language (static/js/taal.js)
  var getal = new Intl.NumberFormat(window.wijkkaart.taal, { maximumFractionDigits: 1 });

  function formatteer(waarde, eenheid) {
    if (waarde === null || waarde === undefined) return t("onbekend");
    var tekst = getal.format(waarde);
    if (eenheid === "%") return tekst + "%";
    if (eenheid === "aantal" || eenheid === "klasse" || !eenheid) return tekst;
    return tekst + " " + eenheid;
  }

  function kleur(waarde, opties) {
    if (waarde === null || waarde === undefined) return opties.onbekendKleur;
    for (var i = 0; i < opties.grenzen.length; i++) {
      if (waarde <= opties.grenzen[i]) return opties.kleuren[i];
    }
    return opties.kleuren[opties.kleuren.length - 1];
  }

  function tooltip(props, velden) {
    var root = document.createElement("div");
    root.className = "gebied-tooltip";
    var naam = document.createElement("strong");
    naam.textContent = props.naam || props.code;
    root.appendChild(naam);
    var code = document.createElement("span");
    code.className = "code";
    code.textContent = props.code;
    root.appendChild(code);
    var lijst = document.createElement("dl");
    velden.forEach(function (veld) {
      var dt = document.createElement("dt");
      dt.textContent = veld.label + (veld.eenheid === "%" ? " (%)" : "");
      var dd = document.createElement("dd");
      dd.textContent = formatteer(props[veld.naam], veld.eenheid === "%" ? "" : veld.eenheid_tekst);
      lijst.appendChild(dt);
      lijst.appendChild(dd);
    });
    root.appendChild(lijst);
    if (props.uitleg) {
      var uitleg = document.createElement("p");
      uitleg.className = "uitleg";
      uitleg.textContent = props.uitleg;
      root.appendChild(uitleg);
    }
    return root;
  }

  function pane(map, naam, zIndex, klikbaar) {
    if (!map.getPane(naam)) {
      var p = map.createPane(naam);
      p.style.zIndex = zIndex;
      if (!klikbaar) p.style.pointerEvents = "none";
    }
    return naam;
  }

  function melding(tekst) {
    var el = document.getElementById("kaart-melding");
    if (!el) return;
    el.textContent = tekst;
    el.hidden = !tekst;
  }

  function gebiedenLaag(map, opties) {
    var vlakken = opties.rol === "vlakken";
    var laag = L.geoJSON(null, {
      pane: vlakken ? pane(map, "gebieden", 410, true) : pane(map, "grenzen", 420, false),
      interactive: vlakken,
      style: function (feature) {
        if (!vlakken) return { color: "#222", weight: 2.5, fill: false, opacity: 0.9 };
        var waarde = opties.kerncijfer ? feature.properties[opties.kerncijfer] : null;
        var onbekend = waarde === null || waarde === undefined;
        return {
          fillColor: kleur(waarde, opties), fillOpacity: 0.72,
          color: "#ffffff", weight: 1, dashArray: onbekend ? "3 3" : null
        };
      },
      onEachFeature: function (feature, l) {
        if (vlakken) l.bindTooltip(tooltip(feature.properties, opties.velden), { sticky: true });
        if (vlakken && opties.link) {
          l.on("click", function () {
            window.location.href = opties.link.replace("{code}", encodeURIComponent(feature.properties.code));
          });
        }
      }
    });
    var geladenZoom = null;
    var verzoek = 0;
    function laad() {
      var zoom = Math.round(map.getZoom());
      if (zoom === geladenZoom) return;
      geladenZoom = zoom;
      var nummer = ++verzoek;
      var url = opties.url + (opties.url.indexOf("?") === -1 ? "?" : "&") + "zoom=" + zoom;
      fetch(url, { headers: { Accept: "application/geo+json" } })
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          if (nummer !== verzoek) return;  // a newer zoom level's answer wins
          laag.clearLayers();
          laag.addData(data);
          melding("");
          map.getContainer().setAttribute("data-geladen-" + opties.rol, String(data.features.length));
        })
        .catch(function (err) {
          geladenZoom = null;
          melding(t("gebieden_mislukt", { fout: err.message }));
        });
    }
    // Wait until folium's script has fitted the map to the gemeente, then load
    // for that zoom level; reload when the user zooms.
    setTimeout(laad, 0);
    map.on("zoomend", laad);
    return laag;
  }

  // Leaflet's own controls speak the page's language; on a phone the layer list starts folded
  // so it does not cover the map (it opens with a tap, or Enter on its button).
  if (window.L) {
    window.wijkkaart.leafletInTaal();
    L.Control.Layers.addInitHook(function () {
      if (window.matchMedia("(max-width: 640px)").matches) this.options.collapsed = true;
    });
  }

  // Selects that change the map submit their form at once.
  document.addEventListener("change", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-autosubmit")) event.target.form.submit();
  });

  window.wijkkaart = Object.assign(window.wijkkaart || {}, { gebiedenLaag: gebiedenLaag, formatteer: formatteer });
})();
