"""Screenshots of the map page and the wall display at phone, tablet, desktop and wall sizes.

    MAP_DRAWN_MARKER=1 make run   # the server marks its maps once drawn (assets/map_drawn.js)
    PYTHONPATH=. .venv/bin/python scripts/screenshots.py http://127.0.0.1:8050 var/screenshots

The map pages are taken as a new provincial officer of Surat Thani signed in through the form
(the account is made in the server's database, ``--database-url``), so they show what an officer
sees, contacts included; the wall display through a new display token's link, as a wall sees it.

Debian's headless chromium (never a downloaded browser), each size emulated with CDP (a phone
as a touch device with its device pixel ratio), Thai and English. The PNGs are for looking at:
the browser tests (tests/browser/test_map_framing.py) assert what they show.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

from bench.sign_in import signed_in_as
from store.core.access import Principal, Role
from store.core.db import make_engine, make_session_factory
from store.tokens.registry import TokenRegistry

SIZES = {"phone": (390, 844, True), "tablet": (768, 1024, True), "desktop": (1600, 1000, False)}
WALLS = {"wall": (1920, 1080), "wall4k": (3840, 2160)}
PAGES = {"country": "/?lang={lang}", "province": "/?area=84&lang={lang}", "district": "/?area=8405&lang={lang}"}


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    return webdriver.Chrome(options=options)


def emulate(driver: webdriver.Chrome, width: int, height: int, *, mobile: bool, scale: float = 1) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile},
    )
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": mobile, "maxTouchPoints": 5})


def shoot(driver: webdriver.Chrome, url: str, path: Path, *, ready: str, below: str | None = None) -> None:
    """The first screen of ``url`` once ``ready`` is there; with ``below``, also the screen that
    starts at that element (``-below.png``): a page taller than the screen is looked at screen by screen."""
    driver.get(url)
    WebDriverWait(driver, 180).until(lambda d: d.execute_script(f"return !!document.querySelector({ready!r})"))
    time.sleep(1.5)  # fonts, the map's last frame
    path.write_bytes(driver.get_screenshot_as_png())
    if below:
        driver.execute_script(f"document.querySelector({below!r}).scrollIntoView()")
        time.sleep(0.5)
        path.with_name(path.stem + "-below.png").write_bytes(driver.get_screenshot_as_png())


def sign_in(driver: webdriver.Chrome, base_url: str, database_url: str) -> None:
    """The browser carries the session of a new officer of Surat Thani (84)."""
    session = signed_in_as(base_url, database_url, Role.OFFICER, ("84",))
    driver.get(f"{base_url}/sign-in")
    for cookie in session.cookies:
        driver.add_cookie({"name": cookie.name, "value": cookie.value or "", "path": "/"})


def display_link(base_url: str, database_url: str) -> str:
    """The wall display's link with a new display token (the first visit swaps it for a cookie)."""
    engine = make_engine(database_url)
    try:
        registry = TokenRegistry(make_session_factory(engine))
        actor = Principal(kind="person", account="scripts/screenshots.py")
        issued = registry.create("display", "screenshots", actor=actor)
    finally:
        engine.dispose()
    return f"{base_url}/display/?views=map-hotspot&display_token={issued.secret}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base_url")
    parser.add_argument("out", type=Path)
    parser.add_argument("--database-url", default="sqlite:///var/netpracharat.db", help="the server's database")
    parser.add_argument("--below", help="also a screen starting at this element of the map page (e.g. #tabs)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    driver = browser()
    try:
        sign_in(driver, args.base_url, args.database_url)
        for lang in ("th", "en"):
            for size, (width, height, mobile) in SIZES.items():
                for level, page in PAGES.items():
                    emulate(driver, width, height, mobile=mobile)
                    shoot(
                        driver,
                        args.base_url + page.format(lang=lang),
                        args.out / f"{size}-{level}-{lang}.png",
                        ready="#map[data-map-drawn]",
                        below=args.below,
                    )
        # last: once its link is opened, the browser is a display (its cookie outranks the session)
        link = display_link(args.base_url, args.database_url)
        for lang in ("th", "en"):
            for size, (width, height) in WALLS.items():
                emulate(driver, width, height, mobile=False)
                shoot(
                    driver,
                    f"{link}&lang={lang}",
                    args.out / f"{size}-{lang}.png",
                    ready=".display-view[data-active='true'] .js-plotly-plot[data-framed]",
                )
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
