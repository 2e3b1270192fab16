"""Every page renders from a fixture database (shipped data + a hostile measured file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MEASUREMENTS, REPO
from site_support import HOSTILE_DEVICE, hostile_data

from zoobench import db
from zoobench.errors import ZoobenchError
from zoobench.site import build
from zoobench.site.render import page_slug


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site-pages")
    path = root / "zoobench.duckdb"
    db.build(hostile_data(root, MEASUREMENTS), path)
    return path


@pytest.fixture(scope="module")
def generated(hostile_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list, Path]:
    docs = tmp_path_factory.mktemp("docs")
    pages, _ = build.generate(hostile_db, docs)
    return pages, docs


def test_every_page_renders(generated):
    pages, docs = generated
    paths = {p.path for p in pages}
    for expected in (
        "index.md",
        "best.md",
        "trends.md",
        "compare.md",
        "sources.md",
        "runtimes.md",
        "software.md",
        "settings.md",
        "across-devices.md",
        "sql.md",
        "download.md",
        "contributing.md",
        "methodology.md",
        "models/index.md",
        "devices/index.md",
        "devices/titan-xp-bianco2018.md",
        "devices/hostile-device.md",
        "models/resnet50.md",
    ):
        assert expected in paths
    for p in pages:
        text = (docs / p.path).read_text()
        assert "Dataset version" in text, p.path  # every page states the dataset version
        assert HOSTILE_DEVICE not in text, p.path
        assert "onerror=alert" not in text and "onmouseover=alert" not in text, p.path


def test_titan_xp_page_has_the_colour_coded_table(generated):
    _, docs = generated
    text = (docs / "devices/titan-xp-bianco2018.md").read_text()
    assert 'class="zb-bin fps-1000"' in text and 'class="zb-bin fps-15"' in text  # AlexNet … NASNet-Large
    assert text.count("<tr>") > 44  # 44 models in the time table (and again in memory)
    assert "Images per second (Bianco 2018 bins)" in text


def test_jetson_out_of_memory_cells(generated):
    _, docs = generated
    text = (docs / "devices/jetson-tx1-bianco2018.md").read_text()
    assert "out of memory" in text.split("## Memory")[0]


def _page(generated, path: str):
    return next(p for p in generated[0] if p.path == path)


def test_best_grid_for_titan_xp(generated):
    page = _page(generated, "best.md")
    grid = next(g for g in page.context.grids if g.device_id == "titan-xp-bianco2018")
    assert grid.has_memory and len(grid.cells) == 3 and all(len(r) == 3 for r in grid.cells)
    loose = grid.cells[2][0]  # ≤ 1.4 GB, ≥ 15 images/s
    assert 1 <= len(loose.rows) <= 5
    assert all(r["memory_gb"] <= 1.4 and r["fps"] >= 15 for r in loose.rows)
    tops = [r["top1"] for r in loose.rows]
    assert tops == sorted(tops, reverse=True)
    jetson = next(g for g in page.context.grids if g.device_id == "jetson-tx1-bianco2018")
    assert not jetson.has_memory and len(jetson.cells) == 1


def test_best_grids_do_not_depend_on_the_lookup_cap(hostile_db, monkeypatch):
    """The grids come from their own query: capping the embedded lookup rows drops no device's grid."""
    from zoobench.site.data import Data
    from zoobench.site.pages import best
    from zoobench.site.pages.common import stamp

    con = db.connect(hostile_db, read_only=True)
    try:
        data = Data(con)
        base = stamp(data)
        full = best.best_page(data, base).context
        monkeypatch.setattr(best, "EMBED_CAP", 10)
        capped = best.best_page(data, base).context
    finally:
        con.close()
    assert capped.lookup_capped and len(capped.lookup["rows"]) == 10
    assert capped.grids == full.grids and len(full.grids) >= len(base.devices)


