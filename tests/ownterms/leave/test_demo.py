"""The demo organisation's availability and leave: rich, plausible and valid."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.demo import builders
from ownterms.leave.models import AvailabilityPattern, LeaveRequest, LeaveTerms, WorkedHours
from ownterms.leave.selectors import balance_of, unavailable_intervals
from ownterms.staff.models import StaffMember

pytestmark = pytest.mark.django_db


@pytest.mark.demo_data
def test_demo_leave_and_availability() -> None:
    call_command("seed_demo", "--without-rota", stdout=StringIO())
    org = builders.demo_organisation()
    assert org is not None
    staff = StaffMember.objects.filter(organisation=org)
    assert AvailabilityPattern.objects.filter(organisation=org).count() == staff.count()
    notes = set(AvailabilityPattern.objects.values_list("note", flat=True))
    assert {"No nights", "Part time", ""} <= notes
    assert LeaveTerms.objects.filter(organisation=org).exists()
    assert (
        WorkedHours.objects.filter(organisation=org).exists()
        or not staff.filter(employment="bank").exists()
    )

    today = timezone.localdate()
    leave = LeaveRequest.objects.filter(organisation=org)
    assert leave.filter(status="requested").count() >= 3
    monday = today - dt.timedelta(days=today.weekday())
    assert leave.filter(
        kind="sickness",
        status="approved",
        starts_on__lte=monday + dt.timedelta(days=6),
        ends_on__gte=monday,
    ).exists()
    assert (
        leave.filter(kind="annual", status="approved", starts_on__gte=today.replace(day=1)).count()
        >= 10
    )
    for item in leave:
        item.full_clean()
        others = leave.filter(
            staff_member=item.staff_member, starts_on__lte=item.ends_on, ends_on__gte=item.starts_on
        ).exclude(pk=item.pk)
        assert not others.exists(), item

    member = staff.order_by("pk").first()
    assert member is not None
    balance_of(member, today=today)
    start = timezone.now()
    unavailable_intervals(member, start, start + dt.timedelta(days=7))

    manager = User.objects.get(email=builders.SIGN_INS["manager"])
    client = Client()
    client.force_login(manager)
    response = client.get(reverse("leave:organisation", kwargs={"org": org.slug}))
    assert response.status_code == 200
    assert "Sickness" in response.content.decode()
