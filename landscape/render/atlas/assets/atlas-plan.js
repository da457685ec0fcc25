// --------------------------------------------------------------- action plan
//
// The plan view: every action item of the workbook (DATA.plan, from
// landscape/render/atlas/plan.py: the build's items and its plan-against-reality
// analysis, nothing recomputed here). Choosing an item colours the kecamatan
// three ways (reached as planned, planned but not reached, reached without being
// planned) on a highlight layer with its own legend, and lists its activities.
// "Reached" counts work under way: planned or proposed activities (act.plan) reach
// a place only when "include planned" is ticked (item.withPlanned, when it differs).

var PLAN = DATA.plan || [];
var ITEM = {};
PLAN.forEach(function (item) { ITEM[item.no] = item; });
var ORG = {};
(DATA.orgs || []).forEach(function (org) { ORG[org.name] = org; });

/** Highlight styles: fill, outline and dash, distinct without colour too. */
var HIGHLIGHT = {
  asplanned: { fillColor: "#1a9850", color: "#0b5d2a", fillOpacity: 0.55, dashArray: null },
  notreached: { fillColor: "#fdd49e", color: "#d7301f", fillOpacity: 0.35, dashArray: "8 5" },
  beyond: { fillColor: "#4575b4", color: "#1c3f7a", fillOpacity: 0.5, dashArray: "2 5" },
  reached: { fillColor: "#9e9e9e", color: "#4d4d4d", fillOpacity: 0.45, dashArray: null },
  lead: { fillColor: "#6a3d9a", color: "#3f1d66", fillOpacity: 0.55, dashArray: null },
  support: { fillColor: "#ffbf6b", color: "#b35806", fillOpacity: 0.45, dashArray: "8 5" },
  both: { fillColor: "#b2182b", color: "#67001f", fillOpacity: 0.55, dashArray: null }
};
var HIGHLIGHT_ORDER = ["asplanned", "notreached", "beyond", "reached", "lead", "support", "both"];
map.createPane("atlas-highlight").style.zIndex = "407";
var highlightLayer = L.featureGroup().addTo(map);
var highlight = { title: "", classes: {} };

/** Colour kecamatan by class ({code: class}); an empty map clears the highlight. */
function showHighlight(title, classes, fit) {
  highlightLayer.clearLayers();
  highlight = { title: title, classes: classes };
  Object.keys(classes).sort().forEach(function (code) {
    var kec = kecByCode[code];
    if (!kec || !kec.layer) { return; }
    var style = HIGHLIGHT[classes[code]];
    var shape = L.polygon(kec.layer.getLatLngs(), {
      pane: "atlas-highlight", className: "atlas-highlight atlas-hl-" + classes[code], weight: 2.5,
      opacity: 1, color: style.color, fillColor: style.fillColor, fillOpacity: style.fillOpacity,
      dashArray: style.dashArray
    });
    popupOnClick(shape, function () { return kecamatanPopup(kec); });
    tooltip(shape, kec.name + ": " + T["hl_" + classes[code]]);
    highlightLayer.addLayer(shape);
    shape.getElement().setAttribute("data-code", code);
    shape.getElement().setAttribute("data-class", classes[code]);
  });
  renderLegend();
  var shown = highlightLayer.getLayers();
  // Keep clear of the layer panel and legend on the right when the map is wide.
  var right = map.getSize().x > 760 ? 290 : 24;
  if (shown.length && fit !== false) {
    map.fitBounds(highlightLayer.getBounds(), { maxZoom: 11, paddingTopLeft: [24, 24], paddingBottomRight: [right, 24] });
  }
}

/** The highlight's section of the map legend (called by renderLegend). */
function highlightLegend(body) {
  if (!highlight.title) { return; }
  var present = new Set(Object.keys(highlight.classes).map(function (code) { return highlight.classes[code]; }));
  var section = legendSection("highlight", highlight.title, []);
  HIGHLIGHT_ORDER.filter(function (key) { return present.has(key); }).forEach(function (key) {
    var box = swatch(HIGHLIGHT[key].fillColor, "highlight");
    box.style.borderColor = HIGHLIGHT[key].color;
    box.style.borderStyle = HIGHLIGHT[key].dashArray ? "dashed" : "solid";
    var line = append(el("div", "atlas-legend-row"), box, el("span", null, T["hl_" + key]));
    line.setAttribute("data-class", key);
    append(section, line);
  });
  body.insertBefore(section, body.firstChild);
}

