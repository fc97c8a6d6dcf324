"""Reading pending imports: only the uploader's own, and only while they last."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.imports.models import PendingImport


def pending_import_of(actor: User, public_id: uuid.UUID) -> PendingImport:
    """The actor's own pending import, not yet expired; 404 otherwise (whoever else it is)."""
    pending = PendingImport.objects.filter(
        public_id=public_id,
        uploaded_by=actor,
        organisation_id=actor.organisation_id,
        created_at__gte=timezone.now() - PendingImport.LIFETIME,
    ).first()
    if pending is None:
        raise Http404
    return pending
