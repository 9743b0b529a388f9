/* Frames the area in view to the map's real size, on the map page and on the wall display.
 *
 * A map figure carries its area's bounds in layout.meta.frame (layers/framing.py) with a first
 * camera guessed for a desktop-sized map. Here, where the map's width and height are known, the
 * camera of every new view is fitted to them before Plotly draws it (a wrapper around
 * Plotly.react: a figure whose camera is still the guess gets the fitted one), so a drill-down is
 * drawn framed at once. Refitting after the draw instead cost every drill-down a second tiling of
 * the map, and a second Plotly.react (the refit was reported to plotly.js as the user's move, and
 * dcc.Graph draws its whole figure again for those). The legend and the colour bar lie outside the
 * map (dashboard/figures.py), so the whole canvas is the area's.
 *
 * The first draw (the map's size is known only once Plotly has laid out the legend and the colour
 * bar), and any change of the map's size (a resize, a phone or tablet rotated, the display laid
 * out, a legend of another height), are framed after the draw with MapLibre's cameraForBounds and
 * a plain jumpTo, recorded in Plotly's layout without a relayout event (keepInLayout). A later
 * figure of the same area (another metric, an overlay) still carries the guess, so it is fitted
 * to the present size before its draw.
 * A camera the user chose (panned, zoomed: dcc.Graph keeps it in the figure) is never replaced by
 * a fit. The graph's `data-framed` attribute says the size it was framed for (the browser tests
 * wait for it).
 */
(function () {
  const MARGIN_SHARE = 0.04; /* of the map's shorter side, free around the area */
  const MIN_MARGIN_PX = 6;
  const TILE_PX = 512; /* MapLibre's world is 512 px wide at zoom 0 */

  function mapOf(graph) {
    const map = graph._fullLayout && graph._fullLayout.map;
    return map && map._subplot && map._subplot.map;
  }

  function frameOf(graph) {
    const meta = graph.layout && graph.layout.meta;
    return meta && meta.frame;
  }

  function sameCamera(lat, lon, zoom, camera) {
    return Math.abs(lat - camera.center.lat) < 1e-4 && Math.abs(lon - camera.center.lon) < 1e-4
      && Math.abs(zoom - camera.zoom) < 1e-3;
  }

  function showsCamera(map, camera) {
    const center = map.getCenter();
    return sameCamera(center.lat, center.lng, map.getZoom(), camera);
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

  function paddingFor(width, height, toolsPx) {
    const margin = Math.max(MIN_MARGIN_PX, Math.round(Math.min(width, height) * MARGIN_SHARE));
    return { top: margin, bottom: margin, left: margin, right: margin + toolsPx };
  }

  /* Web Mercator, as a share of the world's width (x) and height (y, from the north). */
  function worldY(lat) {
    const sin = Math.sin(Math.max(-85, Math.min(85, lat)) * Math.PI / 180);
    return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  }

  /* What MapLibre's cameraForBounds answers for a map of this size (it answers only for the map's
     present size): the bounds whole inside the padding, centred in the padded box. */
  function cameraFor(frame, width, height, padding) {
    const west = frame.bounds[0][0], south = frame.bounds[0][1], east = frame.bounds[1][0], north = frame.bounds[1][1];
    const x0 = (west + 180) / 360, x1 = (east + 180) / 360, y0 = worldY(north), y1 = worldY(south);
    const pxPerWorld = Math.min((width - padding.left - padding.right) / Math.max(x1 - x0, 1e-9),
      (height - padding.top - padding.bottom) / Math.max(y1 - y0, 1e-9));
    const zoom = Math.min(Math.log2(pxPerWorld / TILE_PX), frame.maxZoom);
    const worldPx = TILE_PX * Math.pow(2, zoom);
    const x = (x0 + x1) / 2 - (padding.left - padding.right) / 2 / worldPx;
    const y = (y0 + y1) / 2 - (padding.top - padding.bottom) / 2 / worldPx;
    const lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI;
    return { center: { lat: lat, lon: x * 360 - 180 }, zoom: zoom };
  }

  /* The figure Plotly is asked to draw, its guessed camera replaced by one fitted to the map's
     present size (a new view's legend is mostly as tall as the last one's). Not for the first draw:
     before it, what the legend and the colour bar will take of the graph is unknown. */
  function fittedFigure(graph, figure) {
    const layout = figure && figure.layout, camera = layout && layout.map;
    const frame = layout && layout.meta && layout.meta.frame, map = mapOf(graph);
    if (!frame || !camera || !camera.center || !map) { return figure; }
    const width = map.getContainer().clientWidth, height = map.getContainer().clientHeight;
    if (!width || !height || !sameCamera(camera.center.lat, camera.center.lon, camera.zoom, frame.camera)) {
      return figure;
    }
    const fitted = cameraFor(frame, width, height, paddingFor(width, height, toolsWidth(graph)));
    graph._fittedBeforeDraw = { size: width + "x" + height, camera: fitted };
    const framed = Object.assign({}, camera, fitted);
    return Object.assign({}, figure, { layout: Object.assign({}, layout, { map: framed }) });
  }

  function fitBeforeEveryDraw() {
    const plotly = window.Plotly;
    if (!plotly || plotly.react.fitsMaps) { return; }
    const react = plotly.react;
    plotly.react = function (graph, figure) {
      const isFigure = arguments.length === 2 && figure && !Array.isArray(figure) && graph && graph.nodeType === 1;
      return isFigure ? react.call(this, graph, fittedFigure(graph, figure)) : react.apply(this, arguments);
    };
    plotly.react.fitsMaps = true;
  }

  /* What plotly.js's own moveend handler records of a move the user made, without its relayout
     event: a later redraw by Plotly itself (a resize, a legend click) keeps the fitted camera. */
  function keepInLayout(graph, camera) {
    const options = graph._fullLayout && graph._fullLayout.map;
    if (!options || !options._input) { return; }
    const center = { lon: camera.center.lng, lat: camera.center.lat };
    options._input.center = options.center = center;
    options._input.zoom = options.zoom = camera.zoom;
  }

  function fit(graph, map, frame) {
    const container = map.getContainer();
    const width = container.clientWidth, height = container.clientHeight;
    if (!width || !height) { return; }
    const padding = paddingFor(width, height, toolsWidth(graph));
    const camera = map.cameraForBounds(frame.bounds, { padding: padding, maxZoom: frame.maxZoom });
    if (!camera) { return; }
    map.jumpTo(camera);
    keepInLayout(graph, camera);
    graph.setAttribute("data-framed", width + "x" + height);
  }

  function refitIfNeeded(graph) {
    const map = mapOf(graph), frame = frameOf(graph);
    if (!map || !frame) { return; }
    const fitted = graph._fittedBeforeDraw, size = sizeOf(map);
    if (fitted && fitted.size === size && showsCamera(map, fitted.camera)) {
      graph.setAttribute("data-framed", size); /* drawn framed: nothing to move */
      return;
    }
    if (showsCamera(map, frame.camera) || graph.getAttribute("data-framed") !== size) {
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
    fitBeforeEveryDraw();
    document.querySelectorAll(".js-plotly-plot").forEach(function (graph) {
      if (graph.on && !graph.dataset.framingHook) { follow(graph); }
    });
  }

  fitBeforeEveryDraw(); /* plotly.js loads before the assets; the observer below catches a later load */
  new MutationObserver(hookNewGraphs).observe(document.documentElement, { childList: true, subtree: true });
})();
