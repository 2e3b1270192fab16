"""The field-by-field documentation of the measurement file, generated from the format's own models.

`zoobench schema --markdown -o docs/measurement-format.md` writes it; a test checks it is current.
"""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from zoobench import measurement as fmt

INTRO = f"""# Measurement file format, version {fmt.SCHEMA_VERSION}

A measurement file is one JSON object (UTF-8, at most {fmt.MAX_FILE_BYTES // 2**20} MiB) per run:
one device and one `zoobench collect` invocation, or one published table. The format is defined
once, in `core/measurement.py` (pydantic); `zoobench schema` prints its JSON Schema (committed as
`docs/measurement-schema-v2.json`; version 1 files are still read) and `zoobench validate FILE...`
checks files strictly.

Conventions:

- **Units are in field names**: `_ms` milliseconds, `_mb` mebibytes (2^20 bytes), `_j` joules,
  `_w` watts, `_s` seconds, `_px` pixels, `_img_s` images per second; accuracy in percent.
- **Missing is `null`, never 0.** A batch that did not fit has `status: "oom"` and no latency.
- **FLOPs** are always stored as GFLOPs with 2 FLOPs per multiply-add; `convention` says how they
  were obtained (`flop_counter`: `torch.utils.flop_counter`; `macs_x2`: a published multiply-add
  count, doubled; `conv_only`: convolutions only, as Bianco 2018 counted).
- **`run.id`** is `sha256:` + the SHA-256 of the file's canonical JSON (sorted keys, two-space
  indent, `run.id` empty). Files are written by zoobench; a file edited by hand no longer matches
  and is refused. The database uses it to ingest each file once.
- **Strict types**: no unknown fields, no numbers in strings, no NaN or infinity, no negative or
  absurd values (latency ≤ {fmt.MAX_MS:g} ms, memory ≤ {fmt.MAX_MB:g} MiB, batch ≤ {fmt.MAX_BATCH}).
- Times are ISO 8601 with a time zone.

What version 2 added (version 1 files are still read, with version 1's meaning: runtime
`pytorch`, fp16/bf16 by autocast; they may not use the new fields):

- **Runtime and precision method**: `settings.runtime` (`pytorch`, `tensorrt` …) and
  `settings.precision_method` (`autocast` or `cast`; `fp64` is always a cast) are part of a
  measurement's identity. The settings key stays `precision/memory_format/mode` (e.g.
  `fp16/contiguous/eager`); a cast precision is written `fp16-cast`, `bf16-cast`, `fp64-cast`;
  mode is `eager`, `compiled[:mode]`, or the runtime when it is not PyTorch
  (`fp16/contiguous/tensorrt`).
- **Resolution is identity**: model entries are unique by `model_id`, `weights` and
  `resolution_px`; the database keys measurements by model × resolution × device × batch size ×
  settings, and joins accuracy on model and resolution (`accuracy[].resolution_px`, with
  `crop_pct`, `interpolation` and the weights' `pretrain` data).
- **One architecture, one id**: `model_id` is the implementation that ran (`timm:resnet50`); the
  registry declares equivalent ids and the database files rows under the canonical one
  (`resnet50`), keeping the other in an `implementation` column. A `timm:` id must name an
  architecture timm defines (a list ships with zoobench).
- **`activations_m`** (timm's `infer_macts`) and **`settings.throughput_timing`**, for a
  published throughput measured in a different loop from the latency.

Each table below lists one object's fields: the JSON path (`[]` marks list items, `{{}}` map values),
the type, whether the field is required, and what it means.
"""


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        inner = " or ".join(_type_name(a) for a in args)
        return f"{inner} or null" if type(None) in typing.get_args(annotation) else inner
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"map of {_type_name(args[0])} → {_type_name(args[1])}"
    if origin is typing.Literal:
        return " or ".join(f"`{a!r}`" for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " or ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"object ({annotation.__name__})"
    return getattr(annotation, "__name__", str(annotation))


def _bounds(info: FieldInfo) -> str:
    parts = []
    for meta in info.metadata:
        for attr, sign in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
            if getattr(meta, attr, None) is not None:
                parts.append(f"{sign} {getattr(meta, attr):g}")
    return f" ({', '.join(parts)})" if parts else ""


def _models_in(annotation: Any) -> list[tuple[str, type[BaseModel]]]:
    """Nested objects reachable from a field's type, with the path suffix that leads to them."""
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [("", annotation)]
    found = []
    for arg in typing.get_args(annotation):
        suffix = (
            "[]"
            if origin is list
            else "{}"
            if origin is dict and arg is typing.get_args(annotation)[-1]
            else ""
        )
        found += [(suffix + s, m) for s, m in _models_in(arg)]
    return found


def field_rows(
    model: type[BaseModel] = fmt.MeasurementFile, prefix: str = ""
) -> list[tuple[str, str, str, str]]:
    """(path, type, required, description) for every field, depth first."""
    rows = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        nested = _models_in(info.annotation)
        doc = info.description or (nested and (nested[0][1].__doc__ or "").strip().splitlines()[0]) or ""
        doc = doc.replace("\n", " ")
        rows.append(
            (path, _type_name(info.annotation) + _bounds(info), "yes" if info.is_required() else "", doc)
        )
        for suffix, sub in nested:
            rows += field_rows(sub, path + suffix)
    return rows


def markdown() -> str:
    lines = [INTRO, "| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    for path, kind, required, doc in field_rows():
        lines.append(f"| `{path}` | {kind.replace('|', '/')} | {required} | {doc.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
