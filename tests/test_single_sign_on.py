"""Single sign-on through OpenID Connect against a real provider run in the test (oidc-provider-mock,
on a free port in a thread): the redirect to it, its authorization step with the claims the test
chose, the callback, and the account, role and provinces that result; and each refusal."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import oidc_provider_mock
import pytest
import requests
from sqlalchemy import select

from auth.accounts import account_changes
from auth.gate import LAST_SEEN
from auth.single_sign_on import OidcSettings, SignOnRefused, oidc_settings, sign_on_grant
from store.accounts.directory import find_account
from store.audit.models import AuditEvent
from store.core.access import Role
from tests.databases import dashboard, new_database_url
from tests.signed_in import ensure_account
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets

SURAT_THANI_TICKET, CHIANG_MAI_TICKET = 6, 5
"""Reported by volunteers: in clear only for an officer of the ticket's province."""


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as provider:
        yield f"http://localhost:{provider.server_port}"


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = new_database_url(tmp_path_factory.mktemp("sso"), "small")
    add_small_tickets(build_small_database(url))
    return url


def configured_app(database_url: str, issuer: str, monkeypatch: pytest.MonkeyPatch, **environ: str):
    """The dashboard with ``issuer`` as its identity provider (any client id and secret: the provider takes any)."""
    environ = {"OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": "netpracharat-dashboard", "OIDC_CLIENT_SECRET": "s"} | environ
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return dashboard(database_url).server


@pytest.fixture
def server(database_url, issuer, monkeypatch):
    return configured_app(database_url, issuer, monkeypatch)


def claims(email: str, role: object = "officer", provinces: object = ("84",), verified: bool = True) -> dict:
    return {"email": email, "email_verified": verified, "netdash_role": role, "netdash_provinces": list(provinces)}


def authorized_callback(client, issuer: str, sub: str, user_claims: dict, start: str = "/sign-in/oidc") -> str:
    """The provider's user ``sub`` gets ``user_claims``; our app sends the browser to the provider,
    the person picks ``sub`` there; the callback URL (path and query) the provider sends them back to."""
    requests.put(f"{issuer}/users/{quote(sub, safe='')}", json=user_claims, timeout=10).raise_for_status()
    first = client.get(start)
    assert first.status_code == 302, first.get_data(as_text=True)[:300]
    authorize = first.headers["Location"]
    asked = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{issuer}/oauth2/authorize?")
    assert asked["code_challenge_method"] == ["S256"] and asked["nonce"] and asked["state"]  # PKCE, nonce, state
    chosen = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert chosen.status_code == 302
    back = urlsplit(chosen.headers["Location"])
    assert back.path == "/sign-in/oidc/callback"
    return f"{back.path}?{back.query}"


def sign_on(client, issuer: str, sub: str, user_claims: dict, start: str = "/sign-in/oidc"):
    return client.get(authorized_callback(client, issuer, sub, user_claims, start))


def audit(server, target: str) -> list[tuple[str, dict]]:
    with server.app_context(), account_changes(server) as db:
        events = db.scalars(select(AuditEvent).where(AuditEvent.target == target).order_by(AuditEvent.id))
        return [(event.action, event.detail) for event in events]


def test_an_officer_of_84_signs_on_and_sees_contacts_in_84_only(server, issuer):
    client = server.test_client()
    email = "somsri@ministry.test"
    answer = sign_on(client, issuer, "somsri", claims(email), start="/sign-in/oidc?next=/tickets/?area=84")
    assert answer.status_code == 302 and answer.headers["Location"] == "/tickets/?area=84"
    assert client.get(f"/api/v1/tickets/{SURAT_THANI_TICKET}").json["reporter"]["masked"] is False
    assert client.get(f"/api/v1/tickets/{CHIANG_MAI_TICKET}").json["reporter"]["masked"] is True
    with server.app_context(), account_changes(server) as db:
        account = find_account(db, email)
        assert account.role == "officer" and account.provinces == {"84"}
        assert account.oidc_identity == f"{issuer} somsri"
        uniquifier = account.fs_uniquifier
    with client.session_transaction() as session:  # Flask-Security's session: idle expiry, sign out everywhere
        assert session["_user_id"] == uniquifier and LAST_SEEN in session
    created, signed_in = audit(server, email)
    assert created == ("account_created", {"via": "oidc", "role": "officer", "provinces": ["84"]})
    assert signed_in == ("sign_in", {"via": "oidc"})


