"""`bodocfg verify --format text|json|markdown`: one renderer per format over a `VerifyReport`.

text      per customer `CUSTOMER: verified (SPEC)`, or `SPEC: CUSTOMER: FIELD: expected X, found Y`
          per difference and `CUSTOMER: N difference(s)`; a summary line when several specs ran.
json      the whole report as one object (schema below).
markdown  an issue or PR comment: verdict, one row per customer, then each drifted customer's
          fields with the expected and found values.

JSON schema (version 1)::

    {
      "schema_version": 1,
      "tool": {"name": "bodocfg", "version": "0.1.0", "command": "verify"},
      "account": "123456789012",             # the account read (sts:GetCallerIdentity)
      "endpoint": str | null,                # AWS_ENDPOINT_URL when not the real AWS
      "failed": bool,                        # true exactly when the exit code is not 0
      "exit_code": int,                      # 0 match, 1 differences or invalid spec, 3 AWS failed
      "summary": {"customers": int, "verified": int, "drifted": int, "errors": int,
                  "differences": int,        # every finding, of every kind
                  "pending": int},           # customers whose only findings are pending e-mails
      "customers": [                         # in the order of the specs given
        {"customer": str | null,             # null when the spec could not be loaded
         "spec": str,                        # the spec file, as named on the command line
         "status": "verified" | "drifted" | "pending" | "error",   # pending: only unconfirmed e-mails
         "exit_code": int,
         "error": str | null,                # why nothing was compared (status "error")
         "differences": [
           {"kind": "difference" | "pending-confirmation" | "topic",   # generator/delivery/findings.py
            "field": str,                    # the spec field, e.g. "role.trust.Statement[...].Condition"
            "expected": any JSON | null,     # what the spec asks for
            "actual": any JSON | null,       # what the account holds (null: missing)
            "message": str}                  # the text format's line for it
         ]}
      ]
    }
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.fleet.summary import fenced
from generator.output.markdown import cell
from generator.output.verification import CustomerVerification, Status, VerifyReport

SCHEMA_VERSION = 1
_VALUE_LIMIT = 200


def _summary(report: VerifyReport) -> str:
    pending = report.count(Status.PENDING)
    waiting = f"{pending} waiting for e-mail confirmation, " if pending else ""
    return (
        f"{len(report.customers)} customer(s): {report.count(Status.VERIFIED)} verified, "
        f"{report.count(Status.DRIFTED)} drifted ({report.differences} difference(s)), "
        f"{waiting}{report.count(Status.ERROR)} not checked"
    )


def _text_customer(customer: CustomerVerification) -> list[str]:
    if customer.status is Status.VERIFIED:
        return [f"{customer.name}: verified ({customer.spec})"]
    if customer.status is Status.ERROR:
        who = f"{customer.spec}: {customer.customer}" if customer.customer else customer.spec
        return [f"{who}: not checked: {customer.error}"]
    lines = [f"{customer.spec}: {customer.name}: {difference}" for difference in customer.differences]
    if customer.status is Status.PENDING:
        waiting = (
            f"{len(customer.differences)} e-mail subscription(s) waiting for a person to confirm (not drift)"
        )
        return [*lines, f"{customer.name}: {waiting}"]
    return [*lines, f"{customer.name}: {len(customer.differences)} difference(s)"]


def render_text(report: VerifyReport) -> str:
    lines = [line for customer in report.customers for line in _text_customer(customer)]
    if len(report.customers) > 1:
        verdict = "FAILED" if report.failed else "passed"
        lines.append(f"{report.tool} verify: {_summary(report)}: {verdict}")
    return "\n".join(lines) + "\n"


def _json_value(value: Any) -> Any:
    """The value as JSON would hold it (anything boto3 returns that JSON cannot, as text)."""
    return json.loads(json.dumps(value, default=str))


def as_data(report: VerifyReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": report.tool, "version": report.version, "command": "verify"},
        "account": report.account,
        "endpoint": report.endpoint,
        "failed": report.failed,
        "exit_code": report.exit_code,
        "summary": {
            "customers": len(report.customers),
            "verified": report.count(Status.VERIFIED),
            "drifted": report.count(Status.DRIFTED),
            "errors": report.count(Status.ERROR),
            "differences": report.differences,
            "pending": report.count(Status.PENDING),
        },
        "customers": [
            {
                "customer": customer.customer,
                "spec": customer.spec,
                "status": str(customer.status),
                "exit_code": customer.exit_code,
                "error": customer.error,
                "differences": [
                    {
                        "kind": str(difference.kind),
                        "field": difference.field,
                        "expected": _json_value(difference.expected),
                        "actual": _json_value(difference.actual),
                        "message": str(difference),
                    }
                    for difference in customer.differences
                ],
            }
            for customer in report.customers
        ],
    }


def render_json(report: VerifyReport) -> str:
    return json.dumps(as_data(report), indent=2) + "\n"


def _code(value: Any) -> str:
    """A value as an inline code cell, shortened; a missing one as *missing*."""
    if value is None:
        return "*missing*"
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    if len(text) > _VALUE_LIMIT:
        text = text[: _VALUE_LIMIT - 3] + "..."
    return "`" + cell(text.replace("`", "'")) + "`"


def render_markdown(report: VerifyReport) -> str:
    drifted = report.count(Status.DRIFTED) + report.count(Status.ERROR)
    pending = report.count(Status.PENDING)
    if report.failed and drifted:
        verdict = f"{drifted} of {len(report.customers)} customer(s) drifted or not checked"
    elif pending:
        verdict = f"{pending} of {len(report.customers)} customer(s) waiting for e-mail confirmation"
    else:
        verdict = f"all {len(report.customers)} customer(s) match their specs"
    where = f"account `{report.account}`" + (f" at `{report.endpoint}`" if report.endpoint else "")
    lines = [
        f"## {report.tool} verify: {verdict}",
        "",
        f"Read back from {where}: {_summary(report)}.",
        "",
        "| Customer | Spec | Status | Differences |",
        "|---|---|---|---|",
    ]
    for customer in report.customers:
        count = len(customer.differences) if customer.status is not Status.ERROR else "-"
        lines.append(f"| {cell(customer.name)} | `{cell(customer.spec)}` | {customer.status} | {count} |")
    for customer in report.customers:
        if customer.status in (Status.DRIFTED, Status.PENDING):
            what = "waiting for confirmation" if customer.status is Status.PENDING else "difference(s)"
            lines += ["", f"### {cell(customer.name)}: {len(customer.differences)} {what}", ""]
            lines += ["| Field | Expected | Found |", "|---|---|---|"]
            lines += [
                f"| `{cell(d.field)}` | {_code(d.expected)} | {_code(d.actual)} |"
                for d in customer.differences
            ]
        elif customer.status is Status.ERROR:
            lines += ["", f"### {cell(customer.name)}: not checked", "", fenced(customer.error or "")]
    return "\n".join(lines) + "\n"


VERIFY_FORMATTERS: dict[str, Callable[[VerifyReport], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}
