// Copies the front-end files the pages use from node_modules to static/vendor,
// so Flask serves them itself and no page loads code from a CDN.
import { cpSync, rmSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "static", "vendor");
const copies = [
  ["node_modules/leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  ["node_modules/leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["node_modules/leaflet/dist/images", "leaflet/images"],
  ["node_modules/leaflet/LICENSE", "leaflet/LICENSE"],
  ["node_modules/leaflet.markercluster/dist/leaflet.markercluster.js", "markercluster/leaflet.markercluster.js"],
  ["node_modules/leaflet.markercluster/dist/MarkerCluster.css", "markercluster/MarkerCluster.css"],
  ["node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css", "markercluster/MarkerCluster.Default.css"],
  ["node_modules/leaflet.markercluster/MIT-LICENCE.txt", "markercluster/MIT-LICENCE.txt"],
  // the API documentation page (/api/v1/docs): Redoc reads the OpenAPI documents this server makes
  ["node_modules/redoc/bundles/redoc.standalone.js", "redoc/redoc.standalone.js"],
  ["node_modules/redoc/LICENSE", "redoc/LICENSE"],
];
rmSync(vendor, { recursive: true, force: true });
for (const [from, to] of copies) {
  mkdirSync(dirname(join(vendor, to)), { recursive: true });
  cpSync(join(root, from), join(vendor, to), { recursive: true });
}
console.log(`copied ${copies.length} front-end assets to static/vendor`);
