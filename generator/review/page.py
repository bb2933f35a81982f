"""Render a `Review` as one self-contained HTML page and as Markdown, and write both atomically.

Templates live in `templates/review/`. Both environments use `StrictUndefined`; the HTML one
autoescapes everything (policies are user input: a Sid or a tag could hold markup), the
Markdown one escapes table cells with the `cell` filter and code spans with `code`. The page has
no scripts, fonts, images or links to fetch: its CSS is included inline and the chart is inline
SVG, so it opens offline exactly as rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from generator.fileio import atomic_write
from generator.resources import data_path
from generator.review.model import Review

TEMPLATE_DIR = ("templates", "review")


def md_cell(value: object) -> str:
    """Text safe inside a Markdown table cell (and as inline text: no raw HTML gets through)."""
    return _md_escape(str(value)).replace("<", "&lt;").replace(">", "&gt;")


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def md_code(value: object) -> str:
    """An inline code span (literal text: only `|` is escaped, as GFM tables need) surviving backticks."""
    text = str(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def html_inline(value: object) -> Markup:
    """Escaped text with Markdown-style `code` spans (as the finding catalogue writes them) as <code>."""
    parts = str(value).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: show it as written
        return escape(str(value))
    code = Markup("<code>{}</code>")
    return Markup("").join(code.format(part) if i % 2 else escape(part) for i, part in enumerate(parts))


def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_path(*TEMPLATE_DIR))),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,  # noqa: S701 - on for HTML; Markdown escapes with its filters
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = md_cell
    env.filters["code"] = md_code
    env.filters["inline"] = html_inline
    return env


@cache
def html_environment() -> jinja2.Environment:
    return _environment(autoescape=True)


@cache
def markdown_environment() -> jinja2.Environment:
    return _environment(autoescape=False)


def render_html(review: Review) -> str:
    return html_environment().get_template("review.html.j2").render(review=review)


def render_markdown(review: Review) -> str:
    return markdown_environment().get_template("review.md.j2").render(review=review)


@dataclass(frozen=True)
class Written:
    html: Path
    markdown: Path


def write_review(review: Review, out: Path) -> Written:
    out.mkdir(parents=True, exist_ok=True)
    written = Written(out / f"{review.customer}.html", out / f"{review.customer}.md")
    atomic_write(written.html, render_html(review).encode("utf-8"))
    atomic_write(written.markdown, render_markdown(review).encode("utf-8"))
    return written
