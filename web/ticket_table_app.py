"""The ticket table: a second Dash app on the dashboard's Flask server, at /tickets/.

A separate app (not a tab of the map page) because its data grid (dash-ag-grid, ~600 KB of
scripts) must stay off the map page's first load, and Dash puts every imported component
library's scripts in every app's index page unless told otherwise (see
``web.component_libraries``, used by the map page's app). It shares the server, the queries
(and their cache), the assets folder and the fonts, and it follows the same URL state as the map
page: ``/tickets/?area=84&lang=th&as_of=2019-02-01``. It draws no plotly figure, so plotly.js is
never loaded.
"""

from __future__ import annotations

from dash import Dash
from flask import Flask

from callbacks import ticket_table
from callbacks.texts import follow_page_lang, register_fixed_texts
from dashboard.components.tickets import TICKET_TABLE_PATH
from dashboard.i18n import t
from dashboard.page_texts import TICKET_TABLE_TEXTS
from dashboard.ticket_table.ids import TicketTable
from dashboard.ticket_table.layout import ticket_table_layout
from exports.jobs import ExportJobs
from store.coverage.queries import CoverageQueries
from store.tickets.queries import TicketQueries
from store.tickets.workflow import TicketWorkflow
from view.resolve import ViewResolver
from web.dash_app import new_dash_app


def create_ticket_table_app(
    server: Flask,
    resolver: ViewResolver,
    queries: CoverageQueries,
    tickets: TicketQueries,
    workflow: TicketWorkflow,
    jobs: ExportJobs,
) -> Dash:
    """Mount the ticket table on ``server`` at ``TICKET_TABLE_PATH``."""
    app = new_dash_app(
        __name__,
        title=t("ticket_table_title", "th"),
        page="tickets",
        server=server,
        url_base_pathname=TICKET_TABLE_PATH,
    )
    app.layout = ticket_table_layout
    follow_page_lang(app, TicketTable.URL, TicketTable.PAGE_LANG)
    register_fixed_texts(app, TicketTable.PAGE_LANG, TICKET_TABLE_TEXTS)
    ticket_table.register(app, resolver, queries, tickets, workflow, jobs)
    return app
