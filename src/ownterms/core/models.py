"""The organisation (tenant) and its effective-dated settings."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A support provider. Every row of personal data belongs to exactly one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/London")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationSetting(models.Model):
    """One value of one setting, applying from ``effective_from`` until a later row replaces it.

    Rows are never edited: a change adds a row, so the history of every rule and rate is kept.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    value = models.JSONField()
    effective_from = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "key", "-effective_from", "-created_at"]
        indexes = [models.Index(fields=["organisation", "key", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.key} from {self.effective_from}"


class JobRun(models.Model):
    """That a once-a-day job has run for an organisation on a day (``core.jobs.once_a_day``)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    job = models.CharField(max_length=60)
    day = models.DateField()
    ran_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "job", "day"], name="job_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
