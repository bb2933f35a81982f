"""`bodocfg suggest-threshold` against the embedded local AWS: real boto3, real moto server."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from pathlib import Path

import boto3
import pytest

from generator.cli import main
from generator.threshold import metric_dimensions

pytestmark = pytest.mark.aws

REPO = Path(__file__).resolve().parents[2]


def put_week(
    region: str,
    peak: float,
    *,
    hours: int = 7 * 24,
    metric: str = "ResourceCount",
    usage_class: str = "Standard/OnDemand",
    flat: float | None = None,
) -> None:
    """One datapoint an hour for a week, a daily cycle between 300 and 700 (or `flat`), one spike at `peak`."""
    cloudwatch = boto3.client("cloudwatch", region_name=region)
    now = dt.datetime.now(dt.UTC)
    data = []
    for hour in range(1, hours + 1):
        value = flat if flat is not None else 300 + (hour % 24) * 400 // 23
        data.append(
            {
                "MetricName": metric,
                "Dimensions": metric_dimensions(usage_class),
                "Timestamp": now - dt.timedelta(hours=hour),
                "Value": peak if hour == 50 else value,
                "Unit": "None",
            }
        )
    for start in range(0, len(data), 500):
        cloudwatch.put_metric_data(Namespace="AWS/Usage", MetricData=data[start : start + 500])  # type: ignore[arg-type]


def spec_copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / f"{name}.yaml"
    shutil.copyfile(REPO / "customers" / f"{name}.yaml", target)
    return target


def test_suggests_from_a_week_of_history(
    local_aws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_week("us-east-2", 850)
    spec = spec_copy(tmp_path, "acme-analytics")
    before = spec.read_bytes()
    assert main(["suggest-threshold", str(spec)]) == 0
    out = capsys.readouterr().out
    assert "observed peak: 850 vCPUs" in out
    assert "datapoints of 420s over 7 day(s), us-east-2; running EC2 vCPUs, all 9 on-demand classes)" in out
    assert "spot observed peak: no data (running EC2 vCPUs, all 8 Spot classes)" in out
    assert "suggested threshold: 1,000" in out
    assert "current threshold: 1,000 (same)" in out
    assert spec.read_bytes() == before  # nothing written without --write


def test_reads_every_class_the_alarm_sums_and_nothing_else(
    local_aws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_week("us-east-2", 850)  # Standard/OnDemand, peak 850 fifty hours ago
    put_week("us-east-2", 200, usage_class="G/OnDemand", flat=200)  # GPUs: 200 all week
    put_week("us-east-2", 100, usage_class="Standard/Spot", flat=100)
    spec = spec_copy(tmp_path, "acme-analytics")  # every class: an on-demand and a Spot alarm
    assert main(["suggest-threshold", str(spec)]) == 0
    out = capsys.readouterr().out
    assert "on-demand observed peak: 1,050 vCPUs" in out  # 850 + 200, summed as the alarm sums
    assert "spot observed peak: 100 vCPUs" in out
    assert "suggested threshold: 1,200" in out  # from the higher peak: each alarm has this threshold

    put_week("us-east-1", 850)
    put_week("us-east-1", 5000, usage_class="X/OnDemand", flat=5000)  # a class initech does not count
    put_week("us-east-1", 100, usage_class="G/Spot", flat=100)  # one it does
    assert main(["suggest-threshold", str(spec_copy(tmp_path, "initech"))]) == 0
    out = capsys.readouterr().out
    assert "observed peak: 950 vCPUs" in out and "5," not in out.split("suggested")[0]
    assert "Standard/OnDemand, G/OnDemand, P/OnDemand, Standard/Spot, G/Spot)" in out


def test_write_changes_only_the_threshold(
    local_aws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_week("us-east-2", 2100)
    spec = spec_copy(tmp_path, "acme-analytics")
    before = spec.read_text(encoding="utf-8")
    assert main(["suggest-threshold", str(spec), "--headroom", "1.5", "--write"]) == 0
    assert "set to 3000" in capsys.readouterr().out
    after = spec.read_text(encoding="utf-8")
    assert after == before.replace(
        "  vcpu_threshold: 1000      # the week's peak was ~850 vCPUs",
        "  vcpu_threshold: 3000      # the week's peak was ~850 vCPUs",
    )
    assert after != before
    assert main(["validate", str(spec)]) == 0


def test_write_keeps_other_layouts(
    local_aws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_week("us-west-1", 90)  # below the daily cycle: the peak is 700
    spec = tmp_path / "flow.yaml"
    original = (
        "# flow style, CRLF line endings, a comment above the value\r\n"
        "customer: flow\r\n"
        "region: us-west-1\r\n"
        "external_id: 'flow-1'   # quoted\r\n"
        "billing_alarm: {vcpu_threshold: 2.5e2, emails: [a@flow.example]}  # inline\r\n"
    )
    spec.write_bytes(original.encode("utf-8"))
    spec.chmod(0o640)
    assert main(["suggest-threshold", str(spec), "--write"]) == 0
    assert spec.read_bytes() == original.replace("2.5e2", "800").encode("utf-8")
    assert spec.stat().st_mode & 0o777 == 0o640
    assert list(tmp_path.iterdir()) == [spec]  # no temporary file left behind


def test_no_data_exits_1(local_aws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put_week("us-east-2", 850, metric="SomethingElse")  # data exists, but not for this metric
    put_week("us-west-1", 850)  # nor in this region
    spec = spec_copy(tmp_path, "acme-analytics")
    before = spec.read_bytes()
    assert main(["suggest-threshold", str(spec), "--write"]) == 1
    assert "no vCPU data" in capsys.readouterr().out
    assert spec.read_bytes() == before


def test_old_data_outside_the_window_is_no_data(
    local_aws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_week("us-east-2", 850, hours=7 * 24)
    spec = spec_copy(tmp_path, "acme-analytics")
    assert main(["suggest-threshold", str(spec), "--days", "1"]) == 0
    assert "observed peak: 700 vCPUs" in capsys.readouterr().out  # the spike was 50 hours ago


def test_spec_without_alarm_says_what_to_add(
    local_aws: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    put_week("us-west-2", 850)
    spec = spec_copy(tmp_path, "globex")
    before = spec.read_bytes()
    assert main(["suggest-threshold", str(spec)]) == 0
    assert main(["suggest-threshold", str(spec), "--write"]) == 1
    out = capsys.readouterr().out
    assert "has no billing_alarm" in out
    assert "vcpu_threshold: 1000" in out
    assert spec.read_bytes() == before


def test_aws_unreachable_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    assert main(["suggest-threshold", str(spec_copy(tmp_path, "acme-analytics"))]) == 3
    err = capsys.readouterr().err
    assert "unreachable" in err
    assert len(err.strip().splitlines()) == 1


def test_credentials_missing_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    assert main(["suggest-threshold", str(spec_copy(tmp_path, "acme-analytics"))]) == 3
    err = capsys.readouterr().err
    assert "credentials" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [["--days", "0"], ["--days", "x"], ["--headroom", "0.9"]])
def test_usage_errors(argv: list[str], tmp_path: Path) -> None:
    assert main(["suggest-threshold", str(spec_copy(tmp_path, "acme-analytics")), *argv]) == 2
