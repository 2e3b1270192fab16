"""The built site in headless Chromium (Playwright, the system's /usr/bin/chromium; never
`playwright install`): every page loads without console errors, charts render (also after instant
navigation and a palette switch, and from file://), the best-model lookup filters live, the SQL
console answers, and a hostile device name stays text."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MEASUREMENTS, REPO
from site_support import HOSTILE_DEVICE, HOSTILE_MODEL_NAME, hostile_data

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
    pytest.mark.skipif(shutil.which("npm") is None, reason="the site build vendors JS with npm"),
]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the shipped data plus a file with hostile names."""
    from zoobench import db
    from zoobench.site import build_site

    root = tmp_path_factory.mktemp("site")
    db_path = root / "zoobench.duckdb"
    db.build(hostile_data(root, MEASUREMENTS), db_path)
    build_site(db_path, root / "site", npm_cache=REPO / "build" / "npm")
    return root / "site"


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    from zoobench.site.serve import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page that records console errors, uncaught exceptions, dialogs and outside requests."""

    def __init__(self, browser: Any, base_url: str = "") -> None:
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", self._request)
        self.base = base_url

    def _dialog(self, d: Any) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def _request(self, r: Any) -> None:
        if not (
            r.url.startswith(self.base or "http://127.0.0.1")
            or r.url.startswith(("file://", "data:", "blob:"))
        ):
            self.outside.append(r.url)

    def charts_rendered(self, timeout: int = 15000) -> int:
        self.page.wait_for_function(
            "[...document.querySelectorAll('.zb-chart')].every(e => e.dataset.rendered === '1')",
            timeout=timeout,
        )
        return self.page.locator(".zb-chart svg.marks").count()


# Each chart's plotting area (the frame Vega-Lite draws around the data) measured in the page,
# against the width of the chart's container (the content column).
CHART_GEOMETRY = """() => [...document.querySelectorAll('.zb-chart')].map(el => {
  const svg = el.querySelector('svg.marks');
  const frame = svg && svg.querySelector('g.role-frame.root > g > path.background');
  const plot = frame ? frame.getBoundingClientRect() : {width: 0, height: 0};
  return {id: el.id, container: el.clientWidth, plot_width: Math.round(plot.width),
          plot_height: Math.round(plot.height), svg_width: svg ? Math.round(svg.getBoundingClientRect().width) : 0,
          scrolls: !!el.closest('.zb-scroll')};
})"""


def chart_problems(page: Any, rel: str) -> list[str]:
    """Charts on the page whose plot is under 60 % of the container's width or 200 px high,
    or that are wider than their container. A chart in a scrolling box (a fixed-cell matrix) keeps
    its own size: its plot must be at least 200 px each way."""
    return [
        f"{rel} #{g['id']}: plot {g['plot_width']}×{g['plot_height']} px in a {g['container']} px column"
        for g in page.evaluate(CHART_GEOMETRY)
        if g["plot_height"] < 200
        or (g["plot_width"] < 200 if g["scrolls"] else g["plot_width"] < 0.6 * g["container"])
        or (g["svg_width"] > g["container"] + 1 and not g["scrolls"])
    ]


def pages_with_charts(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if 'class="zb-chart"' in p.read_text()
    )


@pytest.fixture
def watched(browser: Any, base_url: str) -> Iterator[Watched]:
    w = Watched(browser, base_url)
    yield w
    w.page.close()


def test_every_page_loads_without_console_errors(site: Path, base_url: str, watched: Watched):
    """… and at a desktop width (1280 px) every chart keeps its plot (see chart_problems)."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 100
    # Every page but the ~1,350 pages of timm-only models, which share one template with the
    # registry's model pages: of those, every 25th.
    timm_only = [p for p in pages if p.startswith("models/timm--")]
    assert len(timm_only) > 1000
    watched.page.set_viewport_size({"width": 1280, "height": 900})
    problems: list[str] = []
    for rel in sorted(set(pages) - set(timm_only) | set(timm_only[::25])):
        watched.page.goto(base_url + rel, wait_until="load")
        assert watched.page.locator(".zb-stamp").count() == 1, rel
        watched.charts_rendered()
        problems += chart_problems(watched.page, rel)
        assert watched.errors == [], (rel, watched.errors)
    assert problems == []
    assert watched.dialogs == []
    assert watched.outside == []


