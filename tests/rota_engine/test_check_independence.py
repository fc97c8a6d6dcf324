"""The checker shares no code with the model builder: only the model dataclasses and stdlib."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import rota_engine.check

CHECK_DIR = Path(rota_engine.check.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_checker_imports_only_the_model_and_the_standard_library() -> None:
    files = sorted(CHECK_DIR.glob("*.py"))
    assert files
    for path in files:
        for name in _imports(path):
            top = name.split(".")[0]
            allowed = (
                name == "rota_engine.model"
                or name.startswith("rota_engine.check")
                or top in sys.stdlib_module_names
            )
            assert allowed, f"{path.name} imports {name}"
