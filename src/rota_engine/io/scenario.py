"""The scenario (``ownterms-rota/1``) and solution (``ownterms-rota-solution/1``) JSON formats.

Loading validates in three steps, each error naming its JSON path: the published JSON Schema
(structure), typed decoding (dates, times with offsets), then the model's own validation
(unknown ids, end before start, negative numbers, ...).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jsonschema

from rota_engine.io.codec import (
    FormatError,
    dataclass_schema,
    decode,
    decode_dataclass,
    encode,
    schema,
)
from rota_engine.model import (
    Assignment,
    Problem,
    RuleSettings,
    Shift,
    Solution,
    Staff,
    Weights,
)
from rota_engine.validate import validate

SCENARIO_FORMAT = "ownterms-rota/1"
SOLUTION_FORMAT = "ownterms-rota-solution/1"
_SCHEMA_BASE = "https://ownterms.org/schemas/"


class ScenarioError(ValueError):
    """A scenario or solution file that cannot be used; ``errors`` are (path, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{p}: {m}" for p, m in errors))


# --- schemas -------------------------------------------------------------------------------


def scenario_schema() -> dict[str, Any]:
    """The scenario JSON Schema, generated from the model types (published as a file)."""
    shift = dataclass_schema(Shift)
    shift["required"] = [r for r in shift["required"] if r != "day"]
    shift["properties"]["day"]["description"] = "horizon day; default: the local start date"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _SCHEMA_BASE + "ownterms-rota-1.schema.json",
        "title": "Own Terms rota scenario",
        "type": "object",
        "required": ["format", "horizon", "staff", "shifts"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": SCENARIO_FORMAT},
            "name": {"type": "string"},
            "horizon": {
                "type": "object",
                "required": ["start", "days"],
                "additionalProperties": False,
                "properties": {
                    "start": {"type": "string", "format": "date"},
                    "days": {"type": "integer", "minimum": 1},
                    "tz": {"type": "string"},
                },
            },
            "rules": dataclass_schema(RuleSettings),
            "weights": dataclass_schema(Weights),
            "staff": {"type": "array", "items": dataclass_schema(Staff)},
            "shifts": {"type": "array", "items": shift},
            "repair": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "previous": {"type": "array", "items": dataclass_schema(Assignment)},
                    "now": schema(datetime | None),
                },
            },
        },
    }


