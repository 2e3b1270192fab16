"""The one escaping filter: hostile names show as text in markdown, HTML, tables and JSON blocks."""

from __future__ import annotations

import json

import markdown
import pytest
from markupsafe import Markup

from zoobench.site.escape import md, script_json
from zoobench.site.render import environment, page_slug, safe_url

HOSTILE = [
    "<script>alert(1)</script>",
    "a | b | c",
    "*bold* _it_ **x** `code` [l](javascript:alert(1)) ![i](x.png)",
    "# heading\n- item",
    "&amp; &lt; \"quotes\" 'single'",
    ":smile: {: .cls } ^^sup^^ ~~del~~",
]


def _render_md(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])


@pytest.mark.parametrize("value", HOSTILE)
def test_md_shows_the_text_itself_in_a_table_cell(value):
    html = _render_md(f"| a | b |\n|---|---|\n| {md(value)} | x |\n")
    assert "<script" not in html and "<b>" not in html and "<em>" not in html and "<code>" not in html
    assert "<a " not in html and "<img" not in html
    assert html.count("<td>") == 2  # the pipe did not split the cell
    # the browser shows the original text (newlines become spaces)
    import html as h

    cell = html.split("<td>")[1].split("</td>")[0]
    assert h.unescape(cell) == value.replace("\n", " ")


@pytest.mark.parametrize("value", HOSTILE)
def test_md_in_headings_and_html(value):
    html = _render_md(
        f'# {md(value)}\n\n<div markdown="0"><span title="{md(value)}">{md(value)}</span></div>\n'
    )
    assert "<script" not in html and "<img" not in html and "<em>" not in html


def test_md_passes_markup_and_none():
    assert md(None) == ""
    assert md(Markup("<b>ok</b>")) == "<b>ok</b>"
    assert md(1.5) == "1.5"


def test_script_json_cannot_close_the_block():
    text = script_json({"name": "</script><script>alert(1)</script>", "x": float("nan"), "amp": "&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>", "x": None, "amp": "&"}


def test_environment_escapes_every_value_but_not_macros():
    env = environment()
    tpl = env.from_string(
        "{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}{{ v }} {{ b(v) }} {{ 3.14159 | num }}"
    )
    out = tpl.render(v="<i>x</i>")
    assert out.startswith("&lt;i&gt;x&lt;/i&gt; <b>&lt;i&gt;x&lt;/i&gt;</b>")
    assert out.endswith("3.14")


def test_safe_url_and_page_slug():
    assert safe_url("javascript:alert(1)") == "#"
    assert safe_url("https://example.org/a_b").startswith("https&#58;//example.org/a&#95;b")
    assert page_slug("timm:resnet50") == "timm--resnet50"
    with pytest.raises(ValueError):
        page_slug("../etc/passwd")
