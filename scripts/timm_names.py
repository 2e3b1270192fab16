"""Write `core/timm_names.json`: every architecture name timm defines, so that `validate` can refuse
an unknown `timm:` id without timm installed.

The list is the installed timm's registry (`timm.list_models()`), its deprecated names (which
timm still builds, under their new names), and the architecture names in timm's own published
benchmark files (`../shared/seed-data/timm/benchmark-*.csv`): a few were defined by the timm that
ran them and have since been removed. Needs timm (the `collect` extra).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def names(seed: Path) -> tuple[str, list[str]]:
    import timm
    from timm.models import get_deprecated_models

    found = set(timm.list_models()) | set(get_deprecated_models())
    for path in sorted(seed.glob("benchmark-*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            found |= {row["model"] for row in csv.DictReader(f)}
    return timm.__version__, sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-dir", type=Path, default=REPO.parent / "shared" / "seed-data" / "timm")
    parser.add_argument("--out", type=Path, default=REPO / "core" / "timm_names.json")
    args = parser.parse_args(argv)
    version, listed = names(args.seed_dir)
    doc = {"timm": version, "generated_by": "scripts/timm_names.py", "names": listed}
    args.out.write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")
    print(args.out, len(listed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
