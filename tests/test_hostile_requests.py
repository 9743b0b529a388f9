"""What a hostile or careless caller sends (issue 12, items 4-6): always a JSON 4xx, never a 500.

Each case below answered 500, Flask's HTML page, the app's HTML, or changed a ticket before.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.core.access import Role
from tests.callback_requests import callback_specs, find_callback, slot_index
from tests.databases import dashboard, new_database_url
from tests.showcase_small import add_showcase
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets
from web.request_guards import dash_apps, trusted_hosts

NOT_STARTED_TICKET = 4
CHANGE = {"status": "in_progress", "note": "รับเรื่อง"}


def build_server(folder: Any, monkeypatch: pytest.MonkeyPatch, **environ: str) -> Any:
    for name in ("TRUSTED_HOSTS", "MAX_REQUEST_BYTES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    url = new_database_url(folder, "small")
    engine = build_small_database(url)
    add_small_tickets(engine)
    add_showcase(engine)
    return dashboard(url).server


@pytest.fixture
def server(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    return build_server(tmp_path, monkeypatch)


@pytest.fixture
def client(server: Any) -> Any:
    return signed_in_client(server, Role.OFFICER, ("84",))


def changed_nothing(answer: Any) -> bool:
    """Dash's "no update": 204 when every output is ``no_update``, or an empty response."""
    return answer.status_code == 204 or (answer.status_code == 200 and answer.json["response"] == {})


def assert_json_error(answer: Any, status: int, fragment: str = "") -> None:
    assert answer.status_code == status, answer.get_data()[:300]
    assert answer.is_json, answer.get_data()[:300]
    error = answer.json["error"]
    assert error["status"] == status and fragment in error["message"], error


@pytest.mark.parametrize(
    ("path", "status", "fragment"),
    [
        ("/api/v1/tickets?page=%C2%B2", 400, "page must be a whole number"),
        ("/api/v1/tickets?page_size=%C2%B9", 400, "page_size must be a whole number"),
        ("/api/v1/showcase?page=%C2%B2", 400, "page must be a whole number"),
        ("/api/v1/showcase/%C2%B2", 400, "an item id is a whole number"),
        ("/api/v1/tickets/9223372036854775808", 404, "no ticket with id 9223372036854775808"),
        ("/api/v1/tickets/2147483648", 404, "no ticket"),  # past PostgreSQL's INTEGER
        ("/api/v1/showcase/9223372036854775808", 404, "no showcase item"),
        ("/api/v1/tickets?page=" + "9" * 30, 400, "page must be a whole number"),
        ("/api/v1/showcase?page=" + "9" * 30, 400, "page must be a whole number"),
        ("/api/v1/tickets?q=%23" + "9" * 30, 200, ""),  # a ticket number past the ids: no match
        ("/api/v1/tickets?q=%C2%B2", 200, ""),
        ("/api/v1/tickets?since=0001-01-01", 400, "since must be after 0001-01-01"),
        ("/api/v1/tickets?until=9999-12-31", 400, "until must be before 9999-12-31"),
        ("/api/v1/", 404, "no such endpoint"),
        ("/api/v1", 404, "no such endpoint"),
        ("/api/", 404, "no such endpoint"),
        ("/api/v2/summary", 404, "no such endpoint"),
        ("/api/v1/nothing/here", 404, "no such endpoint"),
        ("/api/v1/showcase?foo=bar", 400, "unknown parameter foo"),
        ("/api/v1/showcase/1?foo=bar", 400, "unknown parameter foo"),
        ("/api/v1/summary?as_off=2019-01-01", 400, "unknown parameter as_off"),
        ("/api/v1/provinces/84?x=1", 400, "unknown parameter x"),
        ("/api/v1/villages?provnce=84", 400, "unknown parameter provnce"),
    ],
)
def test_bad_get_requests_get_a_json_4xx(client: Any, path: str, status: int, fragment: str) -> None:
    answer = client.get(path)
    if status == 200:
        assert answer.status_code == 200 and answer.json["total"] == 0
    else:
        assert_json_error(answer, status, fragment)


@pytest.mark.parametrize(
    ("method", "path", "status", "allowed"),
    [
        ("DELETE", "/api/v1/tickets", 405, "GET"),
        ("PUT", "/api/v1/summary", 405, "GET"),
        ("POST", "/api/v1/showcase", 405, "GET"),
        ("PATCH", "/api/v1/tickets/1", 405, "GET"),
        ("POST", "/api/v1/nothing", 404, None),
        ("DELETE", "/api/v9", 404, None),
    ],
)
def test_wrong_methods_get_a_json_answer(client: Any, method: str, path: str, status: int, allowed: str) -> None:
    answer = client.open(path, method=method)
    assert_json_error(answer, status)
    if allowed:
        assert allowed in answer.headers["Allow"]


