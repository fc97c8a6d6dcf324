"""A person's funding: arrangements with their contract terms, sources, rates, the ring-fenced
ledger, budget plans and issued statements.

Money is whole pence (``BigIntegerField`` where sums grow). The ledger is double-entry: a
``Posting`` is one movement, its ``Entry`` rows sum to zero (debits positive). Postings are
never changed or deleted: a mistake is put right by a new posting (``reverses``). The fund
account of an arrangement is the person's money held: its balance is the sum of its entries.
Every fund entry names the source it draws on, so a pooled budget reports to each funder.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

#: The kinds of commissioned support that have a rate (the same names as the rota's delivered
#: hours, ``rota.selectors.delivery.KINDS``): day, two_to_one and waking_night are priced per
#: hour of support (2:1 per hour of the pair's support), sleep_in per night.
SUPPORT_KINDS = (
    ("day", _("Day support at 1:1")),
    ("two_to_one", _("Support at 2:1")),
    ("waking_night", _("Waking nights")),
    ("sleep_in", _("Sleep-ins")),
)


class ArrangementKind(models.TextChoices):
    ISF = "isf", _("Individual service fund")
    DIRECT_PAYMENT = "direct_payment", _("Direct payment")
    PHB_NOTIONAL = "phb_notional", _("Personal health budget (notional)")
    PHB_THIRD_PARTY = "phb_third_party", _("Personal health budget (third party)")
    PHB_DIRECT = "phb_direct", _("Personal health budget (direct payment)")
    MANAGED = "managed", _("Managed budget")
    POOLED = "pooled", _("Integrated or pooled budget")


class FunderKind(models.TextChoices):
    COUNCIL = "council", _("Council (adult social care)")
    ICB = "icb", _("Integrated care board (NHS)")
    EDUCATION = "education", _("Education")
    PERSON = "person", _("The person's own contribution")
    OTHER = "other", _("Other")


class BankedCapKind(models.TextChoices):
    WEEKS = "weeks", _("Weeks of support")
    PERCENT_OF_YEAR = "percent_of_year", _("Percent of the year's hours")


class FeeKind(models.TextChoices):
    NONE = "none", _("No management fee")
    PERCENT = "percent", _("A percentage of funding received")
    FIXED_WEEKLY = "fixed_weekly", _("A fixed amount a week")


class FundingArrangement(models.Model):
    """How one person's support is funded, with the contract terms as data.

    Caps are optional (``None`` = the contract sets none) and never zero. Hundredths keep
    fractions exact: ``surplus_cap_hundredths=400`` is 4 times the weekly budget,
    ``banked_cap_hundredths=250`` is 2.5 weeks (or 2.5 % of the year's hours).
    ``management_fee_value`` is basis points for a percentage (750 = 7.5 %) or pence a week.
    """

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="funding_arrangements"
    )
    kind = models.CharField(_("kind of funding"), max_length=20, choices=ArrangementKind.choices)
    reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    review_on = models.DateField(_("review date"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    paid_every_weeks = models.PositiveSmallIntegerField(_("paid every (weeks)"), default=4)
    paid_in_advance = models.BooleanField(_("paid in advance"), default=True)
    surplus_cap_hundredths = models.PositiveIntegerField(
        _("surplus cap (times the weekly budget, in hundredths)"), null=True, blank=True
    )
    surplus_max_weeks = models.PositiveSmallIntegerField(
        _("longest a surplus may be held (weeks)"), null=True, blank=True
    )
    banked_cap_kind = models.CharField(
        _("banked hours cap in"),
        max_length=20,
        choices=BankedCapKind.choices,
        default=BankedCapKind.WEEKS,
    )
    banked_cap_hundredths = models.PositiveIntegerField(
        _("banked hours cap (hundredths)"), null=True, blank=True
    )
    banked_expiry_months = models.PositiveSmallIntegerField(
        _("banked hours must be used within (months)"), null=True, blank=True
    )
    notice_days = models.PositiveSmallIntegerField(_("notice to end (days)"), default=28)
    management_fee_kind = models.CharField(
        _("management fee"), max_length=20, choices=FeeKind.choices, default=FeeKind.NONE
    )
    management_fee_value = models.PositiveIntegerField(_("management fee amount"), default=0)
    changes_need_funder_approval = models.BooleanField(
        _("changes need the funder's approval"), default=True
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: Optimistic lock for edits, and the row ledger writers lock (select_for_update).
    updated_at = models.DateTimeField(auto_now=True)

    audit_private_fields: ClassVar[tuple[str, ...]] = ("notes",)

    class Meta:
        ordering = ["person", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="arrangement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(review_on__gte=F("starts_on")), name="arrangement_review_after_start"
            ),
            models.CheckConstraint(
                condition=Q(paid_every_weeks__gte=1) & Q(paid_every_weeks__lte=52),
                name="arrangement_paid_every_1_to_52_weeks",
            ),
            models.CheckConstraint(
                condition=(Q(surplus_cap_hundredths__isnull=True) | Q(surplus_cap_hundredths__gt=0))
                & (Q(surplus_max_weeks__isnull=True) | Q(surplus_max_weeks__gt=0))
                & (Q(banked_cap_hundredths__isnull=True) | Q(banked_cap_hundredths__gt=0))
                & (Q(banked_expiry_months__isnull=True) | Q(banked_expiry_months__gt=0)),
                name="arrangement_caps_are_positive_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()} from {self.starts_on}"


class FundingSource(models.Model):
    """Who pays into an arrangement and how much a week, from ``starts_on`` (a change ends
    the row and adds another). A pooled budget has several at once; each source's share of
    a cost is its weekly amount over the total in force that day."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    arrangement = models.ForeignKey(
        FundingArrangement, on_delete=models.CASCADE, related_name="sources"
    )
    funder_kind = models.CharField(_("kind of funder"), max_length=20, choices=FunderKind.choices)
    funder_name = models.CharField(_("funder"), max_length=150)
    reference = models.CharField(_("funder's reference"), max_length=100, blank=True)
    weekly_pence = models.PositiveIntegerField(_("amount a week (pence)"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (not included)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["arrangement", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="source_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.funder_name

    @property
    def last_day(self) -> dt.date | None:
        """The last day it applies (``ends_on`` is the first day it no longer does)."""
        return None if self.ends_on is None else self.ends_on - dt.timedelta(days=1)


class Rate(models.Model):
    """The price of one kind of support from ``starts_on`` until ``ends_on`` (not included).
    Pence per hour of support, or per night for sleep-ins. Periods of one kind never overlap
    (``services.add_rate`` refuses it)."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    arrangement = models.ForeignKey(
        FundingArrangement, on_delete=models.CASCADE, related_name="rates"
    )
    kind = models.CharField(_("kind of support"), max_length=20, choices=SUPPORT_KINDS)
    pence = models.PositiveIntegerField(_("rate (pence an hour, or a night for sleep-ins)"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (not included)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["arrangement", "kind", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="rate_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["arrangement", "kind", "starts_on"], name="one_rate_per_kind_and_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pence}p from {self.starts_on}"

    @property
    def last_day(self) -> dt.date | None:
        """The last day it applies (``ends_on`` is the first day it no longer does)."""
        return None if self.ends_on is None else self.ends_on - dt.timedelta(days=1)


class Account(models.TextChoices):
    #: The person's money held (asset): funding in, costs out.
    FUND = "fund", _("Money held for the person")
    #: Funding received, per source (income; credits).
    FUNDING = "funding", _("Funding received")
    #: Delivered support priced at the rates (expense; debits).
    SUPPORT = "support", _("Support delivered")
    #: Activities, equipment, other providers (expense).
    OTHER_SPENDING = "other_spending", _("Other spending")
    #: The provider's management fee (expense).
    FEE = "fee", _("Management fee")


class PostingKind(models.TextChoices):
    OPENING_BALANCE = "opening_balance", _("Balance brought forward")
    FUNDING_RECEIVED = "funding_received", _("Funding received")
    SUPPORT_DELIVERED = "support_delivered", _("Support delivered")
    SPENDING = "spending", _("Other spending")
    MANAGEMENT_FEE = "management_fee", _("Management fee")
    CORRECTION = "correction", _("Correction")


class SpendingCategory(models.TextChoices):
    ACTIVITY = "activity", _("Activities")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER_PROVIDER = "other_provider", _("Another provider's support")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other")


class Posting(models.Model):
    """One movement of the person's money; its entries balance. Never changed or deleted.

    ``on`` is the day the movement belongs to (the day support was delivered, the day money
    arrived). Support postings carry what was priced (``support_kind``, ``quantity`` in
    minutes of support or nights, ``rate_pence``) so a statement can show hours times rate.
    """

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    arrangement = models.ForeignKey(
        FundingArrangement, on_delete=models.PROTECT, related_name="postings"
    )
    kind = models.CharField(max_length=20, choices=PostingKind.choices)
    on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200)
    source = models.ForeignKey(
        FundingSource, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    support_kind = models.CharField(max_length=20, choices=SUPPORT_KINDS, blank=True)
    quantity = models.IntegerField(default=0)
    rate_pence = models.PositiveIntegerField(null=True, blank=True)
    category = models.CharField(max_length=20, choices=SpendingCategory.choices, blank=True)
    payee = models.CharField(_("paid to"), max_length=150, blank=True)
    receipt = models.FileField(_("receipt"), upload_to="receipts/", blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        indexes = [
            models.Index(fields=["arrangement", "kind", "on"]),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.description}"


class Entry(models.Model):
    """One side of a posting. ``arrangement`` and ``on`` repeat the posting's so balances are
    one indexed aggregate; ``source`` is set on fund and funding entries."""

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="entries")
    arrangement = models.ForeignKey(FundingArrangement, on_delete=models.PROTECT, related_name="+")
    on = models.DateField()
    account = models.CharField(max_length=20, choices=Account.choices)
    source = models.ForeignKey(
        FundingSource, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_pence = models.BigIntegerField()

    class Meta:
        ordering = ["on", "pk"]
        indexes = [
            models.Index(fields=["arrangement", "account", "on"]),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.amount_pence}"


class BudgetPlan(models.Model):
    """A way of using the budget, designed with the person and their circle. Several drafts
    can be compared side by side; agreeing one makes it the baseline (the one before it is
    superseded)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        SUPERSEDED = "superseded", _("Superseded")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    arrangement = models.ForeignKey(
        FundingArrangement, on_delete=models.CASCADE, related_name="plans"
    )
    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_with = models.CharField(_("agreed with"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["arrangement", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement"],
                condition=Q(status="agreed"),
                name="one_agreed_plan_per_arrangement",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BudgetPlanLine(models.Model):
    """One use of the budget in a plan, as a weekly amount. Support lines say which kind and
    how much (minutes of support or nights a week) and are priced at the arrangement's rates."""

    class Kind(models.TextChoices):
        SUPPORT = "support", _("Support from our team")
        OTHER_PROVIDER = "other_provider", _("Another provider")
        ACTIVITY = "activity", _("Activities")
        EQUIPMENT = "equipment", _("Equipment")
        CONTINGENCY = "contingency", _("Contingency")

    plan = models.ForeignKey(BudgetPlan, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    support_kind = models.CharField(max_length=20, choices=SUPPORT_KINDS, blank=True)
    quantity = models.PositiveIntegerField(_("minutes or nights a week"), default=0)
    weekly_pence = models.PositiveIntegerField(_("amount a week (pence)"), default=0)

    class Meta:
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.description


class Statement(models.Model):
    """An issued statement: the figures for a period frozen as they were when issued. Never
    changed; later corrections show in the next statement."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    arrangement = models.ForeignKey(
        FundingArrangement, on_delete=models.PROTECT, related_name="statements"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (included)"))
    figures = models.JSONField()
    issued_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["arrangement", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "starts_on", "ends_on"], name="one_statement_per_period"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="statement_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.arrangement.person} {self.starts_on} to {self.ends_on}"


class FundingInvoice(models.Model):
    """What one funder owes under an arrangement for one payment period, as issued: numbered
    in sequence per organisation, never changed (a correction is a later invoice or credit in
    the ledger). ``lines`` freeze how the amount was reached, one per funding source row."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    #: Sequential within the organisation (1, 2, 3…); shown as ``INV-000123``.
    number = models.PositiveIntegerField()
    arrangement = models.ForeignKey(
        FundingArrangement, on_delete=models.PROTECT, related_name="invoices"
    )
    funder_kind = models.CharField(_("kind of funder"), max_length=20, choices=FunderKind.choices)
    funder_name = models.CharField(_("funder"), max_length=150)
    funder_reference = models.CharField(_("funder's reference"), max_length=100, blank=True)
    period_starts_on = models.DateField(_("from"))
    #: The last day of the period (included).
    period_ends_on = models.DateField(_("to (included)"))
    amount_pence = models.PositiveIntegerField(_("amount (pence)"))
    lines = models.JSONField()
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="invoice_number_once"),
            models.UniqueConstraint(
                fields=["arrangement", "funder_kind", "funder_name", "period_starts_on"],
                name="one_invoice_per_funder_and_period",
            ),
            models.CheckConstraint(
                condition=Q(period_ends_on__gte=F("period_starts_on")),
                name="invoice_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"INV-{self.number:06d}"