def test_every_chart_keeps_its_plot_on_a_phone(site: Path, base_url: str, watched: Watched):
    """At 390 px wide, every chart on every page with charts: legends and axis labels leave the plot
    at least 60 % of the column's width and 200 px of height."""
    pages = pages_with_charts(site)
    timm_only = [p for p in pages if p.startswith("models/timm--")]  # one template: every 25th
    pages = sorted(set(pages) - set(timm_only) | set(timm_only[::25]))
    assert {"trends.html", "compare.html", "models/resnet50.html"} <= set(pages)
    watched.page.set_viewport_size({"width": 390, "height": 844})
    problems: list[str] = []
    for rel in pages:
        watched.page.goto(base_url + rel, wait_until="load")
        assert watched.charts_rendered() > 0, rel
        problems += chart_problems(watched.page, rel)
    assert problems == []
    assert watched.errors == []


def test_titan_xp_page_and_its_charts(base_url: str, watched: Watched):
    watched.page.goto(base_url + "devices/titan-xp-bianco2018.html")
    assert watched.page.locator("#time-grid td.fps-1000").count() > 10
    assert watched.page.locator(".zb-legend .zb-bin").count() == 9  # 8 bins + out of memory
    assert watched.charts_rendered() == 1
    assert watched.page.locator(".zb-chart svg path").count() > 40  # one line per model


def test_trends_show_the_upper_bound(base_url: str, watched: Watched):
    watched.page.goto(base_url + "trends.html")
    n = watched.charts_rendered()
    assert n >= 10
    text = watched.page.locator("#accuracy-speed ~ table.zb-fits").first.inner_text()
    assert "titan-xp-bianco2018: upper bound" in text and "R²" in text


def test_charts_after_instant_navigation_and_palette_switch(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "index.html")
    page.locator(".md-tabs a", has_text="Trends").click()
    page.wait_for_url("**/trends.html")
    assert watched.charts_rendered() >= 10
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert watched.charts_rendered() >= 10
    assert watched.errors == []


def test_best_model_lookup_filters_live(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "best.html")
    page.select_option("form.zb-lookup select[name=device]", "titan-xp-bianco2018")
    page.fill("form.zb-lookup input[name=top]", "100")
    rows = page.locator("#lookup-out tr")
    page.wait_for_function("document.querySelectorAll('#lookup-out tr').length > 0")
    everything = rows.count()
    assert everything == 44
    page.fill("form.zb-lookup input[name=min_fps]", "250")
    fast = rows.count()
    assert 0 < fast < everything
    page.fill("form.zb-lookup input[name=max_memory_gb]", "0.7")
    assert rows.count() < fast
    summary = page.locator("#lookup-out-summary").inner_text()
    assert summary.startswith(f"{rows.count()} models")
    # the Table 3 grid for the Titan Xp is there, 3 × 3 cells
    assert page.locator("#titan-xp-bianco2018").count() == 1


def test_sql_console_answers(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "sql.html")
    page.locator("button.zb-sql-example[data-example=ex-table3]").click()
    page.wait_for_function(
        "document.querySelector('#sql-console').dataset.rows || document.querySelector('.zb-sql-error')",
        timeout=90000,
    )
    assert "rows in" in page.locator(".zb-sql-status").inner_text()
    assert page.locator(".zb-sql-result tbody tr").count() >= 1
    page.fill(
        ".zb-sql textarea", "SELECT count(*) AS n FROM measurements WHERE device_id = 'titan-xp-bianco2018'"
    )
    page.locator("button.zb-sql-run").click()
    page.wait_for_function(
        "document.querySelector('.zb-sql-result td')?.textContent === '308'", timeout=30000
    )
    assert watched.errors == []


