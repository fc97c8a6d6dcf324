"""Times `manage.py seed_demo` at 1x (32 people, 150 staff) and 10x (320, 1500) on SQLite.

Run: .venv/bin/python bench/web_seed.py [--repeat N]. Prints a table; asserts nothing.
Each run uses a fresh SQLite database in a temporary directory (migrations not timed).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCALES = [("1x", 32, 150), ("10x", 320, 1500)]


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time of the command, and the build time seed_demo reports ("in 1.3s")."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    reported = re.search(r" in ([0-9.]+)s", done.stdout)
    return wall, float(reported.group(1)) if reported else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()
    rows = []
    for label, people, staff in SCALES:
        walls, builds = [], []
        for _ in range(options.repeat):
            with tempfile.TemporaryDirectory() as var:
                env = {**os.environ, "OWNTERMS_VAR_DIR": var}
                env.pop("DATABASE_URL", None)
                run(["migrate", "--no-input", "-v", "0"], env)
                wall, build = run(
                    ["seed_demo", "--people", str(people), "--staff", str(staff)], env
                )
                walls.append(wall)
                builds.append(build)
        rows.append((label, people, staff, min(builds), statistics.median(walls)))
    print(f"{'scale':<6}{'people':>8}{'staff':>8}{'build s':>10}{'command s':>11}")
    for label, people, staff, build, wall in rows:
        print(f"{label:<6}{people:>8}{staff:>8}{build:>10.2f}{wall:>11.2f}")
    print("build: best time inside seed_demo; command: median wall time incl. Django start-up")


if __name__ == "__main__":
    main()
