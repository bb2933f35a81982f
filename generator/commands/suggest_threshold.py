"""`bodocfg suggest-threshold`: the vCPU alarm threshold from the account's own history."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator import threshold
from generator.aws import client, translate_errors
from generator.errors import ExitCode, UsageError
from generator.spec import CustomerSpec, load_spec
from generator.specedit import set_scalar
from generator.vcpu import AlarmGroup, alarm_groups, groups_for, usage_classes

HELP = "suggest billing_alarm.vcpu_threshold from a week of vCPU history (--write: update the spec)"
DESCRIPTION = f"""\
Read the account's running EC2 vCPUs over the last DAYS in the spec's region, exactly as the
alarm counts them: CloudWatch AWS/Usage ResourceCount (Service=EC2, Type=Resource,
Resource=vCPU, Maximum) for every vCPU class the spec's billing_alarm counts (all on-demand
and Spot classes unless it names some), summed per minute as the alarm's SUM expression sums
them, and suggest an alarm threshold: peak x HEADROOM, rounded to a readable number. When the
classes need more than one alarm (CloudWatch: at most 10 metrics each), each alarm's peak is
shown and the highest decides, as every alarm uses the one threshold.

Readable numbers are 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^n (whole numbers). The suggestion
is the smallest one above the peak and at least {threshold.HEADROOM_TOLERANCE:.0%} of peak x HEADROOM,
so the setup guide's example holds: a peak of ~850 gives 1000.

Credentials and endpoint are the usual AWS ones (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...,
AWS_ENDPOINT_URL for a local AWS), as for `bodocfg verify`: run it with credentials for the
customer's account. --write changes only the value of billing_alarm.vcpu_threshold in the
spec; comments and layout are kept. Then run `bodocfg render`.
"""
EPILOG = """\
examples:
  bodocfg suggest-threshold customers/acme-analytics.yaml
  bodocfg suggest-threshold customers/acme-analytics.yaml --days 14 --headroom 1.5
  bodocfg suggest-threshold customers/acme-analytics.yaml --write && bodocfg render customers/

exit codes: 0 suggested (and written), 1 no data / invalid spec / spec has no billing_alarm
            with --write, 2 usage error, 3 AWS unreachable or credentials missing
"""

ADD_ALARM = """\
{path} has no billing_alarm, so there is no threshold to update. Add one, for example:

billing_alarm:
  vcpu_threshold: {value}
  emails:                      # who is told; or instead: sns_topic_arn: arn:aws:sns:...
    - someone@example.com

then run `bodocfg render`."""


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if not 1 <= value <= threshold.MAX_DAYS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {threshold.MAX_DAYS} (CloudWatch retention)")
    return value


def _headroom(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError("must be between 1 (no headroom) and 100")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "suggest-threshold",
        help=HELP,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("spec", type=Path, metavar="SPEC")
    parser.add_argument("--days", type=_days, default=7, help="history to read, in days (default: 7)")
    parser.add_argument(
        "--headroom", type=_headroom, default=1.2, help="factor above the peak (default: 1.2)"
    )
    parser.add_argument(
        "--write", action="store_true", help="update billing_alarm.vcpu_threshold in SPEC (comments kept)"
    )
    parser.set_defaults(func=run)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _report_current(spec: CustomerSpec, suggested: int) -> None:
    if spec.billing_alarm is None:
        print("current threshold: none (the spec has no billing_alarm)")
        return
    current = spec.billing_alarm.vcpu_threshold
    relation = "same" if current == suggested else "lower" if current < suggested else "higher"
    print(f"current threshold: {_number(current)} ({relation})")


def _groups(spec: CustomerSpec) -> tuple[AlarmGroup, ...]:
    """The alarm's metric set; a spec without billing_alarm gets the default one (every class)."""
    return alarm_groups(spec) or groups_for(usage_classes())


def run(args: argparse.Namespace) -> int:
    path: Path = args.spec
    if not path.is_file():
        raise UsageError(f"{path}: no such spec file")
    spec = load_spec(path)
    window = threshold.Window.last(args.days)
    peaks: list[threshold.Peak] = []
    with translate_errors(f"reading the vCPU metric in {spec.region}"):
        cloudwatch = client("cloudwatch", spec.region)
        for group in _groups(spec):
            peak = threshold.observed_peak(cloudwatch, group, window)
            label = f"{group.key} " if group.key else ""
            if peak is None:
                print(f"{label}observed peak: no data ({group.what})")
                continue
            peaks.append(peak)
            print(
                f"{label}observed peak: {_number(peak.value)} vCPUs at {peak.at:%Y-%m-%d %H:%M} UTC "
                f"({peak.datapoints} datapoints of {window.period}s over {args.days} day(s), {spec.region}; "
                f"{group.what})"
            )
    if not peaks:
        print(
            f"{path}: no vCPU data (AWS/Usage ResourceCount, EC2 vCPU) in {spec.region} "
            f"for the last {args.days} day(s); no threshold suggested"
        )
        return int(ExitCode.FAILED)
    peak = max(peaks, key=lambda found: found.value)
    suggested = threshold.suggest_threshold(peak.value, args.headroom)
    print(f"suggested threshold: {suggested:,} (peak x {args.headroom:g}, rounded to a readable number)")
    _report_current(spec, suggested)
    if not args.write:
        return int(ExitCode.OK)
    if spec.billing_alarm is None:
        print(ADD_ALARM.format(path=path, value=suggested))
        return int(ExitCode.FAILED)
    if spec.billing_alarm.vcpu_threshold == suggested:
        print(f"{path}: billing_alarm.vcpu_threshold is already {suggested}; nothing written")
        return int(ExitCode.OK)
    set_scalar(path, ("billing_alarm", "vcpu_threshold"), suggested)
    print(f"{path}: billing_alarm.vcpu_threshold set to {suggested}; run `bodocfg render`")
    return int(ExitCode.OK)
