"""``python -m cli push-batches DIR --url URL --token-file F``: send the batches of a manifest to the ingest API.

What ``python -m cli demo-files`` writes in ``DIR/batches`` (or any folder laid out alike): each batch
of the manifest, in its order, to ``POST /api/v1/ingest/<kind>``, then each showcase image to
``POST /api/v1/ingest/showcase_items/<item>/images``. Sending again is safe, so a request that timed
out or met a busy server (429, 502-504) is sent again (``urllib3``'s ``Retry``, with back-off): the API
acknowledges items it has seen (by the source's id, a status report by its hotspot and time, an
image by its content) and writes nothing twice. Images go ``--workers`` items at a time, each item's
images one after the other so they keep their order.

Exit status: 0 every item accepted, 1 some items refused (the API quarantined them: the answers
name them), 2 a request refused as a whole or the server out of reach (the batches after it are
not sent), 3 no manifest or no token.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote, urljoin

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from demo.batches import MANIFEST
from ingest.jobs import ENDED_UNFINISHED

INGEST_PATH: Final = "/api/v1/ingest"
JOB_POLL_S: Final = 2.0
JOB_ENDED: Final = frozenset({"finished", *ENDED_UNFINISHED})
"""How often a queued batch's job is asked for (the API's own ``Retry-After`` is of that order)."""
RETRY: Final = Retry(
    total=6,
    backoff_factor=1.0,
    status_forcelist=(429, 502, 503, 504),
    allowed_methods=frozenset({"POST"}),  # every ingest request is idempotent: resending one is safe
    raise_on_status=False,
)
DEFAULT_TIMEOUT: Final = 120.0
"""Seconds to wait for an answer; a country's status batch takes a few (README: "At the country's volume")."""

SessionFactory = Callable[[], requests.Session]


class PushStopped(Exception):
    """A request refused as a whole (4xx/5xx after its retries) or the server out of reach."""


