"""The Bodo Platform's Cloud Configuration form, filled from a module's outputs.

`terraform output -json` -> `FormValues`; `text()` is what a person types into the form,
`as_json()` is what a pipeline passes on.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from generator.errors import CheckFailed

LABELS = {
    "name": "Name",
    "bucket_name": "S3 Bucket Name",
    "lock_table_name": "Dynamo DB Table Name",
    "role_arn": "Role ARN",
    "region": "Region",
    "external_id": "External ID",
}


@dataclass(frozen=True)
class FormValues:
    name: str
    bucket_name: str
    lock_table_name: str
    role_arn: str
    region: str
    external_id: str

    @classmethod
    def from_output_json(cls, text: str, module: Path) -> FormValues:
        try:
            outputs = json.loads(text)
        except ValueError as error:
            raise CheckFailed(f"{module}: terraform output -json was not JSON ({error})") from None
        if not outputs:
            raise CheckFailed(f"{module}: no outputs in the state yet; run `bodocfg apply {module}` first")
        missing = [f.name for f in fields(cls) if f.name not in outputs]
        if missing:
            raise CheckFailed(f"{module}: outputs missing from the state: {', '.join(missing)}")
        values = {f.name: outputs[f.name].get("value") for f in fields(cls)}
        wrong = [name for name, value in values.items() if not isinstance(value, str)]
        if wrong:
            raise CheckFailed(f"{module}: outputs are not strings: {', '.join(wrong)}")
        return cls(**values)

    def as_json(self) -> dict[str, str]:
        return asdict(self)

    def text(self) -> str:
        width = max(map(len, LABELS.values()))
        lines = [f"Cloud Configuration form for {self.name}:"]
        lines += [f"  {LABELS[name]:<{width}}  {value}" for name, value in asdict(self).items()]
        return "\n".join(lines) + "\n"
