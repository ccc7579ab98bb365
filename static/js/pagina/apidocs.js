// The API documentation page: Redoc (served from this server, no CDN) draws the chosen OpenAPI document,
// in the site's own colours (Redoc's defaults are too pale on their tinted backgrounds for WCAG AA).
import { kleur } from "../lib/taal.js";

function apidocs() {
  const vak = document.getElementById("apidocs");
  if (!vak || !window.Redoc) return;
  const thema = {
    colors: {
      primary: { main: kleur("--accent") },
      success: { main: kleur("--bericht-rand") },
      error: { main: kleur("--fout") },
      text: { primary: kleur("--tekst"), secondary: kleur("--tekst-gedempt") },
    },
    typography: { fontFamily: "inherit", headings: { fontFamily: "inherit" } },
  };
  window.Redoc.init(
    vak.dataset.document,
    // Search runs in a blob: worker, which the Content-Security-Policy does not allow.
    { disableSearch: true, expandResponses: "200", theme: thema },
    vak,
  );
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", apidocs);
else apidocs();