def solution_schema() -> dict[str, Any]:
    """The solution JSON Schema, generated from the model types (published as a file)."""
    body = dataclass_schema(Solution)
    body["properties"] = {"format": {"const": SOLUTION_FORMAT}, **body["properties"]}
    body["required"] = ["format", *body.get("required", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _SCHEMA_BASE + "ownterms-rota-solution-1.schema.json",
        "title": "Own Terms rota solution",
        **body,
    }


def published_schema(name: str) -> dict[str, Any]:
    """The schema file shipped in the package: ``"scenario"`` or ``"solution"``."""
    path = resources.files("rota_engine.io").joinpath(f"schemas/{name}.schema.json")
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


def _json_path(parts: Any) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _schema_errors(data: Any, name: str) -> list[tuple[str, str]]:
    validator = jsonschema.Draft202012Validator(published_schema(name))
    found = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [(_json_path(e.absolute_path), e.message) for e in found[:20]]


def _parse(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError([(f"line {exc.lineno} column {exc.colno}", exc.msg)]) from None


# --- scenarios -----------------------------------------------------------------------------

_MODEL_PATH = re.compile(r"^(days|tz|now)\b")
_MODEL_PATH_MAP = {"days": "horizon.days", "tz": "horizon.tz", "now": "repair.now"}


def _model_path(path: str) -> str:
    """Map a model path (``staff[3].id``, ``days``) to the scenario's JSON path."""
    mapped = _MODEL_PATH.sub(lambda m: _MODEL_PATH_MAP[m.group(1)], path)
    return f"$.{mapped}" if mapped else "$"


def problem_from_json(data: Any) -> Problem:
    """Decode and validate a parsed scenario; raise ScenarioError with every problem found."""
    errors = _schema_errors(data, "scenario")
    if errors:
        raise ScenarioError(errors)
    try:
        problem = _decode_problem(data)
    except FormatError as exc:
        raise ScenarioError([(exc.path, exc.message)]) from None
    problems = validate(problem)
    if problems:
        raise ScenarioError([(_model_path(e.path), e.message) for e in problems])
    return problem


def load_problem(text: str | bytes) -> Problem:
    """Parse a scenario file's text."""
    return problem_from_json(_parse(text))


def _decode_problem(data: dict[str, Any]) -> Problem:
    horizon = data["horizon"]
    start: date = decode(date, horizon["start"], "$.horizon.start")
    tz = horizon.get("tz", "Europe/London")
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise FormatError("$.horizon.tz", f"unknown time zone {tz!r}") from None
    staff = tuple(decode_dataclass(Staff, s, f"$.staff[{k}]") for k, s in enumerate(data["staff"]))
    shifts = []
    for k, raw in enumerate(data["shifts"]):
        if "day" not in raw:
            begins: datetime = decode(datetime, raw["start"], f"$.shifts[{k}].start")
            raw = {**raw, "day": (begins.astimezone(zone).date() - start).days}
        shifts.append(decode_dataclass(Shift, raw, f"$.shifts[{k}]"))
    repair = data.get("repair") or {}
    previous = None
    if "previous" in repair:
        previous = tuple(
            decode_dataclass(Assignment, a, f"$.repair.previous[{k}]")
            for k, a in enumerate(repair["previous"])
        )
    now: datetime | None = decode(datetime | None, repair.get("now"), "$.repair.now")
    return Problem(
        start=start,
        days=horizon["days"],
        staff=staff,
        shifts=tuple(shifts),
        tz=tz,
        rules=decode_dataclass(RuleSettings, data.get("rules", {}), "$.rules"),
        weights=decode_dataclass(Weights, data.get("weights", {}), "$.weights"),
        previous=previous,
        now=now,
        name=data.get("name", ""),
    )


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """The scenario document for ``problem`` (defaults left out)."""
    out: dict[str, Any] = {"format": SCENARIO_FORMAT}
    if problem.name:
        out["name"] = problem.name
    out["horizon"] = {"start": problem.start.isoformat(), "days": problem.days, "tz": problem.tz}
    out["rules"] = encode(problem.rules)
    out["weights"] = encode(problem.weights)
    out["staff"] = [encode(s) for s in problem.staff]
    shifts = []
    for s in problem.shifts:
        doc = encode(s)
        doc["day"] = s.day  # always explicit: clearer for readers than the default
        shifts.append(doc)
    out["shifts"] = shifts
    if problem.previous is not None or problem.now is not None:
        repair: dict[str, Any] = {}
        if problem.previous is not None:
            repair["previous"] = [encode(a) for a in problem.previous]
        if problem.now is not None:
            repair["now"] = problem.now.isoformat()
        out["repair"] = repair
    return out


def dump_problem(problem: Problem) -> str:
    """Scenario file text for ``problem``."""
    return json.dumps(problem_to_json(problem), indent=2, ensure_ascii=False) + "\n"


# --- solutions -----------------------------------------------------------------------------


def solution_to_json(solution: Solution) -> dict[str, Any]:
    """The solution document (every field written, for readers in other languages)."""
    doc: dict[str, Any] = {"format": SOLUTION_FORMAT}
    for name in Solution.__dataclass_fields__:
        doc[name] = encode(getattr(solution, name))
    return doc


def dump_solution(solution: Solution) -> str:
    """Solution file text."""
    return json.dumps(solution_to_json(solution), indent=2, ensure_ascii=False) + "\n"


def solution_from_json(data: Any) -> Solution:
    """Decode and validate a parsed solution document."""
    errors = _schema_errors(data, "solution")
    if errors:
        raise ScenarioError(errors)
    body = {k: v for k, v in data.items() if k != "format"}
    try:
        result: Solution = decode_dataclass(Solution, body, "$")
    except FormatError as exc:
        raise ScenarioError([(exc.path, exc.message)]) from None
    return result


def load_solution(text: str | bytes) -> Solution:
    """Parse a solution file's text."""
    return solution_from_json(_parse(text))


def write_schemas(folder: Any) -> None:
    """Regenerate the published schema files (run after changing the model)."""
    for name, body in (("scenario", scenario_schema()), ("solution", solution_schema())):
        text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
        (folder / f"{name}.schema.json").write_text(text, encoding="utf-8")
