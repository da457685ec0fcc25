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
