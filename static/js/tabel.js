// Sortable tables: a button in each header sorts by that column; aria-sort tells screen readers.
(function () {
  "use strict";
  function waarde(rij, kolom, soort) {
    var tekst = rij.cells[kolom].getAttribute("data-waarde");
    if (soort === "tekst") return (tekst || "").toLowerCase();
    return tekst === "" || tekst === null ? null : parseFloat(tekst);
  }
  function sorteer(tabel, knop) {
    var kolom = parseInt(knop.getAttribute("data-kolom"), 10);
    var soort = knop.getAttribute("data-soort");
    var th = knop.parentNode;
    var oplopend = th.getAttribute("aria-sort") !== "ascending";
    tabel.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", oplopend ? "ascending" : "descending");
    var body = tabel.tBodies[0];
    var rijen = Array.prototype.slice.call(body.rows);
    rijen.sort(function (a, b) {
      var x = waarde(a, kolom, soort), y = waarde(b, kolom, soort);
      if (x === null && y === null) return 0;
      if (x === null) return 1;  // unknown values last, whichever way
      if (y === null) return -1;
      var c = soort === "tekst" ? x.localeCompare(y, "nl") : x - y;
      return oplopend ? c : -c;
    });
    rijen.forEach(function (r) { body.appendChild(r); });
  }
  document.addEventListener("click", function (event) {
    var knop = event.target.closest && event.target.closest("th button[data-kolom]");
    if (!knop) return;
    sorteer(knop.closest("table"), knop);
  });
})();
