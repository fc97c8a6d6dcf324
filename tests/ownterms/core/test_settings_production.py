"""Production mode (OWNTERMS_ENV=production) passes Django's deployment checks, and refuses
to start without what it needs or with demo-only switches."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import pytest

from tests.manage_py import run_manage


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    production = {
        "OWNTERMS_ENV": "production",
        "OWNTERMS_SECRET_KEY": secrets.token_urlsafe(60),
        "OWNTERMS_ALLOWED_HOSTS": "care.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "OWNTERMS_VAR_DIR": str(tmp_path),
    }
    return run_manage(*args, env=production | env)


def test_production_passes_check_deploy_with_no_warnings(tmp_path: Path) -> None:
    result = _run(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_hardened(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME,"
        " s.SESSION_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS, s.OWNTERMS_DEMO_RELAX_MFA,"
        " s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])"
    )
    result = _run(tmp_path, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "False",
        "True",
        "True",
        "True",
        "True",
        "__Host-ownterms_session",
        "__Host-ownterms_csrf",
        "True",
        "DENY",
        "False",
        "Argon2PasswordHasher",
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OWNTERMS_SECRET_KEY": ""}, "OWNTERMS_SECRET_KEY"),
        ({"OWNTERMS_ALLOWED_HOSTS": ""}, "OWNTERMS_ALLOWED_HOSTS"),
        ({"OWNTERMS_DEMO_RELAX_MFA": "1"}, "OWNTERMS_DEMO_RELAX_MFA"),
        ({"OWNTERMS_DEBUG": "1"}, "OWNTERMS_DEBUG"),
        ({"OWNTERMS_SESSION_IDLE_MINUTES": "0"}, "Session timeouts"),
        ({"OWNTERMS_ENV": "prod"}, "OWNTERMS_ENV"),
    ],
)
def test_production_refuses_to_start(tmp_path: Path, env: dict[str, str], message: str) -> None:
    result = _run(tmp_path, "check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_weak_secret_key_fails_the_deploy_check(tmp_path: Path) -> None:
    result = _run(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", OWNTERMS_SECRET_KEY="short"
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout
