"""The migrations build the embedded database from nothing, as ``scripts/demo`` does.

The suites on SQLite create their test databases from the models (``--no-migrations``: the
migrations' state rendering costs half a minute per process); the PostgreSQL suite, like
production, runs the migrations, and ``makemigrations --check`` keeps the two in step.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_the_migrations_build_an_empty_sqlite_database(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OWNTERMS_", "DJANGO_"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "OWNTERMS_VAR_DIR": str(tmp_path),
    }
    for command in (["migrate", "--noinput"], ["migrate", "--check"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