@dataclass
class PushReport:
    """What the API answered: counts per kind, images created or already there, time per kind."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, kind: str, answer: dict[str, Any], seconds: float) -> None:
        counts = self.counts.setdefault(kind, Counter())
        counts.update({name: int(answer.get(name) or 0) for name in ("rows_in", "new", "changed", "unchanged")})
        counts["rejected"] += int(answer.get("rejected") or 0)
        self.seconds[kind] += seconds

    @property
    def rejected(self) -> int:
        return sum(counts["rejected"] for counts in self.counts.values())

    def lines(self) -> list[str]:
        """One line per kind: its counts and the seconds its requests took."""
        lines = []
        for kind, counts in self.counts.items():
            shown = ", ".join(f"{name} {count:,}" for name, count in counts.items())
            lines.append(f"{kind}: {shown} in {self.seconds[kind]:.1f} s")
        return lines


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("push-batches", help="send a folder's JSON batches and images to the ingest API")
    parser.add_argument("folder", type=Path, help="the folder of manifest.json (demo-files writes DIR/batches)")
    parser.add_argument("--url", required=True, help="the dashboard's address, e.g. http://127.0.0.1:8050")
    parser.add_argument("--token-file", type=Path, required=True, help="a file holding an API token's secret")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds to wait for each answer")
    parser.add_argument("--workers", type=int, default=4, help="showcase items whose images are sent at once")


def run(args: argparse.Namespace) -> int:
    manifest_path = args.folder / MANIFEST
    if not manifest_path.is_file() and (args.folder / "batches" / MANIFEST).is_file():
        manifest_path = args.folder / "batches" / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        token = args.token_file.read_text(encoding="utf-8").strip()
    except (OSError, ValueError) as problem:
        print(f"netpracharat: {problem}", file=sys.stderr)
        return 3
    if not token:
        print(f"netpracharat: no token in {args.token_file}", file=sys.stderr)
        return 3
    pusher = BatchPusher(args.url, token, timeout=args.timeout)
    try:
        report = pusher.push(manifest_path.parent, manifest, workers=max(1, args.workers), progress=print)
    except PushStopped as stopped:
        print(f"netpracharat: stopped: {stopped}", file=sys.stderr)
        return 2
    print(*report.lines(), sep="\n")
    return 1 if report.rejected else 0


def retrying_session() -> requests.Session:
    """A session that sends a request again after a timeout, a dropped connection or a busy answer."""
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=RETRY)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class BatchPusher:
    """Sends a manifest's batches and images to one dashboard with one token."""

    def __init__(
        self, url: str, token: str, *, timeout: float = DEFAULT_TIMEOUT, sessions: SessionFactory = retrying_session
    ) -> None:
        self._base = url.rstrip("/") + INGEST_PATH
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = timeout
        self._sessions = sessions
        self._local = threading.local()

    def push(
        self, folder: Path, manifest: dict[str, Any], *, workers: int = 4, progress: Callable[[str], None] = print
    ) -> PushReport:
        """Every batch in the manifest's order, then the images; ``PushStopped`` at the first refusal."""
        report = PushReport()
        for batch in manifest["batches"]:
            started = time.perf_counter()
            body = (folder / batch["file"]).read_bytes()
            answer = self._post(f"{self._base}/{batch['kind']}", body, "application/json; charset=utf-8")
            if "job" in answer:  # queued (REDIS_URL): the counts come with the job's end
                answer = self._job_result(answer)
            report.add(batch["kind"], answer, time.perf_counter() - started)
            progress(f"{batch['file']}: " + ", ".join(f"{name} {answer.get(name)}" for name in _SHOWN))
        started = time.perf_counter()
        outcomes = self._push_images(folder, manifest.get("images", []), workers)
        report.counts["showcase_images"] = Counter(outcomes)
        report.seconds["showcase_images"] = time.perf_counter() - started
        return report

    def _push_images(self, folder: Path, uploads: Iterable[dict[str, str]], workers: int) -> list[str]:
        by_item: dict[str, list[str]] = {}
        for upload in uploads:
            by_item.setdefault(upload["item_id"], []).append(upload["file"])
        with ThreadPoolExecutor(max_workers=workers) as pool:
            sent = pool.map(lambda item: self._item_images(folder, *item), by_item.items())
            return [outcome for outcomes in sent for outcome in outcomes]

    def _item_images(self, folder: Path, item_id: str, files: list[str]) -> list[str]:
        """One item's images, in order: "new" for each stored now, "unchanged" for each it had."""
        url = f"{self._base}/showcase_items/{quote(item_id, safe='')}/images"
        answers = [self._post(url, (folder / name).read_bytes(), _image_type(name)) for name in files]
        return ["new" if answer.get("created") else "unchanged" for answer in answers]

    def _post(self, url: str, data: bytes, content_type: str) -> dict[str, Any]:
        """The API's JSON answer; ``PushStopped`` when there is none after the retries, or a refusal."""
        return self._answer("POST", url, data=data, headers={**self._headers, "Content-Type": content_type})

    def _answer(self, method: str, url: str, **request: Any) -> dict[str, Any]:
        try:
            answer = self._session().request(method, url, timeout=self._timeout, **request)
            if not answer.ok:
                raise PushStopped(f"{url}: {answer.status_code} {answer.text[:500]}")
            body: dict[str, Any] = answer.json()
        except requests.RequestException as problem:  # out of reach, timed out every time, not JSON
            raise PushStopped(f"{url}: {problem}") from None
        return body

    def _job_result(self, job: dict[str, Any]) -> dict[str, Any]:
        """The import's answer of a queued batch, once its job has ended; ``PushStopped`` if it failed."""
        url = urljoin(self._base, job["location"])
        while job["status"] not in JOB_ENDED:
            time.sleep(JOB_POLL_S)
            job = self._answer("GET", url, headers=self._headers)
        if "result" not in job:
            raise PushStopped(f"{url}: the batch's job {job['status']}: {job.get('reason', '')}")
        result: dict[str, Any] = job["result"]
        return result

    def _session(self) -> requests.Session:
        """This thread's session (a session's connection pool is not shared between threads)."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = self._sessions()
        return session


def _image_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


_SHOWN: Final = ("rows_in", "new", "changed", "unchanged", "rejected", "run")
