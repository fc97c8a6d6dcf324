from pathlib import Path

import pytest

from ownterms.lib.env import ConfigurationError, env_bool, env_int, env_list, env_str


def test_secret_is_read_from_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("OWNTERMS_X_FILE", str(secret))
    monkeypatch.setenv("OWNTERMS_X", "ignored")
    assert env_str("OWNTERMS_X") == "s3cret"


def test_missing_secret_file_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNTERMS_X_FILE", "/nonexistent/secret")
    with pytest.raises(ConfigurationError, match="OWNTERMS_X_FILE"):
        env_str("OWNTERMS_X")


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("off", False)])
def test_booleans(raw: str, expected: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNTERMS_B", raw)
    assert env_bool("OWNTERMS_B") is expected


def test_malformed_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNTERMS_B", "perhaps")
    monkeypatch.setenv("OWNTERMS_I", "ten")
    with pytest.raises(ConfigurationError, match="true or false"):
        env_bool("OWNTERMS_B")
    with pytest.raises(ConfigurationError, match="whole number"):
        env_int("OWNTERMS_I", 3)


def test_lists_drop_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWNTERMS_L", "a, b,,c ")
    assert env_list("OWNTERMS_L", []) == ["a", "b", "c"]
    monkeypatch.delenv("OWNTERMS_L")
    assert env_list("OWNTERMS_L", ["d"]) == ["d"]


def test_every_kind_of_setting_can_come_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in {"OWNTERMS_B": "yes", "OWNTERMS_I": "7", "OWNTERMS_L": "a,b"}.items():
        (tmp_path / name).write_text(text + "\n")
        monkeypatch.setenv(f"{name}_FILE", str(tmp_path / name))
    assert env_bool("OWNTERMS_B") is True
    assert env_int("OWNTERMS_I", 3) == 7
    assert env_list("OWNTERMS_L", []) == ["a", "b"]
