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

  window.wijkkaart = Object.assign(window.wijkkaart || {}, { t: t, taal: taal });
})();
