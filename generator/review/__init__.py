"""`bodocfg review`: a security reviewer's page per customer, in HTML and Markdown.

    with module_inputs([Path("customers/acme-analytics.yaml")]) as inputs:
        review = build_review(inputs[0], Linter(LintOptions()))
    write_review(review, Path("review"))

Modules: `inputs` (specs or modules -> the linter's documents), `access` (counts per service and
access level, chart geometry), `words` (IAM in plain words), `scan` (checkov results), `build`
(assembles the `Review`), `page` (Jinja2 templates in templates/review/, atomic writes).
"""

from __future__ import annotations

from generator.review.build import build_review
from generator.review.inputs import ModuleInput, module_inputs
from generator.review.model import Review
from generator.review.page import render_html, render_markdown, write_review
from generator.review.scan import ScanResults, load_scan

__all__ = [
    "ModuleInput",
    "Review",
    "ScanResults",
    "build_review",
    "load_scan",
    "module_inputs",
    "render_html",
    "render_markdown",
    "write_review",
]
