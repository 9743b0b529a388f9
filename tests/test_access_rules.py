"""Every route and every Dash callback has an access rule, and each rule holds for each role and
for anonymous callers, replayed as real requests naming another province's areas and tickets.

A new route or callback without a rule here fails ``test_every_route_and_callback_has_a_rule``:
deciding who may call it is part of adding it.
"""

from __future__ import annotations

from typing import Any

import pytest

from store.core.access import Role
from tests.callback_requests import CallbackSpec, callback_specs, layout_values, plausible_values
from tests.databases import dashboard, new_database_url
from tests.showcase_small import add_showcase
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets
from web.request_guards import dash_apps

SURAT_THANI_VILLAGE = "84010101"
VOLUNTEER = ("สมชาย ใจดี", "081-234-5678")
"""The volunteer of ``SURAT_THANI_VILLAGE`` in the small database: never in clear outside province 84."""
SURAT_THANI_TICKET = 6
"""Reported by that volunteer."""
AS_OF = "2019-03-01"

# -- the rules -------------------------------------------------------------------------------------
OPEN, PAGE, DATA, SIGN_IN = "open", "page", "data", "sign-in"
ROUTE_RULES: dict[str, tuple[str, str]] = {
    # rule: (kind, a path to call it with)  open: anyone; page: 302 to sign-in; data: 401 JSON
    "/static/<path:filename>": (OPEN, ""),
    "/assets/<path:filename>": (OPEN, "/assets/app.css"),
    "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>": (OPEN, ""),
    "/_dash-layout": (DATA, "/_dash-layout"),
    "/_dash-dependencies": (DATA, "/_dash-dependencies"),
    "/_dash-update-component": (DATA, ""),
    "/_reload-hash": (DATA, "/_reload-hash"),
    "/_favicon.ico": (OPEN, "/_favicon.ico"),
    "/": (PAGE, "/"),
    "/<path:path>": (PAGE, "/anything"),
    "/_plotly/plotly-custom.min.js": (OPEN, ""),
    "/geodata/provinces.geojson": (DATA, "/geodata/provinces.geojson"),
    "/geodata/districts.geojson": (DATA, "/geodata/districts.geojson"),
    "/geodata/districts/<province_code>.geojson": (DATA, "/geodata/districts/50.geojson"),
    "/api/v1/tickets": (DATA, "/api/v1/tickets?province=84"),
    "/api/v1/tickets/<int:ticket_id>": (DATA, f"/api/v1/tickets/{SURAT_THANI_TICKET}"),
    "/api/v1/tickets/<int:ticket_id>/status": (DATA, ""),
    "/api/v1/tickets/<path:unknown>": (DATA, "/api/v1/tickets/x/y"),
    "/api/v1/summary": (DATA, "/api/v1/summary?province=84"),
    "/api/v1/provinces": (DATA, "/api/v1/provinces"),
    "/api/v1/provinces/<code>": (DATA, "/api/v1/provinces/84"),
    "/api/v1/provinces/<code>/districts": (DATA, "/api/v1/provinces/84/districts"),
    "/api/v1/villages": (DATA, "/api/v1/villages?province=84"),
    "/api/v1/<path:unknown>": (DATA, "/api/v1/nothing"),
    "/api/v1/showcase": (DATA, "/api/v1/showcase?province=84"),
    "/api/v1/showcase/<item_id>": (DATA, "/api/v1/showcase/1"),
    "/media/<path:path>": (DATA, "/media/x.jpg"),
    "/api/<path:rest>": (DATA, "/api/v2"),
    "/api": (DATA, "/api"),
    "/api/": (DATA, "/api/"),
    "/healthz": (OPEN, "/healthz"),
    "/sign-in": (SIGN_IN, "/sign-in"),
    "/sign-in/oidc": (OPEN, "/sign-in/oidc"),  # single sign-on: 404 unless OIDC_ISSUER is set (test_single_sign_on)
    "/sign-in/oidc/callback": (OPEN, "/sign-in/oidc/callback"),
    "/account": (PAGE, "/account"),
    "/sign-out": (DATA, ""),
    "/sign-out-everywhere": (DATA, ""),
    "/admin/": (PAGE, "/admin/"),
    "/admin/users": (PAGE, "/admin/users"),
    "/admin/users/<int:account_id>": (DATA, ""),
    "/admin/audit": (PAGE, "/admin/audit"),
    "/admin/audit.csv": (PAGE, "/admin/audit.csv"),
    "/admin/tokens/": (PAGE, "/admin/tokens/"),
    "/admin/imports": (PAGE, "/admin/imports"),
    "/admin/imports/<token>/errors.csv": (PAGE, ""),  # a held upload's report: tests/test_import_page.py
    "/admin/imports/<token>/confirm": (DATA, ""),
    "/admin/imports/retry/<kind_name>": (DATA, ""),
    "/admin/tokens/<int:token_id>/<any(rotate, revoke):action>": (DATA, ""),
    "/api/v1/exports/<kind>.csv": (DATA, "/api/v1/exports/tickets.csv?province=84"),
    "/api/v1/exports/<kind>.xlsx": (DATA, "/api/v1/exports/tickets.xlsx?province=84"),
    "/api/v1/exports/jobs/<job_id>": (DATA, "/api/v1/exports/jobs/0123456789abcdef"),
    "/api/v1/exports/jobs/<job_id>/file": (DATA, "/api/v1/exports/jobs/0123456789abcdef/file"),
    "/api/v1/ingest/<kind_name>": (DATA, ""),
    "/api/v1/ingest/showcase_items/<item_id>/images": (DATA, ""),  # POST, API tokens with ingest:app only
    # a queued batch's job: API tokens of its kind's scope and of the client that sent it (tests/test_ingest_queue.py)
    "/api/v1/ingest/jobs/<job_id>": (DATA, "/api/v1/ingest/jobs/network_status-0123456789abcdef0123456789abcdef"),
    "/display/_access": (DATA, "/display/_access"),
    **{
        f"/{app}/{rest}": (kind, f"/{app}/{sample}" if sample else "")
        for app in ("display", "tickets")
        for rest, kind, sample in (
            ("assets/<path:filename>", OPEN, ""),
            ("_dash-component-suites/<string:package_name>/<path:fingerprinted_path>", OPEN, ""),
            ("_dash-layout", DATA, "_dash-layout"),
            ("_dash-dependencies", DATA, "_dash-dependencies"),
            ("_dash-update-component", DATA, ""),
            ("_reload-hash", DATA, "_reload-hash"),
            ("_favicon.ico", OPEN, ""),
            ("", PAGE, ""),
            ("<path:path>", PAGE, "x"),
            ("_plotly/plotly-custom.min.js", OPEN, ""),
        )
    },
}
"""Every Flask route: what an anonymous caller gets. Signed in, the data rules below apply."""