def test_best_grids_answer_as_zoobench_best_does(hostile_db):
    """Each grid cell (site/queries/best_grid.sql, one query for all) lists what `zoobench best`
    (db/queries/best_at_constraint.sql) gives for the same device, runtime, batch size and limits."""
    from zoobench.site.data import Data
    from zoobench.site.pages import best
    from zoobench.site.pages.common import stamp

    con = db.connect(hostile_db, read_only=True)
    try:
        data = Data(con)
        grids = best.best_page(data, stamp(data)).context.grids
        cells = 0
        for g in grids:
            for cell in (c for row in g.cells for c in row):
                q = db.BestQuery(g.device_id, cell.max_memory_gb, cell.min_fps, batch_size=g.batch_size,
                                 top=best.TOP, runtime=g.runtime)
                expected = [(r["model_id"], r["resolution_px"], r["top1"], r["fps"]) for r in db.best_at(con, q).rows]
                assert [(r["model_id"], r["resolution_px"], r["top1"], r["fps"]) for r in cell.rows] == expected
                cells += 1
    finally:
        con.close()
    assert cells >= 9 * len({g.device_id for g in grids if g.has_memory})


def test_compare_pairs_one_time_per_model_and_device(shipped_db):
    """timm measured some models at several resolutions: Compare takes the default one, so each model
    has one time per device (not whichever resolution came last)."""
    from zoobench.site.data import Data

    con = db.connect(shipped_db, read_only=True)
    try:
        rows = Data(con).rows("compare_pairs", batch_size=1)
    finally:
        con.close()
    keys = [(r["model_id"], r["device_id"]) for r in rows]
    assert len(keys) == len(set(keys)) and len({r["model_id"] for r in rows}) > 1000


def test_compare_shows_the_devices_with_the_most_models(hostile_db, monkeypatch):
    """Past MAX_DEVICES the table keeps the devices with the most models (the reference among them),
    each row has two of their times, and the page says how many devices it leaves out."""
    from zoobench.site.data import Data
    from zoobench.site.pages import compare
    from zoobench.site.pages.common import stamp
    from zoobench.site.render import environment, render

    con = db.connect(hostile_db, read_only=True)
    try:
        data = Data(con)
        base = stamp(data)
        full = compare.compare_page(data, base)
        monkeypatch.setattr(compare, "MAX_DEVICES", 3)
        capped = compare.compare_page(data, base)
    finally:
        con.close()
    ctx = capped.context
    assert len(ctx.devices) == 3 and ctx.all_devices == full.context.all_devices == len(full.context.devices) > 3
    assert ctx.reference == full.context.reference and ctx.reference in ctx.devices
    assert all(sum(t is not None for t in r.times) >= 2 for r in ctx.rows)
    env = environment()
    assert f'"3 of {ctx.all_devices} devices"' in render(env, capped)
    assert f"of {ctx.all_devices} devices" not in render(env, full)


def test_device_grids_show_the_fastest_models_past_the_cap(hostile_db, monkeypatch):
    """Past MAX_GRID_ROWS a device's batch-size grids and chart keep its fastest models, in table
    order, and the page says how many it leaves out; timm's model × resolution pages are not capped."""
    from zoobench.site.data import Data
    from zoobench.site.pages import devices
    from zoobench.site.pages.common import stamp
    from zoobench.site.render import environment, render

    con = db.connect(hostile_db, read_only=True)
    try:
        data = Data(con)
        base = stamp(data)
        full = devices.device_page(data, base, "titan-xp-bianco2018")
        monkeypatch.setattr(devices, "MAX_GRID_ROWS", 10)
        capped = devices.device_page(data, base, "titan-xp-bianco2018")
        timm = devices.device_page(data, base, "rtx-5090-timm").context
    finally:
        con.close()
    rows, all_rows = capped.context.rows, full.context.rows
    assert len(rows) == 10 and capped.context.all_rows == len(all_rows) > 10
    fastest = sorted(devices._best_time(r) for r in all_rows)[:10]
    assert sorted(devices._best_time(r) for r in rows) == fastest
    assert [r.model_id for r in rows] == [r.model_id for r in all_rows if r in rows]  # table order
    spec = json.dumps(capped.charts[0].spec)
    assert all(json.dumps(r.name) in spec for r in rows)
    assert not any(json.dumps(r.name) in spec for r in all_rows if r not in rows)
    assert f'"10 of {len(all_rows)} models"' in render(environment(), capped)
    assert f"of {len(all_rows)} models" not in render(environment(), full)
    assert timm.layout == "resolution" and len(timm.table) > 10


