"""`python -m bench.session_check`: the server time the sign-in gate adds to each request.

Per request the gate loads the account by its session's ``fs_uniquifier`` (one indexed query,
plus its provinces), checks the idle time and builds the ``Principal``; it runs once per request
and every callback and API route reuses the answer. Measured here directly: ``current_principal()``
in a request carrying a signed-in session cookie, with nothing cached between runs.
"""

from __future__ import annotations

import os
import statistics
import time

from flask import g
from flask.sessions import SecureCookieSessionInterface

from app import create_app
from auth.accounts import account_changes
from auth.gate import LAST_SEEN, current_principal
from store.accounts.directory import all_accounts

RUNS = 2000
BUDGET_MS = 5.0


def main() -> None:
    server = create_app().server
    with server.app_context(), account_changes(server) as db:
        uniquifier = next(iter(all_accounts(db))).fs_uniquifier  # any account: the demo's or create-admin's
    cookie = SecureCookieSessionInterface().get_signing_serializer(server)
    assert cookie is not None
    value = cookie.dumps({"_user_id": uniquifier, "_fresh": True, LAST_SEEN: int(time.time())})
    times = []
    for _ in range(RUNS):
        with server.test_request_context(
            "/_dash-update-component", method="POST", headers={"Cookie": f"session={value}"}
        ):
            server.preprocess_request()  # the gate and every other before-request hook, as a real request
            g.pop("principal", None)
            g.pop("_login_user", None)
            started = time.perf_counter()
            principal = current_principal()
            times.append((time.perf_counter() - started) * 1000)
            assert principal.is_signed_in
    times.sort()
    median, p95 = statistics.median(times), times[int(0.95 * len(times))]
    verdict = "within" if p95 <= BUDGET_MS else "OVER"
    print(f"session check per request over {RUNS} runs: median {median:.2f} ms, p95 {p95:.2f} ms")
    print(f"({verdict} the budget of {BUDGET_MS} ms; load on the machine: {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
