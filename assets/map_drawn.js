/* Marks #map with data-map-drawn="<villages drawn>" and data-map-area="<area code of the view>" once
 * Plotly has drawn its figure, MapLibre has loaded it and its camera is framed and still (used by
 * `make bench` and the browser tests to know which map is on screen; the figure's uirevision is its
 * area), and with
 * data-map-drawn-at="<performance.now() then>" at every draw, a redraw or a patch too (bench.redraw
 * times a click on the map to the map redrawn by it). */
(function () {
  /* Framed for its size by assets/map_framing.js (which may still move it after Plotly's draw),
     or never to be: no frame in the figure, or no size to frame. */
  function framed(graph, map) {
    const box = map.getContainer(), size = box.clientWidth + "x" + box.clientHeight;
    const frame = graph.layout && graph.layout.meta && graph.layout.meta.frame;
    return !frame || !box.clientWidth || !box.clientHeight || graph.getAttribute("data-framed") === size;
  }

  function villagesDrawn(graph, settled) {
    const subplot = graph._fullLayout && graph._fullLayout.map && graph._fullLayout.map._subplot;
    if (!subplot || !subplot.map || !subplot.map.loaded()) { return null; }
    if (settled && (subplot.map.isMoving() || !framed(graph, subplot.map))) { return null; }
    /* _fullData holds the decoded typed arrays; data may still hold {dtype, bdata} objects. */
    return (graph._fullData || []).reduce(function (total, trace) {
      const isVillages = trace.meta && trace.meta.layer === "villages";
      return total + (isVillages && trace.lat ? trace.lat.length : 0);
    }, 0);
  }

  const FRAMING_WAIT_MS = 5000; /* a camera never framed (a bug) must not leave the map unmarked */

  function mark(container, graph, since) {
    const started = since || performance.now();
    const points = villagesDrawn(graph, performance.now() - started < FRAMING_WAIT_MS);
    if (points !== null) {
      container.setAttribute("data-map-drawn", String(points));
      container.setAttribute("data-map-area", String((graph.layout && graph.layout.uirevision) || ""));
      container.setAttribute("data-map-drawn-at", String(performance.now()));
      return;
    }
    const subplot = graph._fullLayout && graph._fullLayout.map && graph._fullLayout.map._subplot;
    if (!subplot || !subplot.map) { return; }
    if (!subplot.map.loaded()) { /* MapLibre is still loading sources (the boundaries) */
      subplot.map.once("idle", function () { mark(container, graph, started); });
    } else { /* the camera is being framed, or moves */
      requestAnimationFrame(function () { mark(container, graph, started); });
    }
  }

  function hook() {
    const container = document.getElementById("map");
    const graph = container && container.querySelector(".js-plotly-plot");
    if (!graph || !graph.on || graph.dataset.drawnHook) { return; }
    graph.dataset.drawnHook = "1";
    graph.on("plotly_afterplot", function () { mark(container, graph); });
    /* A map that came with the page's layout may be drawn before this hook exists. */
    mark(container, graph);
  }

  new MutationObserver(hook).observe(document.documentElement, { childList: true, subtree: true });
})();
