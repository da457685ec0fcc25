// --------------------------------------------------------- organisation profiles
//
// Every organisation of the organisation sheet and of the activities: type, role
// in the Sekber, contact, the items it leads and supports (from the plan), its
// activities and where they are, its budget split by action item (an activity
// naming several items counts in equal shares, the rule of analyse/plan.py), and
// the organisations it works beside (DATA.beside, from analyse/coordination.py).

/** Every organisation: name, type key and its sheet record (or null). */
function allOrgs() {
  var types = {};
  DATA.activities.forEach(function (act) { types[act.org] = types[act.org] || act.type; });
  DATA.areas.forEach(function (area) { types[area.org] = types[area.org] || area.type; });
  (DATA.orgs || []).forEach(function (org) { types[org.name] = org.type; });
  return Object.keys(types).filter(Boolean).sort(compareText).map(function (name) {
    return { name: name, type: types[name], sheet: ORG[name] || null };
  });
}

function buildOrgList() {
  var section = document.getElementById("atlas-orgs");
  section.textContent = "";
  append(section, el("h2", null, T.orgs_head));
  var orgs = allOrgs();
  DATA.orgTypes.forEach(function (type) {
    var mine = orgs.filter(function (org) { return org.type === type.key; });
    if (!mine.length) { return; }
    append(section, append(el("h3", "atlas-org-type"), swatch(type.colour), " " + type.label + " (" + formatNumber(mine.length) + ")"));
    var list = el("ul", "atlas-org-list");
    list.setAttribute("data-type", type.key);
    mine.forEach(function (org) {
      var short = org.sheet && org.sheet.short && org.sheet.short !== org.name ? " (" + org.sheet.short + ")" : "";
      append(list, append(el("li"), orgButton(org.name), short));
    });
    append(section, list);
  });
}

/** Items where an organisation is lead or supporter, from the plan. */
function itemsOf(name) {
  return {
    lead: PLAN.filter(function (item) { return item.lead === name; }),
    support: PLAN.filter(function (item) { return item.supports.indexOf(name) >= 0; })
  };
}

/** The role map: kecamatan planned for items it leads, supports, or both. */
function showRoles(name) {
  var roles = itemsOf(name);
  var classes = {};
  roles.lead.forEach(function (item) { item.planned.forEach(function (code) { classes[code] = "lead"; }); });
  roles.support.forEach(function (item) {
    item.planned.forEach(function (code) { classes[code] = classes[code] === "lead" || classes[code] === "both" ? "both" : "support"; });
  });
  selectedItem = "";
  showHighlight(fill(T.hl_roles, { org: name }), classes);
}

function itemLinks(items) {
  if (!items.length) { return el("p", "atlas-muted", T.org_none); }
  var list = el("ul", "atlas-compact");
  items.forEach(function (item) {
    var button = el("button", "atlas-link", item.no + ". " + item.title);
    button.type = "button";
    button.addEventListener("click", function () { selectItem(item.no); });
    var line = append(el("li"), button);
    line.setAttribute("data-item", item.no);
    append(list, line);
  });
  return list;
}

/** An organisation's budget: total of its activities, and each item's share. */
function budgetBlock(acts) {
  var shares = {};
  var total = 0;
  var without = 0;
  acts.forEach(function (act) {
    if (act.budget === null) { without += 1; return; }
    total += act.budget;
    var items = act.items.length ? act.items : [""];
    items.forEach(function (no) { shares[no] = (shares[no] || 0) + act.budget / items.length; });
  });
  var list = el("dl", "atlas-facts atlas-org-budget");
  Object.keys(shares).sort(compareNumbers).forEach(function (no) {
    var term = !no ? T.org_no_item : ITEM[no] ? no + ". " + ITEM[no].title : fill(T.item_missing, { n: no });
    var value = el("dd", null, formatBudget(shares[no]));
    value.setAttribute("data-item", no);
    value.setAttribute("data-value", String(Math.round(shares[no])));
    append(list, el("dt", null, term), value);
  });
  var sum = el("dd", "atlas-total", formatBudget(total));
  sum.setAttribute("data-value", String(Math.round(total)));
  sum.id = "profile-budget-total";
  append(list, el("dt", "atlas-total", T.total), sum);
  var box = append(el("div"), el("h4", null, T.org_budget), list, el("p", "atlas-muted", T.org_budget_rule));
  if (without) { append(box, el("p", "atlas-muted", fill(T.org_no_budget, { n: formatNumber(without) }))); }
  return box;
}

