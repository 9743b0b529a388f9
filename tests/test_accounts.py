"""People's sign-in as a person and as an attacker sees it: the gate, the form, CSRF, the limiter,
the lock-out, idle sessions, forged cookies, "sign out everywhere", and what is never said back."""

from __future__ import annotations

import logging
import re
import time

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import Engine, event, select

from auth.accounts import account_changes
from auth.gate import LAST_SEEN, PUBLIC_REFUSED_COMPONENTS, output_components
from auth.settings import MissingSecretKey, sign_in_settings
from store.accounts.directory import find_account, unlock
from store.audit.models import AuditEvent
from store.core.access import Role
from tests.callback_requests import callback_specs, layout_values, plausible_values
from tests.databases import dashboard, new_database_url
from tests.signed_in import TEST_PASSWORD, ensure_account, signed_in_client
from tests.small_db import build_small_database
from web.request_guards import dash_apps

EMAIL = "officer84@test.invalid"


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    url = new_database_url(tmp_path_factory.mktemp("accounts"), "small")
    build_small_database(url)
    return url


@pytest.fixture
def server(database_url, monkeypatch):
    def build(**environ: str):
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        app_server = dashboard(database_url).server
        ensure_account(app_server, EMAIL, Role.OFFICER, ("84",))
        return app_server

    return build


def csrf_token(client, path: str = "/sign-in") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def post_sign_in(client, password: str, email: str = EMAIL, **extra: str):
    return client.post(
        "/sign-in", data={"csrf_token": csrf_token(client), "email": email, "password": password, **extra}
    )


def audit_actions(server, target: str = EMAIL) -> list[str]:
    with server.app_context(), account_changes(server) as db:
        return list(db.scalars(select(AuditEvent.action).where(AuditEvent.target == target).order_by(AuditEvent.id)))


def test_anonymous_callers_are_sent_to_sign_in_or_refused(server):
    client = server().test_client()
    page = client.get("/tickets/?area=84")
    assert page.status_code == 302 and page.headers["Location"].startswith("/sign-in?next=/tickets/?area%3D84")
    for path in ("/api/v1/summary", "/_dash-layout", "/tickets/_dash-dependencies", "/geodata/provinces.geojson"):
        answer = client.get(path)
        assert answer.status_code == 401 and answer.json["error"]["status"] == 401, path
    assert client.post("/_dash-update-component", json={"output": "map.figure"}).status_code == 401
    assert client.post("/api/v1/tickets/4/status", json={"status": "in_progress"}).status_code == 401
    assert client.get("/healthz").status_code == 200 and client.get("/assets/app.css").status_code == 200


def test_the_sign_in_page_is_thai_first_and_english_by_the_switch(server):
    client = server().test_client()
    thai = client.get("/sign-in").get_data(as_text=True)
    assert 'lang="th"' in thai and "เข้าสู่ระบบ" in thai and "รหัสผ่าน" in thai
    english = client.get("/sign-in?lang=en").get_data(as_text=True)
    assert 'lang="en"' in english and "Password" in english


def test_sign_in_opens_the_page_asked_for_and_records_it(server):
    app_server = server()
    client = app_server.test_client()
    answer = post_sign_in(client, TEST_PASSWORD, next="/tickets/?area=84")
    assert answer.status_code == 302 and answer.headers["Location"] == "/tickets/?area=84"
    assert client.get("/api/v1/summary").status_code == 200
    assert audit_actions(app_server)[-1] == "sign_in"


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_sign_in_never_sends_to_another_site(server, target):
    answer = post_sign_in(server().test_client(), TEST_PASSWORD, next=target)
    assert answer.headers["Location"] == "/"


def test_a_form_without_its_csrf_token_is_refused(server):
    client = server().test_client()
    answer = client.post("/sign-in", data={"email": EMAIL, "password": TEST_PASSWORD})
    assert answer.status_code == 400 and client.get("/api/v1/summary").status_code == 401
    signed_in = signed_in_client(client.application, Role.OFFICER, ("84",), email=EMAIL)
    assert signed_in.post("/sign-out").status_code == 400  # a link elsewhere cannot sign a person out
    assert signed_in.get("/api/v1/summary").status_code == 200