def test_model_page_tells_resolutions_apart(generated):
    """timm measured ResNet-50 at several input sizes on the RTX 5090: the table has a px column and
    the time chart has a line per resolution, named for it when it is not the model's default."""
    pages, docs = generated
    page = next(p for p in pages if p.path == "models/resnet50.md")
    rtx = next(b for b in page.context.devices if b.device_id == "rtx-5090-timm")
    assert len({r["resolution_px"] for r in rtx.rows}) > 1
    assert "<th>input (px)</th>" in (docs / page.path).read_text()
    spec = json.dumps(page.charts[0].spec)
    assert "NVIDIA GeForce RTX 5090 @ 288 px" in spec


def test_trends_print_the_upper_bound(generated):
    page = _page(generated, "trends.md")
    speed = next(s for s in page.context.sections if s.id == "accuracy-speed")
    ub = next(f for f in speed.fits if f["label"] == "titan-xp-bianco2018: upper bound")
    assert ub["n"] >= 20 and ub["slope"] < 0  # faster models are less accurate at the frontier
    assert all(c.spec for c in page.charts)


def test_every_chart_is_valid_vega_lite(generated):
    """The build skips Altair's schema validation (it cost most of the build): the specs are checked here,
    every chart on every page but the model pages, which all share one chart kind (ResNet-50's stands in)."""
    from altair.vegalite.v6.schema.core import Root

    pages, _ = generated
    checked = [p for p in pages if not p.path.startswith("models/") or p.path == "models/resnet50.md"]
    charts = [c for p in checked for c in p.charts]
    assert len(charts) > 20
    for c in charts:
        Root.validate(c.spec)


def test_a_page_per_device_and_model_each_in_the_nav_or_linked(generated, hostile_db):
    pages, docs = generated
    paths = [p.path for p in pages]
    assert len(set(paths)) == len(paths)
    devices = db.query(hostile_db, "SELECT device_id FROM devices").rows
    models = db.query(hostile_db, "SELECT model_id FROM models").rows
    assert {f"devices/{d}.md" for (d,) in devices} <= set(paths)
    assert {f"models/{page_slug(m)}.md" for (m,) in models} <= set(paths)
    listed = json.dumps(build.nav(pages))
    catalogue = (docs / "models/index.md").read_text()
    for path in paths:
        assert path in listed or path.removeprefix("models/").removesuffix(".md") in catalogue, path


def test_download_page_lists_what_the_export_wrote(generated):
    _, docs = generated
    index = db.read_index(docs / "download")
    assert [d.name for d in index] == [*db.PUBLIC_TABLES, *db.PUBLIC_VIEWS]
    text = (docs / "download.md").read_text()
    for d in index:
        assert d.csv is not None  # the shipped data's tables are all small enough for CSV
        assert (docs / "download" / d.parquet).is_file() and (docs / "download" / d.csv).is_file()
        assert f"<code>{d.name.replace('_', '&#95;')}</code></td><td>{d.kind}</td><td>{d.rows}</td>" in text


def test_contributing_page_is_contributing_md(tmp_path: Path) -> None:
    """The site and the repository give the same steps: the page renders CONTRIBUTING.md itself."""
    from zoobench.site.pages.static import contributing_page, measurement_format_page

    stamp = None  # the stamp is not used by the documents' own text
    page = contributing_page(stamp)  # type: ignore[arg-type]
    text = (REPO / "CONTRIBUTING.md").read_text()
    assert page.context.extra["title"] == text.splitlines()[0].removeprefix("# ")
    assert "zoobench collect --preset bianco2018" in page.context.extra["body"]
    assert "(docs/measurement-format.md)" not in page.context.extra["body"]
    fmt = measurement_format_page(stamp)  # type: ignore[arg-type]
    assert "`models[].batches[].latency_per_batch.median_ms`" in fmt.context.extra["body"]