AGGREGATE, PERSONAL, TICKET_CHANGE = "aggregate", "personal data by province", "ticket change"
CALLBACK_RULES: dict[str, str] = {
    "/ app-title.children": AGGREGATE,
    "/ tickets-tab.label": AGGREGATE,  # the texts of the signed-in page's tabs, switches and downloads
    "/ lang-switch.children": AGGREGATE,
    "/ map.figure": AGGREGATE,
    "/ kpis.children": PERSONAL,  # with the ranking and the village panel and its volunteers
    "/ ranking-sort.data": AGGREGATE,
    "/ url.search": AGGREGATE,
    "/ showcase-kind.options": AGGREGATE,
    "/ showcase-cards.children": AGGREGATE,
    "/ showcase-modal.is_open": AGGREGATE,
    "/ map-download.data": AGGREGATE,
    "/ tickets-heading.children": AGGREGATE,
    "/ tickets-summary.children": AGGREGATE,
    "/ map.figure@": AGGREGATE,
    "/display/ display-done.data": AGGREGATE,
    "/tickets/ app-title.children": AGGREGATE,
    "/tickets/ lang-switch.children": AGGREGATE,
    "/tickets/ tickets-summary.children": AGGREGATE,
    "/tickets/ tickets-grid.getRowsResponse": AGGREGATE,
    "/tickets/ tickets-selected.data": PERSONAL,  # the ticket dialog, with its reporter
    "/tickets/ tickets-changes.data": TICKET_CHANGE,
    "/ export-job.data": AGGREGATE,  # the map page's village exports: figures, no contacts
    "/ export-status.children@": AGGREGATE,
    "/tickets/ export-job.data": AGGREGATE,  # the ticket list as filtered: no reporter in it
    "/tickets/ export-status.children@": AGGREGATE,
    "/tickets/ tickets-export-csv.href": AGGREGATE,
}
"""Every callback: aggregate (no personal data for anyone), personal data by province (the village's
volunteer or a ticket's reporter in clear only for an officer of its province), or a ticket change
(only in one's provinces)."""

