// ------------------------------------------------------------ filter, stats

// filter.planned: count planned and proposed work (status rencana, usulan, planned...) too;
// off by default, so the counts are of work under way or done.
var filter = { org: "", type: "", theme: "", item: "", year: "", planned: false };
var choropleth = "n_activities";

// Budget per year: each activity's budget shared over the months it runs in each year
// (landscape/analyse/apportion.py, shipped as act.yb), so the years add up to the total.
DATA.activities.forEach(function (act) {
  act.byYear = {};
  (act.yb || []).forEach(function (pair) { act.byYear[pair[0]] = pair[1]; });
});

/** The part of an activity's budget the current filter counts (its year's share, or all). */
function budgetIn(act) {
  if (act.budget === null) { return null; }
  return filter.year ? act.byYear[filter.year] || 0 : act.budget;
}

function passes(act) {
  if (act.plan && !filter.planned) { return false; }
  if (filter.org && act.org !== filter.org) { return false; }
  if (filter.type && act.type !== filter.type) { return false; }
  if (filter.theme && act.theme !== filter.theme) { return false; }
  if (filter.item && act.items.indexOf(filter.item) < 0) { return false; }
  if (filter.year) {
    var year = Number(filter.year);
    if (act.y0 === null || year < act.y0) { return false; }
    if (act.y1 !== null && act.y1 >= act.y0 && year > act.y1) { return false; }
  }
  return true;
}

/** An area follows its activity; an area with no known activity follows its own org. */
function areaPasses(area) {
  var act = actById[area.act];
  if (act) { return passes(act); }
  if (area.plan && !filter.planned) { return false; }
  if (filter.theme || filter.item || filter.year) { return false; }
  if (filter.org && area.org !== filter.org) { return false; }
  return !filter.type || area.type === filter.type;
}

var stats = null;

/** Everything the map, legend and summary show, from the filtered activities. */
function computeStats() {
  var acts = DATA.activities.filter(passes);
  var perDesa = {};
  var orgs = new Set();
  var desaReached = new Set();
  var kecReached = new Set();
  var byType = {};
  var budget = 0;
  var notSplit = 0;
  acts.forEach(function (act) {
    orgs.add(act.org);
    byType[act.type] = (byType[act.type] || 0) + 1;
    var counted = budgetIn(act);
    if (counted !== null) { budget += counted; }
    act.kec.forEach(function (code) { if (kecByCode[code]) { kecReached.add(code); } });
    if (!act.desa.length) { notSplit += 1; }
    act.desa.forEach(function (code) {
      var desa = desaByCode[code];
      if (!desa) { return; }
      desaReached.add(code);
      if (kecByCode[desa.kec]) { kecReached.add(desa.kec); }
      var entry = perDesa[code] || (perDesa[code] = { orgs: new Set(), n: 0, budget: 0, acts: [] });
      entry.orgs.add(act.org);
      entry.n += 1;
      entry.acts.push(act);
      if (counted !== null) { entry.budget += counted / act.desa.length; }
    });
  });
  stats = { acts: acts, perDesa: perDesa, orgs: orgs.size, budget: budget, byType: byType,
    desa: desaReached.size, kecamatan: kecReached.size, notSplit: notSplit };
}

// --------------------------------------------------------------- choropleth

function choroplethOptions() {
  var options = [
    { key: "", label: T.choro_none },
    { key: "n_activities", label: T.m_activities, zero: true },
    { key: "n_orgs", label: T.m_orgs, zero: true },
    { key: "budget", label: T.m_budget, zero: true, budget: true }
  ];
  DATA.measures.forEach(function (measure, index) {
    options.push({ key: "m:" + index, label: measure.label, unit: measure.unit, index: index });
  });
  return options;
}
var CHOROPLETHS = choroplethOptions();

function currentChoropleth() {
  return CHOROPLETHS.filter(function (option) { return option.key === choropleth; })[0];
}

function desaValue(desa, option) {
  var entry = stats.perDesa[desa.code];
  if (option.key === "n_activities") { return entry ? entry.n : 0; }
  if (option.key === "n_orgs") { return entry ? entry.orgs.size : 0; }
  if (option.key === "budget") { return entry ? Math.round(entry.budget) : 0; }
  return desa.m[option.index];
}

/**
 * Up to five classes: each distinct value its own class when there are few,
 * else quantiles. Zero gets its own class for activity measures.
 */
function classify(values, zeroClass) {
  var pool = values.filter(function (v) { return v !== null && (!zeroClass || v > 0); })
    .sort(function (a, b) { return a - b; });
  var distinct = unique(pool);
  if (distinct.length <= PALETTE.length) {
    return distinct.map(function (v) { return { lo: v, hi: v }; });
  }
  var uppers = [];
  for (var k = 1; k <= PALETTE.length; k++) {
    var upper = pool[Math.ceil(k * pool.length / PALETTE.length) - 1];
    if (!uppers.length || upper > uppers[uppers.length - 1]) { uppers.push(upper); }
  }
  return uppers.map(function (hi, i) {
    var lo = i === 0 ? pool[0] : pool.filter(function (v) { return v > uppers[i - 1]; })[0];
    return { lo: lo, hi: hi };
  });
}

function classColour(index, count) {
  if (count === 1) { return PALETTE[3]; }
  return PALETTE[Math.round(index * (PALETTE.length - 1) / (count - 1))];
}

function colourFor(value, option, classes) {
  if (value === null || value === undefined) { return NODATA_COLOUR; }
  if (option.zero && value <= 0) { return ZERO_COLOUR; }
  for (var i = 0; i < classes.length; i++) {
    if (value <= classes[i].hi) { return classColour(i, classes.length); }
  }
  return classColour(classes.length - 1, classes.length);
}

function formatFor(option, value) {
  if (option.budget) { return formatBudget(value); }
  return formatValue(value) + (option.unit ? " " + option.unit : "");
}

var choroplethClasses = [];
var FIXED_CLASSES = {};

/**
 * The classes of a choropleth, computed once on the unfiltered data (planned work left out)
 * and kept for every filter, so that a colour means the same in every year and theme.
 */
function fixedClasses(option) {
  if (FIXED_CLASSES[option.key]) { return FIXED_CLASSES[option.key]; }
  var kept = filter;
  filter = { org: "", type: "", theme: "", item: "", year: "", planned: false };
  computeStats();
  FIXED_CLASSES[option.key] = classify(DATA.desa.map(function (desa) { return desaValue(desa, option); }), option.zero);
  filter = kept;
  computeStats();
  return FIXED_CLASSES[option.key];
}

function restyleDesa() {
  var option = currentChoropleth();
  if (restyleKecamatan(option)) { return; }
  if (!option.key) {
    choroplethClasses = [];
    desaLayer.setStyle({ fillOpacity: 0 });
    return;
  }
  var values = DATA.desa.map(function (desa) { return desaValue(desa, option); });
  choroplethClasses = fixedClasses(option);
  DATA.desa.forEach(function (desa, i) {
    if (!desa.layer) { return; }
    desa.layer.setStyle({ fillColor: colourFor(values[i], option, choroplethClasses), fillOpacity: 0.75 });
  });
}

// Planned and proposed areas: dashed outline, hardly filled, so they never pass for work on
// the ground.
DATA.areas.forEach(function (area) {
  if (area.plan && area.layer && area.layer.setStyle) {
    area.layer.setStyle({ dashArray: "5 4", fillOpacity: 0.04, weight: 2 });
  }
});
