/* The Tickets and Showcase tabs follow the page's view only while they are open
 * (callbacks/tab_views.py): the tab's store takes the URL's search when the tab is open, or is
 * opened on a view it has not shown yet; otherwise nothing changes and nothing is posted. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    tabViews: {
        followWhileOpen: function (search, activeTab, tabId, shown) {
            const view = search || "";
            if (activeTab !== tabId || view === shown) {
                return window.dash_clientside.no_update;
            }
            return view;
        },
    },
});
