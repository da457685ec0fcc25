// ------------------------------------------------------- places: direct answers
//
// Who works in a place (organisations by type), the kecamatan choropleth, and
// the places with no activity named in the summary.

/** Kecamatan codes an activity reaches: its own, and those of its desa. */
function kecOfActivity(act) {
  var codes = new Set();
  act.kec.forEach(function (code) { if (kecByCode[code]) { codes.add(code); } });
  act.desa.forEach(function (code) {
    var desa = desaByCode[code];
    if (desa && kecByCode[desa.kec]) { codes.add(desa.kec); }
  });
  return codes;
}

/** The organisations of some activities, grouped by type in the legend's order. */
function orgsByType(acts) {
  var byType = {};
  acts.forEach(function (act) {
    var names = byType[act.type] || (byType[act.type] = new Set());
    names.add(act.org);
  });
  return DATA.orgTypes.filter(function (type) { return byType[type.key]; }).map(function (type) {
    return { type: type, orgs: Array.from(byType[type.key]).sort(compareText) };
  });
}

/** A button that opens an organisation's profile (the name as text). */
function orgButton(name) {
  var button = el("button", "atlas-link atlas-org-link", name);
  button.type = "button";
  button.setAttribute("data-org", name);
  button.addEventListener("click", function () { showProfile(name); });
  return button;
}

/** "Organisations here": one line per type, each organisation a link to its profile. */
function orgsHere(container, acts) {
  var groups = orgsByType(acts);
  if (!groups.length) { return; }
  append(container, el("h4", null, T.orgs_here));
  var list = el("ul", "atlas-orgs-here");
  groups.forEach(function (group) {
    var line = append(el("li"), swatch(group.type.colour), el("span", "atlas-orgs-type", group.type.label + ": "));
    line.setAttribute("data-type", group.type.key);
    group.orgs.forEach(function (name, i) { append(line, i ? ", " : null, orgButton(name)); });
    append(list, line);
  });
  append(container, list);
}

/** One line per activity: title, organisation, period. */
function compactActivities(container, acts) {
  append(container, el("h4", null, T.activities_here));
  if (!acts.length) {
    append(container, el("p", "atlas-muted", T.none_here));
    return;
  }
  var list = el("ul", "atlas-compact");
  acts.slice(0, POPUP_LIST_LIMIT * 2).forEach(function (act) {
    var line = append(el("li"), el("span", "atlas-compact-title", act.title || act.id),
      " · " + act.org + " · " + formatPeriod(act));
    line.setAttribute("data-activity", act.id);
    append(list, markPlanned(line, act));
  });
  append(container, list);
  if (acts.length > POPUP_LIST_LIMIT * 2) {
    append(container, el("p", "atlas-muted", fill(T.more, { n: acts.length - POPUP_LIST_LIMIT * 2 })));
  }
}

// ---------------------------------------------------- kecamatan choropleth

/** Per kecamatan: activities, organisations and budget (each activity's split equally). */
function kecamatanStats(acts) {
  var per = {};
  acts.forEach(function (act) {
    var codes = kecOfActivity(act);
    codes.forEach(function (code) {
      var entry = per[code] || (per[code] = { n: 0, orgs: new Set(), budget: 0 });
      entry.n += 1;
      entry.orgs.add(act.org);
      if (act.budget !== null) { entry.budget += act.budget / codes.size; }
    });
  });
  return per;
}

function kecValue(per, kec, option) {
  var entry = per[kec.code];
  if (!entry) { return 0; }
  if (option.measure === "n_orgs") { return entry.orgs.size; }
  if (option.measure === "budget") { return Math.round(entry.budget); }
  return entry.n;
}

[["kec:n_activities", "n_activities", T.km_activities, false],
  ["kec:n_orgs", "n_orgs", T.km_orgs, false],
  ["kec:budget", "budget", T.km_budget, true]].forEach(function (spec) {
  CHOROPLETHS.push({ key: spec[0], measure: spec[1], label: spec[2], zero: true, budget: spec[3],
    level: "kecamatan" });
});

// Classes from all activities, so that colours mean the same under every filter.
var KEC_CLASSES = {};
var kecChoropleth = { key: "", values: {} };

/**
 * Colour the kecamatan for a kecamatan-level option and clear the desa fill
 * (returns true), or clear the kecamatan fill (returns false).
 */
function restyleKecamatan(option) {
  if (option.level !== "kecamatan") {
    if (kecChoropleth.key) {
      DATA.kecamatan.forEach(function (kec) { if (kec.layer) { kec.layer.setStyle({ fill: false }); } });
      kecChoropleth = { key: "", values: {} };
    }
    return false;
  }
  if (!KEC_CLASSES[option.key]) {
    var all = kecamatanStats(DATA.activities);
    KEC_CLASSES[option.key] = classify(DATA.kecamatan.map(function (kec) { return kecValue(all, kec, option); }), true);
  }
  var per = kecamatanStats(stats.acts);
  choroplethClasses = KEC_CLASSES[option.key];
  kecChoropleth = { key: option.key, values: {} };
  desaLayer.setStyle({ fillOpacity: 0 });
  DATA.kecamatan.forEach(function (kec) {
    var value = kecValue(per, kec, option);
    kecChoropleth.values[kec.code] = value;
    if (kec.layer) {
      kec.layer.setStyle({ fill: true, fillColor: colourFor(value, option, choroplethClasses), fillOpacity: 0.7 });
    }
  });
  return true;
}

// --------------------------------------------------------- summary: where not

/** Name the kecamatan with no activity in the filter; count the desa. */
function noActivityNote(section) {
  var reached = new Set();
  var reachedDesa = new Set();
  stats.acts.forEach(function (act) {
    kecOfActivity(act).forEach(function (code) { reached.add(code); });
    act.desa.forEach(function (code) { if (desaByCode[code]) { reachedDesa.add(code); } });
  });
  var none = DATA.kecamatan.filter(function (kec) { return !reached.has(kec.code); })
    .map(function (kec) { return kec.name; }).sort(compareText);
  var note = el("p", "atlas-none-note");
  note.id = "sum-none";
  note.setAttribute("data-kecamatan", JSON.stringify(none));
  if (none.length && none.length <= 6) {
    append(note, fill(T.sum_none_kec, { names: none.join(", ") }));
  } else if (none.length) {
    append(note, fill(T.sum_none_kec_n, { n: formatNumber(none.length) }));
  }
  var desaNone = DATA.desa.length - reachedDesa.size;
  if (desaNone > 0) {
    append(note, none.length ? " · " : null, fill(T.sum_none_desa, { n: formatNumber(desaNone) }));
  }
  if (note.childNodes.length) { append(section, note); }
}
