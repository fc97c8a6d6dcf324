"""The morning briefing: at the organisation's briefing time (the ``daily.briefing_minute``
setting, 07:30 by default) each manager who manages someone, and each administrator, gets one
in-app notification (emailed by ``notify`` on commit) with the today board as counts and a
link to it. Counts and links only: never a name or a health detail.

Once per user per local day: a ``BriefingSent`` row is written in the same transaction as the
notification, and its unique constraint makes a second run (or two at once) send nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.core.models import Organisation
from ownterms.core.selectors import setting, zone_of
from ownterms.core.setting_keys import BRIEFING_TIME
from ownterms.daily.models import BriefingSent
from ownterms.daily.selectors.today import Counts, board, board_scope
from ownterms.notifications.services import notify
from ownterms.people.selectors import current
from ownterms.staff.models import ManagerAssignment

logger = logging.getLogger(__name__)

TOPIC = "daily.briefing"


def summary_lines(counts: Counts) -> list[str]:
    """The board as sentences of numbers (no names, nothing about anyone's health)."""
    return [
        ngettext(
            "%(n)s incident since yesterday", "%(n)s incidents since yesterday", counts.incidents
        )
        % {"n": counts.incidents},
        ngettext(
            "%(n)s restrictive practice since yesterday (%(u)s not authorised, %(p)s prone)",
            "%(n)s restrictive practices since yesterday (%(u)s not authorised, %(p)s prone)",
            counts.practices,
        )
        % {"n": counts.practices, "u": counts.unauthorised_practices, "p": counts.prone_holds},
        ngettext("%(n)s seizure since yesterday", "%(n)s seizures since yesterday", counts.seizures)
        % {"n": counts.seizures},
        ngettext(
            "%(n)s missed dose since yesterday",
            "%(n)s missed doses since yesterday",
            counts.missed_doses,
        )
        % {"n": counts.missed_doses},
        ngettext("%(n)s late dose", "%(n)s late doses", counts.late_doses)
        % {"n": counts.late_doses},
        ngettext(
            "%(n)s place on today's shifts not covered",
            "%(n)s places on today's shifts not covered",
            counts.gaps,
        )
        % {"n": counts.gaps},
        ngettext("%(n)s worker off sick", "%(n)s workers off sick", counts.sick)
        % {"n": counts.sick},
        ngettext(
            "%(n)s worker on today's shifts with training expiring",
            "%(n)s workers on today's shifts with training expiring",
            counts.training,
        )
        % {"n": counts.training},
        ngettext("%(n)s open on-call follow-up", "%(n)s open on-call follow-ups", counts.follow_ups)
        % {"n": counts.follow_ups},
        ngettext(
            "%(n)s appointment or activity today",
            "%(n)s appointments and activities today",
            counts.activities,
        )
        % {"n": counts.activities},
    ]


def recipients(organisation: Organisation, day: dt.date) -> list[User]:
    """Active administrators, and managers currently assigned to someone, not yet briefed."""
    manages = ManagerAssignment.objects.filter(
        current(day), organisation_id=organisation.pk, manager__user=OuterRef("pk")
    )
    admin = RoleGrant.objects.filter(user=OuterRef("pk"), role=Role.ADMINISTRATOR)
    manager = RoleGrant.objects.filter(user=OuterRef("pk"), role=Role.MANAGER)
    briefed = BriefingSent.objects.filter(user=OuterRef("pk"), day=day)
    return list(
        User.objects.filter(organisation=organisation, is_active=True)
        .filter(Q(Exists(admin)) | (Q(Exists(manager)) & Q(Exists(manages))))
        .exclude(Exists(briefed))
        .order_by("pk")
    )


def send_briefing(*, user: User, organisation: Organisation, now: dt.datetime) -> bool:
    """Sends ``user`` today's briefing unless already sent; True when this call sent it."""
    scope = board_scope(user, organisation, now)
    if scope is None:
        return False
    found = board(scope, now)
    counts = found.counts
    day = found.today
    link = reverse("daily:today", kwargs={"org": organisation.slug})
    subject = _("Your morning briefing for %(day)s") % {"day": date_format(day, "l j F Y")}
    body = "\n".join(
        [
            ngettext(
                "Today and tonight for the %(n)s person you look after:",
                "Today and tonight for the %(n)s people you look after:",
                counts.people,
            )
            % {"n": counts.people},
            "",
            *(f"- {line}" for line in summary_lines(counts)),
            "",
            _("Open the today board for the details."),
        ]
    )
    try:
        with transaction.atomic():
            marker = BriefingSent.objects.create(
                organisation=organisation, user=user, day=day, sent_at=now
            )
            rows = notify(users=[user], topic=TOPIC, subject=subject, body=body, link=link)
            if rows:
                marker.notification = rows[0]
                marker.save(update_fields=["notification"])
    except IntegrityError:
        return False  # another run sent it first
    return True


def send_due_briefings(now: dt.datetime) -> int:
    """The job: every organisation whose briefing time has come today; how many were sent."""
    sent = 0
    for organisation in Organisation.objects.order_by("pk"):
        local = now.astimezone(zone_of(organisation))
        minute = setting(organisation, BRIEFING_TIME, on=local.date())
        if local.hour * 60 + local.minute < minute:
            continue
        for user in recipients(organisation, local.date()):
            try:
                sent += send_briefing(user=user, organisation=organisation, now=now)
            except Exception:  # one user's failure must not stop everyone else's briefing
                logger.exception("Morning briefing for user %s failed", user.pk)
    return sent
