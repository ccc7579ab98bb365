// Filters the gemeenten table as the user types; the form still works without JavaScript.
import { t } from "./taal.js";

export function gemeentefilter() {
  const invoer = document.querySelector("input[data-filter-tabel]");
  if (!invoer) return;
  const tabel = document.getElementById(invoer.getAttribute("data-filter-tabel"));
  const teller = document.getElementById("aantal-gemeenten");
  const rijen = Array.prototype.slice.call(tabel.tBodies[0].rows);
  invoer.addEventListener("input", () => {
    const zoek = invoer.value.trim().toLowerCase();
    let zichtbaar = 0;
    rijen.forEach((rij) => {
      const past = rij.getAttribute("data-zoek").indexOf(zoek) !== -1;
      rij.hidden = !past;
      if (past) zichtbaar += 1;
    });
    if (teller) teller.textContent = t("gemeenten_van", { zichtbaar, totaal: teller.dataset.totaal });
  });
}
