// Filters the gemeenten as the user types; the form still works without JavaScript.
// A short list is all on the page and filters there; a long one (the whole country) is
// paginated by the server, so typing asks the server (/api/v1/gemeenten) for the matches.
import { t } from "./taal.js";

function zetRij(tbody, g) {
  const rij = tbody.insertRow();
  const naam = g.naam || g.code;  // a gemeente loaded only at wijk or buurt level has no name
  rij.setAttribute("data-zoek", `${naam.toLowerCase()} ${g.code.toLowerCase()}`);
  const link = document.createElement("a");
  link.href = g.url;
  link.textContent = naam;
  rij.insertCell().appendChild(link);
  rij.insertCell().textContent = g.code;
  for (const [waarde, getal] of [[g.inwoners_tekst, true], [String(g.wijken), true], [String(g.buurten), true], [g.jaren.join(", "), false]]) {
    const cel = rij.insertCell();
    cel.textContent = waarde;
    if (getal) cel.className = "getal";
  }
}

export function gemeentefilter() {
  const invoer = document.querySelector("input[data-filter-tabel]");
  if (!invoer) return;
  const tabel = document.getElementById(invoer.getAttribute("data-filter-tabel"));
  const teller = document.getElementById("aantal-gemeenten");
  const tbody = tabel.tBodies[0];
  const rijen = Array.prototype.slice.call(tbody.rows);
  const totaal = teller ? teller.dataset.totaal : "";
  if (invoer.dataset.compleet === "ja") {
    invoer.addEventListener("input", () => {
      const zoek = invoer.value.trim().toLowerCase();
      let zichtbaar = 0;
      rijen.forEach((rij) => {
        const past = rij.getAttribute("data-zoek").indexOf(zoek) !== -1;
        rij.hidden = !past;
        if (past) zichtbaar += 1;
      });
      if (teller) teller.textContent = t("gemeenten_van", { zichtbaar, totaal });
    });
    return;
  }
  // An emptied search shows the page the server sent again: its rows, its page links, its counter.
  const nav = document.querySelector("nav.paginas");
  const eigenTeller = teller ? teller.textContent : "";
  let wacht = null;
  let laatste = 0;
  invoer.addEventListener("input", () => {
    clearTimeout(wacht);
    if (invoer.value.trim() === "") {
      laatste += 1;  // an answer still on its way is dropped
      tbody.replaceChildren(...rijen);
      if (nav) nav.hidden = false;
      if (teller) teller.textContent = eigenTeller;
      return;
    }
    wacht = setTimeout(async () => {
      const vraag = ++laatste;
      const url = `${invoer.dataset.api}?q=${encodeURIComponent(invoer.value.trim())}`;
      const antwoord = await fetch(url, { headers: { Accept: "application/json" } });
      if (!antwoord.ok || vraag !== laatste) return; // an older answer arriving late is dropped
      const data = await antwoord.json();
      while (tbody.rows.length) tbody.deleteRow(0);
      data.gemeenten.forEach((g) => zetRij(tbody, g));
      // The page links belong to the unfiltered list; more matches than one page are paged by the form.
      if (nav) nav.hidden = true;
      if (teller) {
        let tekst = t("gemeenten_van", { zichtbaar: data.gevonden, totaal });
        if (data.gevonden > data.gemeenten.length) tekst += " · " + t("gemeenten_meer", { getoond: data.gemeenten.length });
        teller.textContent = tekst;
      }
    }, 200);
  });
}
