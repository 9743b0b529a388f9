"""The app factory: one Flask server, the three Dash apps on it, their callbacks and blueprints."""

from __future__ import annotations

import os
import sys
import threading

from dash import Dash
from flask import Flask, has_request_context, jsonify
from flask_compress import Compress
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.errors import register_api_fallbacks
from api.exports import exports_blueprint
from api.ingest import make_ingest_blueprint
from api.showcase import media_blueprint, showcase_blueprint
from api.tickets import tickets_blueprint
from api.v1 import api_blueprint
from auth.gate import current_principal
from auth.headers import install_security_headers
from auth.machine import install_machine_gate, require_scope
from auth.settings import MissingSecretKey, sign_in_settings
from auth.tokens_admin import make_tokens_admin
from callbacks import map_overlays, map_page
from callbacks import showcase as showcase_callbacks
from callbacks import tickets as ticket_callbacks
from callbacks.texts import follow_page_lang, register_fixed_texts
from dashboard.components.village_extras import village_extras
from dashboard.compose import first_map
from dashboard.i18n import t
from dashboard.ids import MapPage
from dashboard.layout import map_page_layout
from dashboard.map_overlays import showcase_overlay, tickets_overlay
from dashboard.page_texts import MAP_PAGE_SIGNED_IN_TEXTS, MAP_PAGE_TEXTS
from exports.jobs import EXPORT_JOBS_EXTENSION, ExportJobs, ExportSettings
from exports.sources import ExportSources
from geodata.load import bounds
from geodata.web import geodata_blueprint
from ingest.jobs import IngestQueue
from store.core.db import database_url as configured_database_url
from store.core.db import is_embedded_default, make_engine, make_session_factory, make_write_engine
from store.core.readiness import DatabaseNotReady, check_ready
from store.coverage.queries import COUNTRY, CoverageQueries
from store.showcase.media import media_root
from store.tickets.queries import TicketQueries
from store.tokens.registry import TokenRegistry
from view.resolve import ViewResolver
from web.component_libraries import exclude_component_libraries
from web.dash_app import new_dash_app
from web.data_layer import DataLayer, build_data_layer, register_request_hooks
from web.display_app import create_display_app
from web.import_page import import_page_blueprint
from web.people import install_accounts
from web.plotly_bundle import use_custom_plotly_bundle
from web.request_guards import guard_dash_callbacks, install_request_guards
from web.ticket_table_app import create_ticket_table_app


def _register_health(server: Flask, layer: DataLayer, ingest_jobs: IngestQueue | None) -> None:
    @server.get("/healthz")
    def healthz():  # type: ignore[no-untyped-def]
        """Liveness and readiness: the database answers and holds data; the replica's lag and Redis."""
        try:
            version = layer.queries.versions().latest
            data_range = layer.queries.data_range()
        except SQLAlchemyError as error:  # any database failure means "not ready"
            return jsonify({"status": "error", "database": type(error).__name__}), 503
        return jsonify(
            {
                "status": "ok",
                "data_version": version,
                "data_from": data_range.first.isoformat(),
                "data_to": data_range.last.isoformat(),
                **layer.health(),
                **({"ingest_queue": ingest_jobs.health()} if ingest_jobs is not None else {}),
            }
        )


