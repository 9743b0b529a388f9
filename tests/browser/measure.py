"""What a user sees cut, measured in the browser: text wider than the box that shows it."""

from __future__ import annotations

CUT_CELLS = """
const skip = new Set(arguments[1]);
return [...document.querySelectorAll(arguments[0])]
    .filter((cell) => !skip.has(cell.getAttribute('col-id')) && cell.scrollWidth > cell.clientWidth)
    .map((cell) => `${cell.getAttribute('col-id')}: ${cell.textContent}`);
"""

PLACEHOLDER_OVERFLOW = """
const input = document.querySelector(arguments[0]);
const style = getComputedStyle(input);
const context = document.createElement('canvas').getContext('2d');
context.font = style.font;
const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
return context.measureText(input.placeholder).width - room;
"""


def cut_cells(driver, selector: str, free_text_columns: tuple[str, ...] = ()) -> list[str]:
    """The cells (``selector``) whose text does not fit, except those of ``free_text_columns``."""
    return driver.execute_script(CUT_CELLS, selector, list(free_text_columns))


def placeholder_overflow_px(driver, selector: str) -> float:
    """How many pixels of an input's placeholder are cut off (negative: it fits with room to spare)."""
    return driver.execute_script(PLACEHOLDER_OVERFLOW, selector)
