/* Where on the screen a user taps to open an area (tests/browser/test_map_framing.py): a point
 * inside the area's polygon as far as can be from its edges, the map's edges and (``avoidVillages``)
 * any village point (so the tap hits the area, not a village), or a village's own point. Viewport
 * CSS pixels, as Input.dispatchTouchEvent takes them.
 * arguments[0]: graph selector; [1]: boundary layer URL or null; [2]: the area's or the village's
 * code (null: the area of the layer with the most room for a finger); [3]: avoidVillages.
 * Answers {x, y, code, room}. */
const [selector, layerUrl, code, avoidVillages, done] = arguments;
const graph = document.querySelector(selector);
const map = graph._fullLayout.map._subplot.map;
const box = map.getContainer().getBoundingClientRect();
const villages = graph._fullData.filter((trace) => trace.meta && trace.meta.layer === "villages").flatMap(
  (trace) => Array.from(trace.lat, (lat, i) => ({ code: trace.customdata && trace.customdata[i], p: map.project([trace.lon[i], lat]) })));

function inside([x, y], ring) {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) { odd = !odd; }
  }
  return odd;
}

if (!layerUrl) {
  const village = villages.find((v) => v.code === code);
  done({ x: box.left + village.p.x, y: box.top + village.p.y, code: code, room: 0 });
} else {
  fetch(layerUrl).then((response) => response.json()).then((layer) => {
    let best = null;
    for (const feature of layer.features.filter((f) => code === null || f.id === code)) {
      const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      const rings = polygons.map((polygon) => polygon[0].map(([lon, lat]) => { const p = map.project([lon, lat]); return [p.x, p.y]; }));
      for (let x = 4; x < box.width - 4; x += 6) {
        for (let y = 4; y < box.height - 4; y += 6) {
          if (!rings.some((ring) => inside([x, y], ring))) { continue; }
          const edges = rings.flat().reduce((d, [ex, ey]) => Math.min(d, Math.hypot(ex - x, ey - y)), Infinity);
          const free = avoidVillages ? villages.reduce((d, v) => Math.min(d, Math.hypot(v.p.x - x, v.p.y - y)), Infinity) : Infinity;
          const room = Math.min(free, edges, x, y, box.width - x, box.height - y);
          if (!best || room > best.room) { best = { x: box.left + x, y: box.top + y, code: feature.id, room: room }; }
        }
      }
    }
    done(best);
  });
}
