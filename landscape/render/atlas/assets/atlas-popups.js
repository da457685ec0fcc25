// ------------------------------------------------------------------- popups
//
// Desa and kecamatan popups name the organisations working there, by type
// (each a link to its profile), then the activities: in full when a desa has a
// few, one line each otherwise and always for a kecamatan.

var POPUP_FULL_LIMIT = 3;

function row(list, term, value) {
  if (value === null || value === undefined || value === "") { return; }
  append(list, el("dt", null, term), el("dd", null, value));
}

/** Who, what, when, budget, funding, action item and land status of an activity. */
function activityBlock(act) {
  var block = el("div", "atlas-activity");
  append(block, markPlanned(el("div", "atlas-activity-title", act.title || act.id), act));
  var list = el("dl", "atlas-facts");
  var who = act.org + (act.typeText ? " (" + act.typeText + ")" : "");
  row(list, T.who, who);
  var what = [act.theme, act.precision ? T["precision_" + act.precision] || act.precision : ""]
    .filter(Boolean).join(" · ");
  row(list, T.what_label, what);
  row(list, T.when, formatPeriod(act));
  row(list, T.budget, act.budget === null ? "" : formatBudget(act.budget));
  row(list, T.funding, act.funding);
  row(list, T.items, act.items.join(", "));
  row(list, T.land, act.land);
  append(block, list);
  return block;
}

function activityList(container, acts) {
  append(container, el("h4", null, T.activities_here));
  if (!acts.length) {
    append(container, el("p", "atlas-muted", T.none_here));
    return;
  }
  acts.slice(0, POPUP_LIST_LIMIT).forEach(function (act) { append(container, activityBlock(act)); });
  if (acts.length > POPUP_LIST_LIMIT) {
    append(container, el("p", "atlas-muted", fill(T.more, { n: acts.length - POPUP_LIST_LIMIT })));
  }
}

function popupHead(title, subtitle) {
  var box = el("div", "atlas-popup");
  append(box, el("h3", null, title), subtitle ? el("p", "atlas-popup-sub", subtitle) : null);
  return box;
}

function desaPopup(desa) {
  var box = popupHead(desa.name, T.kind_kecamatan + " " + desa.kecName + " · " + T.code + " " + desa.code);
  var list = el("dl", "atlas-facts");
  CHOROPLETHS.forEach(function (option) {
    if (option.key && !option.level) { row(list, option.label, formatFor(option, desaValue(desa, option))); }
  });
  row(list, T.land, desa.land);
  append(box, list);
  var entry = stats.perDesa[desa.code];
  var acts = entry ? entry.acts : [];
  orgsHere(box, acts);
  // A few activities in full; many as one line each.
  if (acts.length <= POPUP_FULL_LIMIT) { activityList(box, acts); } else { compactActivities(box, acts); }
  return box;
}

function kecamatanPopup(kec) {
  var box = popupHead(T.kind_kecamatan + " " + kec.name, T.code + " " + kec.code);
  var acts = stats.acts.filter(function (act) {
    return act.kec.indexOf(kec.code) >= 0 || act.desa.some(function (code) {
      return desaByCode[code] && desaByCode[code].kec === kec.code;
    });
  });
  var list = el("dl", "atlas-facts");
  row(list, T.m_activities, formatNumber(acts.length));
  row(list, T.m_orgs, formatNumber(new Set(acts.map(function (act) { return act.org; })).size));
  append(box, list);
  orgsHere(box, acts);
  compactActivities(box, acts);
  return box;
}

function areaPopup(area) {
  var type = TYPE[area.type];
  var box = popupHead(area.name || T["kind_" + area.kind], area.org + " · " + (area.typeText || type.label));
  var list = el("dl", "atlas-facts");
  row(list, T.area, area.kind === "polygon" ? formatHa(area.ha) : "");
  var act = actById[area.act];
  if (!act) { row(list, T.who, area.org); }
  append(box, list, act ? activityBlock(act) : null);
  append(box, append(el("p", "atlas-popup-profile"), T.profile + ": ", orgButton(area.org)));
  return box;
}

function vectorPopup(vector, feature) {
  var box = popupHead(feature.name || feature.label, vector.title);
  var list = el("dl", "atlas-facts");
  row(list, vector.title, feature.label);
  row(list, T.code, feature.code);
  append(box, list);
  return box;
}
