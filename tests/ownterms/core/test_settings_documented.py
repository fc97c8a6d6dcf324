"""Every environment variable the settings module reads is documented."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_every_environment_variable_is_in_docs_configuration() -> None:
    source = (REPO / "src/ownterms/settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r"env_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", source))
    assert {"OWNTERMS_ENV", "OWNTERMS_SECRET_KEY", "DATABASE_URL"} <= names
    docs = (REPO / "docs/configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in names if f"`{name}`" not in docs)
    assert missing == []
