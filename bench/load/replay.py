"""Replaying recorded callback bodies with another view: plain Python, used inside locust's own environment."""

from __future__ import annotations

import copy
from typing import Any

PROVINCES = ["10", "50", "84", "30", "40", "90", "80", "57", "34", "65"]
"""The provinces the simulated people look at (officers each work in one of them)."""


def with_search(payload: dict[str, Any], search: str, ids: dict[str, Any]) -> dict[str, Any]:
    """The body of the same callback for another view (``url.search`` replaced; a drawn map assumed).

    ``ids``: ``url_ids`` (the components holding a page's URL) and ``drawn_view_id`` of the recording.
    """
    replayed = copy.deepcopy(payload)
    for item in [*replayed.get("inputs", []), *replayed.get("state", [])]:
        if not isinstance(item, dict):
            continue
        if item.get("property") == "search" and item.get("id") in ids["url_ids"]:
            item["value"] = search
        if item.get("id") == ids["drawn_view_id"]:
            item["value"] = "?drawn-before"
    return replayed


def driven_by_url(payload: dict[str, Any]) -> bool:
    """Callbacks a change of view triggers (those with the URL's ``search`` as an input)."""
    return any(isinstance(item, dict) and item.get("property") == "search" for item in payload.get("inputs", []))
