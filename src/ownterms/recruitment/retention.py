"""Deleting unsuccessful applicants after the retention period (``recruitment.retention_days``).

Once a day per organisation: every applicant whose ``keep_until`` has passed, who did not
start with us and has no application still in progress (all rejected or withdrawn), is
deleted with their applications, meetings, checks and CV file. Each deletion is audited with
the applicant's public id only: nothing else about them is kept.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef

from ownterms.audit.services import record_change
from ownterms.core.jobs import once_a_day
from ownterms.core.models import Organisation
from ownterms.core.selectors import zone_of
from ownterms.recruitment.models import Applicant, Application, Stage

JOB = "recruitment.retention"
#: Stages that end an application without a job: the applicant may then be deleted.
UNSUCCESSFUL = (Stage.REJECTED, Stage.WITHDRAWN)


def due_for_deletion(organisation: Organisation, today: dt.date) -> list[Applicant]:
    """Applicants kept until before ``today`` with nothing in progress and no job with us."""
    in_progress = Application.objects.filter(applicant=OuterRef("pk")).exclude(
        stage__in=UNSUCCESSFUL
    )
    return list(
        Applicant.objects.filter(
            organisation=organisation,
            keep_until__lt=today,
            staff_member__isnull=True,
        )
        .exclude(Exists(in_progress))
        .order_by("pk")
    )


def delete_applicant(applicant: Applicant) -> None:
    """Deletes one applicant (inside the caller's transaction); the file goes after commit."""
    cv_name = applicant.cv.name if applicant.cv else ""
    storage = applicant.cv.storage
    applications = list(applicant.applications.values_list("public_id", flat=True))
    applicant.applications.all().delete()
    applicant.delete()
    record_change(
        actor=None,
        organisation=applicant.organisation,
        action="recruitment.applicant_deleted",
        obj=applicant,  # deleted: the event keeps only its type and public id
        person=None,
        changes={"applications": len(applications)},
        basis="retention",
    )
    if cv_name:
        transaction.on_commit(lambda: storage.delete(cv_name))


def delete_expired_applicants(now: dt.datetime) -> int:
    """The daily job: returns how many applicants it deleted."""
    deleted = 0
    for organisation in Organisation.objects.order_by("pk"):
        today = now.astimezone(zone_of(organisation)).date()
        with transaction.atomic():
            if not once_a_day(organisation, JOB, today):
                continue
            for applicant in due_for_deletion(organisation, today):
                delete_applicant(applicant)
                deleted += 1
    return deleted
