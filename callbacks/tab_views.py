"""The right column's Tickets and Showcase tabs follow the page's view only while they are open.

Each tab's callbacks listen to a store of its own (``Tickets.VIEW``, ``Showcase.VIEW``) instead of
the URL. The browser copies the URL's search into that store when the tab is open, or when it is
opened on a view it has not shown yet (assets/tab_views.js). A drill-down with the tabs closed
(most of them) so posts no request of theirs: measured, four of the twelve requests a click on the
map made, all answered "nothing to change", each paying the sign-in gate and competing with the
map's own answer for the server's two cores.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from dashboard.ids import MapPage, Showcase


def follow_while_open(app: Dash, view: str, tab: str) -> None:
    """Copy the page's view into the store ``view`` while the tab ``tab`` is open."""
    app.clientside_callback(
        ClientsideFunction(namespace="tabViews", function_name="followWhileOpen"),
        Output(view, "data"),
        Input(MapPage.URL, "search"),
        Input(Showcase.TABS, "active_tab"),
        State(tab, "tab_id"),
        State(view, "data"),
    )
