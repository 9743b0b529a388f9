/* The map answers a click from the moment it is on screen.
 *
 * dcc.Graph binds its own click handler only when Plotly's react() promise resolves, which on a
 * busy machine comes a second or more after the map is drawn: a click in between was lost (the
 * user saw the map and nothing happened). Until dcc.Graph's handler is bound, this one passes the
 * click on as dcc.Graph would (clickData with the point's location, customdata, lat and lon);
 * once it is bound, this one stands aside, so a click is never delivered twice. */
(function () {
  function pointOf(p) {
    return {
      curveNumber: p.curveNumber, pointNumber: p.pointNumber,
      location: p.location, customdata: p.customdata, lat: p.lat, lon: p.lon,
    };
  }

  function forwardEarlyClick(graph) {
    function earlyClick(event) {
      const bound = graph._ev && graph._ev.listeners ? graph._ev.listeners("plotly_click").length : 0;
      const dash = window.dash_clientside;
      if (bound > 1 || !dash || !dash.set_props) { return; } /* dcc.Graph's own handler has it */
      dash.set_props("map", { clickData: { points: (event.points || []).map(pointOf) } });
    }
    earlyClick.earlyClick = true; /* tells the browser tests which handler is this one */
    graph.on("plotly_click", earlyClick);
  }

  function hook() {
    const graph = document.querySelector("#map .js-plotly-plot");
    if (!graph || !graph.on || graph.dataset.earlyClicks) { return; }
    graph.dataset.earlyClicks = "1";
    forwardEarlyClick(graph);
  }

  new MutationObserver(hook).observe(document.documentElement, { childList: true, subtree: true });
})();