def test_the_provider_sets_role_and_provinces_at_every_sign_in_and_binds_an_existing_account(server, issuer):
    email = "prasert@ministry.test"
    ensure_account(server, email, Role.OFFICER, ("50",))  # made by an admin, with a password
    sign_on(server.test_client(), issuer, "prasert", claims(email, role="executive", provinces=()))
    client = server.test_client()
    answer = sign_on(client, issuer, "prasert", claims("prasert.new@ministry.test", role="officer", provinces=["84"]))
    assert answer.status_code == 302
    with server.app_context(), account_changes(server) as db:
        account = find_account(db, email)  # found again by the provider's subject, under its new e-mail too
        assert account.role == "officer" and account.provinces == {"84"} and account.oidc_identity.endswith(" prasert")
    changes = [detail for action, detail in audit(server, email) if action == "account_changed"]
    assert changes[0] == {
        "via": "oidc",
        "before": {"role": "officer", "provinces": ["50"]},
        "role": "executive",
        "provinces": [],
    }
    assert changes[1]["role"] == "officer" and changes[1]["provinces"] == ["84"]
    assert client.get(f"/api/v1/tickets/{SURAT_THANI_TICKET}").json["reporter"]["masked"] is False


def test_a_wrong_or_missing_state_is_refused(server, issuer):
    client = server.test_client()
    callback = authorized_callback(client, issuer, "wichai", claims("wichai@ministry.test"))
    path, query = callback.split("?", 1)
    forged = {key: values[0] for key, values in parse_qs(query).items()} | {"state": "not-the-one-we-sent"}
    answer = client.get(f"{path}?{urlencode(forged)}")
    assert answer.status_code == 400 and "กรุณาลองอีกครั้ง" in answer.get_data(as_text=True)
    assert client.get("/api/v1/summary").status_code == 401
    assert server.test_client().get(callback).status_code == 400  # another browser: no state in its session
    with server.app_context(), account_changes(server) as db:
        assert find_account(db, "wichai@ministry.test") is None
        failures = db.scalars(select(AuditEvent.detail).where(AuditEvent.action == "sign_in_failed")).all()
        assert any(detail["via"] == "oidc" and "state" in detail["reason"] for detail in failures)


