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
        /* A phone (576 px wide or less) shows the columns not marked wideOnly (dashboard/ticket_table/
           layout.py); turning the phone or resizing the window switches the others back on or off. */
        fitColumnsToScreen: function (columnDefs, gridId) {
            const narrow = window.matchMedia("(max-width: 576px)");
            dash_ag_grid.getApiAsync(gridId).then(function (api) {
                const wideOnly = (columnDefs || []).filter(function (column) {
                    return column.context && column.context.wideOnly;
                }).map(function (column) { return column.colId || column.field; });
                const apply = function () { api.setColumnsVisible(wideOnly, !narrow.matches); };
                apply();
                if (!api.fitColumnsHook) {
                    api.fitColumnsHook = true;
                    narrow.addEventListener("change", apply);
                }
            });
        },
    },
});
