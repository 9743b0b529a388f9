"""Browser tests start the app and sign in through the real sign-in page, as a person does."""

from __future__ import annotations

from collections.abc import Iterable

from dash import Dash
from selenium.webdriver.support.ui import WebDriverWait

from store.core.access import Role
from tests.signed_in import TEST_PASSWORD, ensure_account


def sign_in(dash_duo, email: str, password: str = TEST_PASSWORD, next_path: str = "/") -> None:
    """Fill the sign-in form and submit it (the page then goes to ``next_path``)."""
    dash_duo.driver.get(f"{dash_duo.server.url}/sign-in?next={next_path}")
    dash_duo.wait_for_element("#email").send_keys(email)
    dash_duo.find_element("#password").send_keys(password)
    dash_duo.find_element("#sign-in-submit").click()
    # the answer sets the session cookie: navigating on before it has come cancels the sign-in
    WebDriverWait(dash_duo.driver, 30).until(lambda driver: "/sign-in" not in driver.current_url)


def start_signed_in(dash_duo, app: Dash, role: Role = Role.ADMIN, provinces: Iterable[str] = ()) -> str:
    """Serve ``app`` and sign the browser in as ``role`` of ``provinces``; the account's e-mail."""
    provinces = tuple(provinces)
    email = f"{role.value}{''.join(provinces)}@test.invalid"
    ensure_account(app.server, email, role, provinces)
    dash_duo.start_server(app, navigate=False)
    sign_in(dash_duo, email)
    dash_duo.server_url = dash_duo.server.url  # opens the map page and waits for it
    return email
