/* Map page: the overlays (showcase, open tickets) follow each newly drawn view. The map callback
   writes the view it drew (map-drawn-view); this copies it into the overlay tools' own store, which
   only a signed-in person's page holds: on the signed-out aggregate page the overlays' callback
   then has no input at all, and the browser never posts it (callbacks/map_overlays.py). While no
   overlay is switched on and none is on the map, there is nothing to draw for the new view: no
   copy, no request. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    mapOverlays: {
        followDrawnView: function (drawnView, onMap, ...switches) {
            const nothingToDraw = (!onMap || onMap.length === 0) && !switches.some(Boolean);
            return nothingToDraw ? window.dash_clientside.no_update : drawnView;
        },
    },
});