def test_predicted_cells_are_marked_and_apart(generated):
    _, docs = generated
    a100 = (docs / "devices/a100-sxm4-40gb-pytorch-gpu-benchmark.md").read_text()
    assert "## Predicted, not measured here" in a100
    assert 'class="zb-predicted"' in a100 and "90 % interval" in a100 and "fitted on dataset version" in a100
    grid = a100.split('id="time-grid"')[1].split("</table>")[0]
    assert "zb-predicted" not in grid  # the A100 grid's models were all measured at its batch size
    from zoobench.site.pages.devices import Cell, GridRow, _fill_predicted

    row = GridRow("resnet18", "ResNet-18", [Cell(1, "ok", 2.0, 500.0), Cell(2, None)], 224)
    p = {"model_id": "resnet18", "resolution_px": 224, "batch_size": 2, "time_per_image_ms": 1.5, "fps": 666.7}
    other = {"model_id": "vgg16", "resolution_px": 224, "batch_size": 2, "time_per_image_ms": 9.0, "fps": 111.1}
    at_288 = {**p, "resolution_px": 288}  # another resolution of the model is another row
    rows, rest = _fill_predicted([row], [1, 2], [p, other, at_288])
    assert rows[0].cells[1].status == "predicted" and rows[0].cells[0].status == "ok" and rest == [other, at_288]
    nasnet = (docs / "models/nasnetalarge.md").read_text()
    assert "### Predicted, not measured" in nasnet and 'class="zb-predicted"' in nasnet


def test_model_page_pivots_every_evaluation_set(generated):
    page = _page(generated, "models/inceptionv4.md")
    table = page.context.accuracy
    assert [s[1] for s in table.sets] == ["ImageNet", "ReaL", "V2", "Sketch", "IN-A", "IN-R"]
    timm = next(s for s in table.sources if s.source == "timm")
    row = next(r for r in timm.rows if r.weights == "tf_in1k" and r.resolution_px == 299)
    assert set(row.cells) == {d for d, _, _ in table.sets}  # one row, six sets
    assert "results/results-imagenet-a.csv" in timm.cited and "at commit" in timm.cited
    bianco = next(s for s in table.sources if s.source == "bianco2018")
    assert set(bianco.rows[0].cells) == {"imagenet-1k-val"}
    text = (generated[1] / "models/inceptionv4.md").read_text()
    assert text.count('<th title="') == 6 and "shift.md" in text


def test_shift_page_fits_each_set_on_logit_scales(generated):
    page = _page(generated, "shift.md")
    assert [s.label for s in page.context.sets] == ["ReaL", "V2", "Sketch", "IN-A", "IN-R"]
    for s in page.context.sets:
        assert s.fit["n"] > 1000 and 0 < s.fit["r2"] <= 1 and s.fit["slope"] > 0
        assert len(s.above) == 5 and all(a["gap"] > 0 for a in s.above)
        low, high = s.reading
        assert low[0] < high[0] and low[1] < high[1]  # a better ImageNet model is better on the set
    assert len(page.charts) == 1 and page.charts[0].spec["layer"]
    assert "shift.md" in json.dumps(build.nav(generated[0]))


def test_home_picture_and_findings_include_todays_gpus(generated):
    ctx = _page(generated, "index.md").context
    assert ctx.chart is not None and ctx.takeaway is not None
    t = ctx.takeaway
    assert t.then["in_study"] and not t.now["in_study"] and t.ratio > 1
    assert t.then["top1"] >= t.top1 and t.now["top1"] >= t.top1
    by_id = {f.device_id: f for f in ctx.findings}
    for gpu in ("rtx-4090-timm", "rtx-5090-timm", "rtx-pro-6000-maxq-timm"):
        f = by_id[gpu]
        assert f.fastest and f.fastest_accurate and f.fastest_accurate["top1"] >= ctx.min_top1
    fps = [f.fastest["fps"] for f in ctx.findings if f.fastest]
    assert fps == sorted(fps, reverse=True)


def test_timm_device_page_is_model_by_resolution(generated):
    """Where resolution, not batch size, varies (timm's tables), the page is one row per model ×
    resolution, labelled like `zoobench best` ("ResNet-50 @ 288 px"), one images/s column per
    settings × PyTorch version; the RTX 3090's three PyTorch versions are three columns."""
    page = _page(generated, "devices/rtx-5090-timm.md")
    ctx = page.context
    assert ctx.layout == "resolution"
    assert {(c.execution, c.torch_version) for c in ctx.columns} == {("eager", "2.9.1"), ("compiled", "2.9.1")}
    assert sorted(c.heading for c in ctx.columns) == ["compiled", "eager"]
    r50 = {r.resolution_px: r for r in ctx.table if r.model_id == "resnet50"}
    assert r50[224].label == "ResNet-50" and r50[288].label == "ResNet-50 @ 288 px"
    assert all(c is not None and c.fps > 1000 for c in r50[224].cells)
    assert len(ctx.table) > 1000 and len({(r.model_id, r.resolution_px) for r in ctx.table}) == len(ctx.table)
    text = (generated[1] / page.path).read_text()
    assert "ResNet-50 @ 288 px" in text and 'id="resolution-grid"' in text and 'id="time-grid"' not in text
    rtx3090 = _page(generated, "devices/rtx-3090-timm.md").context
    assert [c.torch_version for c in rtx3090.columns if c.settings_key == "fp16/contiguous/eager"] == [
        "2.4.0", "2.1.0", "1.13"]
    assert _page(generated, "devices/titan-xp-bianco2018.md").context.layout == "batch"


