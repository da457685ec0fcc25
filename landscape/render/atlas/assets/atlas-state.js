// -------------------------------------------------------------- view state
//
// The view lives in the address's fragment, so a link or a bookmark brings it back, offline:
//   #org=...&type=...&theme=...&item=...&year=2023&planned=1&choro=budget
//    &map=11.25/-0.0712/111.4931&lang=id&sel=...
// Read on load and on every hashchange; written (replaceState, no new history entry) when
// the filter, the choropleth, the map or the selection changes. "sel" is a selection another
// part of the atlas made: "item:13" (an action item of the plan view: selectItem) or
// "org:Name" (an organisation's profile: showProfile), and "view" the side panel's view
// (showView), read from those modules when the page has them. A module may instead define
// currentSelection() and applySelection(sel), or call shareSelection(sel) when it selects.
// "lang" records the page's language: the other language is another file.

var VIEW_FIELDS = ["org", "type", "theme", "item", "year"];
var view = { ready: false, applying: false, sel: "" };

/** The current view as fragment text (keys in a fixed order, empty values left out). */
function viewFragment() {
  var params = new URLSearchParams();
  VIEW_FIELDS.forEach(function (key) { if (filter[key]) { params.set(key, filter[key]); } });
  if (filter.planned) { params.set("planned", "1"); }
  if (choropleth !== "n_activities") { params.set("choro", choropleth); }
  var centre = map.getCenter();
  params.set("map", [Math.round(map.getZoom() * 100) / 100, centre.lat.toFixed(4), centre.lng.toFixed(4)].join("/"));
  params.set("lang", DATA.lang);
  var sel = selectionNow();
  if (sel) { params.set("sel", sel); }
  if (typeof currentView === "string" && currentView && currentView !== "map") { params.set("view", currentView); }
  return params.toString();
}

/**
 * The selection to keep in the address: from the module that made it, else the stored one.
 * With both an item chosen and a profile open, the organisations view keeps the profile and
 * any other view the item.
 */
function selectionNow() {
  if (typeof currentSelection === "function") { return currentSelection() || ""; }
  var item = typeof selectedItem === "string" && selectedItem ? "item:" + selectedItem : "";
  var org = typeof profileOrg === "string" && profileOrg ? "org:" + profileOrg : "";
  if (org && typeof currentView === "string" && currentView === "orgs") { return org; }
  return item || org || view.sel;
}

/**
 * Hand a selection from the address back to the module that understands it, and clear the
 * selections it does not name. ``fit``: let the item's highlight fit the map (the address
 * gave no map position). Returns whether a module took it (else it is kept as written).
 */
function restoreSelection(sel, fit) {
  if (typeof applySelection === "function") { applySelection(sel, fit); return true; }
  var kind = sel.split(":")[0];
  var value = sel.slice(kind.length + 1);
  var taken = false;
  if (typeof profileOrg === "string" && profileOrg && kind !== "org") { closeProfile(); }
  if (kind === "org" && typeof showProfile === "function") { showProfile(value); taken = true; }
  if (typeof selectItem === "function" && (kind === "item" || selectedItem)) {
    selectItem(kind === "item" ? value : "", { fit: fit });
    taken = taken || kind === "item";
  }
  return taken || !sel;
}

function writeView() {
  if (!view.ready || view.applying) { return; }
  var text = "#" + viewFragment();
  if (location.hash !== text) { history.replaceState(null, "", text); }
}

/** Store a selection made elsewhere in the atlas, so the link keeps it. */
function shareSelection(sel) {
  view.sel = sel ? String(sel) : "";
  writeView();
}

function setChoropleth(key) {
  if (!CHOROPLETHS.some(function (option) { return option.key === key; })) { return; }
  choropleth = key;
  var radio = document.querySelector("[data-choropleth=\"" + key + "\"]");
  if (radio) { radio.checked = true; }
  restyleDesa();
  renderLegend();
}

function setPlanned(on) {
  filter.planned = !!on;
  var box = document.getElementById("filter-planned");
  if (box) { box.checked = filter.planned; }
}

/** Apply a fragment: filter, planned, choropleth, map position and selection. */
function applyView(text) {
  var params = new URLSearchParams(String(text || "").replace(/^#/, ""));
  if (!Array.from(params.keys()).length) { return; }
  view.applying = true;
  try {
    var values = {};
    VIEW_FIELDS.forEach(function (key) { values[key] = params.get(key) || ""; });
    setPlanned(params.get("planned") === "1");
    setFilter(values);
    setChoropleth(params.has("choro") ? params.get("choro") : "n_activities");
    var pos = (params.get("map") || "").split("/").map(Number);
    var placed = pos.length === 3 && pos.every(isFinite);
    // The selection first (it may open a view and fit the map), then the view, then the map.
    var sel = params.get("sel") || "";
    view.sel = restoreSelection(sel, !placed) ? "" : sel;
    if (typeof showView === "function") { showView(params.get("view") || "map"); }
    if (placed) { map.setView([pos[1], pos[2]], pos[0], { animate: false }); }
  } finally {
    view.applying = false;
  }
}

/** The "include planned" box, shown when the data holds planned or proposed work. */
function buildPlannedBox() {
  var any = DATA.activities.some(function (a) { return a.plan; }) || DATA.areas.some(function (a) { return a.plan; });
  if (!any) { return; }
  var line = el("label", "atlas-layer-entry atlas-planned-box");
  var box = el("input");
  box.type = "checkbox";
  box.id = "filter-planned";
  box.checked = filter.planned;
  box.addEventListener("change", function () { filter.planned = box.checked; update(); });
  append(line, box, el("span", null, T.include_planned));
  var reset = document.getElementById("filter-reset");
  reset.parentNode.insertBefore(line, reset);
}

/** Called by update() after every filter change. */
function stateChanged() {
  writeView();
  renderPrintFilters();
}

/** Leaflet's own button labels, in the page's language. */
function translateLeaflet() {
  [[".leaflet-control-zoom-in", T.zoom_in], [".leaflet-control-zoom-out", T.zoom_out]].forEach(function (pair) {
    var button = map.getContainer().querySelector(pair[0]);
    if (button) { button.title = pair[1]; button.setAttribute("aria-label", pair[1]); }
  });
  map.on("popupopen", function (event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) { close.title = T.close; close.setAttribute("aria-label", T.close); }
  });
}

function startState() {
  translateLeaflet();
  buildPlannedBox();
  document.addEventListener("change", function (event) {
    if (event.target && event.target.name === "atlas-choropleth") { writeView(); }
  });
  startPrint();
  startPhone();
  applyView(location.hash);
  view.ready = true;
  map.on("moveend", writeView);
  // A selection or a view chosen in the side panel: written once the click has been handled.
  document.addEventListener("click", function () { window.setTimeout(writeView, 0); });
  window.addEventListener("hashchange", function () { applyView(location.hash); });
  stateChanged();
}