def test_a_wrong_password_is_refused_never_echoed_nor_logged(server, caplog):
    app_server = server()
    caplog.set_level(logging.DEBUG)
    secret = "my-wrong-secret-Pa55"
    answer = post_sign_in(app_server.test_client(), secret)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 401 and "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in page and secret not in page
    assert secret not in caplog.text
    with app_server.app_context(), account_changes(app_server) as db:
        events = db.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in_failed")).all()
        assert events and all(secret not in str(event.detail) for event in events)
        assert find_account(db, EMAIL).password.startswith("$argon2")


def test_an_account_locks_after_failures_until_an_admin_unlocks_it(server):
    app_server = server(SIGN_IN_LOCK_AFTER="3")
    client = app_server.test_client()
    for _ in range(3):
        assert post_sign_in(client, "wrong").status_code == 401
    assert post_sign_in(client, TEST_PASSWORD).status_code == 401  # the right password no longer opens it
    assert "account_locked" in audit_actions(app_server)
    with app_server.app_context(), account_changes(app_server) as db:
        unlock(find_account(db, EMAIL))
    assert post_sign_in(client, TEST_PASSWORD).status_code == 302


def test_sign_in_attempts_are_rate_limited_per_account_and_per_address(server):
    client = server(SIGN_IN_RATE_LIMIT="3 per minute", SIGN_IN_ADDRESS_LIMIT="6 per minute").test_client()
    codes = [post_sign_in(client, "wrong", email="nobody@test.invalid").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert "รอสักครู่" in post_sign_in(client, "wrong", email="nobody@test.invalid").get_data(as_text=True)
    # a colleague behind the same office address is not held up by somebody else's mistakes ...
    assert post_sign_in(client, TEST_PASSWORD).status_code == 302
    # ... but one address trying many accounts is (password spraying)
    codes = [post_sign_in(client, "wrong", email=f"guess{n}@test.invalid").status_code for n in range(3)]
    assert codes[-1] == 429


def test_an_idle_session_expires(server):
    client = signed_in_client(server(SESSION_IDLE_MINUTES="1"), Role.OFFICER, ("84",), email=EMAIL)
    assert client.get("/api/v1/summary").status_code == 200
    with client.session_transaction() as session:
        session[LAST_SEEN] = int(time.time()) - 61
    assert client.get("/api/v1/summary").status_code == 401
    assert client.get("/api/v1/summary").status_code == 401  # signed out, not just refused once


def test_a_forged_or_foreign_session_cookie_is_refused(server):
    app_server = server()
    uniquifier = ensure_account(app_server, EMAIL, Role.OFFICER, ("84",))
    forged = {"_user_id": uniquifier, "_fresh": True, LAST_SEEN: int(time.time())}
    interface = SecureCookieSessionInterface()
    signer = URLSafeTimedSerializer(
        "not-the-key",
        salt=interface.salt,
        serializer=interface.serializer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": interface.digest_method},
    )
    client = app_server.test_client()
    client.set_cookie("session", signer.dumps(forged))
    assert client.get("/api/v1/summary").status_code == 401
    unsigned = app_server.test_client()
    unsigned.set_cookie("session", "eyJfdXNlcl9pZCI6IngifQ")
    assert unsigned.get("/api/v1/summary").status_code == 401


def test_sign_out_everywhere_ends_every_session_of_the_account(server):
    app_server = server()
    laptop = signed_in_client(app_server, Role.OFFICER, ("84",), email=EMAIL)
    phone = signed_in_client(app_server, Role.OFFICER, ("84",), email=EMAIL)
    answer = laptop.post("/sign-out-everywhere", data={"csrf_token": csrf_token(laptop)})
    assert answer.status_code == 302
    assert phone.get("/api/v1/summary").status_code == 401 and laptop.get("/api/v1/summary").status_code == 401
    assert audit_actions(app_server)[-1] == "sign_out_everywhere"


def test_a_missing_secret_key_stops_a_real_deployment_with_one_line(tmp_path):
    with pytest.raises(MissingSecretKey, match="SECRET_KEY is not set"):
        sign_in_settings({}, embedded_default=False)
    kept = tmp_path / "secret_key"
    first = sign_in_settings({}, embedded_default=True, secret_file=kept).secret_key
    assert len(first) > 40 and sign_in_settings({}, embedded_default=True, secret_file=kept).secret_key == first
    assert kept.stat().st_mode & 0o077 == 0


def test_public_read_opens_the_aggregates_only(server):
    client = server(PUBLIC_READ="aggregate").test_client()
    assert client.get("/api/v1/summary").status_code == 200
    assert client.get("/").status_code == 200 and client.get("/_dash-layout").status_code == 200
    for path in ("/api/v1/tickets", "/api/v1/tickets/1", "/api/v1/showcase", "/tickets/", "/display/"):
        assert client.get(path).status_code in (302, 401), path
    body = {"output": "..tickets-summary.children...tickets-flow.figure...tickets-backlog.children..", "inputs": []}
    assert client.post("/_dash-update-component", json=body).status_code == 401


def test_public_read_answers_the_map_pages_callbacks_but_not_tickets_showcase_or_exports(server):
    """Every server callback of the map page, as the public page posts it: the figures and texts
    are answered; a callback with a ticket, showcase or export output is refused. Each refused
    component is still some callback's output (a renamed one would silently open)."""
    app_server = server(PUBLIC_READ="aggregate")
    client, refused = app_server.test_client(), set()
    for app in dash_apps(app_server):
        if app.config.url_base_pathname != "/":
            continue
        layout = layout_values(app)
        for spec in (spec for spec in callback_specs(app) if spec.server_side):
            answer = client.post("/_dash-update-component", json=spec.body(plausible_values(spec, layout, 0)))
            closed = output_components(spec.output_key) & PUBLIC_REFUSED_COMPONENTS
            refused |= closed
            expected = (401,) if closed else (200, 204)
            assert answer.status_code in expected, (spec.name, answer.status_code)
    assert refused == PUBLIC_REFUSED_COMPONENTS


def test_the_account_page_signs_out_and_records_it(server):
    app_server = server()
    client = signed_in_client(app_server, Role.OFFICER, ("84",), email=EMAIL)
    page = client.get("/account").get_data(as_text=True)
    assert EMAIL in page and "เจ้าหน้าที่จังหวัด" in page and "account-admin" not in page
    answer = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/account")})
    assert answer.status_code == 302 and "signed_out=1" in answer.headers["Location"]
    assert client.get("/api/v1/summary").status_code == 401
    assert audit_actions(app_server)[-1] == "sign_out"
    assert "account-admin" in signed_in_client(app_server, Role.ADMIN).get("/account").get_data(as_text=True)


def test_behind_a_proxy_the_limiter_and_the_audit_see_the_client(server):
    client = server(PROXY_HOPS="1", SIGN_IN_RATE_LIMIT="2 per minute").test_client()
    first = {"X-Forwarded-For": "203.0.113.7"}
    codes = [
        client.post("/sign-in", headers=first, data={"csrf_token": csrf_token(client), "email": EMAIL, "password": "x"})
        for _ in range(3)
    ]
    assert [answer.status_code for answer in codes] == [401, 401, 429]
    other = client.post(
        "/sign-in", headers={"X-Forwarded-For": "198.51.100.9"}, data={"csrf_token": csrf_token(client), "email": EMAIL}
    )
    assert other.status_code == 401  # another client behind the same nginx is not limited
    with client.application.app_context(), account_changes(client.application) as db:
        addresses = db.scalars(select(AuditEvent.remote_addr).where(AuditEvent.action == "sign_in_failed")).all()
        assert {"203.0.113.7", "198.51.100.9"} <= set(addresses)


def test_the_policy_is_enforced_unless_report_only_is_asked_for(server):
    enforced = server().test_client().get("/sign-in").headers
    assert "script-src 'self'" in enforced["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in enforced
    reported = server(CSP_REPORT_ONLY="1").test_client().get("/sign-in").headers
    assert "Content-Security-Policy" not in reported
    assert reported["Content-Security-Policy-Report-Only"] == enforced["Content-Security-Policy"]


def test_a_signed_in_request_reads_the_account_and_its_provinces_in_one_statement(server):
    """Every request of a signed-in person loads their account (a deactivation counts at once): one
    round trip to the primary, not one for the account and another for its provinces."""
    client = signed_in_client(server(), Role.OFFICER, ("84",), email=EMAIL)
    statements: list[str] = []
    record = lambda *args: statements.append(args[2])  # noqa: E731  (conn, cursor, statement, ...)
    event.listen(Engine, "before_cursor_execute", record)
    try:
        answer = client.get("/api/v1/tickets?province=84&page_size=1")
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert answer.status_code == 200  # the officer's province, read from that one statement
    about_accounts = [sql for sql in statements if "accounts" in sql or "account_provinces" in sql]
    assert len(about_accounts) == 1 and "account_provinces" in about_accounts[0], about_accounts
