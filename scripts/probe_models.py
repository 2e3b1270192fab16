"""Write collect/probe_models.json, the `zoobench collect --preset probe` models: the k models that
the held-out evaluation of `zoobench predict` finds most informative, chosen from a database
(default: built from measurements/ into a temporary folder).

    python scripts/probe_models.py [--db PATH] [--k 10]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from zoobench import db
from zoobench.db import predictions

OUT = Path(__file__).resolve().parents[1] / "collect" / "probe_models.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--k", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "zoobench.duckdb"
        if args.db is None:
            db.build(Path("measurements"), path)
        con = db.connect(path, read_only=True)
        try:
            models, candidates = predictions.choose_probe(con, args.k)
            sql = "SELECT version, digest FROM dataset_versions ORDER BY version DESC"
            version = con.execute(sql).fetchall()[0]
        finally:
            con.close()
    how = predictions.PROBE_HOW.format(n=candidates, method=predictions.METHOD)
    doc = {"k": args.k, "how": how, "dataset_digest": version[1], "models": models}
    OUT.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"{OUT}: {', '.join(models)}")


if __name__ == "__main__":
    main()
