"""Callback requests as a browser would post them, built from a Dash app's ``callback_map``.

The fuzz test enumerates every registered callback of every Dash app on the server, so a new
callback is covered without a line of test code. A request names the callback by its output key
and carries each input and state with a value; pattern-matching (``ALL``) inputs and outputs get
one concrete component each, as a page with one such component would send.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from dash import Dash

WILDCARD_VALUE = "x"
"""The value a concrete component has in each wildcard key of a pattern-matching id."""


@dataclass(frozen=True)
class Slot:
    """One input or state of a callback: its component id (concrete) and property."""

    component_id: str | dict[str, Any]
    prop: str
    pattern: bool

    @property
    def prop_id(self) -> str:
        """How Dash names this property in ``changedPropIds``."""
        if isinstance(self.component_id, dict):
            return json.dumps(self.component_id, sort_keys=True, separators=(",", ":")) + "." + self.prop
        return f"{self.component_id}.{self.prop}"

    def entry(self, value: Any) -> Any:
        item = {"id": self.component_id, "property": self.prop, "value": value}
        return [item] if self.pattern else item


@dataclass(frozen=True)
class CallbackSpec:
    """One registered callback of one Dash app, enough to post requests to it."""

    url: str
    output_key: str
    outputs: Any
    inputs: tuple[Slot, ...]
    states: tuple[Slot, ...]
    server_side: bool

    @property
    def name(self) -> str:
        return f"{self.url}:{self.output_key[:60]}"

    def body(self, values: dict[int, Any] | None = None, trigger: int = 0) -> dict[str, Any]:
        """A request body: slot ``i`` (inputs, then states) gets ``values[i]`` (default ``None``)."""
        values = values or {}
        slots = (*self.inputs, *self.states)
        entries = [slot.entry(values.get(i)) for i, slot in enumerate(slots)]
        return {
            "output": self.output_key,
            "outputs": self.outputs,
            "inputs": entries[: len(self.inputs)],
            "state": entries[len(self.inputs) :],
            "changedPropIds": [self.inputs[trigger].prop_id] if self.inputs else [],
        }

    @property
    def slot_count(self) -> int:
        return len(self.inputs) + len(self.states)


def _concrete(component_id: Any) -> tuple[str | dict[str, Any], bool]:
    """A concrete id for a dependency's id; ``True`` when it was a pattern (wildcards filled)."""
    text = str(component_id)
    if not text.startswith("{"):
        return text, False
    parsed = json.loads(text)
    return {key: (WILDCARD_VALUE if isinstance(value, list) else value) for key, value in parsed.items()}, True


def _slot(dependency: dict[str, Any]) -> Slot:
    component_id, pattern = _concrete(dependency["id"])
    return Slot(component_id, dependency["property"], pattern)


def _output_entry(output: Any) -> Any:
    component_id, pattern = _concrete(output.component_id_str())
    entry = {"id": component_id, "property": output.component_property}
    return [entry] if pattern else entry


def callback_specs(app: Dash) -> Iterator[CallbackSpec]:
    """Every callback of ``app`` (clientside ones too: the server must refuse those cleanly)."""
    url = f"{app.config.requests_pathname_prefix}_dash-update-component"
    for output_key, callback in app.callback_map.items():
        outputs = callback["output"]
        many = isinstance(outputs, list | tuple)
        yield CallbackSpec(
            url=url,
            output_key=output_key,
            outputs=[_output_entry(o) for o in outputs] if many else _output_entry(outputs),
            inputs=tuple(_slot(d) for d in callback["inputs"]),
            states=tuple(_slot(d) for d in callback["state"]),
            server_side="callback" in callback,
        )


def _layout(app: Dash) -> Any:
    """The whole page: for a layout function Dash's validation layout (built outside a request, so
    the signed-in person's map page, not the signed-out visitor's smaller one)."""
    return app.validation_layout if app.validation_layout is not None else app.layout


def _components(node: Any) -> Iterator[Any]:
    """Every component of a layout tree (``Component._traverse`` skips the root)."""
    if isinstance(node, list | tuple):
        for child in node:
            yield from _components(child)
        return
    if hasattr(node, "_traverse"):
        yield node
        yield from node._traverse()


def layout_values(app: Dash) -> dict[tuple[str, str], list[Any]]:
    """What the page's own widgets can send, per (component id, property), from the layout:
    each property's initial value, a dropdown's or radio's option values, a tab set's tab ids,
    and the query strings of the page's links for a location's ``search``."""
    values: dict[tuple[str, str], list[Any]] = {}
    searches: list[str] = []
    for component in _components(_layout(app)):
        href = getattr(component, "href", None)
        if isinstance(href, str) and "?" in href:
            searches.append("?" + href.split("?", 1)[1])
        component_id = getattr(component, "id", None)
        if not isinstance(component_id, str):
            continue
        for prop in component._prop_names:
            value = getattr(component, prop, None)
            if value is not None and prop != "children":
                values.setdefault((str(component_id), prop), []).append(value)
        options = getattr(component, "options", None)
        if isinstance(options, list):
            values.setdefault((str(component_id), "value"), []).extend(
                option["value"] for option in options if isinstance(option, dict) and "value" in option
            )
        tab_ids = [getattr(child, "tab_id", None) for child in _components(getattr(component, "children", None))]
        if any(tab_ids):
            values.setdefault((str(component_id), "active_tab"), []).extend(t for t in tab_ids if t)
    values[("*", "search")] = sorted(set(searches))
    return values


def plausible_values(spec: CallbackSpec, layout: dict[tuple[str, str], list[Any]], variant: int) -> dict[int, Any]:
    """Values a real page could hold in each slot of ``spec``: variant 0 the first known value of
    each slot, variant ``n`` the ``n``-th (cycling), so deeper branches are reached too."""
    chosen: dict[int, Any] = {}
    for index, slot in enumerate((*spec.inputs, *spec.states)):
        known = layout.get((str(slot.component_id), slot.prop)) or (
            layout[("*", "search")] if slot.prop == "search" else []
        )
        if known:
            chosen[index] = known[variant % len(known)]
    return chosen


def find_callback(apps: Iterable[Dash], url: str, output: str) -> CallbackSpec:
    """The callback posted to ``url`` whose output key names ``output`` (e.g. ``"url.search"``)."""
    matches = [spec for app in apps for spec in callback_specs(app) if spec.url == url and output in spec.output_key]
    assert len(matches) == 1, [spec.name for spec in matches]
    return matches[0]


def slot_index(spec: CallbackSpec, component_id: str, prop: str) -> int:
    """The position of (``component_id``, ``prop``) among the callback's inputs and states."""
    slots = [(str(slot.component_id), slot.prop) for slot in (*spec.inputs, *spec.states)]
    return slots.index((component_id, prop))
