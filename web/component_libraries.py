"""Keep a Dash app's index page from loading component libraries it never renders.

Why: importing a component library registers its scripts in dash's *global* ``ComponentRegistry``,
and every Dash app of the process then puts them in its index page. The ticket table (its own
app at /tickets/) imports dash-ag-grid, so without this the map page would load
``dash_ag_grid.min.js`` (361 KB) for nothing, in a first load budgeted at 1.5 MB.

How (dash 4.4): ``Dash._generate_scripts_html`` takes the component scripts from
``app.scripts.get_all_scripts()`` (resources already filtered, each with its ``namespace``) and
registers their paths for ``/_dash-component-suites/``. Each Dash instance has its own ``Scripts``
object, so wrapping that method on one app leaves the other apps of the server untouched: they
still serve and load the library. A library left out is also never registered for the app, so
its files are not served under this app's prefix either. Only call it for libraries whose
components the app's layout never contains: dash-renderer would fail to find them.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from dash import Dash


def exclude_component_libraries(app: Dash, namespaces: Collection[str]) -> None:
    """Leave the scripts of the component libraries ``namespaces`` out of ``app``'s index page."""
    excluded = frozenset(namespaces)
    all_scripts = app.scripts.get_all_scripts

    def get_all_scripts(dev_bundles: bool = False) -> list[dict[str, Any]]:
        return [script for script in all_scripts(dev_bundles) if script.get("namespace") not in excluded]

    app.scripts.get_all_scripts = get_all_scripts  # type: ignore[method-assign]


def leave_out_dash_scripts(app: Dash, unused: Collection[str]) -> None:
    """Leave scripts of dash's own package out of ``app``'s index page: ``unused`` are path prefixes
    under it (``dash_table/``, ``deps/polyfill@``).

    Dash always puts its renderer's dependencies (React and ``@babel/polyfill``, one resource whose
    path is a list) and ``dash_table``'s bundle in the page, whatever the layout. They come through
    the app's own ``app.scripts._resources._filter_resources``, which this wraps: the other apps of
    the server keep theirs. Only for what no page of the app runs.
    """
    resources = app.scripts._resources
    filter_resources = resources._filter_resources

    def needed(path: str) -> bool:
        return not any(path.startswith(prefix) for prefix in unused)

    def without_unused(all_resources: list[dict[str, Any]], dev_bundles: bool = False) -> list[dict[str, Any]]:
        kept = []
        for resource in filter_resources(all_resources, dev_bundles):
            path = resource.get("relative_package_path")
            if isinstance(path, list):
                resource = {**resource, "relative_package_path": [part for part in path if needed(part)]}
            elif isinstance(path, str) and not needed(path):
                continue
            kept.append(resource)
        return kept

    resources._filter_resources = without_unused  # type: ignore[method-assign]


__all__ = ["exclude_component_libraries", "leave_out_dash_scripts"]
