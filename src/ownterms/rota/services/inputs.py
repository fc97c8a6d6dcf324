"""One mapping from what the pattern pages' forms and the patterns API say to the services'
input dataclasses (``BlockInput``, ``ShiftInput``): each caller only works out what its own
input lacks (the API: minutes from clock times, objects from public ids)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any, TypeVar

from django.db.models import QuerySet

from ownterms.rota.services.patterns import BlockInput
from ownterms.rota.services.shifts import ShiftInput

InputT = TypeVar("InputT", BlockInput, ShiftInput)


def input_from(kind: type[InputT], data: Mapping[str, Any]) -> InputT:
    """``kind`` from cleaned form data or resolved JSON: every field of ``kind`` found in
    ``data`` (chosen objects as a list), the dataclass's defaults for the rest."""
    values: dict[str, Any] = {
        f.name: list(data[f.name]) if isinstance(data[f.name], QuerySet) else data[f.name]
        for f in fields(kind)
        if f.name in data
    }
    return kind(**values)
