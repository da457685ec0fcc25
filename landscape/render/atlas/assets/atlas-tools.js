// ------------------------------------------------------------------ measure

/** Click points: distance in km; click the first point again: area in ha. Geodesic. */
var measure = { active: false, points: [], closed: false, layer: L.layerGroup() };

function measureText() {
  var pts = measure.points;
  if (!pts.length) { return T.measure_hint; }
  var length = 0;
  for (var i = 1; i < pts.length; i++) { length += haversine(pts[i - 1], pts[i]); }
  if (measure.closed) {
    length += haversine(pts[pts.length - 1], pts[0]);
    return T.area + ": " + formatNumber(sphericalArea(pts) / 10000, 1) + " ha · " +
      T.perimeter + ": " + formatNumber(length / 1000, 2) + " km";
  }
  return T.distance + ": " + formatNumber(length / 1000, 2) + " km";
}

function drawMeasure() {
  measure.layer.clearLayers();
  var style = { renderer: RENDER.measure, className: "atlas-measure", color: "#d0021b", weight: 2.5, dashArray: "5 5" };
  if (measure.closed) {
    measure.layer.addLayer(L.polygon(measure.points, L.extend({ fillOpacity: 0.15 }, style)));
  } else if (measure.points.length > 1) {
    measure.layer.addLayer(L.polyline(measure.points, style));
  }
  measure.points.forEach(function (point) {
    measure.layer.addLayer(L.circleMarker(point, { renderer: RENDER.measure, className: "atlas-measure-vertex",
      radius: 4, color: "#d0021b", weight: 2, fillColor: "#ffffff", fillOpacity: 1 }));
  });
  measure.output.textContent = measureText();
}

function addMeasurePoint(latlng) {
  if (measure.closed) { measure.points = []; measure.closed = false; }
  var pts = measure.points;
  if (pts.length >= 3 && map.latLngToContainerPoint(pts[0]).distanceTo(map.latLngToContainerPoint(latlng)) < 10) {
    measure.closed = true;
  } else {
    pts.push(latlng);
  }
  drawMeasure();
}

function setMeasuring(on) {
  measure.active = on;
  map.getContainer().classList.toggle("atlas-measuring", on);
  measure.box.classList.toggle("atlas-active", on);
  measure.button.setAttribute("aria-pressed", on ? "true" : "false");
  if (on) { map.doubleClickZoom.disable(); map.closePopup(); } else { map.doubleClickZoom.enable(); }
  drawMeasure();
}

map.on("click", function (event) { if (measure.active) { addMeasurePoint(event.latlng); } });
document.addEventListener("keydown", function (event) { if (event.key === "Escape" && measure.active) { setMeasuring(false); } });

var measureControl = L.control({ position: "topleft" });
measureControl.onAdd = function () {
  var box = el("div", "atlas-tool atlas-measure-tool leaflet-bar leaflet-control");
  measure.box = box;
  measure.button = el("button", "atlas-tool-button", T.measure);
  measure.button.type = "button";
  measure.button.id = "atlas-measure-button";
  measure.button.setAttribute("aria-pressed", "false");
  measure.button.addEventListener("click", function () { setMeasuring(!measure.active); });
  var panel = el("div", "atlas-measure-panel");
  measure.output = el("div", "atlas-measure-output", T.measure_hint);
  measure.output.id = "atlas-measure-output";
  var clear = el("button", "atlas-button", T.measure_clear);
  clear.type = "button";
  clear.addEventListener("click", function () { measure.points = []; measure.closed = false; drawMeasure(); });
  append(box, measure.button, append(panel, measure.output, clear));
  L.DomEvent.disableClickPropagation(box);
  return box;
};

// --------------------------------------------------------------- fullscreen

var app = document.getElementById("atlas-app");
var fullscreenControl = L.control({ position: "topleft" });
fullscreenControl.onAdd = function () {
  var box = el("div", "atlas-tool leaflet-bar leaflet-control");
  var button = el("button", "atlas-tool-button", T.fullscreen);
  button.type = "button";
  button.id = "atlas-fullscreen-button";
  button.addEventListener("click", toggleFullscreen);
  append(box, button);
  L.DomEvent.disableClickPropagation(box);
  return box;
};

/** The Fullscreen API where allowed; else (e.g. in a frame) a page-filling CSS mode. */
function toggleFullscreen() {
  if (document.fullscreenElement) { document.exitFullscreen(); return; }
  if (app.classList.contains("atlas-pseudo-fullscreen")) { setPseudoFullscreen(false); return; }
  if (app.requestFullscreen && document.fullscreenEnabled) {
    app.requestFullscreen().catch(function () { setPseudoFullscreen(true); });
  } else {
    setPseudoFullscreen(true);
  }
}

function setPseudoFullscreen(on) {
  app.classList.toggle("atlas-pseudo-fullscreen", on);
  map.invalidateSize();
}
document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });

// ----------------------------------------------------------------- overview

/** A second, tiny map with the outline and a rectangle of the main view: no tiles. */
var overview = { map: null, view: null };
var overviewControl = L.control({ position: "bottomleft" });
overviewControl.onAdd = function () {
  var box = el("div", "atlas-overview leaflet-control");
  box.id = "atlas-overview";
  box.title = T.overview;
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", T.overview);
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);
  return box;
};

function startOverview(box) {
  var mini = L.map(box, {
    attributionControl: false, zoomControl: false, dragging: false, touchZoom: false,
    scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, zoomSnap: 0.1
  });
  var shape = DATA.outline ? L.polygon(decode(DATA.outline), {
    className: "atlas-overview-outline", color: "#555555", weight: 1, fillColor: "#c9d8c5", fillOpacity: 0.8,
    interactive: false
  }).addTo(mini) : null;
  // Padded, so that the rectangle of the main view still shows at the default zoom.
  mini.fitBounds((shape ? shape.getBounds() : bounds).pad(0.4));
  overview.view = L.rectangle(map.getBounds(), {
    className: "atlas-overview-view", color: "#d0021b", weight: 1.5, fillOpacity: 0.05, interactive: false
  }).addTo(mini);
  mini.on("click", function (event) { map.panTo(event.latlng); });
  overview.map = mini;
}

function updateOverview() {
  if (overview.view) { overview.view.setBounds(map.getBounds()); }
}
map.on("moveend zoomend resize", updateOverview);
