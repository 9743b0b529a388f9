"""Post a Dash callback request as a browser does, through Flask's test client (no browser needed).

The body has the shape dash-renderer sends: the outputs' ids and properties, the inputs and states
with their values, and which input changed. The answer is what the page would receive.
"""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def _prop(component_id: str, prop: str, value: Any = None) -> dict[str, Any]:
    return {"id": component_id, "property": prop, "value": value}


def post_callback(
    client: FlaskClient,
    outputs: list[tuple[str, str]],
    inputs: list[tuple[str, str, Any]],
    states: tuple[tuple[str, str, Any], ...] = (),
    *,
    prefix: str = "/",
) -> tuple[int, dict[str, Any]]:
    """The status and the JSON answer of one callback; ``inputs[0]`` is the input that changed."""
    answer = client.post(f"{prefix}_dash-update-component", json=callback_body(outputs, inputs, states))
    return answer.status_code, (answer.get_json(silent=True) or {})


def callback_body(
    outputs: list[tuple[str, str]],
    inputs: list[tuple[str, str, Any]],
    states: tuple[tuple[str, str, Any], ...] = (),
) -> dict[str, Any]:
    """The JSON body dash-renderer posts for these outputs, inputs and states."""
    names = [f"{component_id}.{prop}" for component_id, prop in outputs]
    targets = [{"id": component_id, "property": prop} for component_id, prop in outputs]
    multi = len(outputs) > 1
    return {
        "output": f"..{'...'.join(names)}.." if multi else names[0],
        "outputs": targets if multi else targets[0],
        "inputs": [_prop(*item) for item in inputs],
        "state": [_prop(*item) for item in states],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
    }
