// Sortable tables: a button in each header sorts by that column; aria-sort tells screen readers.
function waarde(rij, kolom, soort) {
  const tekst = rij.cells[kolom].getAttribute("data-waarde");
  if (soort === "tekst") return (tekst || "").toLowerCase();
  return tekst === "" || tekst === null ? null : parseFloat(tekst);
}

function sorteer(tabel, knop) {
  const kolom = parseInt(knop.getAttribute("data-kolom"), 10);
  const soort = knop.getAttribute("data-soort");
  const th = knop.parentNode;
  const oplopend = th.getAttribute("aria-sort") !== "ascending";
  tabel.querySelectorAll("th[aria-sort]").forEach((h) => h.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort", oplopend ? "ascending" : "descending");
  const body = tabel.tBodies[0];
  const rijen = Array.prototype.slice.call(body.rows);
  rijen.sort((a, b) => {
    const x = waarde(a, kolom, soort);
    const y = waarde(b, kolom, soort);
    if (x === null && y === null) return 0;
    if (x === null) return 1;  // unknown values last, whichever way
    if (y === null) return -1;
    const c = soort === "tekst" ? x.localeCompare(y, "nl") : x - y;
    return oplopend ? c : -c;
  });
  rijen.forEach((r) => body.appendChild(r));
}

export function sorteerbareTabellen() {
  document.addEventListener("click", (event) => {
    const knop = event.target.closest && event.target.closest("th button[data-kolom]");
    if (!knop) return;
    sorteer(knop.closest("table"), knop);
  });
}
