"""Put on PYTHONPATH of a checkov run by the scan tests: logs every attempt to reach the network.

Python's audit hooks see each DNS lookup and socket connect, whichever library makes it.
"""

import os
import sys
from pathlib import Path

_LOG = os.environ.get("BODOCFG_NET_AUDIT_LOG")
_EVENTS = frozenset({"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"})


def _write(line: str) -> None:
    if _LOG:
        with Path(_LOG).open("a", encoding="utf-8") as log:
            log.write(line + "\n")


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event in _EVENTS:
        _write(f"{event} {args!r:.200}")


if _LOG:
    # bodocfg starts checkov's script through `python -c LAUNCHER SCRIPT ...` (generator/scan/runner.py)
    _program = sys.argv[1] if sys.argv[:1] == ["-c"] and len(sys.argv) > 1 else sys.argv[0]
    _write(f"started {Path(_program).name}")
    sys.addaudithook(_hook)
