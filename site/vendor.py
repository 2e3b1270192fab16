"""JavaScript the site needs, vendored at build time from the npm registry (no CDN at runtime).

`site/vendor/package.json` + `package-lock.json` pin exact versions. `npm ci` runs once into a cache
folder keyed by the lock file's hash (default `build/npm/<hash>`); later builds copy from there.
The DuckDB-WASM ES module imports `apache-arrow` by a bare name, which browsers cannot resolve
without an import map; the copy reads Arrow from the global its UMD build defines instead.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from zoobench.errors import ZoobenchError

# (file inside node_modules, destination under the vendor folder)
CHARTS = [
    ("vega/build/vega.min.js", "vega/vega.min.js"),
    ("vega-lite/build/vega-lite.min.js", "vega/vega-lite.min.js"),
    ("vega-embed/build/vega-embed.min.js", "vega/vega-embed.min.js"),
]
DUCKDB = [
    ("@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js", "duckdb/duckdb-browser-eh.worker.js"),
    ("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm", "duckdb/duckdb-eh.wasm"),
    ("@duckdb/duckdb-wasm/dist/duckdb-browser.mjs", "duckdb/duckdb-browser.js"),
    ("apache-arrow/Arrow.es2015.min.js", "duckdb/arrow.min.js"),
]
LICENSES = ["vega", "vega-lite", "vega-embed", "@duckdb/duckdb-wasm", "apache-arrow"]
_ARROW_IMPORT = re.compile(r'import\s*\*\s*as\s*([A-Za-z_$][\w$]*)\s*from\s*"apache-arrow";?')


@dataclass
class Vendored:
    versions: dict[str, str]
    files: list[Path]
    downloaded: bool


def _spec_dir() -> Path:
    return Path(str(resources.files("zoobench.site").joinpath("vendor")))


def lock_hash() -> str:
    return hashlib.sha256((_spec_dir() / "package-lock.json").read_bytes()).hexdigest()[:16]


def ensure_node_modules(cache_root: Path) -> tuple[Path, bool]:
    """`node_modules` for the pinned lock file, installing it with `npm ci` when not cached."""
    target = cache_root / lock_hash()
    modules = target / "node_modules"
    if (target / ".complete").exists():
        return modules, False
    if shutil.which("npm") is None:
        raise ZoobenchError("the site build needs npm (Node.js) to vendor its JavaScript libraries")
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(_spec_dir() / name, target / name)
    cmd = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    proc = subprocess.run(cmd, cwd=target, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ZoobenchError(f"npm ci failed in {target}:\n{proc.stderr[-2000:]}")
    (target / ".complete").write_text("ok\n")
    return modules, True


def _version(modules: Path, package: str) -> str:
    import json

    return json.loads((modules / package / "package.json").read_text())["version"]


def vendor(dest: Path, cache_root: Path, *, duckdb: bool = True) -> Vendored:
    """Copy the pinned libraries into `dest` (e.g. docs/assets/vendor); returns versions and files."""
    modules, downloaded = ensure_node_modules(cache_root)
    files = []
    for src, rel in CHARTS + (DUCKDB if duckdb else []):
        out = dest / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith("duckdb-browser.js"):
            text = (modules / src).read_text("utf-8")
            names = _ARROW_IMPORT.findall(text)
            if not names:
                raise ZoobenchError("duckdb-browser.mjs no longer imports apache-arrow as expected")
            head = "".join(f"const {n}=globalThis.Arrow;" for n in names)  # imports are hoisted: so is this
            out.write_text(head + "\n" + _ARROW_IMPORT.sub("", text), "utf-8")
        else:
            shutil.copyfile(modules / src, out)
        files.append(out)
    versions = {p: _version(modules, p) for p in LICENSES}
    lic = dest / "LICENSES.txt"
    parts = []
    for p in LICENSES:
        for name in ("LICENSE", "LICENSE.txt", "LICENSE.md"):
            f = modules / p / name
            if f.exists():
                parts.append(f"==== {p} {versions[p]} ====\n{f.read_text('utf-8', errors='replace')}")
                break
    lic.write_text("\n\n".join(parts), "utf-8")
    return Vendored(versions, files, downloaded)
