"""Signing in as each role, as people do it in the browser; what each one sees; no CSP violations.

The Content-Security-Policy is on every answer: a script, style or worker the policy refuses
is logged by chromium as a console error, which ``get_logs() == []`` catches.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import create_engine, text

from store.core.access import Role
from tests.browser.sign_in import start_signed_in
from tests.browser.test_tickets import click, grid_rows, wait_for
from tests.databases import dashboard

SURAT_THANI_VILLAGE, CHIANG_MAI_VILLAGE = "84010101", "50010101"


def volunteer_of(database_url: str, village: str) -> tuple[str, str]:
    with create_engine(database_url).connect() as connection:
        row = connection.execute(
            text("SELECT full_name, phone FROM volunteers WHERE village_code = :v ORDER BY registered_on LIMIT 1"),
            {"v": village},
        ).one()
    return row.full_name, row.phone


@pytest.mark.parametrize(
    ("role", "provinces"), [(Role.ADMIN, ()), (Role.EXECUTIVE, ()), (Role.OFFICER, ("84",)), (Role.OFFICER, ("50",))]
)
def test_each_role_signs_in_and_sees_the_map_without_policy_violations(dash_duo, demo_database_url, role, provinces):
    start_signed_in(dash_duo, dashboard(demo_database_url), role, provinces)
    dash_duo.wait_for_element("#map .js-plotly-plot", timeout=30)
    assert "/sign-in" not in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_the_officer_of_surat_thani_sees_contacts_there_and_masked_ones_elsewhere(dash_duo, demo_database_url):
    start_signed_in(dash_duo, dashboard(demo_database_url), Role.OFFICER, ("84",))
    own_name, own_phone = volunteer_of(demo_database_url, SURAT_THANI_VILLAGE)
    dash_duo.driver.get(f"{dash_duo.server_url}/?area={SURAT_THANI_VILLAGE}")
    wait_for(dash_duo, lambda: own_name in dash_duo.find_element("#village-detail").text)
    assert own_phone in dash_duo.find_element("#village-detail").text
    other_name, other_phone = volunteer_of(demo_database_url, CHIANG_MAI_VILLAGE)
    dash_duo.driver.get(f"{dash_duo.server_url}/?area={CHIANG_MAI_VILLAGE}")
    wait_for(dash_duo, lambda: "•" in dash_duo.find_element("#village-detail").text)
    panel = dash_duo.find_element("#village-detail").text
    assert other_name not in panel and other_phone not in panel
    assert dash_duo.get_logs() == []


def test_the_status_form_is_absent_on_a_ticket_of_another_province(dash_duo, demo_database_url):
    start_signed_in(dash_duo, dashboard(demo_database_url), Role.OFFICER, ("84",))
    dash_duo.driver.get(f"{dash_duo.server_url}/tickets/?area=50")
    wait_for(
        dash_duo,
        lambda: grid_rows(dash_duo) and grid_rows(dash_duo)[0].find_element(By.CSS_SELECTOR, "[col-id='id']").text,
    )
    click(dash_duo, grid_rows(dash_duo)[0].find_element(By.CSS_SELECTOR, "[col-id='id']"))
    dash_duo.wait_for_element("#tickets-modal-body .badge")
    assert not dash_duo.find_element("#tickets-change-form").is_displayed()
    assert not [element for element in dash_duo.driver.find_elements(By.ID, "tickets-save") if element.is_displayed()]
    assert dash_duo.get_logs() == []
