"""``manage.py`` in a fresh interpreter, as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_manage(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``manage.py args`` from the repository with none of this test run's settings in its
    environment (``OWNTERMS_*``, ``DJANGO_*``, ``DATABASE_URL``: the browser suite, for one, sets
    DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy check rightly rejects), then ``env``; a variable
    given as "" stays unset."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OWNTERMS_", "DJANGO_")) and k != "DATABASE_URL"
    }
    merged = {k: v for k, v in (clean | env).items() if v != ""}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=merged,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
