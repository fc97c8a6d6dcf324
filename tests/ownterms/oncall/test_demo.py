"""The demo's on-call rota (``enrich_oncall``, run by ``seed_demo``): continuous cover, no
overlaps, the on-call sign-in on call now, and a call log with one open follow-up."""

from __future__ import annotations

import datetime as dt
import itertools
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from ownterms.core.models import Organisation
from ownterms.oncall.models import CallLog
from ownterms.oncall.selectors import banner_for
from ownterms.staff.models import OnCallDuty
from ownterms.staff.selectors import on_call_now


@pytest.mark.demo_data
def test_demo_on_call(db: Any) -> None:
    call_command("seed_demo", "--people", "8", "--staff", "75", "--without-rota", stdout=StringIO())
    org = Organisation.objects.get(slug="harbour-lane")
    today = timezone.localdate()
    duties = list(OnCallDuty.objects.filter(organisation=org).order_by("starts_at"))
    assert len(duties) > 100
    for before, after in itertools.pairwise(duties):
        assert before.ends_at == after.starts_at, (before, after)  # no gap, no overlap
    now = timezone.now()
    assert duties[0].starts_at < now - dt.timedelta(weeks=4) + dt.timedelta(days=7)
    assert duties[-1].ends_at > now + dt.timedelta(weeks=12)
    for later in (dt.timedelta(0), dt.timedelta(days=12, hours=23)):
        (duty,) = on_call_now(org.pk, now=now + later)
        assert duty.manager.user.email.startswith("on-call@")
    assert len({d.manager_id for d in duties}) >= 3
    manager = duties[0].manager.user
    banner = banner_for(manager)
    assert banner.on_call is not None and banner.on_call.phone == "07700 900123"
    calls = CallLog.objects.filter(organisation=org)
    assert calls.count() >= 5
    (open_one,) = calls.filter(follow_up_needed=True, follow_up_done_at__isnull=True)
    assert open_one.follow_up_due == today
    assert open_one.follow_up_owner is not None
    assert open_one.follow_up_owner.user.email.startswith("manager@")
