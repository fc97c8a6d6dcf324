"""The demo's staff records: training states, opt-outs, tags, and a team health view with gaps."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from ownterms.core.models import Organisation
from ownterms.people.models import Person
from ownterms.staff.models import SkillNeed, StaffMember, TrainingRecord
from ownterms.staff.selectors import needs_training_attention, skill_states, team_health


def seed(*args: str) -> None:
    call_command("seed_demo", "--without-rota", *args, stdout=StringIO())


def levels(org: Organisation) -> dict[str, int]:
    counts: dict[str, int] = {}
    for person in Person.objects.filter(organisation=org):
        for cover in team_health(person):
            counts[cover.level] = counts.get(cover.level, 0) + 1
    return counts


@pytest.mark.demo_data
def test_default_demo_staff_records(db: Any) -> None:
    seed()
    org = Organisation.objects.get(slug="harbour-lane")
    today = timezone.localdate()
    staff = StaffMember.objects.filter(organisation=org).prefetch_related("training__skill", "tags")
    assert staff.count() == 150
    states: dict[str, int] = {}
    for member in staff:
        assert member.training.all(), member
        assert {t.kind for t in member.tags.all()} == {"interest", "trait"}
        for state in skill_states(member.training.all(), today):
            states[state.state] = states.get(state.state, 0) + 1
    assert states["expired"] >= 10 and states["expiring"] >= 10 and states["valid"] > 500
    assert staff.filter(needs_training_attention(today)).count() >= 10
    assert 3 <= sum(m.opt_out_in_force_on(today) for m in staff) <= 30
    assert staff.exclude(profile_how_i_work="").count() >= 20
    assert (
        SkillNeed.objects.filter(
            organisation=org, skill__name="Epilepsy rescue medication", coverage="every_shift"
        ).count()
        >= 8
    )
    found = levels(org)
    assert found.get("single", 0) >= 1 and found.get("none", 0) >= 1 and found.get("ok", 0) >= 5
    # The person the demo's manager and person sign-ins see first has the single point of failure.
    first = Person.objects.filter(organisation=org).order_by("pk").first()
    assert first is not None
    epilepsy = [c for c in team_health(first) if c.need.skill.name.startswith("Epilepsy")]
    assert epilepsy[0].level == "single"
    assert TrainingRecord.objects.filter(organisation=org).count() > 1000


@pytest.mark.parametrize(("people", "staff"), [(1, 4), (3, 5)])
def test_small_demos_still_show_the_gaps(db: Any, people: int, staff: int) -> None:
    seed("--people", str(people), "--staff", str(staff), "--seed", "3")
    org = Organisation.objects.get(slug="harbour-lane")
    found = levels(org)
    assert found.get("single", 0) >= 1 and found.get("none", 0) >= 1