/**
 * The three-way comparison of an item, by kecamatan code: the analysis's
 * "planned, not reached" and "reached, not planned", and reached places that
 * were planned. Without a planned place there is nothing to compare with.
 */
function itemClasses(item) {
  var classes = {};
  var planned = new Set(item.planned);
  var seen = filter.planned && item.withPlanned ? item.withPlanned : item;
  seen.reached.forEach(function (code) { classes[code] = planned.has(code) ? "asplanned" : "reached"; });
  seen.notReached.forEach(function (code) { classes[code] = "notreached"; });
  seen.beyond.forEach(function (code) { classes[code] = "beyond"; });
  return classes;
}

/** After a filter change ("include planned" changes what counts as reached): redraw the item. */
function refreshItem() {
  document.querySelectorAll(".atlas-plan-planned input").forEach(function (box) { box.checked = filter.planned; });
  if (!selectedItem) { return; }
  var item = ITEM[selectedItem];
  showHighlight(highlight.title, itemClasses(item), false);
}

/** A planned or proposed activity's line: marked so, in words and style. */
function markPlanned(line, act) {
  if (!act.plan) { return line; }
  line.classList.add("atlas-activity-planned");
  line.setAttribute("data-planned", "1");
  line.insertBefore(el("span", "atlas-planned-tag", T.planned_tag), line.firstChild);
  return line;
}

var selectedItem = "";

/**
 * Choose an item (or "" for none): highlight its places and open it in the plan view.
 * ``options.fit === false`` keeps the map where it is (a link that gives its position).
 */
function selectItem(no, options) {
  var fit = !options || options.fit !== false;
  selectedItem = ITEM[no] ? no : "";
  document.querySelectorAll(".atlas-plan-item").forEach(function (node) {
    var mine = node.getAttribute("data-item") === selectedItem;
    node.classList.toggle("atlas-selected", mine);
    if (node.open !== mine) { node.open = mine; }
  });
  if (!selectedItem) { showHighlight("", {}, fit); writeView(); return; }
  var item = ITEM[selectedItem];
  showHighlight(fill(T.hl_item, { n: item.no }) + ": " + item.title, itemClasses(item), fit);
  showView("plan");
  var node = document.querySelector(".atlas-plan-item[data-item=\"" + selectedItem + "\"]");
  if (node && node.scrollIntoView) { node.scrollIntoView({ block: "nearest" }); }
  writeView();
}

function orgLabel(name) {
  var org = ORG[name];
  return org && org.short && org.short !== name ? name + " (" + org.short + ")" : name;
}

function kecNames(codes) {
  return codes.map(function (code) { return kecByCode[code] ? kecByCode[code].name : code; }).join(", ");
}

function plannedText(item) {
  if (item.all) { return (item.where ? item.where + " · " : "") + T.whole_district; }
  var names = item.planned.length ? kecNames(item.planned) : T.plan_place_unknown;
  return item.where && item.where !== names ? item.where + " (" + names + ")" : names;
}

function itemPeriod(item) {
  if (!item.start && !item.end) { return T.unknown_date; }
  return (item.start || "?") + " – " + (item.end || "?");
}

/** "Include planned" beside an item whose comparison it changes (the same box as the filter's). */
function plannedBox() {
  var line = el("label", "atlas-plan-planned atlas-muted");
  var box = el("input");
  box.type = "checkbox";
  box.checked = filter.planned;
  box.addEventListener("change", function () { setPlanned(box.checked); update(); });
  return append(line, box, " " + T.plan_planned_note);
}

/** The details of an item (facts, its activities, actions). */
function itemBody(item) {
  var body = el("div", "atlas-plan-body");
  var list = el("dl", "atlas-facts");
  row(list, T.issue, item.issue);
  row(list, T.program, item.program);
  row(list, T.lead, orgLabel(item.lead));
  row(list, T.supports, item.supports.map(orgLabel).join("; "));
  row(list, T.planned_where, plannedText(item));
  row(list, T.period, itemPeriod(item));
  row(list, T.planned_budget, item.budget === null ? "" : formatBudget(item.budget));
  row(list, T.funding, item.funding.join("; "));
  row(list, T.status, item.status);
  row(list, T.spent, item.spent === null ? "" : formatBudget(item.spent));
  append(body, list, el("h4", null, fill(T.plan_acts, { n: formatNumber(item.acts.length) })));
  if (item.withPlanned) { append(body, plannedBox()); }
  if (!item.acts.length) { append(body, el("p", "atlas-muted", T.plan_no_acts)); }
  var acts = el("ul", "atlas-compact");
  item.acts.forEach(function (id) {
    var act = actById[id];
    if (!act) { return; }
    var line = append(el("li"), el("span", "atlas-compact-title", act.title || act.id), " · ", orgButton(act.org),
      " · " + (kecNames(Array.from(kecOfActivity(act))) || "–") + " · " + formatPeriod(act));
    line.setAttribute("data-activity", id);
    append(acts, markPlanned(line, act));
  });
  append(body, acts);
  var filterButton = el("button", "atlas-button", T.filter_to_item);
  filterButton.type = "button";
  filterButton.addEventListener("click", function () { setFilter({ item: item.no }); });
  var clear = el("button", "atlas-button", T.clear_highlight);
  clear.type = "button";
  clear.addEventListener("click", function () { selectItem(""); });
  return append(body, append(el("div", "atlas-buttons"), filterButton, clear));
}

