"""A MkDocs plugin that keeps the generated pages' HTML blocks out of Markdown and the search index.

Pages are mostly HTML the templates wrote as blocks with `markdown="0"` (tables, charts, grids):
Markdown only parses them to find where they end, and the search plugin parses them again to index
their numbers. Together that was most of the MkDocs build. This plugin lifts each such top-level
block out of the page's markdown before Markdown runs (leaving an HTML comment in its place) and
puts it back into the finished page byte for byte, as Markdown would have passed it through. So
the search index holds the pages' titles, headings and prose, not the
cells of their tables. Values from the database cannot open or close such a block: the templates
escape every `<` in them.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import BasePlugin

# An opening tag with markdown="0" at the start of a line, after a blank line or the page's start.
_OPEN = re.compile(r'(?:\A|(?<=\n\n))<(div|table|figure|form|p|pre)\b[^>\n]*\smarkdown="0"[^>\n]*>')
_PLACEHOLDER = "<!--zb-verbatim:{}-->"
_RESTORE = re.compile(r"<!--zb-verbatim:(\d+)-->")


def _block_end(text: str, tag: str, start: int) -> int | None:
    """Where the block opened at `start` ends (after its matching close tag and the newline), or None
    when the close tag is not followed by the end of the line."""
    tags = re.compile(rf"<(/?){tag}\b[^>]*>")
    depth = 0
    for m in tags.finditer(text, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = m.end()
            if end == len(text) or text[end] == "\n":
                return end
            return None
    return None


def lift(markdown: str) -> tuple[str, list[str]]:
    """The markdown with its top-level `markdown="0"` blocks replaced by placeholders, and the blocks."""
    blocks: list[str] = []
    out: list[str] = []
    pos = 0
    while (m := _OPEN.search(markdown, pos)) is not None:
        end = _block_end(markdown, m.group(1), m.start())
        if end is None:
            out.append(markdown[pos : m.end()])
            pos = m.end()
            continue
        out.append(markdown[pos : m.start()])
        out.append(_PLACEHOLDER.format(len(blocks)))
        blocks.append(markdown[m.start() : end])
        pos = end
    out.append(markdown[pos:])
    return "".join(out), blocks


def restore(html: str, blocks: list[str]) -> str:
    return _RESTORE.sub(lambda m: blocks[int(m.group(1))], html) if blocks else html


class VerbatimPlugin(BasePlugin):  # type: ignore[type-arg]
    """Registered by `site.build.run_mkdocs`; not named in mkdocs.yml."""

    def __init__(self) -> None:
        self.blocks: dict[str, list[str]] = {}

    def on_page_markdown(self, markdown: str, page: Any, **_: Any) -> str:
        text, self.blocks[page.file.src_uri] = lift(markdown)
        return text

    def on_post_page(self, output: str, page: Any, **_: Any) -> str:
        return restore(output, self.blocks.pop(page.file.src_uri, []))
