// ------------------------------------------------------------------- search
//
// Search as people type: desa and kecamatan by the place fold of the build (prefix words
// Kec., Desa, Ds. dropped; Sei, Sg., Tj., Ng. written out: fold.js with the payload's
// table), organisations by name and by the other names the workbook gives them (acronyms
// of the organisation sheet, the spellings of the activity sheet: DATA.aliases), themes and
// action items by title. Small typos are forgiven (one edit in a word of 4-7 letters, two
// in longer words; a swap of two neighbouring letters is one edit: Sepuak = Sepauk).

var SEARCH_LIMIT = 12;
var KIND_ORDER = { kecamatan: 0, desa: 1, org: 2, item: 3, theme: 4 };
var PREFIX_KIND = { kec: "kecamatan", kecamatan: "kecamatan", desa: "desa", ds: "desa",
  kel: "desa", kelurahan: "desa" };

var SEARCH = [];
function searchEntry(kind, text, sub, item, keys) {
  SEARCH.push({ kind: kind, text: text, sub: sub, item: item, keys: unique(keys.filter(Boolean)) });
}
DATA.desa.forEach(function (desa) {
  searchEntry("desa", desa.name, T.kind_kecamatan + " " + desa.kecName, desa, [FOLD.place(desa.name)]);
});
DATA.kecamatan.forEach(function (kec) {
  searchEntry("kecamatan", kec.name, T.code + " " + kec.code, kec, [FOLD.place(kec.name)]);
});
// Organisations with work on the map, and those of the organisation sheet (a lead with no
// activity of its own still has a profile).
var ORGS_WITH_WORK = new Set(FILTER_FIELDS[0][2]().map(function (org) { return org[0]; }));
unique(Array.from(ORGS_WITH_WORK).concat((DATA.orgs || []).map(function (org) { return org.name; })))
  .sort(compareText).forEach(function (name) {
    var sheet = (DATA.orgs || []).filter(function (org) { return org.name === name; })[0];
    var aliases = unique(((DATA.aliases || {})[name] || []).concat(sheet && sheet.short && sheet.short !== name ? [sheet.short] : []));
    searchEntry("org", name, aliases.join(" · "), name,
      [fold(name)].concat(aliases.map(function (alias) { return fold(alias); })));
  });
unique(DATA.activities.map(function (a) { return a.theme; })).sort(compareText).forEach(function (theme) {
  searchEntry("theme", theme, "", theme, [fold(theme)]);
});
(function () {
  var titles = DATA.itemTitles || {};
  var numbers = Object.keys(titles);
  DATA.activities.forEach(function (a) { numbers = numbers.concat(a.items); });
  unique(numbers).sort(compareNumbers).forEach(function (no) {
    var title = titles[no] || "";
    searchEntry("item", no + (title ? " " + title : ""), "", no, [fold(title)]);
  });
}());

/** Edits between a and b (insert, delete, change, swap of neighbours), or more than most. */
function editDistance(a, b, most) {
  if (Math.abs(a.length - b.length) > most) { return most + 1; }
  var rows = [];
  for (var i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (var j = 1; j <= b.length; j++) {
      if (i === 0) { rows[i].push(j); continue; }
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2][j - 2] + 1);
      }
      rows[i].push(best);
    }
  }
  return rows[a.length][b.length];
}

function typoBudget(word) { return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0; }

/** Total edits for every query word to find a word of the key (the last may be a prefix). */
function fuzzyCost(words, key) {
  var keyWords = key.split(" ");
  var total = 0;
  for (var i = 0; i < words.length; i++) {
    var word = words[i];
    var budget = typoBudget(word);
    var best = budget + 1;
    keyWords.forEach(function (candidate) {
      best = Math.min(best, editDistance(word, candidate, budget));
      if (i === words.length - 1 && candidate.length > word.length) {
        best = Math.min(best, editDistance(word, candidate.slice(0, word.length), budget));
      }
    });
    if (best > budget) { return null; }
    total += best;
  }
  return total;
}

/** How well one key matches: 0 same, 1 starts with, 2 a word starts with, 3 inside, 4+ typo. */
function keyScore(query, key) {
  if (!query || !key) { return null; }
  if (key === query) { return 0; }
  if (key.indexOf(query) === 0) { return 1; }
  if (key.indexOf(" " + query) >= 0) { return 2; }
  if (key.indexOf(query) >= 0) { return 3; }
  var cost = fuzzyCost(query.split(" "), key);
  return cost === null ? null : 4 + cost;
}

/** Entries matching a query, best first; a Kec./Desa prefix puts that level first. */
function searchMatches(query) {
  var plain = fold(query);
  var place = FOLD.place(query);
  if (place.length < 2) { return []; }
  var hint = PREFIX_KIND[plain.split(" ")[0]] || "";
  var found = [];
  SEARCH.forEach(function (entry) {
    var best = null;
    entry.keys.forEach(function (key) {
      [place, plain].forEach(function (q) {
        var score = keyScore(q, key);
        if (score !== null && (best === null || score < best)) { best = score; }
      });
    });
    if (best !== null) { found.push({ entry: entry, score: best }); }
  });
  return found.sort(function (a, b) {
    var ha = hint && a.entry.kind !== hint ? 1 : 0;
    var hb = hint && b.entry.kind !== hint ? 1 : 0;
    return ha - hb || a.score - b.score || KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] ||
      compareText(a.entry.text, b.entry.text);
  }).slice(0, SEARCH_LIMIT).map(function (match) { return match.entry; });
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

/** Fit the map to what the filter draws (areas and desa reached). */
function fitFiltered() {
  var layers = [];
  DATA.areas.forEach(function (area) { if (area.layer && areaPasses(area)) { layers.push(area.layer); } });
  Object.keys(stats.perDesa).forEach(function (code) { layers.push(desaByCode[code].layer); });
  layers = layers.filter(Boolean);
  if (layers.length) { map.fitBounds(L.featureGroup(layers).getBounds(), { maxZoom: 12, padding: [30, 30] }); }
}

function choose(entry) {
  if (isPhone() && app.classList.contains("atlas-side-open")) { sideToggle.click(); }
  padPopups();
  if (entry.kind === "desa") { showPlace(entry.item, desaPopup, "desa"); }
  if (entry.kind === "kecamatan") { showPlace(entry.item, kecamatanPopup, "kecamatan"); }
  if (entry.kind === "org") {
    if (ORGS_WITH_WORK.has(entry.item)) { setFilter({ org: entry.item }); fitFiltered(); }
    showProfile(entry.item);
  }
  if (entry.kind === "theme") { setFilter({ theme: entry.item }); fitFiltered(); }
  if (entry.kind === "item") {
    setFilter({ item: entry.item });
    fitFiltered();
    selectItem(entry.item);  // opens it in the plan view
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
