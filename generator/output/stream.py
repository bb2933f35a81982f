"""Reports written as their findings arrive, so memory stays flat however many there are.

A checker hands each `Finding` (and each `TargetSummary`) to a `ReportSink` as soon as it has
it. A format's `ReportWriter` is such a sink: it turns every finding into its text at once,
appends that to a spool (in memory while small, then a temporary file), keeps the counts
(`Tally`), and on `finish` writes the whole report: the parts that need the counts first, then
the spooled text, copied in blocks. `render(report)` of every format runs the same writer over
an in-memory `Report`, so the streamed and the rendered text are one code path, byte for byte.

A run spread over worker processes (`generator.workers`) lints each slice of targets into a
`twin` of the report's sink (empty, the same format) and `take`s what it holds (the spooled
text and the counts); the report's sink `absorb`s the slices in target order, so the report
reads as if one process had written it.
"""

from __future__ import annotations

import copy
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from generator.output.model import Finding, Report, RuleMeta, Severity, TargetSummary

SPOOL_IN_MEMORY = 4 * 1024 * 1024
"""Characters a spool keeps in memory before it moves to a temporary file."""


class ReportSink(Protocol):
    def finding(self, finding: Finding) -> None: ...

    def target(self, summary: TargetSummary) -> None: ...


class SplitSink(ReportSink, Protocol):
    """A sink whose contents can be taken out of one of its twins (in this process or a worker)
    and added to another."""

    def twin(self) -> SplitSink:
        """An empty sink like this one (the same format and settings)."""
        ...

    def take(self) -> Any:
        """Everything handed in since the last `take` (picklable), leaving the sink empty."""
        ...

    def absorb(self, part: Any) -> None:
        """What a twin's `take` returned, as if its findings had been handed to this sink."""
        ...