def test_returns_from_the_provider_count_against_the_address_limit(database_url, issuer, monkeypatch):
    client = configured_app(database_url, issuer, monkeypatch, SIGN_IN_ADDRESS_LIMIT="2 per minute").test_client()
    statuses = [client.get("/sign-in/oidc/callback?code=x&state=y").status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


@pytest.mark.parametrize("role", ["display", "api_client", "director", None, ["officer", "admin"]])
def test_a_missing_unknown_or_machine_role_is_refused_with_a_clear_message(server, issuer, role):
    client = server.test_client()
    email = "nobody@ministry.test"
    answer = sign_on(client, issuer, "nobody", claims(email, role=role), start="/sign-in/oidc?lang=en")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 403 and "has no role in this dashboard" in page and 'lang="en"' in page
    assert client.get("/api/v1/summary").status_code == 401
    with server.app_context(), account_changes(server) as db:
        assert find_account(db, email) is None
    action, detail = audit(server, email)[-1]
    assert action == "sign_in_failed" and detail["reason"].startswith("no_role")


def test_a_deactivated_account_is_refused(server, issuer):
    email = "suda@ministry.test"
    ensure_account(server, email, Role.OFFICER, ("84",))
    with server.app_context(), account_changes(server) as db:
        find_account(db, email).active = False
    client = server.test_client()
    answer = sign_on(client, issuer, "suda", claims(email))
    assert answer.status_code == 403 and "ถูกระงับการใช้งาน" in answer.get_data(as_text=True)
    assert client.get("/api/v1/summary").status_code == 401
    assert audit(server, email)[-1] == ("sign_in_failed", {"via": "oidc", "reason": f"inactive: {email}"})


def test_an_unverified_email_makes_no_account(server, issuer):
    answer = sign_on(server.test_client(), issuer, "anon", claims("anon@ministry.test", verified=False))
    assert answer.status_code == 403 and "ไม่มีอีเมลที่ยืนยันแล้ว" in answer.get_data(as_text=True)


def test_the_sign_in_page_offers_the_ministry_account_only_when_configured(server, database_url, monkeypatch):
    page = server.test_client().get("/sign-in?next=/tickets/").get_data(as_text=True)
    assert "เข้าสู่ระบบด้วยบัญชีกระทรวง" in page and 'href="/sign-in/oidc?next=/tickets/&amp;lang=th"' in page
    for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"):
        monkeypatch.delenv(name)
    plain = dashboard(database_url).server.test_client()
    assert "sign-in-oidc" not in plain.get("/sign-in").get_data(as_text=True)
    assert plain.get("/sign-in/oidc").status_code == 404
    assert plain.get("/sign-in/oidc/callback?code=x&state=y").status_code == 404


def test_a_provider_that_does_not_answer_gets_a_clear_503(database_url, monkeypatch):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    answer = configured_app(database_url, f"http://127.0.0.1:{port}", monkeypatch).test_client().get("/sign-in/oidc")
    assert answer.status_code == 503 and "ติดต่อระบบบัญชีกระทรวงไม่ได้" in answer.get_data(as_text=True)


def test_the_settings_come_whole_or_not_at_all():
    assert oidc_settings({}) is None
    with pytest.raises(SystemExit, match="set together"):
        oidc_settings({"OIDC_ISSUER": "https://sso.example.go.th/realms/mdes"})
    full = {"OIDC_ISSUER": "https://sso.example.go.th/realms/mdes", "OIDC_CLIENT_ID": "a", "OIDC_CLIENT_SECRET": "b"}
    settings = oidc_settings(full)
    assert settings is not None and settings.metadata_url.endswith("/realms/mdes/.well-known/openid-configuration")
    assert "b" not in repr(settings)
    with pytest.raises(SystemExit, match="OIDC_ROLE_MAP"):
        oidc_settings(full | {"OIDC_ROLE_MAP": "NetDash.Wall=display"})  # a machine's role never comes from sign-on


def test_claims_map_to_a_role_and_provinces():
    settings = OidcSettings(
        issuer="https://login.example/tenant/v2.0",
        client_id="a",
        client_secret="b",
        role_claim="roles",
        role_map={"NetDash.Officer": Role.OFFICER, "NetDash.Executive": Role.EXECUTIVE},
        provinces_claim="provinces",
    )
    grant = sign_on_grant({"sub": "s1", "roles": ["Other.App", "NetDash.Officer"], "provinces": "84, 50"}, settings)
    assert grant.role is Role.OFFICER and grant.provinces == ("50", "84") and grant.email is None
    assert grant.identity == "https://login.example/tenant/v2.0 s1"
    trusted = OidcSettings(issuer="https://a", client_id="a", client_secret="b", email_claim="upn", trust_email=True)
    assert (
        sign_on_grant({"sub": "s", "netdash_role": "admin", "upn": "Ann@MDES.go.th"}, trusted).email == "ann@mdes.go.th"
    )
    for bad, reason in (
        ({"sub": "s1", "roles": "officer"}, "no_role"),  # unmapped value
        ({"sub": "s1", "roles": ["NetDash.Officer"], "provinces": ["840"]}, "bad_provinces"),
        ({"roles": ["NetDash.Officer"]}, "no_subject"),
    ):
        with pytest.raises(SignOnRefused) as refused:
            sign_on_grant(bad, settings)
        assert refused.value.reason == reason
