"""One organisation-wide vocabulary: interests and traits (shared by people and staff, so
matching can compare them) and the skills a support need or a training record names."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def normalise(label: str) -> str:
    """The key two labels share when they mean the same tag: "  Swimming " == "swimming"."""
    return " ".join(label.split()).casefold()


class Tag(models.Model):
    """An interest (swimming, baking) or a trait (calm, talkative) from the shared vocabulary."""

    class Kind(models.TextChoices):
        INTEREST = "interest", _("Interest")
        TRAIT = "trait", _("Trait")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=60)
    key = models.CharField(max_length=60, editable=False)

    class Meta:
        ordering = ["kind", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "key"], name="one_tag_per_meaning"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: object, **kwargs: object) -> None:
        self.key = normalise(self.label)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Skill(models.Model):
    """Something a worker is trained for (epilepsy rescue medication, driving with own car)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(max_length=100, editable=False)
    renew_every_months = models.PositiveSmallIntegerField(
        _("renew every (months)"),
        null=True,
        blank=True,
        help_text="Leave empty if it never needs renewing.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_skill_per_name")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.key = normalise(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