function buildPlanView(section) {
  append(section, el("h2", null, fill(T.plan_head, { n: formatNumber(PLAN.length) })));
  if (!PLAN.length) { append(section, el("p", "atlas-muted", T.plan_none)); return; }
  var active = PLAN.filter(function (item) {
    return item.acts.some(function (id) { return actById[id] && !actById[id].plan; });
  }).length;
  var count = el("p", "atlas-plan-count", fill(T.plan_with_acts, { n: formatNumber(active), total: formatNumber(PLAN.length) }));
  count.id = "plan-with-activity";
  count.setAttribute("data-value", String(active));
  append(section, count, el("p", "atlas-muted", T.plan_intro));
  var issue = null;
  PLAN.forEach(function (item) {
    if (item.issue !== issue) {
      issue = item.issue;
      append(section, el("h3", "atlas-plan-issue", issue));
    }
    var node = el("details", "atlas-plan-item");
    node.setAttribute("data-item", item.no);
    var head = append(el("summary"), el("span", "atlas-plan-no", item.no), el("span", "atlas-plan-title", item.title),
      el("span", "atlas-plan-lead", orgLabel(item.lead) + (item.status ? " · " + item.status : "")));
    var filled = false;
    node.addEventListener("toggle", function () {
      if (node.open && !filled) { append(node, itemBody(item)); filled = true; }
      if (node.open && selectedItem !== item.no) { selectItem(item.no); }
      if (!node.open && selectedItem === item.no) { selectItem(""); }
    });
    append(section, append(node, head));
  });
}

/** The options of the "Rencana aksi" filter: the plan's items, then missing ones. */
function itemOptions() {
  var named = [];
  DATA.activities.forEach(function (act) { named = named.concat(act.items); });
  named = unique(named).sort(compareNumbers);
  if (!PLAN.length) { return named.map(function (no) { return [no, no]; }); }
  return PLAN.map(function (item) { return [item.no, item.no + ". " + item.title]; })
    .concat(named.filter(function (no) { return !ITEM[no]; }).map(function (no) {
      return [no, fill(T.item_missing, { n: no })];
    }));
}

// --------------------------------------------------------------------- views

var VIEWS = [["map", T.view_map], ["plan", T.view_plan], ["orgs", T.view_orgs]];
var currentView = "map";

/** Show one view of the side panel: the map's (search, filter, summary), the plan, the organisations. */
function showView(key) {
  currentView = key;
  var side = document.getElementById("atlas-side");
  side.setAttribute("data-view", key);
  document.querySelectorAll("#atlas-views button").forEach(function (button) {
    button.setAttribute("aria-pressed", button.getAttribute("data-view") === key ? "true" : "false");
  });
  writeView();
}

/** Build the views (called once, after the filter is built). */
function startViews() {
  var side = document.getElementById("atlas-side");
  var nav = el("nav", "atlas-views");
  nav.id = "atlas-views";
  nav.setAttribute("aria-label", T.views);
  VIEWS.forEach(function (view) {
    var button = el("button", "atlas-view-button", view[1]);
    button.type = "button";
    button.setAttribute("data-view", view[0]);
    button.addEventListener("click", function () { showView(view[0]); });
    append(nav, button);
  });
  side.insertBefore(nav, document.getElementById("atlas-search"));
  var plan = el("section", "atlas-section atlas-view-plan");
  plan.id = "atlas-plan";
  buildPlanView(plan);
  var orgs = el("section", "atlas-section atlas-view-orgs");
  orgs.id = "atlas-orgs";
  side.insertBefore(plan, document.getElementById("atlas-summary").nextSibling);
  side.insertBefore(orgs, plan.nextSibling);
  buildOrgList();
  startTable();
  showView("map");
}
