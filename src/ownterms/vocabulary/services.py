"""Adding to the shared vocabulary. New tags are created on first use, so a worker typing
"Swimming" and a manager typing "swimming " end up with the same tag."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.services import create_audited
from ownterms.core.models import Organisation
from ownterms.vocabulary.models import Skill, Tag, normalise

MAX_RENEWAL_MONTHS = 120


@transaction.atomic
def resolve_tags(
    *, actor: User | None, organisation: Organisation, kind: str, labels: Iterable[str]
) -> list[Tag]:
    """The tags for ``labels`` in order, creating (and auditing) any the vocabulary lacks."""
    wanted = [" ".join(label.split()) for label in labels if label.strip()]
    existing = {
        tag.key: tag
        for tag in Tag.objects.filter(
            organisation=organisation, kind=kind, key__in=[normalise(label) for label in wanted]
        )
    }
    tags: list[Tag] = []
    for label in wanted:
        tag = existing.get(normalise(label))
        if tag is None:
            tag = create_audited(
                actor=actor,
                organisation=organisation,
                action="vocabulary.tag_add",
                obj=Tag(organisation=organisation, kind=kind, label=label, key=normalise(label)),
                person=None,
            )
            existing[tag.key] = tag
        if tag not in tags:
            tags.append(tag)
    return tags


@transaction.atomic
def add_skill(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    renew_every_months: int | None = None,
) -> Skill:
    """Adds a skill to the organisation's list; a name it already has is an error."""
    tidy = " ".join(name.split())
    if not tidy:
        raise ValidationError({"name": _("Enter the name of the skill.")})
    if Skill.objects.filter(organisation=organisation, key=normalise(tidy)).exists():
        raise ValidationError({"name": _("“%(name)s” is already on the list.") % {"name": tidy}})
    if renew_every_months is not None and not 1 <= renew_every_months <= MAX_RENEWAL_MONTHS:
        raise ValidationError(
            {"renew_every_months": _("Enter a number of months from 1 to 120, or leave it empty.")}
        )
    return create_audited(
        actor=actor,
        organisation=organisation,
        action="vocabulary.skill_add",
        obj=Skill(
            organisation=organisation,
            name=tidy,
            key=normalise(tidy),
            renew_every_months=renew_every_months,
        ),
        person=None,
    )
