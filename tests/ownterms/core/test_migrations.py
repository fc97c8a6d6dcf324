"""The migrations build the embedded database from nothing, as ``scripts/demo`` does.

The suites on SQLite create their test databases from the models (``--no-migrations``: the
migrations' state rendering costs half a minute per process); the PostgreSQL suite, like
production, runs the migrations, and ``makemigrations --check`` keeps the two in step.
"""

from __future__ import annotations

from pathlib import Path

from tests.manage_py import run_manage


def test_the_migrations_build_an_empty_sqlite_database(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "OWNTERMS_VAR_DIR": str(tmp_path),
    }
    for command in (["migrate", "--noinput"], ["migrate", "--check"]):
        result = run_manage(*command, env=env, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
