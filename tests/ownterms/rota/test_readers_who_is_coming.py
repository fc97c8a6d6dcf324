"""The person's "who is coming" page (easy read) and its PDF: who may read it, what it says."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ownterms.audit.models import AuditEvent
from ownterms.people.models import Consent, ConsentCategory
from ownterms.plans.models import RoutineActivity
from ownterms.rota.models import Shift
from tests.cast import Cast
from tests.ownterms.rota.factories import assign, at, shift
from tests.ownterms.rota.readers_data import live_rota


def as_member(cast: Cast, member: str) -> Client:
    client = Client()
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def url(cast: Cast, name: str = "rota:who_is_coming") -> str:
    return reverse(name, kwargs={"org": cast.organisation.slug, "person_id": cast.person.public_id})


def jpeg() -> ContentFile:  # type: ignore[type-arg]
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 90, 200)).save(out, format="JPEG")
    return ContentFile(out.getvalue(), name="photo.jpg")


def test_the_person_sees_today_tomorrow_and_the_week(cast: Cast) -> None:
    live_rota(cast)
    response = as_member(cast, "person_user").get(url(cast))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Who is coming</h1>" in html
    for heading in ("Today", "Tomorrow", "This week"):
        assert f">{heading}</h2>" in html
    assert "Tariq is coming." in html
    assert "Tariq and Una are coming." in html
    assert "9 in the morning until 3 in the afternoon." in html
    assert "10 in the morning until 3 in the afternoon." in html
    assert "We are doing: Swimming." in html
    assert 'class="ownterms-clock"' in html and 'aria-hidden="true"' in html
    # No photo: a drawn symbol, hidden from screen readers (the words say who).
    assert 'class="ownterms-symbol"' in html
    # No surnames of workers on the person's page.
    assert "Teamworker" not in html and "Outsider" not in html
    # The uncovered shift is not shown as a visit.
    assert html.count("is coming.") + html.count("are coming.") == 2
    assert AuditEvent.objects.filter(
        person_id=cast.person.pk, kind=AuditEvent.Kind.ACCESS, actor=cast.person_user
    ).exists()


def test_nobody_coming_is_said_kindly(cast: Cast) -> None:
    html = as_member(cast, "person_user").get(url(cast)).content.decode()
    assert "Nobody is booked to come today." in html
    assert "When someone is booked, we will tell you." in html
    assert "is coming." not in html


def test_cancelled_shifts_do_not_come(cast: Cast) -> None:
    shifts = live_rota(cast)
    Shift.objects.filter(pk=shifts[0].pk).update(status=Shift.Status.CANCELLED)
    html = as_member(cast, "person_user").get(url(cast)).content.decode()
    assert "Nobody is booked to come today." in html


def test_routine_activity_fills_in_what_we_are_doing(cast: Cast) -> None:
    today = timezone.localdate()
    row = shift(cast.person, today, 13, 4)
    assign(row, cast.staff["team_worker"])
    RoutineActivity.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Dance class",
        day=today.weekday(),
        starts_at=dt.time(14),
        ends_at=dt.time(15),
    )
    RoutineActivity.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        name="Breakfast club",
        day=today.weekday(),
        starts_at=dt.time(8),
        ends_at=dt.time(9),
    )
    html = as_member(cast, "team_worker").get(url(cast)).content.decode()
    assert "We are doing: Dance class." in html
    assert "Breakfast club" not in html
    assert "Who is coming to Alex" in html


def test_photo_of_a_team_worker_has_alt_text(cast: Cast, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    live_rota(cast)
    worker = cast.staff["team_worker"]
    worker.photo.save("tariq.jpg", jpeg())
    html = as_member(cast, "person_user").get(url(cast)).content.decode()
    assert 'alt="Photo of Tariq"' in html and 'class="ownterms-photo-large"' in html
    photo = reverse(
        "plans:team_photo",
        kwargs={
            "org": cast.organisation.slug,
            "person_id": cast.person.public_id,
            "staff_id": worker.public_id,
        },
    )
    assert photo in html
    assert as_member(cast, "person_user").get(photo).status_code == 200
    pdf = as_member(cast, "person_user").get(url(cast, "rota:who_is_coming_pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"/Image" in pdf.content  # the photo is embedded


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("person_user", 200),
        ("team_worker", 200),
        ("manager", 200),
        ("coordinator", 200),
        ("circle_with_consent", 404),  # consented to "about me", not to the rota
        ("circle_without_consent", 404),
        ("outside_worker", 404),
        ("former_worker", 404),
        ("finance", 404),
        ("other_org_admin", 404),
    ],
)
def test_who_may_read_it(cast: Cast, member: str, status: int) -> None:
    live_rota(cast)
    assert as_member(cast, member).get(url(cast)).status_code == status


def test_circle_member_with_rota_consent_sees_the_same(cast: Cast) -> None:
    live_rota(cast)
    Consent.objects.create(
        organisation=cast.organisation,
        circle_member=cast.circle["circle_with_consent"],
        category=ConsentCategory.ROTA,
        given_by=Consent.GivenBy.PERSON,
        starts_on=timezone.localdate(),
    )
    html = as_member(cast, "circle_with_consent").get(url(cast)).content.decode()
    assert "Tariq is coming." in html


def test_a_night_says_the_next_day(cast: Cast) -> None:
    today = timezone.localdate()
    from ownterms.rota.models import ShiftKind

    night = Shift.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        on=today,
        starts_at=at(today, 22),
        ends_at=at(today + dt.timedelta(days=1), 8),
        kind=ShiftKind.SLEEP_IN,
    )
    assign(night, cast.staff["team_worker"])
    html = as_member(cast, "person_user").get(url(cast)).content.decode()
    assert "10 at night until 8 in the morning the next day." in html


def test_the_pdf_is_a_real_pdf(cast: Cast) -> None:
    live_rota(cast)
    response = as_member(cast, "person_user").get(url(cast, "rota:who_is_coming_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        as_member(cast, "outside_worker").get(url(cast, "rota:who_is_coming_pdf")).status_code
        == 404
    )


def test_team_rota_pdf(cast: Cast) -> None:
    live_rota(cast)
    client = as_member(cast, "manager")
    response = client.get(url(cast, "rota:team_rota_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(url(cast, "rota:team_rota_pdf") + "?week=nonsense").status_code == 200
    assert client.get(url(cast, "rota:team_rota_pdf") + "?week=2026-11-25").status_code == 200
    assert as_member(cast, "finance").get(url(cast, "rota:team_rota_pdf")).status_code == 404


@pytest.mark.parametrize("per_day", [1, 4])
def test_a_fixed_number_of_queries(
    cast: Cast, per_day: int, django_assert_max_num_queries: Any
) -> None:
    today = timezone.localdate()
    for n in range(7):
        for k in range(per_day):
            row = shift(cast.person, today + dt.timedelta(days=n), 6 + 4 * k, 3, headcount=2)
            assign(row, cast.staff["team_worker"], cast.staff["outside_worker"])
    client = as_member(cast, "person_user")
    client.get(url(cast))
    with django_assert_max_num_queries(14):
        response = client.get(url(cast))
    assert response.content.decode().count("are coming.") == 7 * per_day
