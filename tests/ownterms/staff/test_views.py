"""Staff pages."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ownterms.accounts.models import User
from ownterms.staff.models import StaffMember
from tests.cast import Cast


def test_staff_list_and_page(cast: Cast, client: Client) -> None:
    base = f"/o/{cast.organisation.slug}/staff/"
    client.force_login(cast.manager)  # type: ignore[arg-type]
    text = client.get(base).content.decode()
    assert "Tariq Teamworker" in text and "Una Outsider" in text
    page = client.get(f"{base}{cast.staff['team_worker'].public_id}/")
    assert page.status_code == 200 and "Alex Fairweather" in page.content.decode()
    worker = Client()
    worker.force_login(cast.team_worker)  # type: ignore[arg-type]
    text = worker.get(base).content.decode()
    assert "Tariq Teamworker" in text and "Una Outsider" not in text
    assert worker.get(f"{base}{cast.staff['outside_worker'].public_id}/").status_code == 404
    family = Client()
    family.force_login(cast.circle_with_consent)  # type: ignore[arg-type]
    assert family.get(base).status_code == 404


def test_staff_list_query_ceiling(cast: Cast, client: Client) -> None:
    for number in range(70):
        user = User.objects.create(
            email=f"s{number}@brookside.example", display_name="S", organisation=cast.organisation
        )
        StaffMember.objects.create(
            organisation=cast.organisation,
            user=user,
            first_name=f"S{number:02}",
            last_name="X",
            job_title="Support worker",
            employment="bank",
            contract_minutes_per_week=0,
            starts_on=cast.today,
        )
    client.force_login(cast.administrator)  # type: ignore[arg-type]
    client.get(f"/o/{cast.organisation.slug}/staff/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/o/{cast.organisation.slug}/staff/?page=2")
    assert page.status_code == 200
    assert len(queries) <= 12
