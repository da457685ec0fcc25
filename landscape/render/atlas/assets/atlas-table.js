// --------------------------------------------------------------- table view
//
// The activities of the current filter as a table over the map, sortable by
// column, and a download of exactly those rows as CSV (UTF-8 with a byte-order
// mark, so spreadsheet programs read the accents right). A text cell that
// begins with = + - @ tab or carriage return is prefixed with ' so that no
// spreadsheet reads it as a formula (OWASP, "CSV injection"); numbers stay numbers.

var TABLE_COLUMNS = [
  { key: "id", label: T.col_id, value: function (act) { return act.id; } },
  { key: "org", label: T.col_org, value: function (act) { return act.org; } },
  { key: "type", label: T.col_type, value: function (act) { return act.typeText || TYPE[act.type].label; } },
  { key: "title", label: T.col_title, value: function (act) { return act.title; } },
  { key: "theme", label: T.col_theme, value: function (act) { return act.theme; } },
  { key: "start", label: T.col_start, value: function (act) { return act.start; } },
  { key: "end", label: T.col_end, value: function (act) { return act.end; } },
  { key: "budget", label: T.col_budget, number: true, value: function (act) { return act.budget; } },
  { key: "funding", label: T.col_funding, value: function (act) { return act.funding; } },
  { key: "items", label: T.col_items, value: function (act) { return act.items.join("; "); } },
  { key: "kec", label: T.col_kec, value: function (act) {
    return Array.from(kecOfActivity(act)).map(function (code) { return kecByCode[code].name; }).sort(compareText).join("; ");
  } },
  { key: "desa", label: T.col_desa, value: function (act) {
    return act.desa.filter(function (code) { return desaByCode[code]; })
      .map(function (code) { return desaByCode[code].name; }).sort(compareText).join("; ");
  } }
];
// With planned or proposed work in the data (shown when "include planned" is ticked), a
// status column says which rows are not work under way.
if (DATA.activities.some(function (act) { return act.plan; })) {
  TABLE_COLUMNS.splice(4, 0, { key: "status", label: T.col_status, value: function (act) { return act.plan ? T.planned_tag : ""; } });
}
var tableSort = { key: "id", descending: false };
var tablePanel = null;

/** The filtered activities in the table's order. */
function tableRows() {
  var column = TABLE_COLUMNS.filter(function (c) { return c.key === tableSort.key; })[0];
  var rows = stats.acts.map(function (act) { return { act: act, value: column.value(act) }; });
  rows.sort(function (a, b) {
    var x = a.value;
    var y = b.value;
    var order;
    if (column.number) {
      order = (x === null) - (y === null) || (x === null ? 0 : x - y);
    } else {
      order = compareText(x || "", y || "");
    }
    order = order || compareText(a.act.id, b.act.id);
    return tableSort.descending ? -order : order;
  });
  return rows.map(function (r) { return r.act; });
}

/** One CSV cell: numbers as they are, text guarded against formulas and quoted when needed. */
function csvCell(value) {
  if (value === null || value === undefined) { return ""; }
  if (typeof value === "number") { return Number.isFinite(value) ? String(value) : ""; }
  var text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
  return /[",\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
}

/** The CSV of the rows shown: a header, then one line per activity (CRLF, with BOM). */
function tableCsv(rows) {
  var lines = [TABLE_COLUMNS.map(function (c) { return csvCell(c.label); }).join(",")];
  rows.forEach(function (act) {
    lines.push(TABLE_COLUMNS.map(function (c) { return csvCell(c.value(act)); }).join(","));
  });
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

function downloadCsv() {
  var blob = new Blob([tableCsv(tableRows())], { type: "text/csv;charset=utf-8" });
  var url = URL.createObjectURL(blob);
  var link = el("a");
  link.href = url;
  link.download = T.table_file;
  document.body.appendChild(link);
  link.click();
  document.body.removeChild(link);
  window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
}

function renderTable() {
  if (!tablePanel || tablePanel.hidden) { return; }
  var rows = tableRows();
  var head = tablePanel.querySelector(".atlas-table-count");
  head.textContent = fill(T.table_head, { n: formatNumber(rows.length) });
  var table = el("table", "atlas-table");
  table.id = "atlas-table";
  var tr = el("tr");
  TABLE_COLUMNS.forEach(function (column) {
    var th = el("th");
    var button = el("button", "atlas-sort", column.label);
    button.type = "button";
    button.setAttribute("data-column", column.key);
    th.setAttribute("aria-sort", column.key !== tableSort.key ? "none" : tableSort.descending ? "descending" : "ascending");
    button.addEventListener("click", function () {
      tableSort = { key: column.key, descending: tableSort.key === column.key && !tableSort.descending };
      renderTable();
    });
    append(tr, append(th, button));
  });
  append(table, append(el("thead"), tr));
  var body = el("tbody");
  rows.forEach(function (act) {
    var line = el("tr");
    line.setAttribute("data-activity", act.id);
    if (act.plan) { line.classList.add("atlas-activity-planned"); line.setAttribute("data-planned", "1"); }
    TABLE_COLUMNS.forEach(function (column) {
      var value = column.value(act);
      var cell = el("td", column.number ? "atlas-number" : null,
        column.number ? (value === null ? "" : formatNumber(value)) : value);
      append(line, cell);
    });
    append(body, line);
  });
  var wrap = tablePanel.querySelector(".atlas-table-wrap");
  wrap.textContent = "";
  append(wrap, append(table, body));
}

function setTableOpen(open) {
  tablePanel.hidden = !open;
  document.getElementById("atlas-table-open").setAttribute("aria-expanded", open ? "true" : "false");
  renderTable();
}

/** The table panel (hidden) and the button that opens it, under the filter. */
function startTable() {
  tablePanel = el("section", "atlas-table-panel");
  tablePanel.id = "atlas-table-panel";
  tablePanel.hidden = true;
  var download = el("button", "atlas-button", T.table_download);
  download.type = "button";
  download.id = "atlas-table-download";
  download.addEventListener("click", downloadCsv);
  var close = el("button", "atlas-button", T.table_close);
  close.type = "button";
  close.addEventListener("click", function () { setTableOpen(false); });
  append(tablePanel, append(el("div", "atlas-table-head"), el("h2", "atlas-table-count"), download, close),
    el("div", "atlas-table-wrap"));
  document.getElementById("atlas-app").appendChild(tablePanel);
  var open = el("button", "atlas-button", T.table_open);
  open.type = "button";
  open.id = "atlas-table-open";
  open.setAttribute("aria-controls", "atlas-table-panel");
  open.addEventListener("click", function () { setTableOpen(tablePanel.hidden); });
  append(document.getElementById("atlas-filter"), " ", open);
}

// For tests and scripts: the CSV cell rule and the kecamatan choropleth's values.
window.landscapeAtlasViews = Object.freeze({
  csvCell: csvCell,
  kecamatanValues: function () { return L.extend({}, kecChoropleth.values); },
  selectItem: function (no) { selectItem(no); },
  showProfile: function (name) { showProfile(name); }
});
