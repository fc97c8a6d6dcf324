"""Small demos still show gaps in team health (the default demo's staff records are checked in
test_seed_demo.py, with its one build of the default demo)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from ownterms.core.models import Organisation
from tests.ownterms.demo.helpers import levels


def seed(*args: str) -> None:
    call_command("seed_demo", "--without-rota", *args, stdout=StringIO())


@pytest.mark.parametrize(("people", "staff"), [(1, 4), (3, 5)])
def test_small_demos_still_show_the_gaps(db: Any, people: int, staff: int) -> None:
    seed("--people", str(people), "--staff", str(staff), "--seed", "3")
    org = Organisation.objects.get(slug="harbour-lane")
    found = levels(org)
    assert found.get("single", 0) >= 1 and found.get("none", 0) >= 1