def test_ids_past_the_database_integers_name_no_ticket_on_a_status_change(client: Any) -> None:
    assert_json_error(client.post("/api/v1/tickets/9223372036854775808/status", json=CHANGE), 404, "no ticket")


@pytest.mark.parametrize("url", ["/api/v1/tickets/1/status", "/_dash-update-component"])
def test_deeply_nested_json_is_a_400(client: Any, url: str) -> None:
    answer = client.post(url, data="[" * 100_000, content_type="application/json")
    assert_json_error(answer, 400)


@pytest.mark.parametrize("url", ["/api/v1/tickets/1/status", "/_dash-update-component"])
def test_a_body_over_the_limit_is_a_413(client: Any, url: str) -> None:
    answer = client.post(url, data=b"x" * (10 * 1024 * 1024), content_type="application/json")
    assert_json_error(answer, 413)


def test_the_body_limit_is_configurable(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    client = signed_in_client(build_server(tmp_path, monkeypatch, MAX_REQUEST_BYTES="100"), Role.OFFICER, ("84",))
    assert_json_error(
        client.post(f"/api/v1/tickets/{NOT_STARTED_TICKET}/status", json={**CHANGE, "note": "x" * 200}), 413
    )
    small = {"status": "in_progress", "note": "x"}
    assert client.post(f"/api/v1/tickets/{NOT_STARTED_TICKET}/status", json=small).status_code == 200


# -- hosts and origins ----------------------------------------------------------------------------


def ticket_status(client: Any) -> str:
    return client.get(f"/api/v1/tickets/{NOT_STARTED_TICKET}").json["status"]


def test_an_unknown_host_is_refused_outside_the_embedded_default(client: Any) -> None:
    assert_json_error(client.get("/api/v1/summary", headers={"Host": "evil.example"}), 400, "not trusted")
    evil = {"Host": "evil.example", "Origin": "http://evil.example"}
    assert client.post(f"/api/v1/tickets/{NOT_STARTED_TICKET}/status", json=CHANGE, headers=evil).status_code == 400
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert ticket_status(client) == "not_started"


def test_trusted_hosts_come_from_the_environment(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A trusted host passes to the sign-in gate (401 for this anonymous client); another one stops at 400."""
    client = build_server(tmp_path, monkeypatch, TRUSTED_HOSTS="dashboard.example, .netpracharat.go.th").test_client()
    assert client.get("/api/v1/summary", headers={"Host": "dashboard.example"}).status_code == 401
    assert client.get("/api/v1/summary", headers={"Host": "www.netpracharat.go.th:8443"}).status_code == 401
    assert client.get("/api/v1/summary", headers={"Host": "localhost"}).status_code == 400


def test_any_host_only_on_the_embedded_default() -> None:
    assert trusted_hosts({}, embedded_default=True) is None
    assert trusted_hosts({}, embedded_default=False) == ["localhost", "127.0.0.1", "::1"]
    assert trusted_hosts({"TRUSTED_HOSTS": "a.example,b.example"}, embedded_default=True) == ["a.example", "b.example"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Referer": "http://evil.example/page"},
        {"Origin": "http://evil.example", "Referer": "http://localhost/"},
    ],
)
def test_a_change_from_another_site_is_refused(client: Any, headers: dict[str, str]) -> None:
    answer = client.post(f"/api/v1/tickets/{NOT_STARTED_TICKET}/status", json=CHANGE, headers=headers)
    assert_json_error(answer, 403, "from another site")
    assert ticket_status(client) == "not_started"


@pytest.mark.parametrize("headers", [{}, {"Origin": "http://localhost:8050"}, {"Referer": "http://127.0.0.1:8050/x"}])
def test_a_change_from_our_pages_or_a_script_passes(client: Any, headers: dict[str, str]) -> None:
    answer = client.post(f"/api/v1/tickets/{NOT_STARTED_TICKET}/status", json=CHANGE, headers=headers)
    assert answer.status_code == 200 and ticket_status(client) == "in_progress"


def test_a_callback_request_from_another_site_is_refused(server: Any) -> None:
    spec = find_callback(dash_apps(server), "/tickets/_dash-update-component", "tickets-changes.data")
    values = {slot_index(spec, "tickets-selected", "data"): NOT_STARTED_TICKET}
    values[slot_index(spec, "tickets-new-status", "value")] = "in_progress"
    values[slot_index(spec, "tickets-change-key", "data")] = "from-this-site-1"
    body = spec.body(values)
    client = signed_in_client(server, Role.OFFICER, ("84",))
    assert_json_error(client.post(spec.url, json=body, headers={"Origin": "http://evil.example"}), 403)
    assert ticket_status(client) == "not_started"
    assert client.post(spec.url, json=body, headers={"Origin": "http://localhost"}).status_code == 200
    assert ticket_status(client) == "in_progress"


# -- callbacks (item 5) ---------------------------------------------------------------------------


def test_a_search_sent_as_a_number_is_no_view(server: Any, caplog: pytest.LogCaptureFixture) -> None:
    client = signed_in_client(server, Role.OFFICER, ("84",))
    for app in dash_apps(server):
        for spec in (s for s in _server_callbacks(app) if any(slot.prop == "search" for slot in s.inputs)):
            index = next(i for i, slot in enumerate(spec.inputs) if slot.prop == "search")
            answer = client.post(spec.url, json=spec.body({index: 12345}, trigger=index))
            assert answer.status_code in (200, 204), (spec.name, answer.get_data()[:200])
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def _server_callbacks(app: Any) -> list[Any]:
    return [spec for spec in callback_specs(app) if spec.server_side]


@pytest.mark.parametrize("day", [1e20, -1, 10**30, "400", float("nan")])
def test_a_slider_value_off_the_slider_changes_nothing(server: Any, day: Any) -> None:
    spec = find_callback(dash_apps(server), "/_dash-update-component", "url.search")
    body = spec.body({slot_index(spec, "as-of-slider", "value"): day}, trigger=1)
    assert changed_nothing(signed_in_client(server, Role.OFFICER, ("84",)).post(spec.url, json=body))


def test_a_slider_value_on_the_slider_moves_the_date(server: Any) -> None:
    spec = find_callback(dash_apps(server), "/_dash-update-component", "url.search")
    body = spec.body({slot_index(spec, "as-of-slider", "value"): 31.0}, trigger=1)  # JavaScript's numbers
    answer = signed_in_client(server, Role.OFFICER, ("84",)).post(spec.url, json=body)
    assert "as_of=2018-01-01" in answer.json["response"]["url"]["search"]


@pytest.mark.parametrize("request_", [{"startRow": 1e20, "endRow": 1e20 + 100}, {"startRow": "0"}, ["startRow"]])
def test_a_grid_block_off_the_table_changes_nothing(server: Any, request_: Any) -> None:
    spec = find_callback(dash_apps(server), "/tickets/_dash-update-component", "getRowsResponse")
    assert changed_nothing(
        signed_in_client(server, Role.OFFICER, ("84",)).post(spec.url, json=spec.body({0: request_}))
    )


def test_a_grid_block_of_the_table_still_answers(server: Any) -> None:
    spec = find_callback(dash_apps(server), "/tickets/_dash-update-component", "getRowsResponse")
    client = signed_in_client(server, Role.OFFICER, ("84",))
    answer = client.post(spec.url, json=spec.body({0: {"startRow": 0, "endRow": 100}}))
    total = client.get("/api/v1/tickets").json["total"]
    assert answer.json["response"]["tickets-grid"]["getRowsResponse"]["rowCount"] == total > 0


@pytest.mark.parametrize("ticket_id", ["abc", "²", 1e20, [], {"id": 1}])
def test_a_ticket_id_that_is_no_id_opens_and_saves_nothing(server: Any, ticket_id: Any) -> None:
    client, apps = signed_in_client(server, Role.OFFICER, ("84",)), dash_apps(server)
    opening = find_callback(apps, "/tickets/_dash-update-component", "tickets-modal.is_open")
    answer = client.post(opening.url, json=opening.body({0: {"rowId": ticket_id}}))
    assert answer.status_code == 200 and answer.json["response"]["tickets-modal"]["is_open"] is False
    saving = find_callback(apps, "/tickets/_dash-update-component", "tickets-changes.data")
    values = {slot_index(saving, "tickets-selected", "data"): ticket_id, 0: 1}
    assert changed_nothing(client.post(saving.url, json=saving.body(values)))


@pytest.mark.parametrize("item", ["abc", 2**70, None])
def test_a_showcase_card_id_that_is_no_id_opens_nothing(server: Any, item: Any) -> None:
    spec = find_callback(dash_apps(server), "/_dash-update-component", "showcase-modal.is_open")
    body = spec.body({0: [1]})
    body["inputs"][0][0]["id"]["item"] = item
    body["changedPropIds"] = [f'{{"item":{_json(item)},"type":"showcase-card"}}.n_clicks']
    answer = signed_in_client(server, Role.OFFICER, ("84",)).post(spec.url, json=body)
    assert answer.status_code in (200, 204) and "Traceback" not in answer.get_data(as_text=True)


def _json(value: Any) -> str:
    return json.dumps(value)


# -- the last-resort guard ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"output": "url.search"},  # no inputs at all
        {"output": "url.search", "inputs": "x", "state": []},
        {"output": "no-such.output", "inputs": [], "state": []},
        {"output": ["url.search"], "inputs": [], "state": []},
        {"output": "map.figure", "outputs": 5, "inputs": [{"id": 1}], "state": [], "changedPropIds": [7]},
    ],
)
def test_a_malformed_callback_request_is_a_logged_400(client: Any, body: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    assert_json_error(client.post("/_dash-update-component", json=body), 400, "malformed callback request")
    assert [(r.name, r.levelno) for r in caplog.records] == [("web.request_guards", logging.WARNING)]
    assert caplog.records[0].exc_info is None and "Traceback" not in caplog.text


def test_a_clientside_callback_has_no_server_answer(server: Any) -> None:
    answer = signed_in_client(server, Role.OFFICER, ("84",)).post(
        "/display/_dash-update-component", json={"output": "display-engine.data", "inputs": [], "state": []}
    )
    assert_json_error(answer, 400, "no server callback")


def test_a_server_fault_is_not_hidden_by_the_guard(server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database that fails is a 500 with its traceback, not a client's 400."""
    from sqlalchemy.exc import OperationalError

    spec = find_callback(dash_apps(server), "/tickets/_dash-update-component", "getRowsResponse")
    app = next(app for app in dash_apps(server) if spec.output_key in app.callback_map)

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setitem(app.callback_map[spec.output_key], "callback", broken)
    answer = signed_in_client(server, Role.OFFICER, ("84",)).post(
        spec.url, json=spec.body({0: {"startRow": 0, "endRow": 100}})
    )
    assert answer.status_code == 500


# -- the API's parameters, fuzzed -----------------------------------------------------------------

PARAMETER_VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(["²", "0001-01-01", "9999-12-31", "2019-02-01", "84", "8401", "84010101", "-id", "done,", "%"]),
)
AREA_PARAMS = ("as_of", "province", "district", "village")
API_PARAMS = {
    "/api/v1/tickets": [
        *AREA_PARAMS,
        "page",
        "page_size",
        "since",
        "until",
        "status",
        "category",
        "q",
        "overdue",
        "sort",
    ],
    "/api/v1/showcase": [*AREA_PARAMS, "page", "page_size", "kind", "q"],
    "/api/v1/summary": ["as_of"],
    "/api/v1/provinces": ["as_of"],
    "/api/v1/villages": [*AREA_PARAMS, "format"],
}
ITEM_PATHS = ["/api/v1/tickets/{}", "/api/v1/tickets/{}/status", "/api/v1/showcase/{}", "/api/v1/provinces/{}"]
ITEM_PATHS += ["/api/v1/provinces/{}/districts", "/api/v1/{}"]


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return signed_in_client(build_server(tmp_path_factory.mktemp("api-fuzz"), monkeypatch), Role.OFFICER, ("84",))


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@pytest.mark.parametrize("path", sorted(API_PARAMS))
@given(data=st.data())
def test_api_parameters_never_break_the_api(
    fuzz_client: Any, caplog: pytest.LogCaptureFixture, path: str, data: st.DataObject
) -> None:
    names = st.sampled_from([*API_PARAMS[path], "lang", "x"])
    params = data.draw(st.dictionaries(names, PARAMETER_VALUES, max_size=4), label="params")
    caplog.clear()
    answer = fuzz_client.get(path, query_string=params)
    assert answer.status_code < 500, (path, params, answer.get_data()[:300])
    if answer.status_code >= 400:
        assert answer.json["error"]["status"] == answer.status_code
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    template=st.sampled_from(ITEM_PATHS),
    segment=PARAMETER_VALUES.filter(lambda s: s not in ("", ".", "..")),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
    body=st.none() | st.recursive(st.none() | st.integers() | st.text(max_size=8), st.lists, max_leaves=5),
)
def test_api_paths_and_methods_never_break_the_api(
    fuzz_client: Any, caplog: pytest.LogCaptureFixture, template: str, segment: str, method: str, body: Any
) -> None:
    caplog.clear()
    path = template.format(quote(segment, safe=""))
    answer = (
        fuzz_client.open(path, method=method, json=body) if body is not None else fuzz_client.open(path, method=method)
    )
    assert answer.status_code < 500, (method, path, answer.get_data()[:300])
    if answer.status_code >= 400:
        assert answer.is_json and answer.json["error"]["status"] == answer.status_code, (method, path)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
