"""Hypothesis strategies for JSON documents drawn from a JSON Schema (the subset pydantic emits).

hypothesis-jsonschema does the same in general but no longer runs on current hypothesis; this
covers the keywords `zoobench schema` uses: $ref, anyOf, enum, const, type, properties, required,
additionalProperties, propertyNames, items, minItems/maxItems, minimum/maximum (exclusive too),
minLength/maxLength, pattern and format date-time. Values reach the bounds the schema gives, and
strings and times go well outside what a reader expects (any code point, years 1 to 9999).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

MAX_LIST = 3  # lists are short: the checks are about values, not about volume
MAX_TEXT = 12


def zones() -> st.SearchStrategy[timezone]:
    return st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))


def timestamps() -> st.SearchStrategy[str]:
    near = st.datetimes(datetime(2015, 1, 1), datetime(2030, 1, 1), timezones=zones())
    anywhere = st.datetimes(timezones=zones())  # years 1 to 9999, in any zone
    edges = st.builds(lambda t, z: t.replace(tzinfo=z), st.sampled_from([datetime.min, datetime.max]), zones())
    now = st.just(datetime.now(UTC))
    return st.one_of(near, anywhere, edges, now).map(lambda t: t.isoformat())


def from_schema(schema: dict[str, Any], overrides: dict[str, st.SearchStrategy[Any]] | None = None
                ) -> st.SearchStrategy[Any]:
    """Documents valid against `schema`'s structure and bounds; `overrides` maps a property name
    to its own strategy (e.g. ids that must name something known)."""
    defs = schema.get("$defs", {})
    overrides = overrides or {}

    def build(node: dict[str, Any]) -> st.SearchStrategy[Any]:
        if "$ref" in node:
            return st.deferred(lambda: build(defs[node["$ref"].rsplit("/", 1)[-1]]))
        if "anyOf" in node:
            return st.one_of([build(n) for n in node["anyOf"]])
        if "const" in node:
            return st.just(node["const"])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        kind = node.get("type")
        if kind == "object":
            return objects(node)
        if kind == "array":
            return st.lists(build(node.get("items", {})), min_size=node.get("minItems", 0),
                            max_size=max(node.get("minItems", 0), node.get("maxItems", MAX_LIST)))
        if kind == "string":
            return strings(node)
        if kind == "integer":
            low, high = node.get("minimum", -(2**63)), node.get("maximum", 2**63)
            return st.one_of(st.integers(low, high), st.sampled_from([low, high]))
        if kind == "number":
            return numbers(node)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        raise NotImplementedError(f"schema node {node}")

    def strings(node: dict[str, Any]) -> st.SearchStrategy[str]:
        if node.get("format") == "date-time":
            return timestamps()
        if "pattern" in node:
            return st.from_regex(node["pattern"], fullmatch=True)
        low = node.get("minLength", 0)
        return st.text(min_size=low, max_size=max(low, min(node.get("maxLength", MAX_TEXT), MAX_TEXT)))

    def numbers(node: dict[str, Any]) -> st.SearchStrategy[float]:
        low = node.get("minimum", node.get("exclusiveMinimum"))
        high = node.get("maximum", node.get("exclusiveMaximum"))
        inside = st.floats(low, high, allow_nan=False, allow_infinity=False,
                           exclude_min="exclusiveMinimum" in node, exclude_max="exclusiveMaximum" in node)
        edges = [v for v in (node.get("minimum"), node.get("maximum")) if v is not None]
        return st.one_of(inside, st.sampled_from(edges)) if edges else inside

    def objects(node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        props = node.get("properties")
        if props is None:  # a map: keys from propertyNames, values from additionalProperties
            names = node.get("propertyNames", {})
            keys = build(names) if "$ref" in names or "enum" in names else strings({"type": "string", **names})
            return st.dictionaries(keys, build(node.get("additionalProperties", {})), max_size=MAX_LIST)
        required = set(node.get("required", ()))
        fields = {k: overrides[k] if k in overrides else build(v) for k, v in props.items()}

        @st.composite
        def draw_object(draw: st.DrawFn) -> dict[str, Any]:
            present = [k for k in fields if k in required or draw(st.booleans())]
            return {k: draw(fields[k]) for k in present}

        return draw_object()

    return build(schema)