def test_model_label_is_one_rule(hostile_db):
    """`best`'s label and the site's tables name a model at a resolution with one macro."""
    rows = db.query(hostile_db, "SELECT model_label('ResNet-50', 288, 224), model_label('ResNet-50', 224, 224), "
                                "model_label('ResNet-50', NULL, 224)").rows
    assert rows == [("ResNet-50 @ 288 px", "ResNet-50", "ResNet-50")]


def test_home_names_models_with_model_label(generated, hostile_db):
    """The home page's findings and takeaway name a model at a resolution with the model_label macro
    (the queries return it); the template writes no "@ N px" rule of its own."""
    ctx = _page(generated, "index.md").context
    rows = [r for f in ctx.findings for r in (f.best_at_30, f.fastest_accurate, f.fastest, f.memory_floor) if r]
    rows += [ctx.takeaway.then, ctx.takeaway.now]
    defaults = dict(db.query(hostile_db, "SELECT model_id, resolution_px FROM models").rows)
    for r in rows:
        at_default = r["resolution_px"] == defaults[r["model_id"]]
        assert r["label"] == (r["name"] if at_default else f"{r['name']} @ {r['resolution_px']} px")
    assert "px" not in (REPO / "templates" / "home.md.j2").read_text()


def test_a_labs_own_site_is_named_and_cloned_as_its_own(hostile_db, tmp_path):
    """`site build --site-name … --repo-url …`: the home page is headed and introduced by the lab's
    name (not zoobench's story), and the Contributing page clones the lab's repository."""
    from zoobench.site import render
    from zoobench.site.data import Data
    from zoobench.site.pages.common import stamp
    from zoobench.site.pages.home import home_page
    from zoobench.site.pages.static import contributing_page

    con = db.connect(hostile_db, read_only=True)
    try:
        data = Data(con)
        base = stamp(data)
        home = render.render(render.environment(), home_page(data, base, "Lab <b>bench</b>"))
    finally:
        con.close()
    heading = next(line for line in home.splitlines() if line.startswith("# "))
    assert "Lab" in heading and "zoobench" not in heading and "<b>" not in home
    assert "benchmarks image-classification networks with zoobench" in home
    assert "open, living benchmark" not in home and "Canziani" not in home
    page = contributing_page(base, "https://git.lab.example/ml/bench.git")
    body = page.context.extra["body"]
    assert "git clone https://git.lab.example/ml/bench.git && cd bench" in body and "github.com/zoobench" not in body
    with pytest.raises(ZoobenchError, match="--repo-url"):
        build.build_site(hostile_db, tmp_path / "site", docs_dir=tmp_path / "docs", repo_url="javascript:alert(1)")
    assert not (tmp_path / "site").exists() and not (tmp_path / "docs").exists()


def test_forked_page_writers_write_what_one_process_writes(generated, tmp_path):
    pages, _ = generated
    one, two = tmp_path / "one", tmp_path / "two"
    build.write_pages(pages, one, workers=1)
    build.write_pages(pages, two, workers=2)
    written = sorted(p.relative_to(one) for p in one.rglob("*.md"))
    assert len(written) == len(pages)
    assert written == sorted(p.relative_to(two) for p in two.rglob("*.md"))
    assert all((one / p).read_bytes() == (two / p).read_bytes() for p in written)


def test_a_page_writer_error_reaches_the_build(generated, tmp_path):
    pages, _ = generated
    (tmp_path / "models").write_text("a file where the model pages' folder goes")
    with pytest.raises(OSError):
        build.write_pages(pages, tmp_path, workers=2)
