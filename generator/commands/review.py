"""`bodocfg review`: a security review page per customer (HTML + Markdown), offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.errors import ExitCode
from generator.lint.engine import Linter, LintOptions
from generator.review import build_review, load_scan, module_inputs, write_review

HELP = "write a security review page per customer (HTML + Markdown) for a reviewer to read"
DESCRIPTION = """\
For each customer, write OUT/<customer>.html (one self-contained page: inline CSS and SVG,
no scripts, opens offline) and OUT/<customer>.md (the same, for a pull request or a ticket):

  - who can use the role: the trust policy in plain words, with its External ID
  - new access compared with the Bodo-Platform reference policy: "None", or each item
  - the role's access by service and access level (List, Read, Write, Permissions
    management, Tagging) as a table and a bar chart, from the IAM action catalogue
  - the resources each statement reaches, and its conditions in words
  - lint findings, and the risks the reference policy itself accepts
  - checkov results, when --scan names the JSON report of `bodocfg scan --format json`

SPEC_OR_MODULE is a spec (rendered in memory first), a rendered module (modules/<customer>),
or a directory of either. Analysis is the same engine as `bodocfg lint`.
"""
EPILOG = """\
examples:
  bodocfg review customers/ --out review/
  bodocfg review modules/acme-analytics --out review/ && xdg-open review/acme-analytics.html
  bodocfg scan modules/ --format json -o scan.json && bodocfg review modules/ --out review/ --scan scan.json

exit codes: 0 written (findings or new access do not change it: use `bodocfg lint` to gate),
            1 invalid spec, 2 usage error
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "review",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="SPEC_OR_MODULE")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="directory for <customer>.html and .md"
    )
    parser.add_argument(
        "--scan", type=Path, metavar="FILE", help="checkov results: the JSON of `bodocfg scan --format json`"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    scan = load_scan(args.scan) if args.scan else None
    linter = Linter(LintOptions())
    with module_inputs(args.paths) as inputs:
        reviews = [build_review(item, linter, scan) for item in inputs]
    for review in reviews:
        written = write_review(review, args.out)
        new = f"{len(review.new_access)} new-access item(s)" if review.new_access else "no new access"
        print(f"{written.html}  ({new}, {len(review.findings)} finding(s))")
        print(f"{written.markdown}")
    print(f"{len(reviews)} review(s) written to {args.out}", file=sys.stderr)
    return int(ExitCode.OK)
