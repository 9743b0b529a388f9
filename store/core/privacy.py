"""Masking of personal data (volunteers' names and phone numbers) for every public view."""

from __future__ import annotations


def mask_name(full_name: str) -> str:
    """Keep the first letter of each part of a name: 'สมชาย ใจดี' -> 'ส••• ใ•••'."""
    return " ".join(part[0] + "•••" for part in full_name.split() if part)


def mask_phone(phone: str) -> str:
    """Keep the first two and the last two digits: '081-234-5678' -> '08•-•••-••78'."""
    digits = [i for i, char in enumerate(phone) if char.isdigit()]
    hidden = set(digits[2:-2])
    return "".join("•" if i in hidden else char for i, char in enumerate(phone))
