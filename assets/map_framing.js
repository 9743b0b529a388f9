/* Frames the area in view to the map's real size, on the map page and on the wall display.
 *
 * A map figure carries its area's bounds in layout.meta.frame (layers/framing.py) with a first
 * camera guessed for a desktop-sized map. Here, where the map's width and height are known, the
 * camera is refitted with MapLibre's cameraForBounds: when the map shows the figure's own camera
 * (a new view was drawn: Plotly applies a figure's camera unless the user moved the map under the
 * same uirevision) and whenever the map's size changes (a resize, a phone or tablet rotated, the
 * display laid out). The legend and the colour bar lie outside the map (dashboard/figures.py), so
 * the whole canvas is the area's.
 *
 * The camera is applied with jumpTo and an `originalEvent`: plotly.js then records it as a view
 * the user chose (its moveend handler), so a later figure of the same area (another metric, an
 * overlay) keeps it instead of jumping back to the guess. The graph's `data-framed` attribute
 * says the size it was framed for (the browser tests wait for it).
 */
(function () {
  const MARGIN_SHARE = 0.04; /* of the map's shorter side, free around the area */
  const MIN_MARGIN_PX = 6;

  function mapOf(graph) {
    const map = graph._fullLayout && graph._fullLayout.map;
    return map && map._subplot && map._subplot.map;
  }

  function frameOf(graph) {
    const meta = graph.layout && graph.layout.meta;
    return meta && meta.frame;
  }

  function showsCamera(map, camera) {
    const center = map.getCenter();
    return Math.abs(center.lat - camera.center.lat) < 1e-4 && Math.abs(center.lng - camera.center.lon) < 1e-4
      && Math.abs(map.getZoom() - camera.zoom) < 1e-3;
  }

  function sizeOf(map) {
    const container = map.getContainer();
    return container.clientWidth + "x" + container.clientHeight;
  }

  /* The map's tool buttons run down its right edge (dashboard/figures.py): the area keeps clear of them. */
  function toolsWidth(graph) {
    const tools = graph.querySelector(".modebar");
    return tools ? Math.ceil(tools.getBoundingClientRect().width) : 0;
  }

  function fit(graph, map, frame) {
    const container = map.getContainer();
    const width = container.clientWidth, height = container.clientHeight;
    if (!width || !height) { return; }
    const margin = Math.max(MIN_MARGIN_PX, Math.round(Math.min(width, height) * MARGIN_SHARE));
    const padding = { top: margin, bottom: margin, left: margin, right: margin + toolsWidth(graph) };
    const camera = map.cameraForBounds(frame.bounds, { padding: padding, maxZoom: frame.maxZoom });
    if (!camera) { return; }
    map.jumpTo(camera, { originalEvent: { type: "fit-to-size" } });
    graph.setAttribute("data-framed", width + "x" + height);
  }

  function refitIfNeeded(graph) {
    const map = mapOf(graph), frame = frameOf(graph);
    if (!map || !frame) { return; }
    if (showsCamera(map, frame.camera) || graph.getAttribute("data-framed") !== sizeOf(map)) {
      fit(graph, map, frame);
    }
  }

  function follow(graph) {
    graph.dataset.framingHook = "1";
    graph.on("plotly_afterplot", function () {
      refitIfNeeded(graph);
      const map = mapOf(graph);
      if (map && !map._framingHook) {
        map._framingHook = true;
        map.on("resize", function () { refitIfNeeded(graph); });
      }
    });
    refitIfNeeded(graph); /* a map drawn before this hook existed (it came with the page's layout) */
  }

  function hookNewGraphs() {
    document.querySelectorAll(".js-plotly-plot").forEach(function (graph) {
      if (graph.on && !graph.dataset.framingHook) { follow(graph); }
    });
  }

  new MutationObserver(hookNewGraphs).observe(document.documentElement, { childList: true, subtree: true });
})();
