"""A worker's shifts as an iCalendar feed. What leaves the app is only what the issue allows:
the person's first (or preferred) name, the kind of support, the times and the place as the
person's town — no surname, no address line, no health, no notes or activities.

Times are written in Europe/London with its VTIMEZONE, so calendar apps show the right length
for a night across a clock change (DESIGN.md rule 8).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ownterms.rota.models import Shift, ShiftKind
from ownterms.rota.selectors.readers import workers_of
from ownterms.staff.models import StaffMember

#: How often calendar apps should fetch the feed again.
REFRESH = dt.timedelta(hours=1)


def _summary(shift: Shift) -> str:
    name = shift.person.called
    if shift.kind == ShiftKind.SLEEP_IN:
        return _("Sleep-in with %(name)s") % {"name": name}
    if shift.kind == ShiftKind.WAKING_NIGHT:
        return _("Waking night with %(name)s") % {"name": name}
    return _("Support with %(name)s") % {"name": name}


def _uid(shift: Shift, member: StaffMember) -> str:
    """Stable per assignment (shift and worker), so an edited shift updates, not duplicates."""
    host = settings.OWNTERMS_BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "ownterms"
    return f"shift-{shift.public_id}-{member.public_id}@{host}"


def calendar_for(member: StaffMember, shifts: Iterable[Shift], *, now: dt.datetime) -> bytes:
    london = timezone.get_current_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Own Terms//Shifts//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("My shifts (%(name)s)") % {"name": member.first_name})
    calendar.add("x-wr-timezone", str(london))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for shift in shifts:
        event = Event()
        event.add("uid", _uid(shift, member))
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("last-modified", shift.updated_at.astimezone(dt.UTC))
        event.add("dtstart", shift.starts_at.astimezone(london))
        event.add("dtend", shift.ends_at.astimezone(london))
        event.add("summary", _summary(shift))
        others = [w.first_name for w in workers_of(shift) if w.pk != member.pk]
        if others:
            event.add("description", _("With %(names)s") % {"names": ", ".join(others)})
        if shift.person.town:
            event.add("location", shift.person.town)
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    body: bytes = calendar.to_ical()
    return body