/** The organisations an organisation works beside: theme, desa, shared hectares. */
function besideBlock(name) {
  var box = append(el("div"), el("h4", null, T.org_beside));
  var pairs = (DATA.beside || []).filter(function (pair) { return pair.a === name || pair.b === name; });
  if (!pairs.length) { return append(box, el("p", "atlas-muted", T.org_beside_none)); }
  var byOrg = {};
  pairs.forEach(function (pair) {
    var other = pair.a === name ? pair.b : pair.a;
    var entry = byOrg[other] || (byOrg[other] = []);
    entry.push(pair);
  });
  var list = el("ul", "atlas-compact atlas-beside");
  Object.keys(byOrg).sort(compareText).forEach(function (other) {
    var line = append(el("li"), orgButton(other));
    line.setAttribute("data-org", other);
    byOrg[other].forEach(function (pair) {
      var desa = pair.desa.map(function (code) { return desaByCode[code] ? desaByCode[code].name : code; }).join(", ");
      append(line, el("div", "atlas-muted", fill(T.org_beside_row, { theme: pair.theme, desa: desa, ha: formatHa(pair.ha) || "0 ha" })));
    });
    append(list, line);
  });
  return append(box, list);
}

function activityLine(act) {
  var where = Array.from(kecOfActivity(act)).map(function (code) {
    var desa = act.desa.filter(function (d) { return desaByCode[d] && desaByCode[d].kec === code; })
      .map(function (d) { return desaByCode[d].name; });
    return kecByCode[code].name + (desa.length ? " (" + desa.join(", ") + ")" : "");
  }).join("; ");
  var line = append(el("li"), el("span", "atlas-compact-title", act.title || act.id),
    " · " + [act.theme, where || T["precision_" + act.precision] || "", formatPeriod(act),
      act.budget === null ? "" : formatBudget(act.budget), act.items.join(", ")].filter(Boolean).join(" · "));
  line.setAttribute("data-activity", act.id);
  return markPlanned(line, act);
}

var profileOrg = "";

/** Show an organisation's profile in the organisations view. */
function showProfile(name) {
  profileOrg = name;
  var section = document.getElementById("atlas-orgs");
  if (!section) { return; }
  section.textContent = "";
  var back = el("button", "atlas-link atlas-back", "← " + T.org_back);
  back.type = "button";
  back.addEventListener("click", closeProfile);
  var org = allOrgs().filter(function (o) { return o.name === name; })[0] || { name: name, type: "lainnya", sheet: null };
  var sheet = org.sheet;
  var box = el("div", "atlas-profile");
  box.id = "atlas-profile";
  box.setAttribute("data-org", name);
  append(box, el("h3", null, name));
  var facts = el("dl", "atlas-facts");
  row(facts, T.org_type, (TYPE[org.type] || TYPE.lainnya).label + (sheet && sheet.typeText ? " (" + sheet.typeText + ")" : ""));
  if (sheet) {
    row(facts, T.code, sheet.short);
    row(facts, T.org_roles, sheet.roles.join("; "));
    row(facts, T.org_contact, sheet.contact);
  }
  append(box, facts, sheet ? null : el("p", "atlas-muted", T.org_not_listed));
  var roles = itemsOf(name);
  var leads = itemLinks(roles.lead);
  leads.id = "profile-leads";
  var supports = itemLinks(roles.support);
  supports.id = "profile-supports";
  append(box, el("h4", null, T.org_leads), leads, el("h4", null, T.org_supports), supports);
  var buttons = el("div", "atlas-buttons");
  if (roles.lead.length || roles.support.length) {
    var roleButton = el("button", "atlas-button", T.org_rolemap);
    roleButton.type = "button";
    roleButton.id = "profile-rolemap";
    roleButton.addEventListener("click", function () { showRoles(name); });
    append(buttons, roleButton);
  }
  var filterButton = el("button", "atlas-button", T.filter_to_org);
  filterButton.type = "button";
  filterButton.addEventListener("click", function () { setFilter({ org: name }); });
  append(box, append(buttons, filterButton));
  var acts = DATA.activities.filter(function (act) { return act.org === name; });
  var list = el("ul", "atlas-compact atlas-profile-acts");
  acts.forEach(function (act) { append(list, activityLine(act)); });
  append(box, el("h4", null, fill(T.org_acts, { n: formatNumber(acts.length) })), list);
  if (acts.length) { append(box, budgetBlock(acts)); }
  append(box, besideBlock(name));
  append(section, back, box);
  showView("orgs");
  var side = document.getElementById("atlas-side");
  if (side.scrollTo) { side.scrollTo(0, 0); }
  writeView();
}

/** Close the profile: back to the list of organisations. */
function closeProfile() {
  profileOrg = "";
  buildOrgList();
  writeView();
}
