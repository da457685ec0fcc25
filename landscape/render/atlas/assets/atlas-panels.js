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
  if (option.key && (option.level === "kecamatan" ? visible.kecamatan : visible.desa)) {
    var rows = [];
    if (option.zero) { rows.push([ZERO_COLOUR, T.legend_zero]); }
    choroplethClasses.forEach(function (cls, i) {
      var text = cls.lo === cls.hi ? formatFor(option, cls.lo) : formatFor(option, cls.lo) + " – " + formatFor(option, cls.hi);
      rows.push([classColour(i, choroplethClasses.length), text]);
    });
    if (!option.zero) { rows.push([NODATA_COLOUR, T.legend_nodata]); }
    var choroSection = legendSection("choropleth", option.label, rows);
    if (option.zero) { append(choroSection, el("p", "atlas-muted atlas-legend-note", T.legend_fixed)); }
    if (option.budget && filter.year) { append(choroSection, el("p", "atlas-muted atlas-budget-rule", T.budget_rule)); }
    append(body, choroSection);
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
  highlightLegend(body);
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
  ["item", T.filter_item, function () { return itemOptions(); }],
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
  if (filter.year) { append(section, el("p", "atlas-muted atlas-budget-rule", T.budget_rule)); }
  var nPlanned = DATA.activities.filter(function (act) { return act.plan; }).length;
  if (nPlanned && !filter.planned) {
    append(section, el("p", "atlas-muted atlas-planned-note", fill(T.counts_planned, { n: formatNumber(nPlanned) })));
  }
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
  noActivityNote(section);
  if (stats.notSplit) { append(section, el("p", "atlas-muted", fill(T.sum_note, { n: formatNumber(stats.notSplit) }))); }
}
