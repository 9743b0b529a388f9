/* Map page: the ranking is a scrolling box that Dash refills in place, so the browser keeps its
   scroll position from one area to the next and a new area's worst rows would open hidden above.
   Scroll it back to the top when it lists another area's children (a sort or "show all" of the
   same area keeps the user's position).

   Its buttons are pattern-matching components that every new area's table replaces, and Dash
   calls their callback whenever they are replaced: clickedButton passes on real clicks only, so a
   drill-down posts no sorting request (callbacks/map_page.py sorts on the server). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    ranking: {
        clickedButton: function () {
            const triggered = window.dash_clientside.callback_context.triggered;
            if (!triggered.length || !triggered[0].value) {
                return window.dash_clientside.no_update;
            }
            const propId = triggered[0].prop_id;
            const button = JSON.parse(propId.slice(0, propId.lastIndexOf(".")));
            return {button: button, at: Date.now()};  // a second click on the same button is news too
        },
        scrollToTopForNewArea: function (_children, search, rankingId) {
            const box = document.getElementById(rankingId);
            if (!box) { return; }
            const area = new URLSearchParams(search || "").get("area") || "";
            if (box.dataset.rankedArea !== area) {
                box.scrollTop = 0;
                box.dataset.rankedArea = area;
            }
        },
    },
});
