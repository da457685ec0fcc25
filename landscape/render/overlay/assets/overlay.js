/*
 * The area check page (overlay.html): the area, the desa it covers and the other
 * organisations' areas it meets, drawn with Leaflet from the JSON block #overlay-data
 * (written by landscape/render/overlay/page.py). The tables beside the map are
 * written by the page itself; this script only draws the map. Nothing is loaded from
 * the network.
 *
 * Safety rule: every text from the data goes on the page with textContent (el()),
 * never as HTML; Leaflet's tooltips and popups receive DOM elements, never strings.
 */
"use strict";
(function () {
  var DATA = JSON.parse(document.getElementById("overlay-data").textContent);
  var T = DATA.t;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  /** A popup or tooltip body: a bold first line, then one line per further text. */
  function card(title, lines) {
    var box = el("div", "overlay-card");
    box.appendChild(el("strong", null, title));
    lines.forEach(function (line) {
      if (line) { box.appendChild(el("div", null, line)); }
    });
    return box;
  }

  var map = L.map("overlay-map", { preferCanvas: false, zoomSnap: 0.25 });
  L.control.scale({ imperial: false }).addTo(map);

  var desa = L.geoJSON(DATA.desa, {
    style: function (f) {
      return f.properties.covered
        ? { color: "#5a5a5a", weight: 1.2, fillColor: "#f1ede4", fillOpacity: 0.5 }
        : { color: "#9a9a9a", weight: 0.6, dashArray: "3", fillOpacity: 0 };
    },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(card(f.properties.name, [f.properties.kecamatan, f.properties.code]),
                        { sticky: true });
    }
  }).addTo(map);

  var others = L.geoJSON(DATA.others, {
    style: function (f) {
      return { color: f.properties.relation === "overlaps" ? "#b2182b" : "#2166ac",
               weight: 1.5, fill: /Polygon$/.test(f.geometry.type), fillOpacity: 0.25 };
    },
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, { radius: 5, color: "#2166ac", weight: 1.5, fillOpacity: 0.6 });
    },
    onEachFeature: function (f, layer) {
      var p = f.properties;
      layer.bindPopup(card(p.org, [p.title, p.name, T[p.relation] || p.relation, p.when]));
    }
  }).addTo(map);

  var area = L.geoJSON(DATA.area, {
    style: function (f) {
      var polygon = /Polygon$/.test(f.geometry.type);
      return { color: "#000000", weight: 3, dashArray: "6 4", fill: polygon, fillColor: "#ffd400",
               fillOpacity: 0.15 };
    },
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, { radius: 6, color: "#000000", weight: 2, fillColor: "#ffd400",
                                      fillOpacity: 0.9 });
    },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(card(f.properties.name || T.area, [f.properties.kind]), { sticky: true });
    }
  }).addTo(map);

  var overlays = {};
  overlays[T.area] = area;
  overlays[T.others] = others;
  overlays[T.desa] = desa;
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);

  var b = DATA.bounds;
  map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [20, 20] });
  document.documentElement.setAttribute("data-atlas-ready", "");
}());
