"""Tickets of the volunteers' app, January 2018 - March 2019, with their status histories.

- Outage reports follow the hotspot outages already generated (``ctx.frames["outages"]``): a
  volunteer reports an outage a few hours in, the longer it lasts the likelier; TOT starts work
  and closes the ticket a few hours after the line is back. Tropical Storm Pabuk (January 2019)
  therefore fills the South's queues, and lines that went silent for good leave tickets open.
- Other reports (slow line, equipment or power, registration/login, requests, other) come at a
  steady rate per village from the day its volunteer registered.
- Each province has a backlog factor: a few provinces take several times longer to act, and
  leave more tickets untouched, than the others.
- A few closed tickets are reopened by the reporter and closed again.

Only a volunteer files a ticket, so a village has tickets only from its volunteer's registration
on (the first registrations are in January 2018). ``ctx.ticket_scale`` multiplies the number of
reports (duplicate reports of an outage included), for benchmarks at 10x the demo.

A longer history (``ctx.years``) keeps the tickets of the documents' span, lets their stories go on
after March 2019 (an outage under way then is fixed when it ends) and adds reports at the same rates
from April 2019 on, drawn from a stream of their own.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from demo import ticket_texts as texts
from demo.context import DATA_END_UTC, DemoContext

TABLES: Final = ("tickets", "ticket_events")

HOUR: Final = np.timedelta64(3600, "s")
REPORT_SHARE_SHORT: Final = 0.2  # outages of 6-24 hours
REPORT_SHARE_LONG: Final = 0.75  # outages of a day or more
OTHER_PER_VILLAGE_YEAR: Final = 1.8
OTHER_CATEGORIES: Final = {"slow": 0.3, "equipment": 0.14, "login": 0.26, "request": 0.18, "other": 0.12}
HOURS_TO_START: Final = {"outage": 5, "slow": 30, "equipment": 36, "login": 16, "request": 120, "other": 60}
HOURS_TO_FINISH: Final = {"slow": 72, "equipment": 110, "login": 30, "request": 500, "other": 140}
NEVER_HANDLED: Final = 0.03
REOPENED: Final = 0.04
SLOW_PROVINCES: Final = 6


def generate(ctx: DemoContext) -> dict[str, pd.DataFrame]:
    rng = ctx.rng("tickets")
    villages = ctx.frames["villages"]
    reporters = _first_volunteers(ctx.frames["volunteers"])
    reports = pd.concat(
        [
            documented_outage_reports(ctx, rng),
            other_reports(villages, reporters, rng, ctx.ticket_scale),
        ],
        ignore_index=True,
    )
    reports = _numbered(_with_reporter(reports, reporters, DATA_END_UTC), 0)
    backlog = province_backlog(villages["province_code"].unique(), rng)
    tickets, events = histories(reports, villages, backlog, rng, ctx.end_utc)
    if ctx.extended:
        later_tickets, later_events = later_histories(ctx, reporters, backlog, len(tickets))
        tickets = pd.concat([tickets, later_tickets], ignore_index=True)
        events = pd.concat([events, later_events.assign(id=later_events["id"] + len(events))], ignore_index=True)
    ctx.notes.append(f"tickets: {len(tickets):,} reports, {len(events):,} status events")
    return {"tickets": tickets, "ticket_events": events}


def histories(
    reports: pd.DataFrame, villages: pd.DataFrame, backlog: pd.Series, rng: np.random.Generator, until: np.datetime64
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ticket rows and status events of numbered reports, as far as they happened by ``until``."""
    timeline = lifecycle(reports, backlog, rng, until)
    return ticket_rows(reports, villages, timeline, rng), event_rows(reports, timeline, rng)