def test_hostile_names_stay_text(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "devices/hostile-device.html")
    page.wait_for_load_state("load")
    assert HOSTILE_DEVICE in page.locator("h1").inner_text()
    assert page.locator("article script:not([type])").count() == 0
    page.goto(base_url + "models/resnet18.html")
    watched.charts_rendered()
    assert HOSTILE_MODEL_NAME in page.locator("article").inner_text()
    # chart tooltips: hover every point of the hostile device's throughput chart
    page.goto(base_url + "devices/hostile-device.html")
    watched.charts_rendered()
    for mark in page.locator(".zb-chart svg path[role='graphics-symbol']").all()[:6]:
        mark.hover(force=True)
    page.goto(base_url + "index.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type("alert")  # the search index holds the hostile text: results must show it as text
    page.wait_for_timeout(1500)
    assert watched.dialogs == []
    assert watched.errors == []


def test_a_missing_page_gets_the_sites_404_page(base_url: str, watched: Watched):
    response = watched.page.goto(base_url + "no-such-page.html")
    assert response is not None and response.status == 404
    assert watched.page.locator(".md-header").count() == 1  # the site's own page, with its header
    assert "404" in watched.page.locator(".md-content").inner_text()


def test_from_file_url(site: Path, browser: Any):
    w = Watched(browser)
    try:
        w.page.goto((site / "trends.html").as_uri())
        assert w.charts_rendered() >= 10
        w.page.goto((site / "sql.html").as_uri())
        assert w.page.locator(".zb-sql-file").is_visible()
        assert w.outside == []
    finally:
        w.page.close()


def test_sources_compared_for_the_two_titan_xps(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "sources.html")
    section = page.locator("h2", has_text="titan-xp")
    assert section.count() == 1
    assert "NVIDIA Titan Xp (Bianco 2018 workstation)" in section.inner_text()
    assert "NVIDIA TITAN Xp (pytorch-gpu-benchmark 2021)" in section.inner_text()
    assert watched.charts_rendered() == 1
    assert page.locator(".zb-chart svg path[role='graphics-symbol']").count() == 20  # a dot per model
    rows = page.locator("table.zb-source-rows tbody tr")
    assert rows.count() == 20
    resnet50 = rows.filter(has_text="ResNet-50").first.locator("td").all_inner_texts()
    assert float(resnet50[1]) > 1  # ratio B ÷ A
    assert resnet50[3] == "interpolated 8–16" and resnet50[5] == "measured"
    differs = page.locator("table.zb-methods tr.zb-differs th").all_inner_texts()
    assert any("input already on the device" in t for t in differs)
    assert any("headline statistic" in t for t in differs)
    assert watched.errors == []


def test_tensorrt_speedups_on_the_jetsons(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "runtimes.html")
    assert watched.charts_rendered() == 2
    headings = page.locator("h2").all_inner_texts()
    assert any("Jetson Nano" in h and "TensorRT vs PyTorch" in h for h in headings)
    assert any("Jetson AGX Xavier" in h for h in headings)
    tables = page.locator("table.zb-runtime-rows")
    assert [tables.nth(i).locator("tbody tr").count() for i in range(2)] == [29, 18]  # Xavier, Nano
    nano = tables.nth(1)
    header = nano.locator("thead th").all_inner_texts()
    assert "output difference" in header
    r101 = nano.locator("tbody tr", has_text="ResNet-101").first.locator("td").all_inner_texts()
    assert r101[header.index("output difference")] == "1,010"  # torch2trt's Max Error, as published
    assert r101[header.index("speed-up")] == "2.76×"  # 141 ms / 51.1 ms
    # sorting by speed-up puts the largest first
    nano.locator("thead th", has_text="speed-up").first.click()
    nano.locator("thead th", has_text="speed-up").first.click()
    first = nano.locator("tbody tr").first.locator("td").all_inner_texts()
    assert first[0] == "DenseNet-169"
    assert watched.errors == []


def test_best_lookup_selects_a_runtime(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "best.html")
    page.select_option("form.zb-lookup select[name=device]", "jetson-nano-torch2trt")
    runtimes = page.locator("form.zb-lookup select[name=runtime] option").all_inner_texts()
    assert runtimes == ["pytorch", "tensorrt"]
    page.fill("form.zb-lookup input[name=min_fps]", "30")
    page.wait_for_function("document.querySelectorAll('#lookup-out tr').length > 0")
    eager = page.locator("#lookup-out tr td:first-child").all_inner_texts()
    page.select_option("form.zb-lookup select[name=runtime]", "tensorrt")
    page.wait_for_function("document.querySelector('#lookup-out tr td')?.textContent === 'ResNet-50'")
    engine = page.locator("#lookup-out tr td:first-child").all_inner_texts()
    assert "ResNet-50" not in eager and len(engine) > len(eager)
    # the Jetsons' Table 3 grids: one per runtime, speed limits only
    for anchor in ("jetson-nano-torch2trt-pytorch", "jetson-nano-torch2trt-tensorrt",
                   "jetson-agx-xavier-torch2trt-tensorrt"):
        grid = page.locator(f"h3:has(#{anchor}) ~ div table.zb-cell-grid").first
        assert grid.locator("tbody tr").count() == 1  # no memory rows
        assert grid.locator("tbody th").inner_text() == "any memory"
    assert watched.errors == []


def test_across_devices_page(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "across-devices.html")
    assert watched.charts_rendered() == 1
    n = page.locator("table.zb-agreement tbody tr").count()
    cells = page.locator(".zb-chart svg path[role='graphics-symbol']").count()
    assert n >= 10 and cells >= 2 * n  # the heat map has both cells of every pair (and the diagonal)
    first = page.locator("table.zb-agreement tbody tr").first.locator("td").all_inner_texts()
    assert int(first[2]) >= 3 and -1 <= float(first[3]) <= 1 and -1 <= float(first[4]) <= 1
    summary = page.locator("p.zb-summary").all_inner_texts()
    assert "Spearman's rho runs from" in summary[0]
    assert "on the accuracy–speed front of at least one of" in summary[1]
    assert page.locator("table.zb-fronts td.zb-on-front").count() > 0
    assert page.locator("table.zb-fronts td.zb-off-front").count() > 0
    assert page.locator("table.zb-spec-fits tbody tr").count() > 5
    assert "explains log time best" in summary[2]
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    watched.charts_rendered()
    assert page.locator("table.zb-agreement").is_visible()
    assert watched.errors == []


def test_predicted_cells_are_marked(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "devices/a100-sxm4-40gb-pytorch-gpu-benchmark.html")
    cells = page.locator("#predicted-grid td.zb-predicted[title]")
    assert cells.count() > 5
    first = cells.first
    assert first.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
    assert "repeating-linear-gradient" in first.evaluate("e => getComputedStyle(e).backgroundImage")
    assert "predicted, not measured" in first.get_attribute("title") and "90 % interval" in first.get_attribute("title")
    assert page.locator("#time-grid td.zb-predicted").count() == 0  # measured cells stay as they were
    page.goto(base_url + "models/nasnetalarge.html")
    assert page.locator("div.zb-predictions td.zb-predicted").count() > 0
    assert watched.errors == []


def test_software_over_time_page(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "software.html")
    assert watched.charts_rendered() == 4  # RTX 3090: 1.13 → 2.1, 1.13 → 2.4, 2.1 → 2.4; RTX 4090: 2.4 → 2.9.1
    headings = [h.rstrip("¶") for h in page.locator("h2").all_inner_texts()]
    assert [h for h in headings if "RTX 3090" in h] == [
        "NVIDIA GeForce RTX 3090: PyTorch 1.13 → 2.1.0", "NVIDIA GeForce RTX 3090: PyTorch 1.13 → 2.4.0",
        "NVIDIA GeForce RTX 3090: PyTorch 2.1.0 → 2.4.0"]
    assert any("RTX 4090" in h and "2.4.0 → 2.9.1" in h for h in headings)
    # the 4090's two runs differ in memory format too, and the page says so
    assert "memory format did too" in page.locator("p.zb-caveat").inner_text()
    assert "pt113-cu117-rtx3090.csv at commit aa4b5850" in page.content()  # where the numbers come from
    helped, hurt = page.locator("table.zb-speedup-helped").first, page.locator("table.zb-speedup-hurt").first
    assert helped.locator("tbody tr").count() == hurt.locator("tbody tr").count() == 15
    header = helped.locator("thead th").all_inner_texts()
    assert header[:4] == ["model", "speed-up", "PyTorch 1.13 (ms)", "PyTorch 2.1.0 (ms)"]
    top = [float(t.rstrip("×")) for t in helped.locator("tbody td:nth-child(2)").all_inner_texts()]
    low = [float(t.rstrip("×")) for t in hurt.locator("tbody td:nth-child(2)").all_inner_texts()]
    assert top == sorted(top, reverse=True) and low == sorted(low) and min(top) > max(low)
    assert watched.errors == []


def test_what_a_setting_buys_page(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "settings.html")
    assert watched.charts_rendered() >= 6
    sections = [h.rstrip("¶") for h in page.locator("h2").all_inner_texts()]
    for title in ("eager → torch.compile", "NCHW (contiguous) → channels_last (NHWC)",
                  "fp16 autocast → bf16 autocast", "bf16 autocast → bf16 cast", "fp32 → fp16 cast"):
        assert title in sections, title
    compiled = page.locator("h3").all_inner_texts()
    for device in ("RTX 4090", "RTX 5090", "RTX PRO 6000"):
        assert any(device in h and "PyTorch 2.9.1" in h for h in compiled), device
    # small comparisons (pytorch-gpu-benchmark's 32 models) get every model, sortable by speed-up
    full = page.locator("table.zb-speedup-all").first
    assert full.locator("tbody tr").count() == 32
    full.locator("thead th", has_text="speed-up").click()
    values = [float(t.rstrip("×")) for t in full.locator("tbody td:nth-child(2)").all_inner_texts()]
    assert values in (sorted(values), sorted(values, reverse=True))


def test_model_page_with_all_six_evaluation_sets(base_url: str, watched: Watched):
    """A model with timm's six evaluation sets: one row per weights × resolution with a cell per set;
    on a phone the table scrolls inside its column and the page itself does not scroll sideways."""
    page = watched.page
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base_url + "models/inceptionv4.html")
        heads = page.locator(".zb-accuracy thead th").all_inner_texts()
        assert heads == ["weights @ input", "ImageNet", "ReaL", "V2", "Sketch", "IN-A", "IN-R"]
        row = page.locator(".zb-accuracy tbody tr", has_text="tf_in1k").first.locator("td").all_inner_texts()
        assert len(row) == 6 and all(c.strip() not in ("", "—") for c in row)
        assert "results/results-imagenet-a.csv" in page.locator(".zb-cite").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert watched.errors == []


