"""The admin pages as an admin uses them: accounts (create, role and provinces, deactivate, unlock,
reset password) and the audit log (filters, CSV with a BOM); each change is in the audit trail."""

from __future__ import annotations

import csv
import io
import re

import pytest

from store.core.access import Role
from tests.databases import dashboard, new_database_url
from tests.signed_in import ensure_account, signed_in_client
from tests.small_db import build_small_database


@pytest.fixture
def admin(tmp_path):
    url = new_database_url(tmp_path, "small")
    build_small_database(url)
    return signed_in_client(dashboard(url).server, Role.ADMIN, email="boss@test.invalid")


def csrf(client, path="/admin/users") -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(
        1
    )


def account_id(admin, email: str) -> str:
    page = admin.get("/admin/users").get_data(as_text=True)
    row = page[page.index(f'data-email="{email}"') :]
    return re.search(r"/admin/users/(\d+)", row).group(1)


def sign_in(server, email: str, password: str):
    client = server.test_client()
    token = csrf(client, "/sign-in")
    return client.post("/sign-in", data={"csrf_token": token, "email": email, "password": password}), client


def test_an_admin_creates_an_officer_who_signs_in_with_the_password_shown_once(admin):
    page = admin.post(
        "/admin/users",
        data={"csrf_token": csrf(admin), "email": "New@Test.invalid", "role": "officer", "provinces": "84, 50"},
    ).get_data(as_text=True)
    assert "ผู้ใช้งาน" in page  # Thai first
    password = re.search(r'id="admin-new-password">[^<]*<code>([^<]+)</code>', page).group(1)
    assert 'value="50,84"' in page and "new@test.invalid" in page
    answer, officer = sign_in(admin.application, "new@test.invalid", password)
    assert answer.status_code == 302
    assert officer.get("/admin/users").status_code == 403  # an officer is no admin
    assert password not in admin.get("/admin/users").get_data(as_text=True)  # shown once only


def test_unknown_provinces_roles_and_duplicates_are_refused_plainly(admin):
    for form, message in (
        ({"email": "a@test.invalid", "role": "officer", "provinces": "99"}, "unknown province code(s): 99"),
        ({"email": "a@test.invalid", "role": "display", "provinces": ""}, "a person&#39;s role is one of"),
        ({"email": "boss@test.invalid", "role": "admin", "provinces": ""}, "exists already"),
    ):
        answer = admin.post("/admin/users", data={"csrf_token": csrf(admin), **form})
        assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert admin.post("/admin/users", data={"email": "b@test.invalid", "role": "officer"}).status_code == 400


def test_role_provinces_deactivation_unlock_and_password_reset(admin):
    server = admin.application
    ensure_account(server, "officer@test.invalid", Role.OFFICER, ("84",))
    target = f"/admin/users/{account_id(admin, 'officer@test.invalid')}"
    admin.post(target, data={"csrf_token": csrf(admin), "action": "save", "role": "executive", "provinces": ""})
    assert 'data-email="officer@test.invalid"' in admin.get("/admin/users").get_data(as_text=True)
    person = signed_in_client(server, Role.EXECUTIVE, email="officer@test.invalid")
    assert person.get("/api/v1/summary").status_code == 200
    page = admin.post(target, data={"csrf_token": csrf(admin), "action": "reset_password"}).get_data(as_text=True)
    password = re.search(r"<code>([^<]+)</code>", page).group(1)
    assert person.get("/api/v1/summary").status_code == 401  # a reset ends the old sessions
    assert sign_in(server, "officer@test.invalid", password)[0].status_code == 302
    admin.post(target, data={"csrf_token": csrf(admin), "action": "deactivate"})
    assert sign_in(server, "officer@test.invalid", password)[0].status_code == 401
    admin.post(target, data={"csrf_token": csrf(admin), "action": "activate"})
    for _ in range(5):
        sign_in(server, "officer@test.invalid", "wrong")
    assert "ถูกล็อก" in admin.get("/admin/users").get_data(as_text=True)
    assert sign_in(server, "officer@test.invalid", password)[0].status_code == 401
    admin.post(target, data={"csrf_token": csrf(admin), "action": "unlock"})
    assert sign_in(server, "officer@test.invalid", password)[0].status_code == 302


def test_the_audit_log_filters_and_exports_csv_with_a_bom(admin):
    ensure_account(admin.application, "officer@test.invalid", Role.OFFICER, ("84",))
    sign_in(admin.application, "officer@test.invalid", "wrong")
    target = f"/admin/users/{account_id(admin, 'officer@test.invalid')}"
    admin.post(target, data={"csrf_token": csrf(admin), "action": "unlock"})
    page = admin.get("/admin/audit?action=unlocked&lang=en").get_data(as_text=True)
    assert "account_unlocked" in page and "sign_in_failed" not in page and "Audit log" in page
    export = admin.get("/admin/audit.csv?actor=officer@test.invalid")
    text = export.get_data().decode("utf-8")
    assert text.startswith("\ufeff") and export.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row["action"] for row in rows] == ["sign_in_failed"]
    assert "audit_exported" in admin.get("/admin/audit").get_data(as_text=True)
    assert admin.get("/admin/audit?from=2000-01-01&to=2000-01-02").get_data(as_text=True).count("<tr>") == 1
