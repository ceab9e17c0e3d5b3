"""Runs last: no service logged an ERROR line during the whole run.

Reads $TT_STATE_DIR/logs/<service>.log for the five services. Log lines are JSON objects
({"ts","level","service","msg",...}); other lines (start banners, stray output) are ignored.
Outages provoked by test_outages are expected to be logged as warnings, never as errors.

By default the whole file is checked (under scripts/test the state dir is fresh). With
TT_E2E_LOG_SCOPE=current only the lines after the last "===== <service> started" banner are
checked (useful against a long-lived dev stack whose logs span several builds).
"""

import json
import os
import sys
import unittest
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402


def error_lines(path: Path, current_only: bool = False) -> list:
    found = []
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            stripped = line.strip()
            if current_only and stripped.startswith("=====") and " started " in stripped:
                found = []
                continue
            if not stripped.startswith("{"):
                continue
            try:
                entry = json.loads(stripped)
            except ValueError:
                continue
            if isinstance(entry, dict) and str(entry.get("level", "")).lower() in ("error", "fatal", "critical"):
                found.append(f"{path.name}:{lineno}: {stripped[:1000]}")
    return found


class NoErrorLogsTest(unittest.TestCase):
    def test_no_error_lines_in_service_logs(self):
        if not support.STATE_DIR:
            self.fail("TT_STATE_DIR is not set: run through scripts/test (or source .state/env.sh)")
        logs = Path(support.STATE_DIR, "logs")
        current_only = os.environ.get("TT_E2E_LOG_SCOPE", "") == "current"
        checked, problems = [], []
        for service in support.SERVICES:
            path = logs / f"{service}.log"
            if not path.is_file():
                continue
            checked.append(path.name)
            problems.extend(error_lines(path, current_only))
        self.assertTrue(checked, f"no service log found in {logs}")
        if problems:
            self.fail(f"{len(problems)} error line(s) in the service logs:\n" + "\n".join(problems))


if __name__ == "__main__":
    unittest.main()
