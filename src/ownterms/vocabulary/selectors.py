from __future__ import annotations

from django.db.models import QuerySet

from ownterms.vocabulary.models import Skill, Tag


def tags_of_kind(organisation_id: int, kind: str) -> QuerySet[Tag]:
    return Tag.objects.filter(organisation_id=organisation_id, kind=kind)


def skills_of(organisation_id: int) -> QuerySet[Skill]:
    return Skill.objects.filter(organisation_id=organisation_id)
