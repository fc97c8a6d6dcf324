"""Exporting a person's record as a FHIR R4 bundle for a partner: who may, and the audit.

Who may export: whoever may read the person's profile on a basis that lets them pass the
record on — the office (administrators, the person's managers), the person themself, and the
circle members and partners the person consented to share with. Staff who read the record to
support the person (their team, whoever is on call) may read it but not export it (403).
The bundle holds only the categories the reader may read, and every export is recorded as a
change (``person.fhir_export``) in the same transaction, naming the categories and the number of
resources of each type.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.audit.services import field_changes, record_change
from ownterms.core.selectors import zone_of
from ownterms.outcomes import fhir
from ownterms.outcomes.selectors.fhir_record import collect
from ownterms.people.access import PersonAccess, access_person
from ownterms.people.models import ConsentCategory
from ownterms.people.selectors import Basis, readable_categories

#: Bases that may export (the others that read the profile get 403).
EXPORT_BASES = frozenset(
    {
        Basis.ADMINISTRATOR,
        Basis.MANAGER,
        Basis.SELF,
        Basis.CIRCLE_CONSENT,
        Basis.PARTNER_GRANT,
    }
)
#: The categories a bundle can hold besides the profile.
EXPORTED_CATEGORIES = frozenset({ConsentCategory.PLANS, ConsentCategory.HEALTH})


def access_for_export(actor: User | None, person_id: uuid.UUID | str, *, page: str) -> PersonAccess:
    """The person if ``actor`` may export their record (404 / 403 as for any page)."""
    access = access_person(actor, person_id, category=ConsentCategory.PROFILE, page=page)
    if not access.bases & EXPORT_BASES:
        raise PermissionDenied
    return access


def categories_for(actor: User, access: PersonAccess) -> frozenset[str]:
    """The categories of the record ``actor`` may read that a bundle can hold."""
    readable = readable_categories(actor, access.person.public_id, EXPORTED_CATEGORIES)
    return frozenset({ConsentCategory.PROFILE, *readable})


@transaction.atomic
def export_bundle(
    *, actor: User, access: PersonAccess, now: dt.datetime | None = None
) -> dict[str, Any]:
    person = access.person
    now = now or timezone.now()
    zone = zone_of(person.organisation)
    categories = categories_for(actor, access)
    record = collect(person, categories, timezone.localtime(now, zone).date())
    bundle = fhir.bundle(
        record,
        base_url=settings.OWNTERMS_BASE_URL,
        org_slug=person.organisation.slug,
        organisation_name=person.organisation.name,
        bundle_id=uuid.uuid4(),
        timestamp=timezone.localtime(now, zone),
    )
    types = Counter(entry["resource"]["resourceType"] for entry in bundle.get("entry", []))
    record_change(
        actor=actor,
        organisation=person.organisation,
        action="person.fhir_export",
        obj=person,
        person=person,
        changes=field_changes(
            None,
            {
                "bundle": bundle["id"],
                "categories": sorted(categories),
                "resources": dict(sorted(types.items())),
            },
        ),
        basis=access.basis.value,
    )
    return bundle