def test_accuracy_under_shift_page(base_url: str, watched: Watched):
    page = watched.page
    page.goto(base_url + "trends.html")
    assert page.locator("article a[href$='/shift.html']").count() == 1  # linked from Trends
    page.goto(base_url + "shift.html")
    assert page.locator(".md-nav a[href$='/shift.html']").count() >= 1  # and in the nav, under Trends
    assert watched.charts_rendered() == 1
    assert page.locator("#shift svg path").count() > 1000  # a mark per weights × set
    fits = page.locator("article ul").first.inner_text()
    for name in ("ReaL", "ImageNetV2", "Sketch", "ImageNet-A", "ImageNet-R"):
        assert name in fits
    assert fits.count("R² = ") == 5 and fits.count("n = ") == 5
    assert watched.errors == []


def test_home_shows_the_speed_picture_above_the_fold(base_url: str, watched: Watched):
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "index.html")
    assert watched.charts_rendered() == 1
    assert page.locator("#home-speed").bounding_box()["y"] < 900 - 200  # the plot starts on the first screen
    takeaway = page.locator(".zb-takeaway").inner_text()
    assert "% top-1, the fastest model runs" in takeaway and "× as many" in takeaway
    rows = page.locator("table.zb-findings tbody tr")
    first = rows.first.locator("td").all_inner_texts()
    assert first[0].startswith("NVIDIA") and "images/s" in first[1]  # today's fastest GPU leads
    for gpu in ("RTX 4090", "RTX 5090", "RTX PRO 6000"):
        cells = rows.filter(has_text=gpu).first.locator("td").all_inner_texts()
        assert "% top-1" in cells[1] and "images/s" in cells[2], gpu


