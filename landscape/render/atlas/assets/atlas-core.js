/*
 * The interactive part of the landscape atlas, in modules (assets/atlas-*.js).
 *
 * page.py joins the modules in the order of MODULES there (core, map, filter,
 * popups, panels, search, tools, places, plan, profile, table, state, print,
 * start) inside one function scope, so they share their declarations as one
 * script: what a module runs at its top level uses only what an earlier one
 * declares (functions, hoisted, may call one another across modules). The page inlines Leaflet and fold.js (landscapeFold)
 * before it and the atlas's data in the JSON block #atlas-data (written by
 * landscape/render/atlas/payload.py; its "fold" entry is the place-word table
 * of landscape/_text.py). The modules draw the data with Leaflet and add the
 * controls a planner needs: grouped layer control, legend, filter, summary,
 * search, popups, measure, full screen, overview inset and scale bar. Nothing
 * here loads anything from the network; the OpenStreetMap basemap is an
 * optional layer, off by default.
 *
 * Safety rule: every text that comes from the data is put on the page with
 * textContent (through el()), never as HTML. Leaflet's popups and tooltips
 * receive DOM elements, never strings.
 */
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
