"""Generate N varied, valid customer specs (shared by the benchmarks)."""

from __future__ import annotations

from pathlib import Path

REGIONS = ("us-east-1", "us-east-2", "us-west-1", "us-west-2")


def spec_text(index: int) -> str:
    name = f"customer-{index:04d}"
    region = REGIONS[index % len(REGIONS)]
    lines = [
        "# yaml-language-server: $schema=../schemas/customer.schema.json",
        f"customer: {name}",
        f"region: {region}",
        f"external_id: ext-{index:04d}-7d1c2e",
    ]
    if index % 3 == 0:
        lines += [
            "billing_alarm:",
            f"  vcpu_threshold: {100 + index}",
            "  period_seconds: 300",
            "  emails:",
            f"    - ops@{name}.example",
            f"    - finops@{name}.example",
        ]
    elif index % 3 == 1:
        lines += [
            "role:",
            "  name: BodoPlatformAccess",
            "billing_alarm:",
            "  vcpu_threshold: 256",
            "  evaluation_periods: 3",
            f"  sns_topic_arn: arn:aws:sns:{region}:210987654321:finops-alerts",
        ]
    if index % 5 == 0:
        lines += [
            "tags:",
            "  cost-center: data-platform",
            f"  owner: team-{index % 17}",
        ]
    return "\n".join(lines) + "\n"


def write_specs(directory: Path, count: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = directory / f"customer-{index:04d}.yaml"
        path.write_text(spec_text(index), encoding="utf-8")
        paths.append(path)
    return paths
