// ------------------------------------------------------------------- search

var SEARCH = [];
DATA.desa.forEach(function (desa) {
  SEARCH.push({ kind: "desa", text: desa.name, sub: T.kind_kecamatan + " " + desa.kecName, item: desa });
});
DATA.kecamatan.forEach(function (kec) {
  SEARCH.push({ kind: "kecamatan", text: kec.name, sub: T.code + " " + kec.code, item: kec });
});
FILTER_FIELDS[0][2]().forEach(function (org) {
  SEARCH.push({ kind: "org", text: org[0], sub: "", item: org[0] });
});
SEARCH.forEach(function (entry) { entry.folded = FOLD.place(entry.text); });

/** Entries whose place-folded name contains the place-folded query, prefix matches first. */
function searchMatches(query) {
  var q = FOLD.place(query);
  if (q.length < 2) { return []; }
  return SEARCH.filter(function (entry) { return entry.folded.indexOf(q) >= 0; })
    .sort(function (a, b) {
      var sa = a.folded.indexOf(q) === 0 ? 0 : 1;
      var sb = b.folded.indexOf(q) === 0 ? 0 : 1;
      return sa - sb || compareText(a.text, b.text);
    }).slice(0, 12);
}

/** Zoom to a desa or kecamatan (showing its layer if hidden) and open its popup. */
function showPlace(item, popup, layerKey) {
  if (!item.layer) { return; }
  if (!visible[layerKey]) {
    setVisible(layerKey, true);
    document.querySelector("[data-layer=\"" + layerKey + "\"]").checked = true;
  }
  map.fitBounds(item.layer.getBounds(), { maxZoom: 13, padding: [30, 30] });
  openPopup(decodePoint(item.p) || item.layer.getBounds().getCenter(), popup(item));
}

function choose(entry) {
  if (entry.kind === "desa") { showPlace(entry.item, desaPopup, "desa"); }
  if (entry.kind === "kecamatan") { showPlace(entry.item, kecamatanPopup, "kecamatan"); }
  if (entry.kind === "org") {
    setFilter({ org: entry.item });
    var layers = [];
    DATA.areas.forEach(function (area) { if (area.layer && areaPasses(area)) { layers.push(area.layer); } });
    Object.keys(stats.perDesa).forEach(function (code) { layers.push(desaByCode[code].layer); });
    layers = layers.filter(Boolean);
    if (layers.length) { map.fitBounds(L.featureGroup(layers).getBounds(), { maxZoom: 12, padding: [30, 30] }); }
  }
}

function buildSearch() {
  var section = document.getElementById("atlas-search");
  var lab = el("label", "atlas-visually-hidden", T.search);
  lab.htmlFor = "atlas-search-input";
  var input = el("input");
  input.type = "search";
  input.id = "atlas-search-input";
  input.placeholder = T.search_placeholder;
  input.autocomplete = "off";
  var results = el("ul", "atlas-search-results");
  results.id = "atlas-search-results";
  var matches = [];
  input.addEventListener("input", function () {
    matches = searchMatches(input.value);
    results.textContent = "";
    if (!matches.length && FOLD.place(input.value).length >= 2) {
      append(results, el("li", "atlas-muted", T.search_none));
    }
    matches.forEach(function (entry) {
      var button = el("button", "atlas-search-result");
      button.type = "button";
      button.setAttribute("data-kind", entry.kind);
      append(button, el("span", "atlas-search-kind", T["kind_" + entry.kind]),
        el("span", "atlas-search-name", entry.text), entry.sub ? el("span", "atlas-search-sub", entry.sub) : null);
      button.addEventListener("click", function () { choose(entry); });
      append(results, append(el("li"), button));
    });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && matches.length) { choose(matches[0]); }
  });
  append(section, lab, input, results);
}