def later_histories(
    ctx: DemoContext, reporters: pd.DataFrame, backlog: pd.Series, numbered: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reports of April 2019 on (ids after the ``numbered`` ones) and their histories."""
    rng = ctx.rng("tickets-later")
    outages = ctx.frames["outages"]
    later = outages[outages["start"] >= DATA_END_UTC]
    reports = pd.concat(
        [
            outage_reports(ctx.frames["hotspots"], later, rng, ctx.ticket_scale).drop(columns="outage"),
            other_reports(
                ctx.frames["villages"], reporters, rng, ctx.ticket_scale, after=DATA_END_UTC, until=ctx.end_utc
            ),
        ],
        ignore_index=True,
    )
    reports = _numbered(_with_reporter(reports, reporters, ctx.end_utc), numbered)
    return histories(reports, ctx.frames["villages"], backlog, rng, ctx.end_utc)


def documented_outage_reports(ctx: DemoContext, rng: np.random.Generator) -> pd.DataFrame:
    """Reports of the outages of the documents' span, drawn as they were seen by March 2019; one under way
    then is fixed when it ends (in a longer history, after March)."""
    outages = ctx.frames["outages"]
    documented = outages[outages["start"] < DATA_END_UTC]
    documented = documented.assign(end=np.minimum(documented["end"].to_numpy(), DATA_END_UTC))
    reports = outage_reports(ctx.frames["hotspots"], documented, rng, ctx.ticket_scale)
    return reports.assign(fixed_at=outages["end"].to_numpy()[reports["outage"].to_numpy()]).drop(columns="outage")


def _numbered(reports: pd.DataFrame, numbered: int) -> pd.DataFrame:
    """Reports in time order, with ids following the ``numbered`` ones before them."""
    reports = reports.sort_values(["created_at", "village_code"], kind="stable").reset_index(drop=True)
    return reports.assign(id=np.arange(numbered + 1, numbered + len(reports) + 1))


def _first_volunteers(volunteers: pd.DataFrame) -> pd.DataFrame:
    first = volunteers.sort_values(["village_code", "registered_on"], kind="stable").drop_duplicates("village_code")
    return first.set_index("village_code")[["id", "registered_on"]]


def outage_reports(
    hotspots: pd.DataFrame, outages: pd.DataFrame, rng: np.random.Generator, scale: float
) -> pd.DataFrame:
    """Reports of hotspot outages: a few hours in, while the line is still down."""
    hours = (outages["end"] - outages["start"]).dt.total_seconds().to_numpy() / 3600
    share = np.where(hours >= 24, REPORT_SHARE_LONG, np.where(hours >= 6, REPORT_SHARE_SHORT, 0.0))
    counts = rng.poisson(share * scale)
    rows = np.repeat(np.arange(len(outages)), counts)
    delay = np.clip(rng.lognormal(np.log(3), 0.7, len(rows)), 0.5, None)
    start = outages["start"].to_numpy("datetime64[s]")[rows]
    created = start + (delay * 3600).astype("timedelta64[s]")
    end = outages["end"].to_numpy("datetime64[s]")[rows]
    keep = created < end
    hotspot_rows = outages["row"].to_numpy()[rows][keep]
    storm = (outages["cause"].to_numpy()[rows][keep] == "storm") & (rng.random(int(keep.sum())) < 0.3)
    return pd.DataFrame(
        {
            "village_code": hotspots["village_code"].to_numpy()[hotspot_rows],
            "category": np.where(storm, "equipment", "outage"),
            "agency": np.where(storm, "pea", "tot"),
            "created_at": created[keep],
            "fixed_at": end[keep],
            "outage": rows[keep],  # the position in ``outages`` of the outage reported
        }
    )


def other_reports(
    villages: pd.DataFrame,
    reporters: pd.DataFrame,
    rng: np.random.Generator,
    scale: float,
    *,
    after: np.datetime64 | None = None,
    until: np.datetime64 = DATA_END_UTC,
) -> pd.DataFrame:
    """Reports other than outages: a Poisson stream per village from its volunteer's registration
    (or from ``after``, when given) to ``until``."""
    registered = reporters["registered_on"].reindex(villages["code"]).to_numpy("datetime64[s]")
    active = ~np.isnat(registered)
    codes, first = villages["code"].to_numpy()[active], registered[active] + 9 * HOUR
    if after is not None:
        first = np.maximum(first, after)
    years = (until - first) / np.timedelta64(365 * 86400, "s")
    counts = rng.poisson(np.clip(years, 0, None) * OTHER_PER_VILLAGE_YEAR * scale)
    rows = np.repeat(np.arange(len(codes)), counts)
    span = (until - first[rows]).astype("int64")
    created = first[rows] + (rng.random(len(rows)) * span).astype("timedelta64[s]")
    category = rng.choice(list(OTHER_CATEGORIES), len(rows), p=list(OTHER_CATEGORIES.values()))
    agency = np.select(
        [category == "slow", category == "equipment", category == "login"],
        [np.array("tot"), np.where(rng.random(len(rows)) < 0.5, "pea", "tot"), np.array("de_office")],
        default=np.where(category == "request", "mdes", "de_office"),
    )
    return pd.DataFrame(
        {
            "village_code": codes[rows],
            "category": category,
            "agency": agency,
            "created_at": created,
            "fixed_at": np.full(len(rows), np.datetime64("NaT"), "datetime64[s]"),
        }
    )


def _with_reporter(reports: pd.DataFrame, reporters: pd.DataFrame, until: np.datetime64) -> pd.DataFrame:
    """The village's first volunteer files the report; none yet registered, no report (none after ``until``)."""
    reporter = reporters.reindex(reports["village_code"])
    has = reporter["registered_on"].to_numpy("datetime64[s]") <= reports["created_at"].to_numpy("datetime64[s]")
    reports = reports.assign(reporter_volunteer_id=reporter["id"].to_numpy())
    return reports[has & (reports["created_at"] <= until).to_numpy()]


def province_backlog(codes: np.ndarray, rng: np.random.Generator) -> pd.Series:
    """How slowly each province's tickets are handled: around 1, a few provinces 3-5 times slower."""
    factor = rng.lognormal(0.0, 0.35, len(codes))
    slow = rng.choice(len(codes), SLOW_PROVINCES, replace=False)
    factor[slow] = rng.uniform(3, 5, SLOW_PROVINCES)
    return pd.Series(factor, index=np.sort(codes))


def lifecycle(
    reports: pd.DataFrame, backlog: pd.Series, rng: np.random.Generator, until: np.datetime64 = DATA_END_UTC
) -> pd.DataFrame:
    """When each ticket was started, done, reopened and done again (NaT: not (yet) within the data, to ``until``)."""
    n = len(reports)
    factor = backlog.reindex(reports["village_code"].str[:2]).to_numpy()
    category = reports["category"].to_numpy()
    created = reports["created_at"].to_numpy("datetime64[s]")

    def hours(medians: dict[str, float], sigma: float) -> np.ndarray:
        median = pd.Series(category).map(medians).to_numpy(float)
        return rng.lognormal(np.log(median), sigma, n) * factor * 3600

    started = created + hours(HOURS_TO_START, 0.8).astype("timedelta64[s]")
    fixed = reports["fixed_at"].to_numpy("datetime64[s]")
    after_fix = np.maximum(fixed, started) + (rng.lognormal(np.log(3), 0.8, n) * factor * 3600).astype("timedelta64[s]")
    finish = hours({**HOURS_TO_FINISH, "outage": 1.0}, 0.9).astype("timedelta64[s]")
    done = np.where(np.isnat(fixed), started + finish, after_fix)
    ignored = rng.random(n) < np.clip(NEVER_HANDLED * factor**2, 0, 0.5)
    started[ignored], done[ignored] = np.datetime64("NaT"), np.datetime64("NaT")
    reopened = np.where(
        rng.random(n) < REOPENED, done + (rng.uniform(1, 10, n) * 86400).astype("timedelta64[s]"), np.datetime64("NaT")
    )
    redone = reopened + (rng.lognormal(np.log(48), 0.7, n) * factor * 3600).astype("timedelta64[s]")
    frame = pd.DataFrame({"started": started, "done": done, "reopened": reopened, "redone": redone})
    return frame.where(frame.to_numpy() <= until)  # what happens after the data ends has not happened


def ticket_rows(
    reports: pd.DataFrame, villages: pd.DataFrame, timeline: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    place = villages.set_index("code").loc[reports["village_code"]]
    status = np.select(
        [
            timeline["redone"].notna(),
            timeline["reopened"].notna(),
            timeline["done"].notna(),
            timeline["started"].notna(),
        ],
        ["done", "in_progress", "done", "in_progress"],
        default="not_started",
    )
    last = timeline.max(axis=1).fillna(reports["created_at"])
    closed = timeline["redone"].where(timeline["redone"].notna(), timeline["done"].where(timeline["reopened"].isna()))
    title, description = _texts(reports, place, rng)
    return pd.DataFrame(
        {
            "id": reports["id"].to_numpy(),
            "village_code": reports["village_code"].to_numpy(),
            "subdistrict_code": place["subdistrict_code"].to_numpy(),
            "district_code": place["district_code"].to_numpy(),
            "province_code": place["province_code"].to_numpy(),
            "reporter_volunteer_id": reports["reporter_volunteer_id"].to_numpy(),
            "category": reports["category"].to_numpy(),
            "title_th": title,
            "description_th": description,
            "agency": reports["agency"].to_numpy(),
            "created_at": reports["created_at"].to_numpy(),
            "status": status,
            "status_at": last.to_numpy("datetime64[s]"),
            "closed_at": closed.to_numpy("datetime64[s]"),
        }
    )


def _texts(reports: pd.DataFrame, place: pd.DataFrame, rng: np.random.Generator) -> tuple[list[str], list[str]]:
    local_hour = (reports["created_at"] + pd.Timedelta(hours=7)).dt.strftime("%H.%M").to_numpy()
    picks, days = rng.random((len(reports), 2)), rng.integers(2, 12, len(reports))
    titles, descriptions = [], []
    for category, name, moo, hour, (p1, p2), d in zip(
        reports["category"], place["name_th"], place["moo"], local_hour, picks, days, strict=True
    ):
        options = texts.TITLES[category]
        titles.append(options[int(p1 * len(options))])
        template = texts.DESCRIPTIONS[category][int(p2 * len(texts.DESCRIPTIONS[category]))]
        descriptions.append(template.format(village=name, moo=moo, hour=hour, days=d))
    return titles, descriptions


def event_rows(reports: pd.DataFrame, timeline: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Creation, start, done, reopen and done-again events, where they happened within the data."""
    agency = reports["agency"].to_numpy()
    staff = np.array([texts.AGENCY_STAFF[a] for a in agency])
    steps = [
        (reports["created_at"], None, "not_started", "reporter", None, None),
        (timeline["started"], "not_started", "in_progress", "agency", staff, texts.START_NOTES),
        (timeline["done"], "in_progress", "done", "agency", staff, texts.DONE_NOTES),
        (timeline["reopened"], "done", "in_progress", "reporter", None, texts.REOPEN_NOTES),
        (timeline["redone"], "in_progress", "done", "agency", staff, texts.DONE_NOTES),
    ]
    frames = []
    for order, (at, before, after, role, names, notes) in enumerate(steps):
        happened = at.notna().to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "ticket_id": reports["id"].to_numpy()[happened],
                    "order": order,
                    "at": at.to_numpy("datetime64[s]")[happened],
                    "from_status": before,
                    "to_status": after,
                    "actor_role": role,
                    "actor_name": names[happened] if names is not None else None,
                    "note": _notes(notes, agency[happened], rng),
                }
            )
        )
    events = pd.concat(frames, ignore_index=True).sort_values(["ticket_id", "order"], kind="stable")
    events["id"] = np.arange(1, len(events) + 1)
    events["recorded_at"] = events["at"]
    return events.drop(columns="order").reset_index(drop=True)


def _notes(notes: object, agencies: np.ndarray, rng: np.random.Generator) -> list[str | None]:
    if notes is None:
        return [None] * len(agencies)
    picks = rng.random(len(agencies))
    if isinstance(notes, tuple):
        return [notes[int(p * len(notes))] for p in picks]
    by_agency: dict[str, tuple[str, ...]] = notes  # type: ignore[assignment]
    return [by_agency[a][int(p * len(by_agency[a]))] for a, p in zip(agencies, picks, strict=True)]