ROW_VALUES = """(args) => [...document.querySelectorAll(args.table + ' tbody tr')].filter(r => !r.hidden)
  .map(r => r.cells[args.col].textContent.trim())"""


def _numbers(texts: list[str]) -> list[float]:
    return [float(t.replace(",", "")) for t in texts if t]


def test_timm_device_page_model_by_resolution(site: Path, base_url: str, watched: Watched):
    """The RTX 5090 (timm's tables): settings apart in their own table, a model × resolution table
    with an images/s column per settings, sortable (empty cells last) and filterable, and its chart;
    every device page stays under 1 MB."""
    assert max(p.stat().st_size for p in (site / "devices").glob("*.html")) <= 1_000_000
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "devices/rtx-5090-timm.html")
    settings = page.locator("#settings-columns tbody tr").all_inner_texts()
    assert len(settings) == 2 and all("fp16" in s and "2.9.1" in s for s in settings)
    heads = [h.strip() for h in page.locator("#resolution-grid thead th").all_inner_texts()]
    assert heads[:2] == ["model", "top-1 (%)"] and {"compiled", "eager"} <= set(heads) and "px" in heads
    rows = page.locator("#resolution-grid tbody tr")
    assert rows.count() > 1000
    assert page.locator("#resolution-grid tbody tr", has_text="ResNet-50 @ 288 px").count() == 1
    col = heads.index("eager")
    page.locator("#resolution-grid thead th", has_text="eager").click()  # ascending
    page.locator("#resolution-grid thead th", has_text="eager").click()  # descending
    fps = _numbers(page.evaluate(ROW_VALUES, {"table": "#resolution-grid", "col": col}))
    assert len(fps) > 1000 and fps == sorted(fps, reverse=True)
    page.locator("#resolution-grid thead th", has_text="top-1").click()
    tops = page.evaluate(ROW_VALUES, {"table": "#resolution-grid", "col": 1})
    assert _numbers(tops) == sorted(_numbers(tops)) and tops[-1] == ""  # no top-1: last
    page.fill("input[data-table='resolution-grid']", "resnet-50 @")
    shown = page.locator("#resolution-grid tbody tr:not([hidden])")
    assert 2 <= shown.count() < 20
    assert all("resnet-50" in t.lower() and "@" in t for t in shown.all_inner_texts())  # every word matches
    assert any(t.startswith("ResNet-50 @ 288 px") for t in shown.all_inner_texts())
    assert page.locator("#resolution-grid-count").inner_text() == f"{shown.count()} shown"
    assert watched.charts_rendered() == 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    box = page.locator(".zb-scroll.zb-tall").first.bounding_box()
    assert box is not None and box["width"] <= 390
    assert page.locator("#resolution-grid tbody td:first-child").first.evaluate(
        "e => getComputedStyle(e).position") == "sticky"
    assert watched.errors == []


