"""Built callback answers kept per data version, view and permitted data (``view.answer_cache``).

Above all: an answer built for one requester is never handed to a requester whose permitted data
differ (an officer of another province, an admin), in one process or through Redis across the
cluster.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

import orjson
import plotly.graph_objects as go
import pytest
import redis
from plotly.io.json import to_json_plotly

from dashboard.answer_cache import CallbackAnswers
from store.core.access import ANONYMOUS_PRINCIPAL, PermittedScope, Principal, Role
from store.core.cache import AnswerCache, VersionedCache
from store.core.shared_cache import SharedCache
from store.core.versions import DATA_KINDS, DataVersions
from store.coverage.queries import AreaInfo, DataRange
from tests.callback_requests import find_callback, slot_index
from tests.databases import dashboard, new_database_url
from tests.showcase_small import add_showcase
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets
from tests.test_access_rules import AS_OF, SURAT_THANI_VILLAGE, VOLUNTEER
from tests.test_scale_out import client as redis_connection  # noqa: F401 (a fixture: Redis, or skipped/failed)
from view.resolve import RequestView
from view.state import ViewState
from web.request_guards import dash_apps

DAY = dt.date(2019, 2, 1)
DATA_RANGE = DataRange(dt.date(2017, 12, 1), dt.date(2019, 3, 31), DAY)


def person(role: Role, *, personal: frozenset[str] = frozenset(), everywhere: bool = False) -> Principal:
    permitted = PermittedScope(
        personal_data_provinces=personal,
        all_personal_data=everywhere,
        ticket_change_provinces=personal,
        all_ticket_changes=everywhere,
    )
    return Principal(kind="person", account=f"{role}-{sorted(personal)}", role=role, permitted=permitted)


OFFICER_84 = person(Role.OFFICER, personal=frozenset({"84"}))
OFFICER_50 = person(Role.OFFICER, personal=frozenset({"50"}))
OFFICER_50_AND_84 = person(Role.OFFICER, personal=frozenset({"50", "84"}))
ADMIN = person(Role.ADMIN, everywhere=True)
EXECUTIVE = person(Role.EXECUTIVE)


FIRST_VERSIONS = DataVersions(coverage=1)


def view_of(principal: Principal, *, versions: DataVersions = FIRST_VERSIONS) -> RequestView:
    state = ViewState("84", "hotspot", "th", DAY)
    return RequestView(state, AreaInfo("84", "สุราษฎร์ธานี", "Surat Thani"), DATA_RANGE, versions, principal)


def in_process() -> CallbackAnswers:
    return CallbackAnswers(lambda _namespace: VersionedCache())


def built_for(principal: Principal, builds: list[str]) -> Callable[[], object]:
    """A build that names the requester it was built for (and counts itself)."""

    def build() -> object:
        builds.append(principal.account)
        return {"built for": principal.account}

    return build


def answer(answers: CallbackAnswers, principal: Principal, builds: list[str], **view: Any) -> Any:
    fragment = answers.json(view_of(principal, **view), "village-panel", built_for(principal, builds), reads=DATA_KINDS)
    return orjson.loads(orjson.dumps(fragment))


def test_an_officer_never_gets_an_answer_built_for_another_province_or_for_an_admin() -> None:
    answers, builds = in_process(), []
    for principal in (ADMIN, OFFICER_50, OFFICER_84, OFFICER_50_AND_84, EXECUTIVE, ANONYMOUS_PRINCIPAL):
        assert answer(answers, principal, builds) == {"built for": principal.account}
    assert len(builds) == 6, "each permitted scope must have an answer of its own"
    for principal in (OFFICER_84, OFFICER_50, ADMIN):  # asked again: each its own, from the cache
        assert answer(answers, principal, builds) == {"built for": principal.account}
    assert len(builds) == 6


def test_requesters_who_may_see_the_same_share_one_build() -> None:
    answers, builds = in_process(), []
    another_officer_84 = person(Role.OFFICER, personal=frozenset({"84"}))
    assert answer(answers, OFFICER_84, builds) == answer(answers, another_officer_84, builds)
    assert builds == [OFFICER_84.account]


def test_an_answer_is_built_again_only_when_data_it_reads_change() -> None:
    answers, map_builds, panel_builds = in_process(), [], []

    def ask(versions: DataVersions) -> None:
        view = view_of(EXECUTIVE, versions=versions)
        answers.json(view, "map", built_for(EXECUTIVE, map_builds), reads=("coverage",))
        answers.json(view, "panel", built_for(EXECUTIVE, panel_builds), reads=DATA_KINDS)

    ask(DataVersions(coverage=1, tickets=1))
    ask(DataVersions(coverage=1, tickets=2))  # a ticket moved: the map stays, the panel is rebuilt
    assert (len(map_builds), len(panel_builds)) == (1, 2)
    ask(DataVersions(coverage=2, tickets=2))  # an import of coverage data
    assert (len(map_builds), len(panel_builds)) == (2, 3)


def test_the_kept_answer_is_the_json_dash_would_have_sent() -> None:
    figure = go.Figure(go.Scattermap(lat=[13.75, 9.1], lon=[100.5, 99.3], name="ออนไลน์"))
    fragment = in_process().json(view_of(EXECUTIVE), "map", lambda: figure, reads=("coverage",))
    sent = orjson.dumps({"response": {"map": {"figure": fragment}}})
    assert json.loads(sent) == json.loads(to_json_plotly({"response": {"map": {"figure": figure}}}))


def test_through_redis_a_cluster_builds_once_and_never_across_permitted_data(redis_connection: redis.Redis) -> None:  # noqa: F811
    prefix = f"test-{uuid.uuid4().hex[:8]}"

    def worker() -> CallbackAnswers:  # another process: its own memory, the cluster's Redis
        def shared(namespace: str) -> AnswerCache:
            return SharedCache(redis_connection, f"{prefix}:{namespace}", VersionedCache())

        return CallbackAnswers(shared)

    worker_a, worker_b, builds = worker(), worker(), []
    assert answer(worker_a, OFFICER_84, builds) == {"built for": OFFICER_84.account}
    assert answer(worker_b, OFFICER_84, builds) == {"built for": OFFICER_84.account}
    assert builds == [OFFICER_84.account], "the second worker must read the first one's answer from Redis"
    assert answer(worker_b, OFFICER_50, builds) == {"built for": OFFICER_50.account}
    assert answer(worker_b, ADMIN, builds) == {"built for": ADMIN.account}
    assert builds == [OFFICER_84.account, OFFICER_50.account, ADMIN.account]


# -- through the app: the village panel names the volunteer only to whom may see it ------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = new_database_url(tmp_path_factory.mktemp("answers"), "small")
    engine = build_small_database(url)
    add_small_tickets(engine)
    add_showcase(engine)
    return dashboard(url).server


def village_figures(server: Any, client: Any) -> str:
    """The KPIs, ranking and village panel of Surat Thani's village, as one person's page asks them."""
    spec = find_callback(dash_apps(server), "/_dash-update-component", "kpis.children")
    body = spec.body({slot_index(spec, "url", "search"): f"?area={SURAT_THANI_VILLAGE}&as_of={AS_OF}"})
    response = client.post(spec.url, json=body)
    assert response.status_code == 200, response.get_data()[:300]
    return response.get_data(as_text=True)


def test_a_panel_built_for_the_provinces_officer_is_not_shown_to_others(server: Any) -> None:
    officer_84 = signed_in_client(server, Role.OFFICER, ("84",))
    others = [signed_in_client(server, Role.OFFICER, ("50",)), signed_in_client(server, Role.ADMIN)]
    first = village_figures(server, officer_84)
    assert VOLUNTEER[1] in first, "the officer of the volunteer's province sees the phone number"
    for client in others:
        assert VOLUNTEER[1] not in village_figures(server, client)
    assert village_figures(server, officer_84) == first, "the officer's own answer, kept"
