/* Ticket table (/tickets/): drop the ticket grid's cached blocks when a filter, the URL or the data change,
   so AG Grid's infinite row model asks the server again from the first row. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    tickets: {
        purgeGrid: function () {
            const gridId = arguments[arguments.length - 1];
            dash_ag_grid.getApiAsync(gridId).then(function (api) {
                api.purgeInfiniteCache();
                api.ensureIndexVisible(0);
            });
            return Date.now();
        },
    },
});
