/* Marks #map with data-map-drawn once Plotly has drawn its figure (used by `make bench`
 * and the browser tests to know the map is really on screen). */
window.netdash = Object.assign({}, window.netdash, {
  markMapDrawn: function () {
    const container = document.getElementById("map");
    const graph = container && container.querySelector(".js-plotly-plot");
    if (!graph || graph.dataset.drawnHook) { return; }
    graph.dataset.drawnHook = "1";
    graph.on("plotly_afterplot", function () {
      /* _fullData holds the decoded typed arrays; data may still hold {dtype, bdata} objects. */
      const points = (graph._fullData || []).reduce(function (total, trace) {
        const isVillages = trace.meta && trace.meta.layer === "villages";
        return total + (isVillages && trace.lat ? trace.lat.length : 0);
      }, 0);
      container.setAttribute("data-map-drawn", String(points));
    });
  },
});
new MutationObserver(function () { window.netdash.markMapDrawn(); })
  .observe(document.documentElement, { childList: true, subtree: true });
