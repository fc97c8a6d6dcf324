"""A generic row factory: one saved row of any model, built from its fields alone.

The export test uses it to build a row of every model that relates to a person, so a model
added by any app is exercised without anyone writing a factory for it. Values follow the
order of the fields (a later date field gets a later date), which satisfies the usual "ends
after it starts" constraints; if saving still fails, it tries again with optional fields left
empty. A model it cannot build gets an entry in ``EXPLICIT`` (a function building the row).
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ownterms.accounts.models import User
from ownterms.core.models import Organisation
from ownterms.people.models import Person

_counter = itertools.count(1)


def _pattern_block(person: Person, marker: str, factory: RowFactory) -> models.Model:
    """A block's end must come after its start, which the generic numbers can't say."""
    from ownterms.rota.models import PatternBlock, SupportPattern

    pattern = factory.built.get(SupportPattern) or factory.build(SupportPattern, set())
    return PatternBlock.objects.create(
        pattern=pattern,
        weekday=0,
        start_minute=9 * 60,
        end_minute=15 * 60,
        kind="day",
        activity=f"{marker} activity",
        notes=f"{marker} notes",
    )


def _draft_block(person: Person, marker: str, factory: RowFactory) -> models.Model:
    """A referral's draft block: the same rule as a pattern block."""
    from ownterms.referrals.models import DraftBlock, Referral

    referral = factory.built.get(Referral) or factory.build(Referral, set())
    return DraftBlock.objects.create(
        referral=referral,
        weekday=0,
        start_minute=9 * 60,
        end_minute=15 * 60,
        kind="day",
        activity=f"{marker} activity",
        developmental=True,
    )


#: model label → function(person, marker, build) returning an unsaved or saved row, for models
#: the generic rules can't build.
EXPLICIT: dict[str, Callable[..., models.Model]] = {
    "rota.patternblock": _pattern_block,
    "referrals.draftblock": _draft_block,
}


class RowFactory:
    """Builds rows for ``person``; every text value contains ``marker``."""

    def __init__(self, person: Person, marker: str) -> None:
        self.person = person
        self.marker = marker
        self.organisation: Organisation = person.organisation
        #: Rows already built for this person, by model (a child's foreign key uses them).
        self.built: dict[type[models.Model], models.Model] = {}
        #: (one-to-one field, target row) pairs taken: a second one needs a new target row.
        self.taken: set[tuple[str, Any]] = set()

    def value(self, field: models.Field[Any, Any], position: int, number: int = 1) -> Any:
        n = next(_counter)
        if field.choices:
            return next(iter(field.flatchoices))[0]
        if isinstance(field, models.EmailField):
            return f"{self.marker.lower()}{n}@example.org"
        if isinstance(field, models.URLField):
            return f"https://example.org/{self.marker.lower()}/{n}"
        if isinstance(field, models.SlugField):
            return f"{self.marker.lower()}-{n}"[: field.max_length or 50]
        if isinstance(field, models.GenericIPAddressField):
            return "192.0.2.1"
        if isinstance(field, models.FileField):
            return f"test/{self.marker.lower()}-{n}.png"
        if isinstance(field, models.CharField | models.TextField):
            text = f"{self.marker} {field.name} {n}"
            return text[: field.max_length] if field.max_length else text
        if isinstance(field, models.BooleanField):
            return True
        if isinstance(field, models.DecimalField):
            return decimal.Decimal(number)
        if isinstance(field, models.FloatField):
            return float(number)
        if isinstance(field, models.IntegerField):
            return number
        if isinstance(field, models.DateTimeField):
            return timezone.now() + dt.timedelta(hours=position)
        if isinstance(field, models.DateField):
            return timezone.localdate() + dt.timedelta(days=position)
        if isinstance(field, models.TimeField):
            return dt.time(6 + position % 16, 0)
        if isinstance(field, models.DurationField):
            return dt.timedelta(hours=1)
        if isinstance(field, models.UUIDField):
            return uuid.uuid4()
        if isinstance(field, models.JSONField):
            return {"note": f"{self.marker} {n}"}
        if isinstance(field, models.BinaryField):
            return b"x"
        raise NotImplementedError(f"no generic value for {field!r}")

    def target(self, field: models.ForeignKey[Any, Any], related: set[type[models.Model]]) -> Any:
        target = field.related_model
        assert isinstance(target, type)
        if target is Person:
            return self.person
        if target is Organisation:
            return self.organisation
        if target in related:
            if target not in self.built:
                self.build(target, related)
            if field.one_to_one:
                if (str(field), self.built[target].pk) in self.taken:
                    self.build(target, related)
                self.taken.add((str(field), self.built[target].pk))
            return self.built[target]
        if target is User and not field.one_to_one:
            user = User.objects.filter(organisation=self.organisation).order_by("pk").first()
            if user is not None:
                return user
        # Something outside the record (a skill, a tag, a user of its own): build it too.
        return self.build(target, related, remember=False)

    def build(
        self,
        model: type[models.Model],
        related: set[type[models.Model]],
        *,
        remember: bool = True,
    ) -> models.Model:
        label = model._meta.label_lower
        if label in EXPLICIT:
            row = EXPLICIT[label](self.person, self.marker, self)
        else:
            row = self._generic(model, related)
        if remember:
            self.built[model] = row
        return row

    def _generic(self, model: type[models.Model], related: set[type[models.Model]]) -> Any:
        failures: list[str] = []
        # Small numbers suit most rules (a weekday, hours in a day); some need more (minutes).
        for fill_optional, number in itertools.product((True, False), (1, 60)):
            values: dict[str, Any] = {}
            for position, field in enumerate(model._meta.concrete_fields):
                if field.primary_key or getattr(field, "auto_now", False):
                    continue
                if getattr(field, "auto_now_add", False):
                    continue
                optional = field.null or (field.blank and not field.is_relation)
                if field.is_relation:
                    # A link to another row of the same model (a medicine that replaced one)
                    # is left empty: following it would build rows for ever.
                    if optional and (not fill_optional or field.related_model is model):
                        continue
                    values[field.name] = self.target(field, related)  # type: ignore[arg-type]
                    continue
                if field.has_default() and not fill_optional:
                    continue
                if optional and not fill_optional:
                    continue
                if field.has_default() and isinstance(field, models.UUIDField):
                    continue
                values[field.name] = self.value(field, position, number)
            try:
                with transaction.atomic():
                    row = model(**values)
                    row.save()
                    for many in model._meta.many_to_many:
                        if many.related_model is Person:
                            getattr(row, many.name).add(self.person)
                return row
            except (IntegrityError, ValidationError, ValueError, TypeError) as error:
                failures.append(str(error))
        raise AssertionError(
            f"the generic row factory can't build {model._meta.label}: {failures}; "
            "add a function for it to EXPLICIT in tests/ownterms/exports/rows.py"
        )
