"""Building typed answers (TypedDicts) from database rows whose attributes carry the same names."""

from __future__ import annotations

from typing import Any, TypeVar, cast

Answer = TypeVar("Answer")


def fields_of(row: object, answer: type[Answer]) -> Answer:
    """The fields of TypedDict ``answer``, read by name from ``row`` (a model instance or a row).

    For answers whose every key is a column of the same name: the TypedDict names the fields
    once, and a renamed column fails here on the first call rather than in a reader's key.
    """
    annotations: dict[str, Any] = answer.__annotations__
    return cast(Answer, {key: getattr(row, key) for key in annotations})
