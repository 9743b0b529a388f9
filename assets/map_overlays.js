/* Map page: the overlays (showcase, open tickets) follow each newly drawn view. The map callback
   writes the view it drew (map-drawn-view); this copies it into the overlay tools' own store, which
   only a signed-in person's page holds: on the signed-out aggregate page the overlays' callback
   then has no input at all, and the browser never posts it (callbacks/map_overlays.py). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    mapOverlays: {
        followDrawnView: function (drawnView) {
            return drawnView;
        },
    },
});
