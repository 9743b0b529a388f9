"""Who uses the dashboard at once, as locust users (run by ``python -m bench.load``).

- executives browse the country and a few provinces (map, KPIs, ranking, API summary);
- provincial officers drill into their province, a district and a village, open the ticket table
  and move a ticket of their province now and then;
- wall displays load their show and refresh it (the display's refresh callback, /healthz);
- the network feed: the operator's system pushes a status report of every hotspot each minute
  through the ingest API, with an API token of scope ``ingest:network``. With the cluster's queue
  the answer is 202 and a job: the feed asks the job until it is done (as its ``Retry-After``
  says) and locust's row "ingest network status: sent to committed" is the whole time.

Callback bodies come from a recording of real pages (``bench.load.payloads``), named by the
environment variable ``LOAD_PAYLOADS``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import time
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, between, constant, constant_pacing, task
from replay import PROVINCES, driven_by_url, with_search  # beside this file; locust's environment has no project code

RECORDED: dict[str, Any] = json.loads(Path(os.environ["LOAD_PAYLOADS"]).read_text(encoding="utf-8"))
ACCOUNTS: dict[str, list[list[str]]] = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
"""E-mail and password of each simulated person's own account, by role ("executive", "officer 84", ...):
made in the server's database by ``python -m bench.load`` before the run."""
FEED: dict[str, Any] = json.loads(Path(os.environ["LOAD_FEED"]).read_text(encoding="utf-8"))
"""The network feed's API token and the hotspot ids it reports on, written by ``python -m bench.load``."""
FEED_FLIPPED_SHARE = 0.02
"""Share of hotspots whose report changes state in a minute (an outage starting or ending)."""
FEED_JOB_PATIENCE_S = 55
"""A batch not committed before the next one is due counts as a failure."""
PEOPLE = {role: itertools.cycle(accounts) for role, accounts in ACCOUNTS.items()}
"""Each simulated user takes the next account of its role: one person, one account (the sign-in
limiter counts per address and e-mail, as it would for people sharing an account)."""
CALLBACK = "/_dash-update-component"
SIGN_IN_TRIES = 6
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def callback_name(payload: dict[str, Any]) -> str:
    """One locust row per callback: its first output."""
    output = str(payload.get("output", "?")).strip(".").split("...")[0]
    return f"callback {output[:40]}"


class DashboardUser(HttpUser):
    abstract = True
    account = "executive"
    """Which of ``ACCOUNTS`` the user signs in with (people sign in; every request then carries the session)."""

    def on_start(self) -> None:
        self.sign_in(self.account)

    def sign_in(self, account: str) -> None:
        """Through the sign-in form, as a browser does (its CSRF token, then the e-mail and password).

        Everybody signs in from this one address, so the per-address limiter may answer 429: the
        simulated person waits as the answer's ``Retry-After`` says and tries again, as a person
        would (a 429 is a failure only on the last try; locust's row "sign in held (429)" counts them)."""
        email, password = next(PEOPLE[account])
        for attempt in range(1, SIGN_IN_TRIES + 1):
            page = self.client.get("/sign-in", name="sign-in page")
            token = CSRF_FIELD.search(page.text)
            form = {"email": email, "password": password, "csrf_token": token.group(1) if token else "", "next": "/"}
            name = "sign in" if attempt == 1 else "sign in held (429), again"
            with self.client.post(
                "/sign-in", data=form, name=name, allow_redirects=False, catch_response=True
            ) as answer:
                if answer.status_code == 302:
                    return
                if answer.status_code != 429 or attempt == SIGN_IN_TRIES:
                    answer.failure(f"signing in as {email} answered {answer.status_code} (try {attempt})")
                    return
                answer.success()
                wait_s = float(answer.headers.get("Retry-After") or 10)
            time.sleep(wait_s + random.random())

    def view(self, page: str, search: str, *, every_callback: bool = False) -> None:
        """What a page posts when its view changes to ``search``: every URL-driven callback (or all)."""
        for payload in RECORDED[page]:
            if every_callback or driven_by_url(payload):
                body = with_search(payload, search, RECORDED["ids"])
                self.client.post(CALLBACK, json=body, name=callback_name(payload))

    def read_json(self, path: str, name: str) -> dict[str, Any]:
        """The API's JSON answer, or ``{}`` when the request failed (locust has counted the failure;
        an error page is not JSON, and the simulated user goes on as a person would)."""
        response = self.client.get(path, name=name)
        return response.json() if response.ok else {}

    def open_page(self, path: str, search: str) -> None:
        self.client.get(path + search, name=f"page {path}")
        self.client.get(path + "_dash-layout", headers={"Referer": self.host + path + search}, name=f"layout {path}")


class Executive(DashboardUser):
    weight = 3
    wait_time = between(2, 6)

    def on_start(self) -> None:
        super().on_start()
        self.open_page("/", "")

    @task(3)
    def country(self) -> None:
        self.view("map", f"?metric={random.choice(['hotspot', 'volunteer', 'training'])}")
        self.client.get("/api/v1/summary", name="api summary")

    @task(2)
    def a_province(self) -> None:
        self.view("map", f"?area={random.choice(PROVINCES)}")


