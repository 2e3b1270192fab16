"""The MkDocs plugin that keeps the pages' `markdown="0"` HTML blocks away from Markdown and search."""

from __future__ import annotations

import markdown

from zoobench.site.verbatim import lift, restore

PAGE = """# A page

<div class="zb-scroll" markdown="0">
<div class="inner"><table markdown="0"><tr><td>*not emphasis* &#95;x&#95;</td></tr></table></div>
</div>

Some *prose* between.

<table markdown="0">
<tr><td>1</td></tr>
</table>
Text right after the table.

Inline <p markdown="0">not at a line start</p> stays.

<figure markdown="0"><figcaption>unclosed</figcaption>
"""


def test_lift_takes_top_level_blocks_and_restore_puts_them_back():
    text, blocks = lift(PAGE)
    assert len(blocks) == 2
    assert blocks[0].startswith('<div class="zb-scroll"') and blocks[0].endswith("</table></div>\n</div>")
    assert blocks[1] == '<table markdown="0">\n<tr><td>1</td></tr>\n</table>'
    assert "not at a line start" in text and "unclosed" in text  # left for Markdown
    assert restore(text, blocks) == PAGE


def test_the_site_renders_the_same_with_and_without_lifting():
    """Markdown passes `markdown="0"` blocks through unchanged: lifting them changes no byte of the page."""
    md = markdown.Markdown(extensions=["tables", "attr_list", "md_in_html"])
    plain = md.convert(PAGE)
    text, blocks = lift(PAGE)
    assert restore(md.reset().convert(text), blocks) == plain
