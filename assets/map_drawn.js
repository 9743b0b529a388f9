/* Marks #map with data-map-drawn="<villages drawn>" and data-map-area="<area code of the view>" once
 * Plotly has drawn its figure and MapLibre has loaded it (used by `make bench` and the browser tests
 * to know which map is on screen; the figure's uirevision is its area), and with
 * data-map-drawn-at="<performance.now() then>" at every draw, a redraw or a patch too (bench.redraw
 * times a click on the map to the map redrawn by it). */
(function () {
  function villagesDrawn(graph) {
    const subplot = graph._fullLayout && graph._fullLayout.map && graph._fullLayout.map._subplot;
    if (!subplot || !subplot.map || !subplot.map.loaded()) { return null; }
    /* _fullData holds the decoded typed arrays; data may still hold {dtype, bdata} objects. */
    return (graph._fullData || []).reduce(function (total, trace) {
      const isVillages = trace.meta && trace.meta.layer === "villages";
      return total + (isVillages && trace.lat ? trace.lat.length : 0);
    }, 0);
  }

  function mark(container, graph) {
    const points = villagesDrawn(graph);
    if (points !== null) {
      container.setAttribute("data-map-drawn", String(points));
      container.setAttribute("data-map-area", String((graph.layout && graph.layout.uirevision) || ""));
      container.setAttribute("data-map-drawn-at", String(performance.now()));
      return;
    }
    /* Plotly has drawn, MapLibre is still loading sources (the boundaries): ask again when idle. */
    const subplot = graph._fullLayout && graph._fullLayout.map && graph._fullLayout.map._subplot;
    if (subplot && subplot.map) { subplot.map.once("idle", function () { mark(container, graph); }); }
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
