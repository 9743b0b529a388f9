"""Colour-blind-safe colours of every village state, and the choropleth scale.

The state colours are from the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies; states also differ by marker size and always carry a text label, so colour is
never the only carrier of a state.
"""

from __future__ import annotations

from typing import Final

STATE_COLOURS: Final[dict[str, str]] = {
    "online": "#0072B2",  # blue
    "degraded": "#E69F00",  # orange
    "offline": "#D55E00",  # vermilion
    "no_data": "#8C8C8C",  # grey
    "covered": "#0072B2",
    "no_volunteer": "#D55E00",
    "trained": "#0072B2",
    "not_trained": "#E69F00",
}

STATE_MARKER_SIZES: Final[dict[str, float]] = {
    "online": 4.0,
    "covered": 4.0,
    "trained": 4.0,
    "degraded": 6.0,
    "not_trained": 5.0,
    "no_data": 6.0,
    "offline": 8.0,
    "no_volunteer": 7.0,
}
"""Worse states are larger as well as drawn on top, so an outage stands out without colour."""

PERCENT_SCALE: Final[list[list[float | str]]] = [
    [0.0, "#5c3a00"],
    [0.5, "#c98b2c"],
    [0.8, "#e9dcc0"],
    [0.9, "#9cc3dc"],
    [1.0, "#0b4f85"],
]
"""Brown (behind) to blue (complete), light in between: readable for colour-blind viewers and in
grey-scale print. Stretched at the top because the programme's shares sit between 80 and 100 %."""

BOUNDARY_COLOUR: Final = "#ffffff"
EMPTY_AREA_COLOUR: Final = "#e6e6e6"
