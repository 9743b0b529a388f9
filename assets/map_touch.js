/* A tap on the map opens what it touches, as a click does.
 *
 * plotly.js opens what the last hover found: its map subplot hovers on MapLibre's mousemove, and a
 * click emits plotly_click for the hovered point or area. A finger gives no reliable hover: the
 * browser's mousemove after a tap reaches MapLibre only when none of its touch handlers holds the
 * gesture, and plotly.js throttles hovers (one per 50 ms, a later one waits), so a tap could open
 * what an earlier hover had found (the district under a village's point, or nothing). Here the
 * browser's mousemove that follows a tap is kept from the map, and the click that follows it is
 * taken from MapLibre (these listeners capture on the document: they run first) and replayed on
 * the map once it has hovered at the tapped point (MapLibre's mousemove with the click as its DOM
 * event, which is what plotly.js reads) and the throttle has let that hover run. Pinch and pan
 * stay MapLibre's.
 */
(function () {
  const TAP_MS = 800;
  const TAP_PX = 12;
  const HOVER_SETTLE_MS = 60; /* plotly.js runs a throttled hover at most 50 ms later */
  let lastTouch = null;

  document.addEventListener("touchend", function (event) {
    const touch = event.changedTouches && event.changedTouches[0];
    lastTouch = touch ? { x: touch.clientX, y: touch.clientY, at: Date.now() } : null;
  }, { capture: true, passive: true });

  function followsTap(event) {
    return lastTouch !== null && Date.now() - lastTouch.at < TAP_MS
      && Math.hypot(event.clientX - lastTouch.x, event.clientY - lastTouch.y) < TAP_PX;
  }

  function mapUnder(event) {
    const canvas = event.target.closest && event.target.closest(".maplibregl-canvas");
    const graph = canvas && canvas.closest(".js-plotly-plot");
    const subplot = graph && graph._fullLayout && graph._fullLayout.map && graph._fullLayout.map._subplot;
    return subplot && subplot.map;
  }

  document.addEventListener("mousemove", function (event) {
    if (followsTap(event) && mapUnder(event)) { event.stopPropagation(); }
  }, true);

  document.addEventListener("click", function (event) {
    const map = mapUnder(event);
    if (!map || !followsTap(event)) { return; }
    event.stopPropagation();
    map.fire("mousemove", { originalEvent: event });
    setTimeout(function () { map.fire("click", { originalEvent: event }); }, HOVER_SETTLE_MS);
  }, true);
})();