class ProvincialOfficer(DashboardUser):
    weight = 5
    wait_time = between(2, 8)

    def on_start(self) -> None:
        self.province = random.choice(PROVINCES)
        self.sign_in(f"officer {self.province}")
        self.open_page("/", f"?area={self.province}")

    @task(3)
    def drill_down(self) -> None:
        answer = self.read_json(f"/api/v1/provinces/{self.province}/districts", "api districts")
        districts = [row["code"] for row in answer.get("districts", [])] or [self.province]
        district = random.choice(districts)
        self.view("map", f"?area={district}")
        villages = self.read_json(f"/api/v1/villages?district={district}", "api villages")
        codes = [row["code"] for row in villages.get("villages", [])]
        if codes:
            self.view("map", f"?area={random.choice(codes)}")

    @task(2)
    def ticket_table(self) -> None:
        self.open_page("/tickets/", f"?area={self.province}")
        self.view("tickets", f"?area={self.province}", every_callback=True)  # texts, summary, the grid's rows
        self.client.get(f"/api/v1/tickets?province={self.province}&status=not_started", name="api tickets")

    @task(1)
    def move_a_ticket(self) -> None:
        """Not started → in progress, with a note: a write, then the officer reads it back."""
        listing = self.read_json(
            f"/api/v1/tickets?province={self.province}&status=not_started&page_size=20", "api tickets"
        )
        tickets = listing.get("tickets", [])
        if not tickets:
            return
        ticket_id = random.choice(tickets)["id"]
        body = {"status": "in_progress", "note": "load test"}
        with self.client.post(
            f"/api/v1/tickets/{ticket_id}/status",
            json=body,
            headers=a_new_change_key(),
            name="api ticket status",
            catch_response=True,
        ) as response:
            if response.status_code in (200, 409, 422):  # 409/422: another officer moved it first
                response.success()
        self.client.get(f"/api/v1/tickets/{ticket_id}", name="api ticket")


class WallDisplay(DashboardUser):
    weight = 1
    wait_time = between(20, 30)  # a display refreshes every few seconds to minutes; faster than real here

    def on_start(self) -> None:
        super().on_start()  # a person's session here; a wall screen's own token is tested in tests/
        self.area = random.choice(["", *PROVINCES])
        self.open_page("/display/", f"?area={self.area}")

    @task
    def refresh(self) -> None:
        self.client.get("/healthz", name="healthz")
        self.view("display", f"?area={self.area}&dwell=20&refresh=60", every_callback=True)  # the refresh


class Viewer(DashboardUser):
    """The bench's viewer: the country and provinces, summary and ranking, looping without pause."""

    wait_time = constant(0)

    @task
    def browse(self) -> None:
        self.client.get("/api/v1/summary", name="api summary")
        self.view("map", f"?area={random.choice(['', *PROVINCES])}")


class Writer(DashboardUser):
    """One officer saving a ticket every 5 s: what used to empty every cache for everybody."""

    fixed_count = 1
    wait_time = constant_pacing(5)
    account = "officer 84"

    @task
    def save_a_ticket(self) -> None:
        listing = self.read_json("/api/v1/tickets?province=84&page_size=100", "api tickets")
        if not listing.get("tickets"):
            return
        ticket = random.choice(listing["tickets"])
        body = {"status": ticket["status"], "note": "บันทึกจากการทดสอบโหลด"}
        with self.client.post(
            f"/api/v1/tickets/{ticket['id']}/status",
            json=body,
            headers=a_new_change_key(),
            name="api ticket note",
            catch_response=True,
        ) as response:
            if response.status_code in (200, 409, 422):
                response.success()


def a_new_change_key() -> dict[str, str]:
    """An ``Idempotency-Key`` for one change, as a careful API client sends: nginx may then resend
    the change to the other host when the first dies, and it is stored once."""
    return {"Idempotency-Key": uuid.uuid4().hex}


def refusals(result: dict[str, Any]) -> str | None:
    """A committed batch's refused reports, as a failure (every report of the feed is valid)."""
    return f"{result['rejected']} reports refused" if result.get("rejected", 0) else None


class NetworkFeed(HttpUser):
    """The network management system: one report per hotspot of the country every minute, one batch."""

    fixed_count = 1
    wait_time = constant_pacing(60)

    def on_start(self) -> None:
        self.states = {hotspot: "online" for hotspot in FEED["hotspots"]}

    @task
    def report(self) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for hotspot in random.sample(list(self.states), int(len(self.states) * FEED_FLIPPED_SHARE)):
            self.states[hotspot] = "offline" if self.states[hotspot] == "online" else "online"
        items = [{"hotspot_id": hotspot, "at": stamp, "state": state} for hotspot, state in self.states.items()]
        sent = time.perf_counter()
        with self.client.post(
            "/api/v1/ingest/network_status",
            json={"items": items},
            headers=self.auth,
            name="ingest network status (every hotspot)",
            catch_response=True,
        ) as answer:
            queued = answer.status_code == 202
            if answer.status_code == 200 and (refused := refusals(answer.json())):
                answer.failure(refused)
        if queued:
            self.follow(answer.headers["Location"], sent)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {FEED['token']}"}

    def follow(self, location: str, sent: float) -> None:
        """Ask the batch's job until it is finished or failed; record the time from sending to committed."""
        while time.perf_counter() - sent < FEED_JOB_PATIENCE_S:
            with self.client.get(location, headers=self.auth, name="ingest job status", catch_response=True) as polled:
                job = polled.json() if polled.status_code == 200 else {"status": "unknown: asked again"}
            if job["status"] == "finished":
                self.record_job(sent, refusals(job["result"]))
                return
            if job["status"] in {"failed", "stopped", "canceled"}:
                self.record_job(sent, f"job {job['status']}: {job.get('reason')}")
                return
            time.sleep(float(polled.headers.get("Retry-After") or 2))
        self.record_job(sent, f"not committed within {FEED_JOB_PATIENCE_S} s")

    def record_job(self, sent: float, failure: str | None) -> None:
        self.environment.events.request.fire(
            request_type="JOB",
            name="ingest network status: sent to committed",
            response_time=(time.perf_counter() - sent) * 1000,
            response_length=0,
            exception=None if failure is None else RuntimeError(failure),
            context={},
        )
