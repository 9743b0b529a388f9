"""The whole demo as a source: its files imported and its batches pushed into an empty database through
the real app with a real token give the generator's tickets, events and showcase; pushing again, or
resending a batch whose answer was lost to a timeout, stores nothing twice."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import pandas as pd
import pytest
from flask import Flask
from sqlalchemy import Engine, func, select
from werkzeug.serving import make_server

from cli.__main__ import main
from cli.push_batches import BatchPusher, PushReport, PushStopped
from demo import generate, showcase
from demo.batches import MANIFEST, write_batches
from demo.files import IMPORT_ORDER, file_frames, load_areas, write_frames
from ingest.pipeline import import_file
from store.core.db import make_session_factory, make_write_engine, migrate
from store.core.models import Base
from store.showcase.models import ShowcaseImage, ShowcaseItem
from store.tickets.models import Ticket, TicketEvent
from store.tokens.registry import TokenRegistry
from tests.app_ingest_helpers import ADMIN
from tests.databases import dashboard, new_database_url
from tests.flask_transport import through_test_client

VILLAGES = 150
SHOWCASE_ITEMS = 30
"""The demo's 4,000 items would take minutes of image cleaning; the generator draws this many instead."""
PUSHED_TABLES = ("tickets", "ticket_events", "showcase_items", "showcase_images", "hotspot_status_events")


@dataclass(frozen=True)
class Source:
    folder: Path
    tickets: pd.DataFrame
    events: pd.DataFrame
    items: pd.DataFrame
    images: int


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    """A small demo written as files and batches once (as ``write_demo_source``), with its frames."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(showcase, "ITEMS", SHOWCASE_ITEMS)
        ctx = generate(villages=VILLAGES)
    folder = tmp_path_factory.mktemp("demo-source")
    write_frames(folder, file_frames(ctx))
    write_batches(folder / "batches", ctx)
    frames = ctx.frames
    images = frames["showcase_images"].drop_duplicates(["item_id", "design"])
    yield Source(folder, frames["tickets"], frames["ticket_events"], frames["showcase_items"], len(images))


@dataclass(frozen=True)
class Target:
    server: Flask
    engine: Engine
    token: str


@pytest.fixture
def target(source: Source, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Target]:
    """An empty database with the geodata's areas and the demo's files imported, served by the app (as the
    README's worked example: the network status comes as the feed's batches, not as the file)."""
    monkeypatch.setenv("IMPORT_DIR", str(tmp_path / "imports"))
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    url = new_database_url(tmp_path, "imported")
    engine = make_write_engine(url)
    migrate(engine)
    load_areas(engine)
    for kind in (kind for kind in IMPORT_ORDER if kind != "network_status"):  # the feed comes as batches
        path = source.folder / f"{kind}.csv"
        assert import_file(engine, kind, path.read_bytes(), path.name, "demo").plan.rejected == [], kind
    server = dashboard(url).server
    registry = TokenRegistry(make_session_factory(engine))
    token = registry.create("api_client", "demo source", ["ingest:app", "ingest:network"], actor=ADMIN).secret
    yield Target(server, engine, token)
    engine.dispose()


def push(pusher: BatchPusher, source: Source) -> PushReport:
    folder = source.folder / "batches"
    return pusher.push(folder, json.loads((folder / MANIFEST).read_text()), workers=2, progress=lambda _: None)


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("tickets", Ticket),
                ("ticket_events", TicketEvent),
                ("showcase_items", ShowcaseItem),
                ("showcase_images", ShowcaseImage),
            )
        }


def statuses(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return dict(connection.execute(select(Ticket.status, func.count()).group_by(Ticket.status)).all())  # type: ignore[arg-type]


def test_the_pushed_demo_holds_the_generators_tickets_and_showcase_and_a_second_push_changes_nothing(
    source: Source, target: Target
) -> None:
    stranger = BatchPusher("http://dashboard.test", "npa_not-a-token", sessions=through_test_client(target.server))
    with pytest.raises(PushStopped, match="401"):
        push(stranger, source)
    assert counts(target.engine)["tickets"] == 0
    pusher = BatchPusher("http://dashboard.test", target.token, sessions=through_test_client(target.server))
    first = push(pusher, source)
    assert first.rejected == 0, first.lines()
    assert counts(target.engine) == {
        "tickets": len(source.tickets),
        "ticket_events": len(source.events),
        "showcase_items": SHOWCASE_ITEMS,
        "showcase_images": source.images,
    }
    assert statuses(target.engine) == source.tickets["status"].value_counts().to_dict()
    before = pushed_rows(target.engine)
    again = push(pusher, source)
    assert again.rejected == 0
    assert all(counts["new"] == counts["changed"] == 0 for counts in again.counts.values()), again.lines()
    assert pushed_rows(target.engine) == before


def pushed_rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables the batches and images fill, sorted."""
    with engine.connect() as connection:
        return {
            name: sorted(map(tuple, connection.execute(select(Base.metadata.tables[name])).all()), key=repr)
            for name in PUSHED_TABLES
        }


class AnswerLostOnce:
    """WSGI middleware: the first request to ``path`` is served (and committed), its answer held past
    the client's timeout, as a slow network loses it."""

    def __init__(self, app: WSGIApplication, path: str, hold_seconds: float) -> None:
        self._app, self._path, self._hold = app, path, hold_seconds
        self.seen = 0

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        answer = list(self._app(environ, start_response))
        if environ["PATH_INFO"] == self._path:
            self.seen += 1
            if self.seen == 1:
                time.sleep(self._hold)
        return answer


def test_a_batch_whose_answer_timed_out_is_sent_again_and_stored_once(source: Source, target: Target) -> None:
    lost = AnswerLostOnce(target.server.wsgi_app, "/api/v1/ingest/tickets", hold_seconds=3.0)
    target.server.wsgi_app = lost  # type: ignore[method-assign]
    http = make_server("127.0.0.1", 0, target.server, threaded=True)
    serving = threading.Thread(target=http.serve_forever, daemon=True)
    serving.start()
    try:
        pusher = BatchPusher(f"http://127.0.0.1:{http.server_port}", target.token, timeout=1.5)
        report = push(pusher, source)
    finally:
        http.shutdown()
    assert lost.seen == 2  # the tickets batch went twice: once committed, once acknowledged
    assert report.counts["tickets"]["new"] == 0 and report.counts["tickets"]["unchanged"] == len(source.tickets)
    assert counts(target.engine)["tickets"] == len(source.tickets)
    assert counts(target.engine)["ticket_events"] == len(source.events)


def test_the_command_says_what_is_missing_before_sending(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    token = tmp_path / "token"
    token.write_text("npa_x\n")
    for folder, token_file in ((tmp_path / "nowhere", token), (tmp_path, tmp_path / "no-token")):
        with pytest.raises(SystemExit) as exited:
            main(["push-batches", str(folder), "--url", "http://127.0.0.1:9", "--token-file", str(token_file)])
        assert exited.value.code == 3
    assert "manifest.json" in capsys.readouterr().err
