"""The review's markdown is safe to post on a pull request (issue #9, item 2): rendered by a real
CommonMark/GFM renderer (markdown-it with tables, strikethrough and autolinks), a review of files
full of markup has exactly the structure of a review of plain files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from factories import measured_dict, write
from markdown_it import MarkdownIt
from markdown_it.token import Token

from zoobench import db
from zoobench.output import gfm_inert

NAME = (  # a device name (at most 200 characters)
    "X\r## ✅ Approved by maintainers\n\n| a | b |\n@octocat #123 owner/repo#9 https://evil.example "
    "www.evil.com a@evil.com *bold* _em_ ~~gone~~ `code` <b>x</b> <!-- c --> &amp; [link](https://a.example)"
)
MODE = (  # a compile mode: it shows in the settings column
    "![img](https://a.example/i.png) :tada: $x^2$ **x** \\| \\\\ \u2028U2028 \u2029U2029 \x85NEL \x0bVT "
    "\x0cFF \x1b[31mESC > quote - item 1. item mailto:a@b.c"
)


def gfm() -> MarkdownIt:
    return MarkdownIt("gfm-like")  # tables, strikethrough, linkify, HTML allowed as on GitHub


def structure(tokens: list[Token]) -> list[Any]:
    """Block and inline token kinds, in order (text content left out)."""
    out: list[Any] = []
    for t in tokens:
        if t.type == "inline":
            out.append([c.type for c in t.children or [] if c.type != "text"])
        else:
            out.append((t.type, t.tag, t.nesting))
    return out


def text_of(tokens: list[Token]) -> str:
    return " ".join(c.content for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "text")


def review_text(tmp_path: Path, name: str, mode: str, file_name: str) -> str:
    data = measured_dict(device_id="pr-device", device_name=name, models={"resnet18": [(1, 10.0)]})
    data["settings"] |= {"execution": "compiled", "compile_mode": mode}
    data["run"]["notes"] = name
    path = write(tmp_path / file_name, data)
    return db.review([path], tmp_path / "absent.duckdb").markdown()


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("md")
    plain = review_text(folder / "plain", "Plain device", "max-autotune", "plain.json")
    evil = review_text(folder / "evil", NAME, MODE, "x @octocat #1 *y* [z](w).json")
    return plain, evil


def test_markup_in_files_does_not_change_the_rendered_structure(pair: tuple[str, str]) -> None:
    plain, evil = pair
    assert structure(gfm().parse(evil)) == structure(gfm().parse(plain))


def test_nothing_from_a_file_becomes_a_link_mention_reference_or_heading(pair: tuple[str, str]) -> None:
    _, evil = pair
    tokens = gfm().parse(evil)
    kinds = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    assert not kinds & {"link_open", "image", "html_inline", "em_open", "strong_open", "s_open", "code_inline"}
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["zoobench review", "New to the database",
                        "Changes against earlier measurements (flagged beyond ±10%)", "Plausibility"]
    text = text_of(tokens)
    assert "Approved by maintainers" in text  # shown, as text
    # What GitHub links after rendering, on the text: mentions, references, bare URLs, emoji, math.
    assert not re.search(r"@[A-Za-z0-9]|#\d|https?://|www\.\w|\w\.com|:tada:", text), text
    assert not re.search("[$](?!\u200b)", text)  # GitHub's math
    assert "\u200b" in text  # the zero-width spaces that break them are there, and invisible


def test_every_line_break_kind_is_gone(pair: tuple[str, str]) -> None:
    _, evil = pair
    assert not re.search("[\r\x0b\x0c\x85\u2028\u2029\x1b]", evil)
    assert [line for line in evil.splitlines() if "Approved" in line and not line.startswith("|")] == []


@pytest.mark.parametrize("value", ["@bob", "#12", "https://x.y", "www.x.y", "*a*", "a|b", "<i>", "\r\n# h"])
def test_gfm_inert_renders_as_plain_text(value: str) -> None:
    tokens = gfm().parse(f"| a |\n| --- |\n| {gfm_inert(value)} |\n")
    inline = [t for t in tokens if t.type == "inline"][-1]
    assert [c.type for c in inline.children or []] == ["text"]
    assert inline.children[0].content.replace("\u200b", "") == value.replace("\r", "\\x0d").replace("\n", "\\x0a")
