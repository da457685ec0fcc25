// ------------------------------------------------------------ print, phone
//
// Print (A4, landscape or portrait; atlas.css "print" section): the title block with the data
// date and the active filters, the map fitted to what the filter shows, its legend (opened),
// scale bar and north arrow; no buttons, search, filter fields or layer panel.
// Phone (narrower than PHONE_WIDTH): the layer panel and the legend start closed, the
// overview inset is hidden (atlas.css "phone" section), popups open clear of the controls,
// and map labels that would print over each other are hidden.

var PHONE_QUERY = "(max-width: 720px)";
var LABEL_GAP = 2;

function isPhone() { return window.matchMedia(PHONE_QUERY).matches; }

// North arrow: drawn for print only (atlas.css), beside the scale bar.
var northControl = L.control({ position: "bottomleft" });
northControl.onAdd = function () {
  var box = el("div", "atlas-north leaflet-control");
  box.id = "atlas-north";
  box.setAttribute("aria-hidden", "true");
  append(box, el("span", "atlas-north-arrow", "\u2191"), el("span", "atlas-north-letter", T.north));
  return box;
};

/** The active filters in words, for the printed page. */
function filterWords() {
  var parts = [];
  FILTER_FIELDS.forEach(function (field) {
    var value = filter[field[0]];
    if (!value) { return; }
    var shown = value;
    field[2]().forEach(function (option) { if (option[0] === value) { shown = option[1]; } });
    parts.push(field[1] + ": " + shown);
  });
  if (filter.planned) { parts.push(T.include_planned); }
  var sel = selectionNow();
  if (sel) {
    var kind = sel.split(":")[0];
    parts.push((kind === "item" ? T.kind_item + " " : kind === "org" ? T.kind_org + ": " : "") +
      (kind === "item" || kind === "org" ? sel.slice(kind.length + 1) : sel));
  }
  return parts;
}

function renderPrintFilters() {
  var line = document.getElementById("atlas-print-filters");
  if (!line) { return; }
  var parts = filterWords();
  line.textContent = parts.length ? T.print_filters + ": " + parts.join("; ") : T.print_no_filter;
}

var printView = null;

/** Fit the map to the filtered work (or the whole district) for the printed page. */
function fitForPrint() {
  renderPrintFilters();
  printView = { center: map.getCenter(), zoom: map.getZoom() };
  map.invalidateSize();
  var layers = [];
  if (VIEW_FIELDS.some(function (key) { return filter[key]; })) {
    DATA.areas.forEach(function (area) { if (area.layer && areaPasses(area)) { layers.push(area.layer); } });
    Object.keys(stats.perDesa).forEach(function (code) { layers.push(desaByCode[code].layer); });
  }
  layers = layers.filter(Boolean);
  map.fitBounds(layers.length ? L.featureGroup(layers).getBounds() : bounds, { padding: [10, 10], animate: false });
}

function afterPrint() {
  map.invalidateSize();
  if (printView) { map.setView(printView.center, printView.zoom, { animate: false }); }
  printView = null;
}

function startPrint() {
  var line = el("p", "atlas-print-filters");
  line.id = "atlas-print-filters";
  var counts = document.querySelector(".atlas-counts");
  counts.parentNode.insertBefore(line, counts.nextSibling);
  northControl.addTo(map);
  window.addEventListener("beforeprint", fitForPrint);
  window.addEventListener("afterprint", afterPrint);
  window.matchMedia("print").addEventListener("change", function (event) {
    if (event.matches) { fitForPrint(); } else { afterPrint(); }
  });
}

// ------------------------------------------------------------------- phone

function collapsePanel(control) {
  var box = control.getContainer();
  if (!box) { return; }
  box.classList.add("atlas-collapsed");
  box.querySelector(".atlas-panel-head").setAttribute("aria-expanded", "false");
}

/** Keep popups clear of the map's controls: padding from the corners' sizes. */
function padPopups() {
  var options = L.Popup.prototype.options;
  if (!isPhone()) {
    options.autoPanPaddingTopLeft = null;
    options.autoPanPaddingBottomRight = null;
    return;
  }
  var frame = map.getContainer().getBoundingClientRect();
  var top = 0;
  var bottom = 0;
  map.getContainer().querySelectorAll(".leaflet-top .leaflet-control").forEach(function (node) {
    top = Math.max(top, node.getBoundingClientRect().bottom - frame.top);
  });
  var toggle = document.getElementById("atlas-side-toggle").getBoundingClientRect();
  top = Math.max(top, toggle.bottom - frame.top);
  map.getContainer().querySelectorAll(".leaflet-bottom .leaflet-control").forEach(function (node) {
    var rect = node.getBoundingClientRect();
    if (rect.height) { bottom = Math.max(bottom, frame.bottom - rect.top); }
  });
  options.autoPanPaddingTopLeft = L.point(8, top + 8);
  options.autoPanPaddingBottomRight = L.point(8, bottom + 8);
}

/** Hide labels that would overlap one already shown (in the order the data lists them). */
function declutter(group) {
  if (!map.hasLayer(group)) { return; }
  var kept = [];
  group.getLayers().forEach(function (marker) {
    var node = marker.getElement();
    if (!node) { return; }
    node.classList.remove("atlas-label-hidden");
    var span = node.firstChild;
    var rect = span.getBoundingClientRect();
    var clash = kept.some(function (other) {
      return rect.left < other.right + LABEL_GAP && other.left < rect.right + LABEL_GAP &&
        rect.top < other.bottom + LABEL_GAP && other.top < rect.bottom + LABEL_GAP;
    });
    if (clash) { node.classList.add("atlas-label-hidden"); } else { kept.push(rect); }
  });
}

function declutterLabels() {
  declutter(kecLabels);
  declutter(desaLabels);
}

function startPhone() {
  if (isPhone()) {
    collapsePanel(layerControl);
    collapsePanel(legendControl);
  }
  padPopups();
  declutterLabels();
  map.on("zoomend moveend resize", declutterLabels);
  map.on("layeradd", function (event) {
    if (event.layer === kecLabels || event.layer === desaLabels) { declutterLabels(); }
  });
  map.on("resize", padPopups);
  map.on("popupclose", padPopups);
  map.on("preclick", padPopups);
  map.getContainer().addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".atlas-panel-head")) { padPopups(); }
  });
}
