/* Map page: the ranking is a scrolling box that Dash refills in place, so the browser keeps its
   scroll position from one area to the next and a new area's worst rows would open hidden above.
   Scroll it back to the top when it lists another area's children (a sort or "show all" of the
   same area keeps the user's position). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    ranking: {
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