def test_catalogue_filters_and_sorts(base_url: str, watched: Watched):
    page = watched.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "models/index.html")
    rows = page.locator("#catalogue tbody tr")
    total = rows.count()
    assert total > 1000
    heads = [h.strip() for h in page.locator("#catalogue thead th").all_inner_texts()]
    page.fill("input[data-table='catalogue']", "convnext timm")
    shown = page.locator("#catalogue tbody tr:not([hidden])")
    assert 5 < shown.count() < total
    assert all("convnext" in t.lower() and "timm" in t.lower() for t in shown.all_inner_texts())
    assert page.locator("#catalogue-count").inner_text() == f"{shown.count()} shown"
    page.fill("input[data-table='catalogue']", "")
    assert shown.count() == total
    params = heads.index("params (M)")
    page.locator("#catalogue thead th", has_text="params").click()
    page.locator("#catalogue thead th", has_text="params").click()
    values = page.evaluate(ROW_VALUES, {"table": "#catalogue", "col": params})
    assert _numbers(values) == sorted(_numbers(values), reverse=True) and len(_numbers(values)) > 1000
    assert page.locator("#catalogue thead th", has_text="params").get_attribute("aria-sort") == "descending"
    top1 = heads.index("top-1 (%)")
    page.locator("#catalogue thead th", has_text="top-1").click()
    values = page.evaluate(ROW_VALUES, {"table": "#catalogue", "col": top1})
    assert _numbers(values) == sorted(_numbers(values)) and values[0] != ""
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert not page.locator("#catalogue thead th", has_text="specs from").is_visible()
    assert not page.locator("#catalogue thead th", has_text="family").is_visible()
    assert page.locator("#catalogue thead th", has_text="GFLOPs").is_visible()
    box = page.locator(".zb-scroll.zb-tall").first.bounding_box()
    assert box is not None and box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert watched.errors == []
