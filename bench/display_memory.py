"""JS heap of the briefing-room display over many rotations, in Debian's headless Chromium.

    PYTHONPATH=. .venv/bin/python -m bench.display_memory --minutes 10

Runs ``app.py`` (bench.servers.app_server), opens every view of /display/ at the shortest dwell
(5 s) and a 30 s refresh, forces a garbage collection before each sample (so the figure is what
stays alive, not garbage not yet collected) and prints start / end / max of JSHeapUsedSize.
"""

from __future__ import annotations

import argparse
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options

from bench.servers import app_server


def heap_mb(driver: webdriver.Chrome) -> float:
    driver.execute_cdp_cmd("HeapProfiler.collectGarbage", {})
    metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "JSHeapUsedSize") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--sample-s", type=float, default=30)
    args = parser.parse_args()
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--window-size=1920,1080"):
        options.add_argument(flag)
    with app_server() as base:
        driver = webdriver.Chrome(options=options)
        try:
            driver.execute_cdp_cmd("Performance.enable", {})
            driver.get(f"{base}/display/?dwell=5&refresh=30")
            time.sleep(20)  # first load: three country maps drawn
            samples = [heap_mb(driver)]
            end = time.monotonic() + args.minutes * 60
            while time.monotonic() < end:
                time.sleep(args.sample_s)
                samples.append(heap_mb(driver))
                print(f"{len(samples) * args.sample_s / 60:5.1f} min  heap {samples[-1]:6.1f} MB", flush=True)
            rotations = args.minutes * 60 / 5
            print(
                f"JS heap after GC over {args.minutes:g} min (~{rotations:.0f} view changes): "
                f"start {samples[0]:.1f} MB, end {samples[-1]:.1f} MB, max {max(samples):.1f} MB"
            )
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
