/*
 * atlas.js: the interactive part of the landscape atlas.
 *
 * The page inlines Leaflet and fold.js (landscapeFold) just before this script
 * and the atlas's data in the JSON block #atlas-data (written by
 * landscape/render/atlas/payload.py; its "fold" entry is the place-word table
 * of landscape/_text.py). This script draws the data with Leaflet and adds the
 * controls a planner needs: grouped layer control, legend, filter, summary,
 * search, popups, measure, full screen, overview inset and scale bar. Nothing
 * here loads anything from the network; the OpenStreetMap basemap is an
 * optional layer, off by default.
 *
 * Safety rule: every text that comes from the data is put on the page with
 * textContent (through el()), never as HTML. Leaflet's popups and tooltips
 * receive DOM elements, never strings.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("atlas-data").textContent);
  var T = DATA.t;
  var SCALE = DATA.scale;

  // Sequential ramp for choropleths (light to dark), plus the two special classes.
  var PALETTE = ["#edf8d5", "#b4e0b0", "#6cc1a9", "#2d8fb4", "#21468f"];
  var ZERO_COLOUR = "#f1ede4";
  var NODATA_COLOUR = "#ffffff";
  var DESA_LABEL_ZOOM = 12;
  var POPUP_LIST_LIMIT = 15;
  var EARTH_RADIUS_M = 6371008.8;

  var TYPE = {};
  DATA.orgTypes.forEach(function (type) { TYPE[type.key] = type; });

  // ------------------------------------------------------------------ helpers

  /** Create an element with an optional class and text (always as textContent). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  /** Append children (nodes or plain strings, the latter as text nodes). */
  function append(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) { continue; }
      parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return parent;
  }

  /** Fill {name} placeholders of a label from T (the result is used as text). */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  /** A coloured square for legends and lists. */
  function swatch(colour, kind) {
    var box = el("span", "atlas-swatch" + (kind ? " atlas-swatch-" + kind : ""));
    box.style.background = colour;
    return box;
  }

  /** Alphabetical order ignoring case and accents (cheaper than localeCompare). */
  function compareText(a, b) {
    var x = fold(a);
    var y = fold(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  function compareNumbers(a, b) {
    var x = Number(a);
    var y = Number(b);
    if (isNaN(x) || isNaN(y)) { return isNaN(x) - isNaN(y) || compareText(a, b); }
    return x - y;
  }

  function unique(values) {
    var seen = new Set();
    return values.filter(function (value) {
      if (value === "" || seen.has(value)) { return false; }
      seen.add(value);
      return true;
    });
  }

  // The folding rules of landscape/_text.py (fold.js), with the place-word table
  // the page's data carries: text() for sorting, place() for the search.
  var FOLD = landscapeFold(DATA.fold);
  var fold = FOLD.text;

  // ------------------------------------------------------------------ numbers

  /** Format with the thousands and decimal separators of the page's language. */
  function formatNumber(value, decimals) {
    var fixed = Math.abs(value).toFixed(decimals || 0).split(".");
    var whole = fixed[0].replace(/\B(?=(\d{3})+(?!\d))/g, T.thousand_sep);
    var sign = value < 0 && Number(fixed.join(".")) !== 0 ? "-" : "";
    return sign + whole + (fixed[1] ? T.decimal_sep + fixed[1] : "");
  }

  /** Numbers of any size: whole numbers as such, others with 0-2 decimals. */
  function formatValue(value) {
    if (value === null || value === undefined) { return T.legend_nodata; }
    if (Number.isInteger(value)) { return formatNumber(value, 0); }
    var size = Math.abs(value);
    return formatNumber(value, size >= 100 ? 0 : size >= 1 ? 1 : 2);
  }

  /** Rupiah in words: "Rp 150 juta", "Rp 1,2 miliar" (or "IDR 1.2 billion"). */
  function formatBudget(value) {
    if (value === null || value === undefined) { return "–"; }
    var steps = [[1e12, T.trillion], [1e9, T.billion], [1e6, T.million]];
    for (var i = 0; i < steps.length; i++) {
      if (Math.abs(value) >= steps[i][0]) {
        var scaled = Math.round(value / steps[i][0] * 100) / 100;
        var decimals = Number.isInteger(scaled) ? 0 : Number.isInteger(scaled * 10) ? 1 : 2;
        return T.currency + " " + formatNumber(scaled, decimals) + " " + steps[i][1];
      }
    }
    return T.currency + " " + formatNumber(value, 0);
  }

  function formatHa(value) {
    return value === null || value === undefined ? "" : formatValue(value) + " ha";
  }

  function formatPeriod(act) {
    if (!act.start && !act.end) { return T.unknown_date; }
    return (act.start || "?") + " – " + (act.end || T.ongoing);
  }

  // ----------------------------------------------------------------- geometry

  /**
   * Decode integer deltas into Leaflet lat/lng arrays: a list of parts, each a
   * list of rings (see landscape/_atlas_geometry.py). Deltas run on across rings.
   */
  function decode(encoded) {
    var x = 0;
    var y = 0;
    return encoded.map(function (part) {
      return part.map(function (ring) {
        var points = [];
        for (var i = 0; i < ring.length; i += 2) {
          x += ring[i];
          y += ring[i + 1];
          points.push([y / SCALE, x / SCALE]);
        }
        return points;
      });
    });
  }

  function decodePoint(point) {
    return point ? L.latLng(point[1] / SCALE, point[0] / SCALE) : null;
  }

  /** Build a Leaflet layer for an encoded polygon, line or point geometry. */
  function makeShape(kind, encoded, options) {
    var parts = decode(encoded);
    if (kind === "polygon") { return L.polygon(parts, options); }
    if (kind === "line") {
      return L.polyline(parts.map(function (part) { return part[0]; }), options);
    }
    var points = parts.map(function (part) { return part[0][0]; });
    if (points.length === 1) { return L.circleMarker(points[0], options); }
    return L.featureGroup(points.map(function (point) { return L.circleMarker(point, options); }));
  }

  function haversine(a, b) {
    var rad = Math.PI / 180;
    var dLat = (b.lat - a.lat) * rad;
    var dLng = (b.lng - a.lng) * rad;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** Area of a ring on the sphere, in square metres (spherical excess). */
  function sphericalArea(points) {
    var rad = Math.PI / 180;
    var total = 0;
    for (var i = 0; i < points.length; i++) {
      var p1 = points[i];
      var p2 = points[(i + 1) % points.length];
      total += (p2.lng - p1.lng) * rad * (2 + Math.sin(p1.lat * rad) + Math.sin(p2.lat * rad));
    }
    return Math.abs(total * EARTH_RADIUS_M * EARTH_RADIUS_M / 2);
  }

  // ---------------------------------------------------------------------- map

  var bounds = L.latLngBounds([DATA.bounds[1], DATA.bounds[0]], [DATA.bounds[3], DATA.bounds[2]]);
  var map = L.map("atlas-map", {
    minZoom: DATA.minZoom, maxZoom: DATA.maxZoom, zoomSnap: 0.25,
    maxBounds: bounds.pad(1), attributionControl: true
  });
  map.fitBounds(bounds, { padding: [8, 8] });

  /** A map pane at a given z-index with its own SVG renderer. */
  function pane(name, zIndex) {
    map.createPane(name).style.zIndex = String(zIndex);
    return L.svg({ pane: name, padding: 0.5 });
  }
  var RENDER = {
    desa: pane("atlas-desa", 402),
    landscape: pane("atlas-landscape", 404),
    kecamatan: pane("atlas-kecamatan", 406),
    areas: pane("atlas-areas", 408),
    measure: pane("atlas-measure", 640)
  };
  map.createPane("atlas-labels").style.zIndex = "450";

  var osm = L.tileLayer(DATA.tiles, {
    maxZoom: 19,
    attribution: "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>"
  });

  /** Open a popup built on demand (so it shows the current filter), unless measuring. */
  function popupOnClick(layer, build) {
    layer.on("click", function (event) {
      if (measure.active) { return; }
      openPopup(event.latlng, build());
    });
  }

  function openPopup(latlng, content) {
    L.popup({ maxWidth: 380, maxHeight: 360, autoPanPadding: [24, 24] })
      .setLatLng(latlng).setContent(content).openOn(map);
  }

  function tooltip(layer, text) {
    if (text) { layer.bindTooltip(function () { return el("span", null, text); }, { sticky: true }); }
  }

  /**
   * A map label: a non-interactive marker whose icon holds the text. (Leaflet
   * tooltips would measure the page each time they are placed; markers do not.)
   */
  function label(latlng, text, className) {
    return L.marker(latlng, {
      pane: "atlas-labels", interactive: false, keyboard: false,
      icon: L.divIcon({ className: className, html: el("span", null, text), iconSize: null })
    });
  }

  // Desa: one polygon each, coloured by the active choropleth.
  var desaByCode = {};
  var desaLayer = L.featureGroup();
  var desaLabels = L.layerGroup();
  DATA.desa.forEach(function (desa) {
    desaByCode[desa.code] = desa;
    if (!desa.g) { return; }
    desa.layer = L.polygon(decode(desa.g), {
      renderer: RENDER.desa, className: "atlas-desa", color: "#6b6b6b", weight: 0.6,
      opacity: 0.8, fillColor: NODATA_COLOUR, fillOpacity: 0
    });
    popupOnClick(desa.layer, function () { return desaPopup(desa); });
    tooltip(desa.layer, desa.name);
    desaLayer.addLayer(desa.layer);
    if (desa.p) { desaLabels.addLayer(label(decodePoint(desa.p), desa.name, "atlas-label atlas-label-desa")); }
  });

  // Kecamatan: outlines and name labels.
  var kecByCode = {};
  var kecLayer = L.featureGroup();
  var kecLabels = L.layerGroup();
  DATA.kecamatan.forEach(function (kec) {
    kecByCode[kec.code] = kec;
    if (!kec.g) { return; }
    kec.layer = L.polygon(decode(kec.g), {
      renderer: RENDER.kecamatan, className: "atlas-kecamatan", color: "#262626", weight: 1.8,
      opacity: 0.9, fill: false
    });
    popupOnClick(kec.layer, function () { return kecamatanPopup(kec); });
    tooltip(kec.layer, kec.name);
    kecLayer.addLayer(kec.layer);
    if (kec.p) { kecLabels.addLayer(label(decodePoint(kec.p), kec.name, "atlas-label atlas-label-kecamatan")); }
  });

  // Partner areas: one group per organisation type, filled by the filter.
  var actById = {};
  DATA.activities.forEach(function (act) { actById[act.id] = act; });
  var areaGroups = {};
  DATA.areas.forEach(function (area) {
    if (!area.g) { return; }
    var colour = TYPE[area.type].colour;
    var point = area.kind === "point";
    area.layer = makeShape(area.kind, area.g, {
      renderer: RENDER.areas, className: "atlas-area atlas-area-" + area.type, color: point ? "#ffffff" : colour,
      weight: point ? 1.5 : area.kind === "line" ? 3 : 2, opacity: 1, fillColor: colour,
      fillOpacity: point ? 0.95 : 0.3, radius: 6, dashArray: area.kind === "line" ? "6 4" : null
    });
    popupOnClick(area.layer, function () { return areaPopup(area); });
    tooltip(area.layer, area.name || area.org);
    if (!areaGroups[area.type]) { areaGroups[area.type] = L.featureGroup(); }
  });

  // Landscape layers: vectors coloured by class, rasters as image overlays.
  var vectorLayers = DATA.vectors.map(function (vector, index) {
    var group = L.featureGroup();
    vector.features.forEach(function (feature) {
      if (!feature.g) { return; }
      var layer = makeShape(feature.kind, feature.g, {
        renderer: RENDER.landscape, className: "atlas-vector atlas-vector-" + index,
        color: feature.colour, weight: 1, opacity: 0.9, fillColor: feature.colour,
        fillOpacity: 0.45, radius: 5
      });
      popupOnClick(layer, function () { return vectorPopup(vector, feature); });
      tooltip(layer, feature.name || feature.label);
      group.addLayer(layer);
    });
    return group;
  });
  var rasterLayers = DATA.rasters.map(function (raster, index) {
    var b = raster.bounds;
    return L.imageOverlay(raster.src, [[b[1], b[0]], [b[3], b[2]]], {
      pane: "atlas-landscape", className: "atlas-raster atlas-raster-" + index, opacity: 0.75
    });
  });

  // ------------------------------------------------------------ filter, stats

  var filter = { org: "", type: "", theme: "", item: "", year: "" };
  var choropleth = "n_activities";

  function passes(act) {
    if (filter.org && act.org !== filter.org) { return false; }
    if (filter.type && act.type !== filter.type) { return false; }
    if (filter.theme && act.theme !== filter.theme) { return false; }
    if (filter.item && act.items.indexOf(filter.item) < 0) { return false; }
    if (filter.year) {
      var year = Number(filter.year);
      if (act.y0 === null || year < act.y0) { return false; }
      if (act.y1 !== null && year > act.y1) { return false; }
    }
    return true;
  }

  /** An area follows its activity; an area with no known activity follows its own org. */
  function areaPasses(area) {
    var act = actById[area.act];
    if (act) { return passes(act); }
    if (filter.theme || filter.item || filter.year) { return false; }
    if (filter.org && area.org !== filter.org) { return false; }
    return !filter.type || area.type === filter.type;
  }

  var stats = null;

  /** Everything the map, legend and summary show, from the filtered activities. */
  function computeStats() {
    var acts = DATA.activities.filter(passes);
    var perDesa = {};
    var orgs = new Set();
    var desaReached = new Set();
    var kecReached = new Set();
    var byType = {};
    var budget = 0;
    var notSplit = 0;
    acts.forEach(function (act) {
      orgs.add(act.org);
      byType[act.type] = (byType[act.type] || 0) + 1;
      if (act.budget !== null) { budget += act.budget; }
      act.kec.forEach(function (code) { if (kecByCode[code]) { kecReached.add(code); } });
      if (!act.desa.length) { notSplit += 1; }
      act.desa.forEach(function (code) {
        var desa = desaByCode[code];
        if (!desa) { return; }
        desaReached.add(code);
        if (kecByCode[desa.kec]) { kecReached.add(desa.kec); }
        var entry = perDesa[code] || (perDesa[code] = { orgs: new Set(), n: 0, budget: 0, acts: [] });
        entry.orgs.add(act.org);
        entry.n += 1;
        entry.acts.push(act);
        if (act.budget !== null) { entry.budget += act.budget / act.desa.length; }
      });
    });
    stats = { acts: acts, perDesa: perDesa, orgs: orgs.size, budget: budget, byType: byType,
      desa: desaReached.size, kecamatan: kecReached.size, notSplit: notSplit };
  }

  // --------------------------------------------------------------- choropleth

  function choroplethOptions() {
    var options = [
      { key: "", label: T.choro_none },
      { key: "n_activities", label: T.m_activities, zero: true },
      { key: "n_orgs", label: T.m_orgs, zero: true },
      { key: "budget", label: T.m_budget, zero: true, budget: true }
    ];
    DATA.measures.forEach(function (measure, index) {
      options.push({ key: "m:" + index, label: measure.label, unit: measure.unit, index: index });
    });
    return options;
  }
  var CHOROPLETHS = choroplethOptions();

  function currentChoropleth() {
    return CHOROPLETHS.filter(function (option) { return option.key === choropleth; })[0];
  }

  function desaValue(desa, option) {
    var entry = stats.perDesa[desa.code];
    if (option.key === "n_activities") { return entry ? entry.n : 0; }
    if (option.key === "n_orgs") { return entry ? entry.orgs.size : 0; }
    if (option.key === "budget") { return entry ? Math.round(entry.budget) : 0; }
    return desa.m[option.index];
  }

  /**
   * Up to five classes: each distinct value its own class when there are few,
   * else quantiles. Zero gets its own class for activity measures.
   */
  function classify(values, zeroClass) {
    var pool = values.filter(function (v) { return v !== null && (!zeroClass || v > 0); })
      .sort(function (a, b) { return a - b; });
    var distinct = unique(pool);
    if (distinct.length <= PALETTE.length) {
      return distinct.map(function (v) { return { lo: v, hi: v }; });
    }
    var uppers = [];
    for (var k = 1; k <= PALETTE.length; k++) {
      var upper = pool[Math.ceil(k * pool.length / PALETTE.length) - 1];
      if (!uppers.length || upper > uppers[uppers.length - 1]) { uppers.push(upper); }
    }
    return uppers.map(function (hi, i) {
      var lo = i === 0 ? pool[0] : pool.filter(function (v) { return v > uppers[i - 1]; })[0];
      return { lo: lo, hi: hi };
    });
  }

  function classColour(index, count) {
    if (count === 1) { return PALETTE[3]; }
    return PALETTE[Math.round(index * (PALETTE.length - 1) / (count - 1))];
  }

  function colourFor(value, option, classes) {
    if (value === null || value === undefined) { return NODATA_COLOUR; }
    if (option.zero && value <= 0) { return ZERO_COLOUR; }
    for (var i = 0; i < classes.length; i++) {
      if (value <= classes[i].hi) { return classColour(i, classes.length); }
    }
    return classColour(classes.length - 1, classes.length);
  }

  function formatFor(option, value) {
    if (option.budget) { return formatBudget(value); }
    return formatValue(value) + (option.unit ? " " + option.unit : "");
  }

  var choroplethClasses = [];

  function restyleDesa() {
    var option = currentChoropleth();
    if (!option.key) {
      choroplethClasses = [];
      desaLayer.setStyle({ fillOpacity: 0 });
      return;
    }
    var values = DATA.desa.map(function (desa) { return desaValue(desa, option); });
    choroplethClasses = classify(values, option.zero);
    DATA.desa.forEach(function (desa, i) {
      if (!desa.layer) { return; }
      desa.layer.setStyle({ fillColor: colourFor(values[i], option, choroplethClasses), fillOpacity: 0.75 });
    });
  }

  // ------------------------------------------------------------------- popups

  function row(list, term, value) {
    if (value === null || value === undefined || value === "") { return; }
    append(list, el("dt", null, term), el("dd", null, value));
  }

  /** Who, what, when, budget, funding, action item and land status of an activity. */
  function activityBlock(act) {
    var block = el("div", "atlas-activity");
    append(block, el("div", "atlas-activity-title", act.title || act.id));
    var list = el("dl", "atlas-facts");
    var who = act.org + (act.typeText ? " (" + act.typeText + ")" : "");
    row(list, T.who, who);
    var what = [act.theme, act.precision ? T["precision_" + act.precision] || act.precision : ""]
      .filter(Boolean).join(" · ");
    row(list, T.what_label, what);
    row(list, T.when, formatPeriod(act));
    row(list, T.budget, act.budget === null ? "" : formatBudget(act.budget));
    row(list, T.funding, act.funding);
    row(list, T.items, act.items.join(", "));
    row(list, T.land, act.land);
    append(block, list);
    return block;
  }

  function activityList(container, acts) {
    append(container, el("h4", null, T.activities_here));
    if (!acts.length) {
      append(container, el("p", "atlas-muted", T.none_here));
      return;
    }
    acts.slice(0, POPUP_LIST_LIMIT).forEach(function (act) { append(container, activityBlock(act)); });
    if (acts.length > POPUP_LIST_LIMIT) {
      append(container, el("p", "atlas-muted", fill(T.more, { n: acts.length - POPUP_LIST_LIMIT })));
    }
  }

  function popupHead(title, subtitle) {
    var box = el("div", "atlas-popup");
    append(box, el("h3", null, title), subtitle ? el("p", "atlas-popup-sub", subtitle) : null);
    return box;
  }

  function desaPopup(desa) {
    var box = popupHead(desa.name, T.kind_kecamatan + " " + desa.kecName + " · " + T.code + " " + desa.code);
    var list = el("dl", "atlas-facts");
    CHOROPLETHS.forEach(function (option) {
      if (option.key) { row(list, option.label, formatFor(option, desaValue(desa, option))); }
    });
    row(list, T.land, desa.land);
    append(box, list);
    var entry = stats.perDesa[desa.code];
    activityList(box, entry ? entry.acts : []);
    return box;
  }

  function kecamatanPopup(kec) {
    var box = popupHead(T.kind_kecamatan + " " + kec.name, T.code + " " + kec.code);
    var acts = stats.acts.filter(function (act) {
      return act.kec.indexOf(kec.code) >= 0 || act.desa.some(function (code) {
        return desaByCode[code] && desaByCode[code].kec === kec.code;
      });
    });
    var list = el("dl", "atlas-facts");
    row(list, T.m_activities, formatNumber(acts.length));
    row(list, T.m_orgs, formatNumber(new Set(acts.map(function (act) { return act.org; })).size));
    append(box, list);
    activityList(box, acts);
    return box;
  }

  function areaPopup(area) {
    var type = TYPE[area.type];
    var box = popupHead(area.name || T["kind_" + area.kind], area.org + " · " + (area.typeText || type.label));
    var list = el("dl", "atlas-facts");
    row(list, T.area, area.kind === "polygon" ? formatHa(area.ha) : "");
    var act = actById[area.act];
    if (!act) { row(list, T.who, area.org); }
    append(box, list, act ? activityBlock(act) : null);
    return box;
  }

  function vectorPopup(vector, feature) {
    var box = popupHead(feature.name || feature.label, vector.title);
    var list = el("dl", "atlas-facts");
    row(list, vector.title, feature.label);
    row(list, T.code, feature.code);
    append(box, list);
    return box;
  }

  // ------------------------------------------------------------- layer control

  /**
   * Our own grouped layer control: checkboxes per layer, radio buttons for the
   * choropleth. Every entry carries data-layer (or data-choropleth) for scripts.
   */
  var LAYERS = {};  // key -> Leaflet layer(s) toggled together
  LAYERS.basemap = [osm];
  LAYERS.kecamatan = [kecLayer, kecLabels];
  LAYERS.desa = [desaLayer];
  Object.keys(areaGroups).forEach(function (key) { LAYERS["areas:" + key] = [areaGroups[key]]; });
  DATA.vectors.forEach(function (vector, i) { LAYERS["vector:" + vector.id] = [vectorLayers[i]]; });
  DATA.rasters.forEach(function (raster, i) { LAYERS["raster:" + raster.id] = [rasterLayers[i]]; });
  var visible = {};

  function setVisible(key, on) {
    visible[key] = on;
    LAYERS[key].forEach(function (layer) {
      if (on) { map.addLayer(layer); } else { map.removeLayer(layer); }
    });
    if (key === "desa") { updateDesaLabels(); }
    renderLegend();
  }

  function updateDesaLabels() {
    var show = visible.desa && map.getZoom() >= DESA_LABEL_ZOOM;
    if (show && !map.hasLayer(desaLabels)) { map.addLayer(desaLabels); }
    if (!show && map.hasLayer(desaLabels)) { map.removeLayer(desaLabels); }
  }
  map.on("zoomend", updateDesaLabels);

  function checkbox(key, text, colour, kind) {
    var line = el("label", "atlas-layer-entry");
    var input = el("input");
    input.type = "checkbox";
    input.checked = !!visible[key];
    input.setAttribute("data-layer", key);
    input.addEventListener("change", function () { setVisible(key, input.checked); });
    append(line, input, colour ? swatch(colour, kind) : null, el("span", null, text));
    return line;
  }

  function group(title, entries) {
    var set = el("fieldset", "atlas-layer-group");
    append(set, el("legend", null, title));
    entries.forEach(function (entry) { append(set, entry); });
    return set;
  }

  function panelControl(position, id, title, startOpen) {
    var control = L.control({ position: position });
    control.onAdd = function () {
      var box = el("div", "atlas-panel leaflet-control" + (startOpen ? "" : " atlas-collapsed"));
      box.id = id;
      var head = el("button", "atlas-panel-head", title);
      head.type = "button";
      head.setAttribute("aria-expanded", startOpen ? "true" : "false");
      head.addEventListener("click", function () {
        var open = box.classList.toggle("atlas-collapsed") === false;
        head.setAttribute("aria-expanded", open ? "true" : "false");
      });
      control.body = el("div", "atlas-panel-body");
      append(box, head, control.body);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    return control;
  }

  function areaCount(typeKey) {
    return DATA.areas.filter(function (area) { return area.type === typeKey && area.g; }).length;
  }

  /** Groups, most used first: boundaries, choropleth, partner areas, landscape, basemap. */
  function buildLayerControl(body) {
    append(body, group(T.group_boundaries, [
      checkbox("kecamatan", T.layer_kecamatan, "#262626", "line"),
      checkbox("desa", T.layer_desa, "#6b6b6b", "line")
    ]));
    append(body, group(T.group_choropleth, CHOROPLETHS.map(function (option) {
      var line = el("label", "atlas-layer-entry");
      var input = el("input");
      input.type = "radio";
      input.name = "atlas-choropleth";
      input.value = option.key;
      input.checked = option.key === choropleth;
      input.setAttribute("data-choropleth", option.key);
      input.addEventListener("change", function () {
        if (input.checked) { choropleth = option.key; restyleDesa(); renderLegend(); }
      });
      return append(line, input, el("span", null, option.label));
    })));
    var areaEntries = DATA.orgTypes.filter(function (type) { return areaGroups[type.key]; })
      .map(function (type) {
        return checkbox("areas:" + type.key, type.label + " (" + formatNumber(areaCount(type.key)) + ")", type.colour);
      });
    if (areaEntries.length) { append(body, group(T.group_activities, areaEntries)); }
    var landscape = DATA.vectors.map(function (vector) { return checkbox("vector:" + vector.id, vector.title); })
      .concat(DATA.rasters.map(function (raster) { return checkbox("raster:" + raster.id, raster.title); }));
    if (landscape.length) { append(body, group(T.group_landscape, landscape)); }
    append(body, group(T.group_basemap, [checkbox("basemap", T.basemap_osm)]));
  }

  // ------------------------------------------------------------------- legend

  var legendControl = panelControl("bottomright", "atlas-legend", T.legend, true);

  function legendSection(key, title, rows) {
    var section = el("section", "atlas-legend-section");
    section.setAttribute("data-legend", key);
    append(section, el("h4", null, title));
    rows.forEach(function (entry) {
      append(section, append(el("div", "atlas-legend-row"), swatch(entry[0], entry[2]), el("span", null, entry[1])));
    });
    return section;
  }

  function renderLegend() {
    var body = legendControl.body;
    if (!body) { return; }
    body.textContent = "";
    var option = currentChoropleth();
    if (option.key && visible.desa) {
      var rows = [];
      if (option.zero) { rows.push([ZERO_COLOUR, T.legend_zero]); }
      choroplethClasses.forEach(function (cls, i) {
        var text = cls.lo === cls.hi ? formatFor(option, cls.lo) : formatFor(option, cls.lo) + " – " + formatFor(option, cls.hi);
        rows.push([classColour(i, choroplethClasses.length), text]);
      });
      if (!option.zero) { rows.push([NODATA_COLOUR, T.legend_nodata]); }
      append(body, legendSection("choropleth", option.label, rows));
    }
    var types = DATA.orgTypes.filter(function (type) { return visible["areas:" + type.key]; });
    if (types.length) {
      append(body, legendSection("orgtypes", T.legend_org_types, types.map(function (type) {
        return [type.colour, type.label];
      })));
    }
    DATA.vectors.forEach(function (vector) {
      if (visible["vector:" + vector.id]) { append(body, legendSection("vector:" + vector.id, vector.title, vector.legend)); }
    });
    DATA.rasters.forEach(function (raster) {
      if (visible["raster:" + raster.id]) { append(body, legendSection("raster:" + raster.id, raster.title, raster.legend)); }
    });
    var lines = [];
    if (visible.kecamatan) { lines.push(["#262626", T.layer_kecamatan, "line"]); }
    if (visible.desa) { lines.push(["#6b6b6b", T.layer_desa, "line"]); }
    if (lines.length) { append(body, legendSection("boundaries", T.group_boundaries, lines)); }
  }

  // ------------------------------------------------------------ side panel UI

  function selectField(id, text, options, onChange) {
    var wrap = el("div", "atlas-field");
    var lab = el("label", null, text);
    lab.htmlFor = id;
    var select = el("select");
    select.id = id;
    var all = el("option", null, T.all);
    all.value = "";
    append(select, all);
    options.forEach(function (option) {
      var node = el("option", null, option[1]);
      node.value = option[0];
      append(select, node);
    });
    select.addEventListener("change", function () { onChange(select.value); });
    return append(wrap, lab, select);
  }

  var FILTER_FIELDS = [
    ["org", T.filter_org, function () {
      return unique(DATA.activities.map(function (a) { return a.org; })
        .concat(DATA.areas.map(function (a) { return a.org; }))).sort(compareText)
        .map(function (org) { return [org, org]; });
    }],
    ["type", T.filter_type, function () {
      var present = new Set(DATA.activities.map(function (a) { return a.type; })
        .concat(DATA.areas.map(function (a) { return a.type; })));
      return DATA.orgTypes.filter(function (t) { return present.has(t.key); })
        .map(function (t) { return [t.key, t.label]; });
    }],
    ["theme", T.filter_theme, function () {
      return unique(DATA.activities.map(function (a) { return a.theme; })).sort(compareText)
        .map(function (theme) { return [theme, theme]; });
    }],
    ["item", T.filter_item, function () {
      var items = [];
      DATA.activities.forEach(function (a) { items = items.concat(a.items); });
      return unique(items).sort(compareNumbers).map(function (item) { return [item, item]; });
    }],
    ["year", T.filter_year, function () {
      return DATA.years.map(function (year) { return [String(year), String(year)]; });
    }]
  ];

  function buildFilter() {
    var section = document.getElementById("atlas-filter");
    append(section, el("h2", null, T.filter));
    FILTER_FIELDS.forEach(function (field) {
      append(section, selectField("filter-" + field[0], field[1], field[2](), function (value) {
        filter[field[0]] = value;
        update();
      }));
    });
    var reset = el("button", "atlas-button", T.reset);
    reset.type = "button";
    reset.id = "filter-reset";
    reset.addEventListener("click", function () { setFilter({}); });
    append(section, reset);
  }

  /** Set the whole filter (missing fields = all) and the selects that show it. */
  function setFilter(values) {
    FILTER_FIELDS.forEach(function (field) {
      filter[field[0]] = values[field[0]] || "";
      document.getElementById("filter-" + field[0]).value = filter[field[0]];
    });
    update();
  }

  function stat(id, term, value, text) {
    var wrap = el("div", "atlas-stat");
    var dd = el("dd", null, text);
    dd.id = id;
    dd.setAttribute("data-value", String(value));
    return append(wrap, el("dt", null, term), dd);
  }

  function renderSummary() {
    var section = document.getElementById("atlas-summary");
    section.textContent = "";
    append(section, el("h2", null, T.summary));
    var nDesa = DATA.desa.length;
    var nKec = DATA.kecamatan.length;
    append(section, append(el("dl", "atlas-stats"),
      stat("sum-activities", T.sum_activities, stats.acts.length, formatNumber(stats.acts.length)),
      stat("sum-orgs", T.sum_orgs, stats.orgs, formatNumber(stats.orgs)),
      stat("sum-budget", T.sum_budget, stats.budget, formatBudget(stats.budget)),
      stat("sum-desa", T.sum_desa, stats.desa, formatNumber(stats.desa) + " " + T.of + " " + formatNumber(nDesa)),
      stat("sum-kecamatan", T.sum_kecamatan, stats.kecamatan, formatNumber(stats.kecamatan) + " " + T.of + " " + formatNumber(nKec))
    ));
    var types = DATA.orgTypes.filter(function (type) { return stats.byType[type.key]; });
    if (types.length) {
      append(section, el("h3", null, T.sum_by_type));
      var list = el("ul", "atlas-by-type");
      types.forEach(function (type) {
        var item = append(el("li"), swatch(type.colour), el("span", null, type.label),
          el("span", "atlas-count", formatNumber(stats.byType[type.key])));
        item.setAttribute("data-type", type.key);
        append(list, item);
      });
      append(section, list);
    }
    if (stats.notSplit) { append(section, el("p", "atlas-muted", fill(T.sum_note, { n: formatNumber(stats.notSplit) }))); }
  }

  // ------------------------------------------------------------------- search

  var SEARCH = [];
  DATA.desa.forEach(function (desa) {
    SEARCH.push({ kind: "desa", text: desa.name, sub: T.kind_kecamatan + " " + desa.kecName, item: desa });
  });
  DATA.kecamatan.forEach(function (kec) {
    SEARCH.push({ kind: "kecamatan", text: kec.name, sub: T.code + " " + kec.code, item: kec });
  });
  FILTER_FIELDS[0][2]().forEach(function (org) {
    SEARCH.push({ kind: "org", text: org[0], sub: "", item: org[0] });
  });
  SEARCH.forEach(function (entry) { entry.folded = FOLD.place(entry.text); });

  /** Entries whose place-folded name contains the place-folded query, prefix matches first. */
  function searchMatches(query) {
    var q = FOLD.place(query);
    if (q.length < 2) { return []; }
    return SEARCH.filter(function (entry) { return entry.folded.indexOf(q) >= 0; })
      .sort(function (a, b) {
        var sa = a.folded.indexOf(q) === 0 ? 0 : 1;
        var sb = b.folded.indexOf(q) === 0 ? 0 : 1;
        return sa - sb || compareText(a.text, b.text);
      }).slice(0, 12);
  }

  /** Zoom to a desa or kecamatan (showing its layer if hidden) and open its popup. */
  function showPlace(item, popup, layerKey) {
    if (!item.layer) { return; }
    if (!visible[layerKey]) {
      setVisible(layerKey, true);
      document.querySelector("[data-layer=\"" + layerKey + "\"]").checked = true;
    }
    map.fitBounds(item.layer.getBounds(), { maxZoom: 13, padding: [30, 30] });
    openPopup(decodePoint(item.p) || item.layer.getBounds().getCenter(), popup(item));
  }

  function choose(entry) {
    if (entry.kind === "desa") { showPlace(entry.item, desaPopup, "desa"); }
    if (entry.kind === "kecamatan") { showPlace(entry.item, kecamatanPopup, "kecamatan"); }
    if (entry.kind === "org") {
      setFilter({ org: entry.item });
      var layers = [];
      DATA.areas.forEach(function (area) { if (area.layer && areaPasses(area)) { layers.push(area.layer); } });
      Object.keys(stats.perDesa).forEach(function (code) { layers.push(desaByCode[code].layer); });
      layers = layers.filter(Boolean);
      if (layers.length) { map.fitBounds(L.featureGroup(layers).getBounds(), { maxZoom: 12, padding: [30, 30] }); }
    }
  }

  function buildSearch() {
    var section = document.getElementById("atlas-search");
    var lab = el("label", "atlas-visually-hidden", T.search);
    lab.htmlFor = "atlas-search-input";
    var input = el("input");
    input.type = "search";
    input.id = "atlas-search-input";
    input.placeholder = T.search_placeholder;
    input.autocomplete = "off";
    var results = el("ul", "atlas-search-results");
    results.id = "atlas-search-results";
    var matches = [];
    input.addEventListener("input", function () {
      matches = searchMatches(input.value);
      results.textContent = "";
      if (!matches.length && FOLD.place(input.value).length >= 2) {
        append(results, el("li", "atlas-muted", T.search_none));
      }
      matches.forEach(function (entry) {
        var button = el("button", "atlas-search-result");
        button.type = "button";
        button.setAttribute("data-kind", entry.kind);
        append(button, el("span", "atlas-search-kind", T["kind_" + entry.kind]),
          el("span", "atlas-search-name", entry.text), entry.sub ? el("span", "atlas-search-sub", entry.sub) : null);
        button.addEventListener("click", function () { choose(entry); });
        append(results, append(el("li"), button));
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && matches.length) { choose(matches[0]); }
    });
    append(section, lab, input, results);
  }

  // ------------------------------------------------------------------ measure

  /** Click points: distance in km; click the first point again: area in ha. Geodesic. */
  var measure = { active: false, points: [], closed: false, layer: L.layerGroup() };

  function measureText() {
    var pts = measure.points;
    if (!pts.length) { return T.measure_hint; }
    var length = 0;
    for (var i = 1; i < pts.length; i++) { length += haversine(pts[i - 1], pts[i]); }
    if (measure.closed) {
      length += haversine(pts[pts.length - 1], pts[0]);
      return T.area + ": " + formatNumber(sphericalArea(pts) / 10000, 1) + " ha · " +
        T.perimeter + ": " + formatNumber(length / 1000, 2) + " km";
    }
    return T.distance + ": " + formatNumber(length / 1000, 2) + " km";
  }

  function drawMeasure() {
    measure.layer.clearLayers();
    var style = { renderer: RENDER.measure, className: "atlas-measure", color: "#d0021b", weight: 2.5, dashArray: "5 5" };
    if (measure.closed) {
      measure.layer.addLayer(L.polygon(measure.points, L.extend({ fillOpacity: 0.15 }, style)));
    } else if (measure.points.length > 1) {
      measure.layer.addLayer(L.polyline(measure.points, style));
    }
    measure.points.forEach(function (point) {
      measure.layer.addLayer(L.circleMarker(point, { renderer: RENDER.measure, className: "atlas-measure-vertex",
        radius: 4, color: "#d0021b", weight: 2, fillColor: "#ffffff", fillOpacity: 1 }));
    });
    measure.output.textContent = measureText();
  }

  function addMeasurePoint(latlng) {
    if (measure.closed) { measure.points = []; measure.closed = false; }
    var pts = measure.points;
    if (pts.length >= 3 && map.latLngToContainerPoint(pts[0]).distanceTo(map.latLngToContainerPoint(latlng)) < 10) {
      measure.closed = true;
    } else {
      pts.push(latlng);
    }
    drawMeasure();
  }

  function setMeasuring(on) {
    measure.active = on;
    map.getContainer().classList.toggle("atlas-measuring", on);
    measure.box.classList.toggle("atlas-active", on);
    measure.button.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) { map.doubleClickZoom.disable(); map.closePopup(); } else { map.doubleClickZoom.enable(); }
    drawMeasure();
  }

  map.on("click", function (event) { if (measure.active) { addMeasurePoint(event.latlng); } });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && measure.active) { setMeasuring(false); } });

  var measureControl = L.control({ position: "topleft" });
  measureControl.onAdd = function () {
    var box = el("div", "atlas-tool atlas-measure-tool leaflet-bar leaflet-control");
    measure.box = box;
    measure.button = el("button", "atlas-tool-button", T.measure);
    measure.button.type = "button";
    measure.button.id = "atlas-measure-button";
    measure.button.setAttribute("aria-pressed", "false");
    measure.button.addEventListener("click", function () { setMeasuring(!measure.active); });
    var panel = el("div", "atlas-measure-panel");
    measure.output = el("div", "atlas-measure-output", T.measure_hint);
    measure.output.id = "atlas-measure-output";
    var clear = el("button", "atlas-button", T.measure_clear);
    clear.type = "button";
    clear.addEventListener("click", function () { measure.points = []; measure.closed = false; drawMeasure(); });
    append(box, measure.button, append(panel, measure.output, clear));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };

  // --------------------------------------------------------------- fullscreen

  var app = document.getElementById("atlas-app");
  var fullscreenControl = L.control({ position: "topleft" });
  fullscreenControl.onAdd = function () {
    var box = el("div", "atlas-tool leaflet-bar leaflet-control");
    var button = el("button", "atlas-tool-button", T.fullscreen);
    button.type = "button";
    button.id = "atlas-fullscreen-button";
    button.addEventListener("click", toggleFullscreen);
    append(box, button);
    L.DomEvent.disableClickPropagation(box);
    return box;
  };

  /** The Fullscreen API where allowed; else (e.g. in a frame) a page-filling CSS mode. */
  function toggleFullscreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); return; }
    if (app.classList.contains("atlas-pseudo-fullscreen")) { setPseudoFullscreen(false); return; }
    if (app.requestFullscreen && document.fullscreenEnabled) {
      app.requestFullscreen().catch(function () { setPseudoFullscreen(true); });
    } else {
      setPseudoFullscreen(true);
    }
  }

  function setPseudoFullscreen(on) {
    app.classList.toggle("atlas-pseudo-fullscreen", on);
    map.invalidateSize();
  }
  document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });

  // ----------------------------------------------------------------- overview

  /** A second, tiny map with the outline and a rectangle of the main view: no tiles. */
  var overview = { map: null, view: null };
  var overviewControl = L.control({ position: "bottomleft" });
  overviewControl.onAdd = function () {
    var box = el("div", "atlas-overview leaflet-control");
    box.id = "atlas-overview";
    box.title = T.overview;
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", T.overview);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };

  function startOverview(box) {
    var mini = L.map(box, {
      attributionControl: false, zoomControl: false, dragging: false, touchZoom: false,
      scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, zoomSnap: 0.1
    });
    var shape = DATA.outline ? L.polygon(decode(DATA.outline), {
      className: "atlas-overview-outline", color: "#555555", weight: 1, fillColor: "#c9d8c5", fillOpacity: 0.8,
      interactive: false
    }).addTo(mini) : null;
    // Padded, so that the rectangle of the main view still shows at the default zoom.
    mini.fitBounds((shape ? shape.getBounds() : bounds).pad(0.4));
    overview.view = L.rectangle(map.getBounds(), {
      className: "atlas-overview-view", color: "#d0021b", weight: 1.5, fillOpacity: 0.05, interactive: false
    }).addTo(mini);
    mini.on("click", function (event) { map.panTo(event.latlng); });
    overview.map = mini;
  }

  function updateOverview() {
    if (overview.view) { overview.view.setBounds(map.getBounds()); }
  }
  map.on("moveend zoomend resize", updateOverview);

  // ------------------------------------------------------------------- update

  /** Apply the filter to the map (stats, areas drawn, desa colours). */
  function refreshMap() {
    computeStats();
    Object.keys(areaGroups).forEach(function (key) { areaGroups[key].clearLayers(); });
    DATA.areas.forEach(function (area) {
      if (area.layer && areaPasses(area)) { areaGroups[area.type].addLayer(area.layer); }
    });
    restyleDesa();
  }

  function update() {
    refreshMap();
    renderSummary();
    renderLegend();
  }

  // -------------------------------------------------------------------- start
  //
  // The map layers are drawn first; panels and controls are built in the next
  // task, so that a slow machine paints the map before the rest is wired.

  ["kecamatan", "desa"].concat(Object.keys(areaGroups).map(function (key) { return "areas:" + key; }))
    .forEach(function (key) { visible[key] = true; });
  refreshMap();
  Object.keys(visible).forEach(function (key) { setVisible(key, true); });
  measure.layer.addTo(map);

  var layerControl = panelControl("topright", "atlas-layers", T.layers, true);
  function finishStart() {
    fullscreenControl.addTo(map);
    measureControl.addTo(map);
    layerControl.addTo(map);
    legendControl.addTo(map);
    L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
    overviewControl.addTo(map);
    buildLayerControl(layerControl.body);
    buildSearch();
    buildFilter();
    renderSummary();
    renderLegend();
    startOverview(overviewControl.getContainer());
    document.documentElement.setAttribute("data-atlas-ready", "1");
  }
  window.setTimeout(finishStart, 0);

  var sideToggle = document.getElementById("atlas-side-toggle");
  sideToggle.addEventListener("click", function () {
    var open = app.classList.toggle("atlas-side-open");
    sideToggle.setAttribute("aria-expanded", open ? "true" : "false");
    map.invalidateSize();
  });

  // A small window for scripts and tests: what is drawn, computed from Leaflet's layers.
  function drawn(layer) {
    if (!map.hasLayer(layer)) { return 0; }
    return layer.getLayers ? layer.getLayers().length : 1;
  }
  window.atlasDebug = {
    map: map,
    counts: function () {
      var areas = {};
      var total = 0;
      Object.keys(areaGroups).forEach(function (key) { areas[key] = drawn(areaGroups[key]); total += areas[key]; });
      var vectors = {};
      DATA.vectors.forEach(function (v, i) { vectors[v.id] = drawn(vectorLayers[i]); });
      var rasters = {};
      DATA.rasters.forEach(function (r, i) { rasters[r.id] = drawn(rasterLayers[i]); });
      return { desa: drawn(desaLayer), kecamatan: drawn(kecLayer), areas: total, areasByType: areas,
        vectors: vectors, rasters: rasters, kecamatanLabels: drawn(kecLabels), desaLabels: drawn(desaLabels) };
    },
    summary: function () {
      return { activities: stats.acts.length, orgs: stats.orgs, budget: stats.budget, desa: stats.desa,
        kecamatan: stats.kecamatan, byType: L.extend({}, stats.byType) };
    },
    choropleth: function () {
      var option = currentChoropleth();
      var values = {};
      if (option.key) { DATA.desa.forEach(function (desa) { values[desa.code] = desaValue(desa, option); }); }
      return { key: option.key, values: values, classes: choroplethClasses.slice() };
    },
    pointOf: function (kind, code) {
      var item = kind === "desa" ? desaByCode[code] : kecByCode[code];
      var latlng = decodePoint(item.p);
      var point = map.latLngToContainerPoint(latlng);
      var rect = map.getContainer().getBoundingClientRect();
      return { x: rect.left + point.x, y: rect.top + point.y };
    },
    layerElement: function (kind, key) {
      var item = kind === "desa" ? desaByCode[key] : kind === "kecamatan" ? kecByCode[key]
        : DATA.areas.filter(function (area) { return area.name === key; })[0];
      return item && item.layer && item.layer.getElement ? item.layer.getElement() : null;
    },
    setFilter: setFilter
  };

  // The pure functions, for unit tests and scripts; frozen so nothing can swap them.
  window.landscapeAtlas = Object.freeze({
    decode: decode, classify: classify, formatNumber: formatNumber, formatValue: formatValue,
    formatBudget: formatBudget
  });
}());
