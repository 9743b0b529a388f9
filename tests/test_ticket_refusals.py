"""Every reason the workflow refuses a change reads well in Thai and in English on the ticket form.

The API answers in English (``str()`` of the refusal); the form says why in the page's language,
with the statuses by their names, from the refusal's code and fields.
"""

from __future__ import annotations

from typing import get_args

import pytest

from dashboard.components.tickets import refusal_text
from dashboard.i18n import STRINGS
from store.tickets.config import STATUSES
from store.tickets.workflow import (
    InvalidTransition,
    NotPermitted,
    RefusalCode,
    StatusConflict,
    TicketNotFound,
    WorkflowRefusal,
    check_transition,
)

EXAMPLES: dict[str, WorkflowRefusal] = {
    "unknown_status": InvalidTransition("unknown_status", "", to_status="finished"),
    "already": InvalidTransition("already", "", status="in_progress"),
    "not_allowed": InvalidTransition("not_allowed", "", from_status="done", to_status="not_started",
                                     allowed=["in_progress"]),
    "note_needed": InvalidTransition("note_needed", "", from_status="done", to_status="in_progress"),
    "note_too_long": InvalidTransition("note_too_long", "", limit=2000),
    "not_found": TicketNotFound("not_found", "", ticket_id=999),
    "not_permitted": NotPermitted("not_permitted", "", province="84"),
    "conflict": StatusConflict(4, "done", "not_started"),
    "change_key_malformed": InvalidTransition("change_key_malformed", ""),
    "change_key_reused": InvalidTransition("change_key_reused", ""),
}  # fmt: skip
"""One refusal of each code, with the fields the workflow gives it."""


def test_every_refusal_code_has_an_example_and_both_texts() -> None:
    assert set(EXAMPLES) == set(get_args(RefusalCode))
    assert all(f"ticket_refused_{code}" in STRINGS for code in EXAMPLES)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_a_refusal_names_statuses_by_their_names_and_fills_every_field(code: str) -> None:
    for lang in ("th", "en"):
        text = refusal_text(EXAMPLES[code], lang)
        assert "{" not in text and "}" not in text, text
        assert not any(status in text for status in STATUSES), text  # "not_started" is no word
    assert any("\u0e00" <= char <= "\u0e7f" for char in refusal_text(EXAMPLES[code], "th"))


@pytest.mark.parametrize(
    ("from_status", "to_status", "note", "thai"),
    [
        ("not_started", "done", "", "เปลี่ยนจาก “ยังไม่ดำเนินการ” เป็น “ดำเนินการแล้วเสร็จ” ไม่ได้ (เปลี่ยนได้เป็น “กำลังดำเนินการ”)"),
        ("done", "in_progress", "", "การย้อนจาก “ดำเนินการแล้วเสร็จ” กลับเป็น “กำลังดำเนินการ” ต้องมีบันทึกเหตุผล"),
        ("in_progress", "in_progress", "", "เรื่องนี้อยู่ในสถานะ “กำลังดำเนินการ” แล้ว"),
    ],
)  # fmt: skip
def test_what_the_workflow_raises_is_what_the_form_says(from_status: str, to_status: str, note: str, thai: str) -> None:
    with pytest.raises(WorkflowRefusal) as refused:
        check_transition(from_status, to_status, note)
    assert thai in refusal_text(refused.value, "th")
