// The gemeente map page: Leaflet set up in the page's language, then folium's map (wrapped in a
// function by gemeente.html) built with the region and aanbod layers of this project.
import { aanbodLaag } from "../lib/aanbod.js";
import { bereidKaartVoor, gebiedenLaag } from "../lib/kaart.js";

bereidKaartVoor();
// The names folium's layer template calls (wijkkaart/uitvoer/folium/api_laag.js).
window.wijkkaart = { gebiedenLaag, aanbodLaag };
window.wijkkaartKaart();
