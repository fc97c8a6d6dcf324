"""A support worker's shift on a phone, in a real browser: from My shifts to the start of the
shift, reading and acknowledging the handover, writing the daily note (the live language check
warns as they type; "Save as written" keeps their words) and the handover."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, expect

from ownterms.daily.models import DailyNote, Handover, HandoverAcknowledgement
from ownterms.daily.services.notes import write_handover
from ownterms.rota.models import Assignment, Shift
from tests.browser.conftest import (
    PHONE,
    axe_violations,
    new_context,
    sign_in_by_cookie,
    watch_csp,
)
from tests.cast import Cast


def _shift(cast: Cast, starts: dt.datetime, hours: int, member: str) -> Shift:
    row = Shift.objects.create(
        organisation=cast.organisation,
        person=cast.person,
        on=timezone.localtime(starts).date(),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        kind="day",
        activity="Swimming at the leisure centre",
    )
    Assignment.objects.create(shift=row, staff_member=cast.staff[member])
    return row


def test_a_shift_from_handover_to_notes(browser: Browser, live_server: Any, cast: Cast) -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    earlier = _shift(cast, now - dt.timedelta(hours=9), 7, "manager")
    current = _shift(cast, now - dt.timedelta(minutes=30), 6, "team_worker")
    handover = write_handover(
        actor=cast.user("manager"),  # type: ignore[arg-type]
        person=cast.person,
        shift=earlier,
        staff_member=cast.staff["manager"],
        text="Alex slept late. The new swimming bag is by the door.",
        now=earlier.ends_at,
    )
    base = f"{live_server.url}/o/{cast.organisation.slug}"
    context = new_context(browser, PHONE)
    sign_in_by_cookie(context, cast.user("team_worker"), live_server.url)
    page = context.new_page()
    csp = watch_csp(page)

    page.goto(f"{base}/my-shifts/")
    page.get_by_role("link", name="Handover and start of shift").first.click()
    expect(page.get_by_role("heading", name="Handover and start of shift")).to_be_visible()
    expect(page.get_by_text("The new swimming bag is by the door.")).to_be_visible()
    expect(page.get_by_text("Swimming at the leisure centre")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="I have read this").click()
    expect(page.get_by_text("You have read this", exact=True)).to_be_visible()
    assert HandoverAcknowledgement.objects.get(handover=handover).shift == current

    page.get_by_role("link", name="Write the daily note for this shift").click()
    expect(page.get_by_text("The plan was: Swimming at the leisure centre")).to_be_visible()
    page.get_by_label("Good", exact=True).check()
    page.get_by_label("What did they do?").fill("Swam eight lengths, then hot chocolate 🍫.")
    page.get_by_label("How were they?").press_sequentially("He kicked off in the changing room")
    live = page.locator("#language-how_they_were")
    expect(live.get_by_text("“kicked off”")).to_be_visible(timeout=10_000)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_role("heading", name="Check your words")).to_be_visible()
    expect(page.get_by_label("How were they?")).to_have_value("He kicked off in the changing room")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save as written").click()
    expect(page.get_by_text("The daily note has been saved.")).to_be_visible()
    note = DailyNote.objects.get(shift=current)
    assert note.how_they_were == "He kicked off in the changing room"
    assert note.activities == "Swam eight lengths, then hot chocolate 🍫."
    assert axe_violations(page) == []

    page.goto(f"{base}/people/{cast.person.public_id}/daily/shifts/{current.public_id}/start/")
    page.get_by_role("link", name="Write the handover at the end of this shift").click()
    page.get_by_label("Handover").fill("Alex is tired; tea at six. Swimming bag needs washing.")
    page.get_by_role("button", name="Save the handover").click()
    expect(page.get_by_text("The handover has been saved.")).to_be_visible()
    assert Handover.objects.filter(shift=current).count() == 1
    page.get_by_role("link", name="Back to the day's records").click()
    expect(page.get_by_text("Swam eight lengths")).to_be_visible()
    assert axe_violations(page) == []
    assert csp == []
    context.close()
