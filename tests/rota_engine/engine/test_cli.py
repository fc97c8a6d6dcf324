"""The command line: exit codes and outputs."""

import json
from pathlib import Path

import pytest
from bench._common import CURTOIS_DIR

from rota_engine.cli import main
from rota_engine.io.scenario import dump_problem, load_solution
from rota_engine.model import Staff

from .helpers import problem, shift

BENCH = CURTOIS_DIR


def write_scenario(tmp_path: Path) -> Path:
    p = problem(
        [Staff("a"), Staff("b")], [shift("s0", 0, 8, 8, ("a", "b")), shift("s1", 1, 8, 8, ())]
    )
    path = tmp_path / "scenario.json"
    path.write_text(dump_problem(p))
    return path


def test_solve_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = write_scenario(tmp_path)
    out = tmp_path / "solution.json"
    args = ["--time-limit", "20", "--workers", "1"]
    assert main(["solve", str(scenario), *args, "--out", str(out)]) == 0
    solution = load_solution(out.read_text())
    assert [u.reason for u in solution.uncovered] == ["no_team"]
    assert main(["check", str(scenario), str(out)]) == 0
    doc = json.loads(out.read_text())
    doc["assignments"].append({"shift_id": "s0", "staff_id": "b"})
    out.write_text(json.dumps(doc))
    assert main(["check", str(scenario), str(out)]) == 1


def test_bad_input_exits_2_with_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "ownterms-rota/1", "horizon": {"start": "2026-03-02", "days": 7},'
                   ' "staff": [], "shifts": [{"id": "x"}]}')  # fmt: skip
    assert main(["solve", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "$.shifts[0]" in err
    assert "Traceback" not in err
    assert main(["solve", str(tmp_path / "missing.json")]) == 2
    broken = tmp_path / "broken.txt"
    broken.write_text("SECTION_HORIZON\n14\n")
    assert main(["curtois", str(broken)]) == 2
    assert "SECTION_SHIFTS" in capsys.readouterr().err


def test_curtois_instance1_reaches_607(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not (BENCH / "Instance1.txt").exists():  # ./scripts/test reports the missing data
        pytest.skip("benchmark files not present")
    roster = tmp_path / "roster.csv"
    code = main(["curtois", str(BENCH / "Instance1.txt"), "--workers", "1", "--time-limit", "60",
                 "--roster", str(roster), "--json"])  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["objective"] == 607
    assert summary["checker_ok"] and summary["checker_objective"] == 607
    assert summary["status"] == "optimal"
    rows = roster.read_text().split()
    assert rows and all(len(r.split(",")) == 3 for r in rows)


def test_generate_solve_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--people", "2", "--staff", "8", "--weeks", "1", "--seed", "1"]) == 0
    scenario = tmp_path / "org.json"
    scenario.write_text(capsys.readouterr().out)
    out = tmp_path / "sol.json"
    assert main(["solve", str(scenario), "--time-limit", "60", "--workers", "1",
                 "--out", str(out)]) == 0  # fmt: skip
    assert main(["check", str(scenario), str(out)]) == 0


def test_solve_by_parts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--people", "4", "--staff", "16", "--weeks", "1", "--seed", "2"]) == 0
    scenario = tmp_path / "org.json"
    scenario.write_text(capsys.readouterr().out)
    out = tmp_path / "sol.json"
    assert main(["solve", str(scenario), "--by-parts", "--time-limit", "3", "--workers", "1",
                 "--out", str(out)]) == 0  # fmt: skip
    assert main(["check", str(scenario), str(out)]) == 0
