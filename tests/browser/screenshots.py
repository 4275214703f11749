"""Regenerate docs/screenshots/<page>-{en,zh-hans}-{desktop,phone}.png (`make screenshots`).

Starts the development server on a throwaway SQLite database holding the demo data and a
seeded synthetic dataset (bench/: so the pictures have something to draw), with the
downloadable files built, and photographs the public pages (see PAGES) with Debian's
Chromium (never a downloaded one).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
PORT = int(os.environ.get("SCREENSHOT_PORT", "8765"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# name -> path; the party page with its sub-units has a network worth looking at.
PAGES = {
    "agreement": "/{lang}/agreements/cas-shenzhen-2017/",
    "home": "/{lang}/",
    "party-network": "/{lang}/parties/cas/?include_subunits=1#network-heading",
    "party-timeline": "/{lang}/parties/cas/?include_subunits=1#years-heading",
    "parties": "/{lang}/parties/",
    "regions": "/{lang}/regions/",
    "search": "/{lang}/search/?q=Shenzhen",
    "facets": "/{lang}/agreements/?signed_year=2017&signed_year=2019",
    "data": "/{lang}/data/",
    "about": "/{lang}/about/",
}
# Photographed whole rather than one screen's worth.
FULL_PAGE = {"agreement", "data"}
# Synthetic agreements added to the demo record (bench/: seeded, so the same every run).
SYNTHETIC_AGREEMENTS = "1500"


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main(only: list[str]) -> None:
    """Photograph PAGES, or only those named in ``only``."""
    pages = {name: path for name, path in PAGES.items() if not only or name in only}
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATASETS_ROOT": f"{tmp}/datasets",
        }
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_demo_data", "-v0")
        manage(env, "generate_dataset", "--agreements", SYNTHETIC_AGREEMENTS, "--append", "-v0")
        manage(env, "generate_downloads")
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{PORT}"
            wait_for(f"{base}/en/")
            OUT.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                for page_name, page_path in pages.items():
                    for lang in ("en", "zh-hans"):
                        for name, viewport in VIEWPORTS.items():
                            page = browser.new_page(viewport=viewport, device_scale_factor=1)
                            page.goto(base + page_path.format(lang=lang))
                            if page_name == "facets" and name == "phone":
                                # On a phone the filters are folded above the results.
                                page.locator("aside.facets summary").click()
                                page.locator("aside.facets").evaluate("el => el.scrollIntoView()")
                            path = OUT / f"{page_name}-{lang}-{name}.png"
                            # The others from the top, or at their picture, one screen's
                            # worth (they run long).
                            page.screenshot(path=str(path), full_page=page_name in FULL_PAGE)
                            page.close()
                            print(path.relative_to(ROOT))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main(sys.argv[1:])
