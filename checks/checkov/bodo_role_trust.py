"""CKV_BODO_1: the role trusts only the Bodo Platform account, and only with the External ID.

Every Allow statement of `assume_role_policy` must grant exactly `sts:AssumeRole` to AWS
principals that are all vendor accounts (Bodo's, from bodocfg's vendor profile, or one named
with `bodocfg scan --platform-account`), with a non-empty `sts:ExternalId` under StringEquals.
No NotPrincipal/NotAction, no service or federated principal, no wildcard.
"""

from __future__ import annotations

import re
from typing import Any

from bodo_common import document, flat, lower_keys, statements, vendor_accounts

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

_ROOT = re.compile(r"^(?:arn:aws[a-z-]*:iam::(\d{12}):root|(\d{12}))$")


def _problems(index: int, statement: dict[str, Any], vendors: frozenset[str]) -> list[str]:
    sid = statement.get("Sid") or f"#{index}"
    if "NotPrincipal" in statement or "NotAction" in statement:
        return [f"statement {sid}: NotPrincipal/NotAction in a trust policy"]
    problems = []
    actions = [str(action).lower() for action in flat(statement.get("Action"))]
    if actions != ["sts:assumerole"]:
        problems.append(f"statement {sid}: actions {actions} (only sts:AssumeRole)")
    principal = statement.get("Principal")
    if not isinstance(principal, dict) or set(principal) != {"AWS"}:
        problems.append(f"statement {sid}: principal {principal!r} is not the vendor account")
    else:
        for name in flat(principal["AWS"]):
            match = _ROOT.match(str(name))
            account = match and (match.group(1) or match.group(2))
            if account not in vendors:
                problems.append(f"statement {sid}: principal {name} is not a vendor account")
    equals = lower_keys(lower_keys(statement.get("Condition")).get("stringequals"))
    external_ids = [value for value in flat(equals.get("sts:externalid")) if str(value)]
    if not external_ids:
        problems.append(f"statement {sid}: no StringEquals sts:ExternalId condition")
    return problems


class BodoRoleTrust(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Bodo role trust: only the vendor account may assume it, and only with sts:ExternalId",
            id="CKV_BODO_1",
            categories=(CheckCategories.IAM,),
            supported_resources=("aws_iam_role",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        policy = document(conf.get("assume_role_policy"))
        if policy is None:
            self.details.append("assume_role_policy is missing or not a readable policy document")
            return CheckResult.FAILED
        allows = [s for s in statements(policy) if s.get("Effect") == "Allow"]
        if not allows:
            self.details.append("assume_role_policy has no Allow statement")
            return CheckResult.FAILED
        vendors = vendor_accounts()
        problems = [
            problem
            for index, statement in enumerate(allows)
            for problem in _problems(index, statement, vendors)
        ]
        self.details.extend(problems)
        return CheckResult.FAILED if problems else CheckResult.PASSED

    def get_evaluated_keys(self) -> list[str]:
        return ["assume_role_policy"]


check = BodoRoleTrust()
