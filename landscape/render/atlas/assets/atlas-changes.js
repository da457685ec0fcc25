// ------------------------------------------------------------------ changes
//
// What changed since an earlier build (a build with --since): DATA.changes,
// written by landscape/render/atlas/changes.py, rows of [kind, change, key,
// label, field, old, new, in this build]. Without it there is no panel.

var CHANGES = DATA.changes || null;

/** Zoom to an activity's places (its partner areas, else its desa, else its kecamatan). */
function showActivity(id) {
  var act = actById[id];
  if (!act) { return; }
  var layers = [];
  DATA.areas.forEach(function (area) { if (area.act === id && area.layer) { layers.push(area.layer); } });
  if (!layers.length) {
    act.desa.forEach(function (code) { if (desaByCode[code]) { layers.push(desaByCode[code].layer); } });
  }
  if (!layers.length) {
    act.kec.forEach(function (code) { if (kecByCode[code]) { layers.push(kecByCode[code].layer); } });
  }
  layers = layers.filter(Boolean);
  if (!layers.length) { return; }
  var where = L.featureGroup(layers).getBounds();
  map.fitBounds(where, { maxZoom: 13, padding: [30, 30] });
  var box = popupHead(act.title || act.id, act.org);
  append(box, activityBlock(act));
  openPopup(where.getCenter(), box);
}

/** A change's value as shown: rupiah for budgets, "–" for nothing. */
function changeValue(field, value) {
  if (value === "") { return "–"; }
  if (field === "budget_idr" && !isNaN(Number(value))) { return "Rp " + formatNumber(Number(value)); }
  return field === "has_activity" ? changeWord(value) : value;
}

function changeWord(word) { return CHANGES.words[word] || word; }

function changeItem(row) {
  var item = el("li", "atlas-change");
  ["kind", "change", "key", "label", "field", "old", "new"].forEach(function (name, i) {
    item.setAttribute("data-" + name, row[i]);
  });
  var head = el("div", "atlas-change-head");
  append(head, el("span", "atlas-change-what", changeWord(row[1])), " ", el("span", "atlas-change-label", row[3]));
  if (row[3] !== row[2]) { append(head, " ", el("span", "atlas-muted", "(" + row[2] + ")")); }
  append(item, head);
  if (row[4] || row[5] || row[6]) {
    var text = (row[4] ? changeWord(row[4]) + ": " : "") + changeValue(row[4], row[5]) + " → " + changeValue(row[4], row[6]);
    append(item, el("div", "atlas-change-values", text));
  }
  if (row[7]) {
    var button = el("button", "atlas-change-show", CHANGES.t.show);
    button.type = "button";
    button.addEventListener("click", function () { showActivity(row[2]); });
    append(item, button);
  }
  return item;
}

/** The panel: counts by kind and change, then the changes grouped by kind. */
function buildChanges() {
  if (!CHANGES) { return; }
  var C = CHANGES.t;
  var section = el("section", "atlas-section atlas-changes");
  section.id = "atlas-changes";
  var summary = document.getElementById("atlas-summary");
  summary.parentNode.insertBefore(section, summary.nextSibling);
  append(section, el("h2", null, CHANGES.since ? fill(C.title, { date: CHANGES.since }) : C.title_undated));
  if (!CHANGES.rows.length) {
    append(section, el("p", "atlas-muted atlas-changes-none", C.none));
    return;
  }
  var counts = el("table", "atlas-changes-counts");
  append(counts, append(el("caption", "atlas-visually-hidden"), C.counts));
  var lists = [];
  CHANGES.kinds.forEach(function (kind) {
    var rows = CHANGES.rows.filter(function (row) { return row[0] === kind; });
    if (!rows.length) { return; }
    unique(rows.map(function (row) { return row[1]; })).forEach(function (change) {
      var n = rows.filter(function (row) { return row[1] === change; }).length;
      var line = el("tr");
      line.setAttribute("data-kind", kind);
      line.setAttribute("data-change", change);
      line.setAttribute("data-count", String(n));
      append(counts, append(line, el("th", null, C[kind]), el("td", null, changeWord(change)),
        el("td", "atlas-num", formatNumber(n))));
    });
    var list = el("ul", "atlas-changes-list");
    list.setAttribute("data-kind", kind);
    rows.forEach(function (row) { append(list, changeItem(row)); });
    lists.push(el("h3", null, C[kind] + " (" + formatNumber(rows.length) + ")"), list);
  });
  append.apply(null, [section, counts].concat(lists));
}
