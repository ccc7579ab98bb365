// Filters the gemeenten table as the user types; the form still works without JavaScript.
(function () {
  "use strict";
  var invoer = document.querySelector("input[data-filter-tabel]");
  if (!invoer) return;
  var tabel = document.getElementById(invoer.getAttribute("data-filter-tabel"));
  var teller = document.getElementById("aantal-gemeenten");
  var rijen = Array.prototype.slice.call(tabel.tBodies[0].rows);
  function filter() {
    var zoek = invoer.value.trim().toLowerCase();
    var zichtbaar = 0;
    rijen.forEach(function (rij) {
      var past = rij.getAttribute("data-zoek").indexOf(zoek) !== -1;
      rij.hidden = !past;
      if (past) zichtbaar += 1;
    });
    if (teller) teller.textContent = window.wijkkaart.t("gemeenten_van", { zichtbaar: zichtbaar, totaal: teller.dataset.totaal });
  }
  invoer.addEventListener("input", filter);
})();
