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
  renderTable();
  refreshItem();
  stateChanged();
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
  startViews();
  renderSummary();
  buildChanges();
  renderLegend();
  startOverview(overviewControl.getContainer());
  startState();
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