def create_app(database_url: str | None = None, read_url: str | None = None) -> Dash:
    """Build the dashboard on ``database_url`` (default: ``DATABASE_URL`` or the embedded SQLite).

    Pages and the API read from ``read_url``, a streaming replica (default: ``DATABASE_READ_URL``),
    when one is given.

    Raises ``DatabaseNotReady`` (one line) when the database is missing, empty, unreachable, not
    a database or not at the newest migration. Importing this module touches no database.
    """
    url = database_url or configured_database_url()
    check_ready(url)
    read_url = read_url or os.environ.get("DATABASE_READ_URL")
    layer = build_data_layer(url, read_url)
    queries, tickets, showcase, workflow = layer.queries, layer.tickets, layer.showcase, layer.workflow
    with layer.reads() as session:
        session.execute(text("SELECT 1"))
    settings = sign_in_settings(os.environ, embedded_default=is_embedded_default(url))
    resolver = ViewResolver(queries, principal=current_principal)
    app = new_dash_app(__name__, title=t("app_title", "th"), page="map")
    use_custom_plotly_bundle(app)
    exclude_component_libraries(app, {"dash_ag_grid"})  # only the ticket table (/tickets/) uses it
    app.layout = lambda: map_page_layout(
        queries.data_range(), first_map(resolver, queries, bounds), public=_loading_for_a_signed_out_visitor()
    )
    Compress(app.server)
    primary_engine = make_engine(url)
    primary_sessions = make_session_factory(primary_engine)  # a revocation or lock counts at once
    tokens = TokenRegistry(primary_sessions)
    install_machine_gate(app.server, tokens)  # before the people's gate: a machine's credential narrows first
    install_accounts(app.server, primary_sessions, settings)
    install_request_guards(app.server, embedded_default=is_embedded_default(url))  # after: its JSON provider wins
    app.server.register_blueprint(make_tokens_admin(current_principal, tokens))
    register_request_hooks(app.server)
    app.server.register_blueprint(geodata_blueprint())
    app.server.register_blueprint(tickets_blueprint(resolver, tickets, workflow))
    exports = ExportSources(queries, tickets)
    jobs = ExportJobs(ExportSettings.from_environ(os.environ), url, read_url)
    app.server.extensions[EXPORT_JOBS_EXTENSION] = jobs
    app.server.register_blueprint(exports_blueprint(resolver, exports, jobs))
    app.server.register_blueprint(api_blueprint(resolver, queries))
    app.server.register_blueprint(showcase_blueprint(resolver, showcase))
    app.server.register_blueprint(media_blueprint(media_root()))
    write_engine = make_write_engine(url)
    ingest_jobs = IngestQueue.from_environ(os.environ)
    app.server.register_blueprint(make_ingest_blueprint(require_scope, lambda: write_engine, jobs=ingest_jobs))
    app.server.register_blueprint(import_page_blueprint(primary_engine, write_engine))
    register_api_fallbacks(app.server)
    _register_health(app.server, layer, ingest_jobs)
    follow_page_lang(app, MapPage.URL, MapPage.PAGE_LANG)
    register_fixed_texts(app, MapPage.PAGE_LANG, MAP_PAGE_TEXTS)
    register_fixed_texts(app, MapPage.PAGE_LANG, MAP_PAGE_SIGNED_IN_TEXTS)
    map_page.register(
        app,
        resolver,
        queries,
        bounds,
        village_extras(tickets, showcase),
        freshness=layer.freshness,
        answers=layer.answers,
    )
    showcase_callbacks.register(app, resolver, queries, showcase, bounds)
    ticket_callbacks.register(app, resolver, queries, tickets, jobs)
    map_overlays.register(app, resolver, [showcase_overlay(showcase), tickets_overlay(queries, tickets)])
    display_app = create_display_app(app.server, queries, bounds, tickets, showcase, layer.freshness)
    ticket_table_app = create_ticket_table_app(app.server, resolver, queries, tickets, workflow, jobs)
    _set_up_before_serving(app, display_app, ticket_table_app)
    guard_dash_callbacks(app.server, (app, display_app, ticket_table_app))
    install_security_headers(
        app.server,
        [h for dash_app in (app, display_app, ticket_table_app) for h in dash_app.csp_hashes()],
        report_only=os.environ.get("CSP_REPORT_ONLY") == "1",
    )
    threading.Thread(target=_warm_up, args=(queries, tickets), name="warm-up", daemon=True).start()
    return app


def _loading_for_a_signed_out_visitor() -> bool:
    """Whether the map page's layout is being built for a signed-out visitor (``PUBLIC_READ``'s
    aggregate page: the gate lets no other anonymous request reach it).

    Outside a request, when Dash builds the layout it checks callbacks against, it is the full page,
    so every component a callback names is known to Dash.
    """
    return has_request_context() and not current_principal().is_signed_in


APP_LOAD_ERROR = 4
"""gunicorn's exit code for "the application could not be loaded": its arbiter stops, no retry loop."""


def app_or_exit() -> Dash:
    """The app of ``DATABASE_URL``, or one line on stderr and an exit when the database cannot be served."""
    try:
        return create_app()
    except (DatabaseNotReady, MissingSecretKey) as problem:
        print(f"netpracharat: {problem}", file=sys.stderr, flush=True)
        raise SystemExit(APP_LOAD_ERROR) from None


def _set_up_before_serving(*apps: Dash) -> None:
    """Run Dash's once-per-process set-up now instead of on a process's first request.

    Dash marks that set-up done *before* doing it (registering the scripts it may serve,
    validating the layout). A gunicorn thread that receives another request meanwhile, such as
    the page's scripts fetched in parallel by a browser after a restart, finds it marked done
    and answers 500 "dash is not a registered library": the page fails to load. With the layout
    holding the first map the set-up takes long enough for this to happen on every restart
    (reproduced with concurrent script requests on a fresh worker). Done here, in each worker
    while it builds the app, it is over before the first request. Outside a page request the
    layout is built without the first map, so this is quick.
    """
    for dash_app in apps:
        with dash_app.server.test_request_context(dash_app.config.requests_pathname_prefix):
            dash_app._setup_server()  # Dash's own first-request hook (private), run early


def _warm_up(queries: CoverageQueries, tickets: TicketQueries) -> None:
    """Compute what first visits ask for before anyone asks: the country map's figures, and the
    first page of the country's ticket table (its first count over all tickets is the slow one)."""
    queries.warm_up()
    tickets.page(COUNTRY, queries.data_range().default_as_of)