PEOPLE = {
    "officer of Chiang Mai": (Role.OFFICER, ("50",)),
    "executive": (Role.EXECUTIVE, ()),
    "admin": (Role.ADMIN, ()),
    "officer of Surat Thani": (Role.OFFICER, ("84",)),
}
OUTSIDERS = ("officer of Chiang Mai", "executive", "admin")
"""People who may see no personal data of Surat Thani and may not change its tickets."""

ANOTHER_PROVINCE: dict[tuple[str, str], Any] = {
    ("*", "search"): f"?area={SURAT_THANI_VILLAGE}&as_of={AS_OF}",
    ("tickets-grid", "cellClicked"): {"rowId": str(SURAT_THANI_TICKET), "colId": "id"},
    ("tickets-selected", "data"): SURAT_THANI_TICKET,
    ("tickets-new-status", "value"): "in_progress",
    ("tickets-note", "value"): "รับเรื่อง",
    ("tickets-change-key", "data"): "crafted-change-1",
    ("tickets-save", "n_clicks"): 1,
    ("map", "clickData"): {"points": [{"location": SURAT_THANI_VILLAGE}]},
    ("tickets-grid", "getRowsRequest"): {"startRow": 0, "endRow": 100},
}
"""What the crafted requests name: Surat Thani's village with a volunteer and its ticket."""


def callback_name(spec: CallbackSpec) -> str:
    first = spec.output_key.strip(".").split("...")[0]
    return f"{spec.url.removesuffix('_dash-update-component')} {first.split('@')[0] + ('@' if '@' in first else '')}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = new_database_url(tmp_path_factory.mktemp("access"), "small")
    engine = build_small_database(url)
    add_small_tickets(engine)
    add_showcase(engine)
    return dashboard(url).server


@pytest.fixture(scope="module")
def clients(server: Any) -> dict[str, Any]:
    return {name: signed_in_client(server, role, provinces) for name, (role, provinces) in PEOPLE.items()}


def crafted_bodies(server: Any) -> list[tuple[CallbackSpec, dict[str, Any]]]:
    """Each server callback with plausible values, its area, ticket and village those of Surat Thani."""
    bodies = []
    for app in dash_apps(server):
        layout = layout_values(app)
        for spec in (spec for spec in callback_specs(app) if spec.server_side):
            values = plausible_values(spec, layout, 0)
            for index, slot in enumerate((*spec.inputs, *spec.states)):
                key = ("*", "search") if slot.prop == "search" else (str(slot.component_id), slot.prop)
                if key in ANOTHER_PROVINCE:
                    values[index] = ANOTHER_PROVINCE[key]
            triggers = [
                i for i, slot in enumerate(spec.inputs) if (str(slot.component_id), slot.prop) in ANOTHER_PROVINCE
            ]
            bodies.append((spec, spec.body(values, triggers[0] if triggers else 0)))
    return bodies


def test_every_route_and_callback_has_a_rule(server: Any) -> None:
    routes = {rule.rule for rule in server.url_map.iter_rules()}
    assert routes - set(ROUTE_RULES) == set(), "routes without an access rule"
    callbacks = {callback_name(spec) for app in dash_apps(server) for spec in callback_specs(app) if spec.server_side}
    assert callbacks - set(CALLBACK_RULES) == set(), "callbacks without an access rule"
    assert set(CALLBACK_RULES) - callbacks == set(), "rules of callbacks that are gone"


