/* What a user sees of the map at this screen size, measured in the page (tests/browser/test_map_framing.py).
 * arguments[0]: the graph's CSS selector; arguments[1]: the URL of a boundary layer; arguments[2]: the
 * codes of the area's polygons in it (null: every feature); arguments[3]: the village codes to check
 * (null: every village point the map draws); arguments[4]: the callback of executeAsyncScript. */
const [selector, layerUrl, codes, villageCodes, done] = arguments;
const graph = document.querySelector(selector);
const map = graph._fullLayout.map._subplot.map;
const box = map.getContainer().getBoundingClientRect();

function outside(points) {
  return points.filter(([x, y]) => !(x >= -1 && x <= box.width + 1 && y >= -1 && y <= box.height + 1)).length;
}

/* How much of the map's width and height the polygon spans: it fills the map on one of them. */
function spanOf(points) {
  if (!points.length) { return null; }
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  return Math.max((Math.max(...xs) - Math.min(...xs)) / box.width, (Math.max(...ys) - Math.min(...ys)) / box.height);
}

function rectOf(element) {
  if (!element) { return null; }
  const r = element.getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
}

/* Elements over the map's canvas that are not the map itself (its canvas, its SVG layers, its mode bar). */
function foreignOverMap() {
  const found = new Set();
  for (let i = 1; i < 10; i++) {
    for (let j = 1; j < 10; j++) {
      const x = box.left + (box.width * i) / 10, y = box.top + (box.height * j) / 10;
      const element = document.elementFromPoint(x, y);
      if (element && !graph.contains(element)) { found.add(element.tagName + "#" + element.id + "." + element.className); }
    }
  }
  return [...found];
}

const layerRequest = layerUrl ? fetch(layerUrl).then((response) => response.json()) : Promise.resolve({ features: [] });
layerRequest.then((layer) => {
  const features = layer.features.filter((feature) => codes === null || codes.includes(feature.id));
  const ring = features.flatMap((feature) => {
    const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    return polygons.flatMap((polygon) => polygon[0]);
  });
  const villages = graph._fullData.filter((trace) => trace.meta && trace.meta.layer === "villages");
  const points = villages.flatMap((trace) => Array.from(trace.lat, (lat, i) => ({
    code: trace.customdata ? trace.customdata[i] : null, lon: trace.lon[i], lat: lat,
  }))).filter((point) => villageCodes === null || villageCodes.includes(point.code));
  const project = ([lon, lat]) => { const p = map.project([lon, lat]); return [p.x, p.y]; };
  done({
    framed: graph.getAttribute("data-framed"),
    map: rectOf(map.getContainer()),
    viewport: { width: window.innerWidth, height: window.innerHeight },
    scrollWidth: document.documentElement.scrollWidth,
    polygonPoints: ring.length,
    polygonOutside: outside(ring.map(project)),
    polygonSpan: spanOf(ring.map(project)),
    villages: points.length,
    villagesOutside: outside(points.map((point) => project([point.lon, point.lat]))),
    foreign: foreignOverMap(),
    legend: rectOf(graph.querySelector(".legend")),
    colorbar: rectOf(graph.querySelector(".colorbar")),
    graph: rectOf(graph),
  });
});
