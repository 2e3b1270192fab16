"""Screenshots of the site for the README, regenerated in one command:

    .venv/bin/python scripts/screenshots.py            # builds db + site, writes docs/screenshots/*.png

Builds the database and the site from the shipped measurement files (as the README's main job does),
serves it on 127.0.0.1 and drives the system's headless Chromium (Playwright) over a few pages.
`--page PATH --out DIR` takes any other pages at desktop and phone widths (for reviewing a change).
"""

from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What the README shows: (file name, page, viewport width, height)
README_SHOTS = [
    ("home.png", "index.html", 1280, 900),
    ("device-titan-xp.png", "devices/titan-xp-bianco2018.html", 1280, 900),
    ("model-resnet50-phone.png", "models/resnet50.html", 390, 1400),
]


def build(db_path: Path, site_dir: Path) -> None:
    from zoobench import db
    from zoobench.site import build_site

    db.build(REPO / "measurements", db_path)
    build_site(db_path, site_dir, npm_cache=REPO / "build" / "npm", docs_dir=REPO / "build" / "docs")


def shoot(site_dir: Path, shots: list[tuple[str, str, int, int]], out_dir: Path, full_page: bool) -> None:
    from playwright.sync_api import sync_playwright

    from zoobench.site.serve import serve

    out_dir.mkdir(parents=True, exist_ok=True)
    with serve(site_dir) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, page_path, width, height in shots:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.emulate_media(color_scheme="light")
            page.goto(url + page_path, wait_until="load")
            page.wait_for_function(
                "[...document.querySelectorAll('.zb-chart')].every(e => e.dataset.rendered === '1')",
                timeout=30000,
            )
            page.screenshot(path=str(out_dir / name), full_page=full_page)
            page.close()
            print(out_dir / name)
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--page", action="append", help="Page to take instead of the README's.")
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots", help="Folder for the PNGs.")
    ap.add_argument("--no-build", action="store_true", help="Use the last build in build/site.")
    ap.add_argument("--full-page", action="store_true", help="The whole page, not the first screen.")
    a = ap.parse_args()
    site_dir = REPO / "build" / "site"
    if not a.no_build:
        build(REPO / "build" / "zoobench.duckdb", site_dir)
    shots = README_SHOTS
    if a.page:
        shots = [
            (f"{p.removesuffix('.html').replace('/', '_')}-{w}.png", p, w, 900)
            for p in a.page
            for w in (1280, 390)
        ]
    shoot(site_dir, shots, a.out, a.full_page)


if __name__ == "__main__":
    main()
