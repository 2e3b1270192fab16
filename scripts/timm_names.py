"""Write `core/timm_names.json`: every architecture name timm defines, with its default input
resolution, so that `validate` can refuse an unknown `timm:` id without timm installed and the
database knows each timm model's default resolution.

The list is the installed timm's registry (`timm.list_models()`), its deprecated names (which
timm still builds, under their new names), and the architecture names in timm's own published
benchmark files (`../shared/seed-data/timm/benchmark-*.csv`): a few were defined by the timm that
ran them and have since been removed (their resolution is unknown: null). The default
resolution is the `input_size` of the architecture's default pretrained config. Needs timm (the
`collect` extra).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def names(seed: Path) -> tuple[str, dict[str, int | None]]:
    import timm
    from timm.models import get_deprecated_models, get_pretrained_cfg

    def resolution(name: str) -> int | None:
        try:
            cfg = get_pretrained_cfg(name)
        except RuntimeError:  # a deprecated name whose weights timm no longer lists
            cfg = get_pretrained_cfg(name.partition(".")[0])
        return int(cfg.input_size[-1]) if cfg and cfg.input_size else None

    found: dict[str, int | None] = {name: resolution(name) for name in timm.list_models()}
    found |= {old: resolution(new) for old, new in get_deprecated_models().items()}
    for path in sorted(seed.glob("benchmark-*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            found |= {row["model"]: None for row in csv.DictReader(f) if row["model"] not in found}
    return timm.__version__, dict(sorted(found.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-dir", type=Path, default=REPO.parent / "shared" / "seed-data" / "timm")
    parser.add_argument("--out", type=Path, default=REPO / "core" / "timm_names.json")
    args = parser.parse_args(argv)
    version, listed = names(args.seed_dir)
    doc = {"timm": version, "generated_by": "scripts/timm_names.py", "resolution_px": listed}
    args.out.write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")
    print(args.out, len(listed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