@pytest.mark.parametrize("rule", sorted(rule for rule, (_kind, path) in ROUTE_RULES.items() if path))
def test_anonymous_callers_get_only_what_the_rule_opens(server: Any, rule: str) -> None:
    """Routes without a sample path are static files (open by the gate's pattern) or POSTs (tested below)."""
    kind, path = ROUTE_RULES[rule]
    answer = server.test_client().get(path)
    expected = {OPEN: (200, 404), SIGN_IN: (200,), PAGE: (302,), DATA: (401,)}[kind]
    assert answer.status_code in expected, (path, answer.status_code)
    if kind == PAGE:
        assert answer.headers["Location"].startswith("/sign-in?next=")


def test_anonymous_callback_and_write_posts_are_refused(server: Any) -> None:
    client = server.test_client()
    for spec, body in crafted_bodies(server):
        assert client.post(spec.url, json=body).status_code == 401, spec.name
    for path in (f"/api/v1/tickets/{SURAT_THANI_TICKET}/status", "/sign-out", "/sign-out-everywhere"):
        assert client.post(path, json={"status": "in_progress", "note": "x"}).status_code in (400, 401), path
    assert ticket_status(server) == "not_started"


@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_crafted_callbacks_show_personal_data_only_in_ones_provinces(server: Any, clients: dict, person: str) -> None:
    client, shown = clients[person], []
    for spec, body in crafted_bodies(server):
        answer = client.post(spec.url, json=body)
        assert answer.status_code in (200, 204), (spec.name, answer.status_code, answer.get_data()[:200])
        text = answer.get_data(as_text=True).encode().decode("unicode_escape", errors="ignore")
        clear = all(part in text for part in VOLUNTEER) or VOLUNTEER[1] in text
        if clear:
            shown.append(CALLBACK_RULES[callback_name(spec)])
    expected = [PERSONAL, PERSONAL] if person not in OUTSIDERS else []
    assert shown == expected  # the officer of Surat Thani does see it: the replays reach the panel and the dialog


@pytest.mark.parametrize("person", OUTSIDERS)
def test_a_crafted_ticket_change_outside_ones_provinces_is_refused(server: Any, clients: dict, person: str) -> None:
    (spec, body), *_ = [(s, b) for s, b in crafted_bodies(server) if CALLBACK_RULES[callback_name(s)] == TICKET_CHANGE]
    before = ticket_status(server)
    answer = clients[person].post(spec.url, json=body)
    assert answer.status_code == 200 and "เปลี่ยนเรื่องแจ้งของจังหวัดนี้ (84) ไม่ได้" in answer.get_data(as_text=True)
    api = clients[person].post(f"/api/v1/tickets/{SURAT_THANI_TICKET}/status", json={"status": "in_progress"})
    assert api.status_code == 403
    assert ticket_status(server) == before


@pytest.mark.parametrize("person", OUTSIDERS)
def test_the_api_names_no_volunteer_of_another_province(server: Any, clients: dict, person: str) -> None:
    for rule, (_kind, path) in ROUTE_RULES.items():
        if path.startswith("/api/"):
            text = clients[person].get(path).get_data(as_text=True).encode().decode("unicode_escape", errors="ignore")
            assert VOLUNTEER[0] not in text and VOLUNTEER[1] not in text, rule


def ticket_status(server: Any) -> str:
    answer = signed_in_client(server, Role.EXECUTIVE).get(f"/api/v1/tickets/{SURAT_THANI_TICKET}")
    return str(answer.json["status"])


@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_the_admin_pages_are_for_admins_only(server: Any, clients: dict, person: str) -> None:
    admin_paths = [path for rule, (_kind, path) in ROUTE_RULES.items() if rule.startswith("/admin") and path]
    expected = 403 if PEOPLE[person][0] is not Role.ADMIN else 200
    for path in admin_paths:
        assert clients[person].get(path, follow_redirects=True).status_code == expected, path
    refused = clients[person].post("/admin/users", data={"email": "x@test.invalid", "role": "admin"})
    assert refused.status_code in (400, 403)  # no CSRF token, or not an admin