@dataclass
class Tally:
    """The counts a report's header and verdict need, kept as findings go by."""

    fail_on: Severity
    active: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))
    """Findings neither accepted by reference, declared nor suppressed, per severity."""
    accepted: int = 0
    declared: int = 0
    suppressed: int = 0
    failed: bool = False
    targets: int = 0
    """Target summaries seen (what `ReportHead.checked` does not count: those are all targets)."""

    def add(self, finding: Finding) -> None:
        if finding.suppressed is not None:
            self.suppressed += 1
            return
        if finding.accepted_by_reference:
            self.accepted += 1
        if finding.declared is not None:
            self.declared += 1
        if not finding.accepted_by_reference and finding.declared is None:
            self.active[finding.severity] += 1
            if not self.failed and finding.severity.rank >= self.fail_on.rank:
                self.failed = True

    def count(self, severity: Severity) -> int:
        return self.active[severity]

    def merge(self, other: Tally) -> None:
        """Add `other`'s counts (the same fail-on) to these."""
        for severity, count in other.active.items():
            self.active[severity] += count
        for name in ("accepted", "declared", "suppressed", "targets"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failed = self.failed or other.failed


@dataclass(frozen=True)
class ReportHead:
    """What a report says besides its findings and target summaries."""

    tool: str
    version: str
    rules: tuple[RuleMeta, ...]
    fail_on: Severity
    names: tuple[str, ...]
    """The names of every target looked at, findings or not, in order."""
    command: str = "lint"

    @property
    def checked(self) -> int:
        """How many targets were looked at."""
        return len(self.names)


class Spool:
    """Text appended piece by piece; in memory up to SPOOL_IN_MEMORY characters, then on disk.

    A spool of list items (JSON array members) has a `separator`, written between two items."""

    def __init__(self, separator: str = "") -> None:
        self.separator = separator
        self._reset()

    def _reset(self) -> None:
        self._memory: io.StringIO | None = io.StringIO()
        self._buffer: TextIO = self._memory
        self._size = 0
        self.empty = True

    def item(self, text: str) -> None:
        """One more item: the separator first unless it is the first."""
        self.write(text if self.empty else self.separator + text)

    def take(self) -> str:
        """Everything written so far, leaving the spool empty."""
        if self._memory is None:
            self._buffer.seek(0)
            text = self._buffer.read()
            self._buffer.close()
        else:
            text = self._memory.getvalue()
        self._reset()
        return text

    def write(self, text: str) -> None:
        self.empty = False
        self._buffer.write(text)
        if self._memory is not None:
            self._size += len(text)
            if self._size > SPOOL_IN_MEMORY:
                spilled = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
                spilled.write(self._memory.getvalue())
                self._memory.close()
                self._buffer, self._memory = spilled, None

    def copy_to(self, out: TextIO) -> None:
        """Everything written so far, in order; then the spool is spent."""
        if self._memory is None:
            self._buffer.seek(0)
            shutil.copyfileobj(self._buffer, out, 1024 * 1024)
        else:
            out.write(self._memory.getvalue())
        self._buffer.close()


class ReportWriter:
    """A format's streaming writer: `finding` and `target` as they come, `finish` at the end."""

    def __init__(self, fail_on: Severity, rules: tuple[RuleMeta, ...]) -> None:
        self.tally = Tally(fail_on)
        self.rules = rules

    def finding(self, finding: Finding) -> None:
        self.tally.add(finding)
        self.add_finding(finding)

    def target(self, summary: TargetSummary) -> None:
        self.tally.targets += 1
        self.add_target(summary)

    def twin(self) -> ReportWriter:
        twin = copy.copy(self)
        twin.tally = Tally(self.tally.fail_on)
        for name, spool in self._spools().items():
            setattr(twin, name, Spool(spool.separator))
        return twin

    def take(self) -> tuple[Tally, dict[str, str]]:
        """The counts and every spool's text so far (see `SplitSink`), leaving the writer empty."""
        taken = self.tally
        self.tally = Tally(taken.fail_on)
        return taken, {name: spool.take() for name, spool in self._spools().items() if not spool.empty}

    def absorb(self, part: tuple[Tally, dict[str, str]]) -> None:
        tally, texts = part
        self.tally.merge(tally)
        spools = self._spools()
        for name, text in texts.items():
            spools[name].item(text)

    def _spools(self) -> dict[str, Spool]:
        return {name: value for name, value in vars(self).items() if isinstance(value, Spool)}

    def add_finding(self, finding: Finding) -> None:
        raise NotImplementedError

    def add_target(self, summary: TargetSummary) -> None:
        raise NotImplementedError

    def finish(self, head: ReportHead, out: TextIO) -> None:
        """Write the whole report to `out`."""
        raise NotImplementedError


class ReportCollector:
    """A sink that keeps everything, for a `Report` in memory (tests, the review page, scan)."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.targets: list[TargetSummary] = []

    def finding(self, finding: Finding) -> None:
        self.findings.append(finding)

    def target(self, summary: TargetSummary) -> None:
        self.targets.append(summary)

    def twin(self) -> ReportCollector:
        return ReportCollector()

    def take(self) -> tuple[list[Finding], list[TargetSummary]]:
        taken = self.findings, self.targets
        self.findings, self.targets = [], []
        return taken

    def absorb(self, part: tuple[list[Finding], list[TargetSummary]]) -> None:
        self.findings.extend(part[0])
        self.targets.extend(part[1])

    def report(self, head: ReportHead) -> Report:
        """What was collected, with what `head` says, as one `Report`."""
        return Report(
            tool=head.tool,
            version=head.version,
            rules=head.rules,
            findings=tuple(self.findings),
            fail_on=head.fail_on,
            targets=tuple(self.targets),
            checked=head.names,
            command=head.command,
        )


def head_of(report: Report) -> ReportHead:
    return ReportHead(
        report.tool, report.version, report.rules, report.fail_on, report.checked, report.command
    )


def render_with(writer: ReportWriter, report: Report) -> str:
    """A whole in-memory report through a streaming writer, as text."""
    for finding in report.findings:
        writer.finding(finding)
    for summary in report.targets:
        writer.target(summary)
    out = io.StringIO()
    writer.finish(head_of(report), out)
    return out.getvalue()
