"""The training roll-out over time: how the share of trained villages grew, week by week.

A village counts as trained from the first day one of its volunteers was both registered and
trained (the rule of ``metrics.training_state``), so the last point equals the map's figure.
Only dates are read: never a volunteer's name or phone.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.core.models import Village
from store.core.scope import AreaScope
from store.coverage import metrics
from store.coverage.models import TrainingSession, Volunteer
from store.coverage.statements import village_scope_filter

STEP = dt.timedelta(days=7)


def training_rollout(session: Session, scope: AreaScope, as_of: dt.date) -> pd.DataFrame:
    """One row a week up to ``as_of`` (and ``as_of`` itself) from the week before the first training.

    Columns: ``day``, ``villages_trained``, ``villages_trained_pct`` (of the scope's villages),
    ``provinces_trained`` (sessions held, cancelled ones excluded). Empty when nobody is trained.
    """
    villages = int(session.scalar(select(func.count()).select_from(Village).where(village_scope_filter(scope))) or 0)
    rows = session.execute(
        select(Volunteer.village_code, Volunteer.registered_on, Volunteer.trained_on)
        .join(Village, Village.code == Volunteer.village_code)
        .where(village_scope_filter(scope), Volunteer.trained_on.is_not(None), Volunteer.trained_on <= as_of)
    ).all()
    sessions = session.execute(
        select(TrainingSession.held_on).where(
            TrainingSession.status != "cancelled",
            TrainingSession.held_on <= as_of,
            *([TrainingSession.province_code == scope.province_code] if scope.province_code else []),
        )
    ).scalars()
    session_days = np.array(sorted(sessions), dtype="datetime64[D]")
    if not rows:
        return pd.DataFrame(columns=["day", "villages_trained", "villages_trained_pct", "provinces_trained"])
    frame = pd.DataFrame(rows, columns=["village_code", "registered_on", "trained_on"])
    frame["since"] = np.maximum(
        frame["registered_on"].to_numpy("datetime64[D]"), frame["trained_on"].to_numpy("datetime64[D]")
    )
    first_trained = np.sort(frame.groupby("village_code")["since"].min().to_numpy("datetime64[D]"))
    start = min(first_trained[0].item(), *(day.item() for day in session_days[:1])) - STEP
    days = [start + i * STEP for i in range((as_of - start) // STEP + 1)]
    if days[-1] != as_of:
        days.append(as_of)
    day_array = np.array(days, dtype="datetime64[D]")
    trained = np.searchsorted(first_trained, day_array, side="right")
    return pd.DataFrame(
        {
            "day": days,
            "villages_trained": trained.astype("int64"),
            "villages_trained_pct": metrics.share_pct(pd.Series(trained), villages),
            "provinces_trained": np.searchsorted(session_days, day_array, side="right").astype("int64"),
        }
    )
