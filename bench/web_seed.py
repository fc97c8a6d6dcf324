"""Times `manage.py seed_demo` at 1x (32 people, 150 staff) and 10x (320, 1500) on SQLite.

Run: .venv/bin/python bench/web_seed.py [--repeat N]. Prints a table; asserts nothing.
Each run uses a fresh SQLite database in a temporary directory (migrations not timed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCALES = [("1x", 32, 150), ("10x", 320, 1500)]


def run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()
    rows = []
    for label, people, staff in SCALES:
        timings = []
        for _ in range(options.repeat):
            with tempfile.TemporaryDirectory() as var:
                env = {**os.environ, "OWNTERMS_VAR_DIR": var}
                env.pop("DATABASE_URL", None)
                run(["migrate", "--no-input", "-v", "0"], env)
                timings.append(
                    run(["seed_demo", "--people", str(people), "--staff", str(staff)], env)
                )
        rows.append((label, people, staff, min(timings), statistics.median(timings)))
    print(f"{'scale':<6}{'people':>8}{'staff':>8}{'best s':>10}{'median s':>10}")
    for label, people, staff, best, median in rows:
        print(f"{label:<6}{people:>8}{staff:>8}{best:>10.2f}{median:>10.2f}")
    print("(wall time of the whole command, including Django start-up)")


if __name__ == "__main__":
    main()
