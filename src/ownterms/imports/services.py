"""Importing people, staff, teams, skills and training from a spreadsheet, all or nothing.

``run_import`` does the same work for the preview and for the real import: every row goes
through the app's own services (so each change is validated and audited as if typed into a
page) inside one transaction; a preview, or an import with any error, is rolled back. The
preview's outcomes are summarised in a digest; confirming with a digest that no longer matches
(the records changed since the preview) saves nothing.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ownterms.accounts.models import Role, User
from ownterms.accounts.selectors import has_role
from ownterms.accounts.services import grant_role
from ownterms.audit.services import field_changes, record_change
from ownterms.core.models import Organisation
from ownterms.imports.files import FileProblemError, SheetRow, read_rows
from ownterms.imports.forms import KINDS, ImportKind
from ownterms.imports.models import PendingImport
from ownterms.people.models import Person
from ownterms.people.services import create_person, update_person
from ownterms.staff.models import StaffMember, TeamMembership, TrainingRecord
from ownterms.staff.services import (
    add_team_membership,
    add_training_record,
    create_staff_member,
    default_expiry,
    end_team_membership,
    update_staff_member,
)
from ownterms.vocabulary.models import Skill, normalise
from ownterms.vocabulary.services import add_skill


class Action:
    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"
    ERROR = "error"


@dataclass(frozen=True)
class CellError:
    #: The column the problem is in ("" for the row as a whole).
    column: str
    message: str


@dataclass
class RowOutcome:
    number: int
    action: str
    summary: str = ""
    errors: list[CellError] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    kind: ImportKind
    file_name: str
    rows: list[RowOutcome] = field(default_factory=list)
    #: Why the file as a whole can't be imported (then there are no rows).
    problem: str = ""
    committed: bool = False
    #: Confirmed with a digest that no longer matches: the records changed since the preview.
    stale: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.problem) or any(row.action == Action.ERROR for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            action: self.count(action)
            for action in (Action.CREATE, Action.UPDATE, Action.SKIP, Action.ERROR)
        }

    def digest(self) -> str:
        summary = [
            (
                row.number,
                row.action,
                row.summary,
                row.changes,
                [(e.column, e.message) for e in row.errors],
            )
            for row in self.rows
        ]
        blob = json.dumps([self.kind.key, self.problem, summary], sort_keys=True, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass(frozen=True)
class Done:
    action: str
    summary: str
    changes: tuple[str, ...] = ()


@dataclass
class _Context:
    actor: User
    organisation: Organisation
    #: The columns the file has: an update changes only those.
    present: frozenset[str]


# --- Finding what a row refers to ----------------------------------------------------------


def _person_matching(
    organisation: Organisation, first: str, last: str, born: dt.date, column: str
) -> Person | None:
    matches = list(
        Person.objects.filter(
            organisation=organisation,
            first_name__iexact=first,
            last_name__iexact=last,
            date_of_birth=born,
        )[:2]
    )
    if len(matches) > 1:
        raise RowError(
            column,
            _(
                "More than one person has this name and date of birth; "
                "change them on their pages instead."
            ),
        )
    return matches[0] if matches else None


def _staff_by_email(organisation: Organisation, email: str, column: str) -> StaffMember:
    member = (
        StaffMember.objects.filter(organisation=organisation, user__email__iexact=email)
        .select_related("user")
        .first()
    )
    if member is None:
        raise RowError(
            column,
            _("Unknown email: no member of staff has the address %(email)s.") % {"email": email},
        )
    return member


def _skill_named(organisation: Organisation, name: str) -> Skill | None:
    return Skill.objects.filter(organisation=organisation, key=normalise(name)).first()


def _born(data: dict[str, Any], prefix: str = "") -> str:
    return date_format(data[f"{prefix}date_of_birth"], "j M Y")


# --- One row of each kind ------------------------------------------------------------------

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "preferred_name",
    "home",
    "status",
    "has_communication_needs",
    "communication_summary",
)


def _person_row(context: _Context, data: dict[str, Any]) -> Done:
    summary = f"{data['first_name']} {data['last_name']} ({_born(data)})"
    person = _person_matching(
        context.organisation,
        data["first_name"],
        data["last_name"],
        data["date_of_birth"],
        "last_name",
    )
    if person is None:
        create_person(
            actor=context.actor,
            organisation=context.organisation,
            basis="administrator",
            **{name: data[name] for name in PERSON_FIELDS},
        )
        return Done(Action.CREATE, summary)
    changes = {
        name: data[name]
        for name in PERSON_FIELDS
        if name in context.present and getattr(person, name) != data[name]
    }
    if not changes:
        return Done(Action.SKIP, summary)
    update_person(actor=context.actor, person=person, basis="administrator", **changes)
    return Done(Action.UPDATE, summary, tuple(sorted(changes)))


STAFF_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "employment",
    "contract_minutes_per_week",
    "starts_on",
    "ends_on",
)


def _minutes(hours: decimal.Decimal) -> int:
    return int((hours * 60).to_integral_value(rounding=decimal.ROUND_HALF_UP))


def _staff_row(context: _Context, data: dict[str, Any]) -> Done:
    email: str = data["email"]
    values = {name: data[name] for name in STAFF_FIELDS if name in data}
    values["contract_minutes_per_week"] = _minutes(data["contract_hours_per_week"])
    present = set(context.present) | {"contract_minutes_per_week"}
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.organisation_id != context.organisation.pk:
        raise RowError("email", _("This email address can't be used; choose another."))
    member = StaffMember.objects.filter(user=user).first() if user is not None else None
    if user is not None and member is None:
        raise RowError(
            "email",
            _(
                "This email address is the sign-in of someone who isn't staff (a person "
                "supported or their circle); use the member of staff's own address."
            ),
        )
    role = data["role"]
    if member is None:
        if user is None:
            user = User.objects.create_user(
                email=email,
                display_name=f"{data['first_name']} {data['last_name']}",
                organisation=context.organisation,
            )
            record_change(
                actor=context.actor,
                organisation=context.organisation,
                action="user.create",
                obj=user,
                person=None,
                changes=field_changes(
                    None, {"email": user.email, "display_name": user.display_name}
                ),
            )
        grant_role(actor=context.actor, user=user, role=role)
        create_staff_member(actor=context.actor, user=user, **values)
        return Done(Action.CREATE, email)
    changes = {
        name: value
        for name, value in values.items()
        if name in present and getattr(member, name) != value
    }
    changed = sorted(changes)
    if "role" in context.present and not has_role(member.user, Role(role)):
        grant_role(actor=context.actor, user=member.user, role=role)
        changed.append("role")
    if changes:
        update_staff_member(actor=context.actor, staff_member=member, **changes)
    return Done(Action.UPDATE if changed else Action.SKIP, email, tuple(changed))


def _team_row(context: _Context, data: dict[str, Any]) -> Done:
    person = _person_matching(
        context.organisation,
        data["person_first_name"],
        data["person_last_name"],
        data["person_date_of_birth"],
        "person_last_name",
    )
    if person is None:
        raise RowError(
            "person_last_name",
            _("Unknown person: no one has this name and date of birth. Import people first."),
        )
    member = _staff_by_email(context.organisation, data["staff_email"], "staff_email")
    summary = _("%(staff)s in %(person)s's team") % {"staff": member.name, "person": person.name}
    existing = TeamMembership.objects.filter(
        person=person, staff_member=member, starts_on=data["starts_on"]
    ).first()
    if existing is None:
        add_team_membership(
            actor=context.actor,
            person=person,
            staff_member=member,
            kind=data["kind"],
            approved_by_person=data["approved_by_person"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        return Done(Action.CREATE, summary)
    if existing.kind != data["kind"] or (
        "approved_by_person" in context.present
        and existing.approved_by_person != data["approved_by_person"]
    ):
        raise RowError(
            "kind",
            _(
                "This membership is recorded already as %(kind)s, %(approved)s; "
                "change it on the person's page."
            )
            % {
                "kind": existing.get_kind_display(),
                "approved": _("approved") if existing.approved_by_person else _("not approved"),
            },
        )
    if existing.ends_on == data["ends_on"]:
        return Done(Action.SKIP, summary)
    if data["ends_on"] is None:
        raise RowError("ends_on", _("An ended membership can't be re-opened by an import."))
    end_team_membership(actor=context.actor, membership=existing, ends_on=data["ends_on"])
    return Done(Action.UPDATE, summary, ("ends_on",))


def _skill_row(context: _Context, data: dict[str, Any]) -> Done:
    name: str = data["name"]
    existing = _skill_named(context.organisation, name)
    if existing is None:
        add_skill(
            actor=context.actor,
            organisation=context.organisation,
            name=name,
            renew_every_months=data["renew_every_months"],
        )
        return Done(Action.CREATE, name)
    if existing.renew_every_months != data["renew_every_months"]:
        raise RowError(
            "renew_every_months",
            _("%(skill)s is in the vocabulary already with a different renewal period.")
            % {"skill": existing.name},
        )
    return Done(Action.SKIP, name)


def _training_row(context: _Context, data: dict[str, Any]) -> Done:
    member = _staff_by_email(context.organisation, data["staff_email"], "staff_email")
    skill = _skill_named(context.organisation, data["skill"])
    if skill is None:
        raise RowError(
            "skill",
            _("Unknown skill: %(skill)s is not in the vocabulary. Import skills first.")
            % {"skill": data["skill"]},
        )
    summary = f"{member.name}: {skill.name}"
    existing = TrainingRecord.objects.filter(
        staff_member=member, skill=skill, completed_on=data["completed_on"]
    ).first()
    if existing is not None:
        expected = data["expires_on"] or default_expiry(skill, data["completed_on"])
        if existing.expires_on != expected:
            raise RowError(
                "expires_on",
                _("This training is recorded already with a different expiry date."),
            )
        return Done(Action.SKIP, summary)
    add_training_record(
        actor=context.actor,
        staff_member=member,
        skill=skill,
        completed_on=data["completed_on"],
        expires_on=data["expires_on"],
    )
    return Done(Action.CREATE, summary)


#: kind → (what makes two rows the same record, the column to blame, what to do with a row).
Applier = Callable[[_Context, dict[str, Any]], Done]
KeyOf = Callable[[dict[str, Any]], tuple[Any, ...]]
HANDLERS: dict[str, tuple[KeyOf, str, Applier]] = {
    "people": (
        lambda d: (d["first_name"].casefold(), d["last_name"].casefold(), d["date_of_birth"]),
        "last_name",
        _person_row,
    ),
    "staff": (lambda d: (d["email"],), "email", _staff_row),
    "teams": (
        lambda d: (
            d["person_first_name"].casefold(),
            d["person_last_name"].casefold(),
            d["person_date_of_birth"],
            d["staff_email"],
            d["starts_on"],
        ),
        "staff_email",
        _team_row,
    ),
    "skills": (lambda d: (normalise(d["name"]),), "name", _skill_row),
    "training": (
        lambda d: (d["staff_email"], normalise(d["skill"]), d["completed_on"]),
        "skill",
        _training_row,
    ),
}


def _validation_errors(error: ValidationError, columns: tuple[str, ...]) -> list[CellError]:
    if not hasattr(error, "error_dict"):
        return [CellError("", message) for message in error.messages]
    found: list[CellError] = []
    for name, messages in error.message_dict.items():
        column = name if name in columns else ""
        if name == "contract_minutes_per_week":
            column = "contract_hours_per_week"
        found.extend(CellError(column, message) for message in messages)
    return found


def _one_row(
    context: _Context, kind: ImportKind, row: SheetRow, seen: dict[tuple[Any, ...], int]
) -> RowOutcome:
    key_of, key_column, apply = HANDLERS[kind.key]
    form = kind.form(data=row.cells)
    if not form.is_valid():
        return RowOutcome(
            row.number,
            Action.ERROR,
            errors=[
                CellError("" if name == "__all__" else name, str(message))
                for name, messages in form.errors.items()
                for message in messages
            ],
        )
    data = form.cleaned_data
    key = key_of(data)
    if key in seen:
        return RowOutcome(
            row.number,
            Action.ERROR,
            errors=[
                CellError(
                    key_column,
                    _("Duplicate row: the same record as row %(row)s.") % {"row": seen[key]},
                )
            ],
        )
    seen[key] = row.number
    try:
        with transaction.atomic():
            done = apply(context, data)
    except RowError as error:
        return RowOutcome(row.number, Action.ERROR, errors=[CellError(error.column, error.message)])
    except ValidationError as error:
        return RowOutcome(
            row.number, Action.ERROR, errors=_validation_errors(error, kind.column_names)
        )
    return RowOutcome(row.number, done.action, done.summary, changes=list(done.changes))


def run_import(
    *,
    actor: User,
    kind: str,
    file_name: str,
    content: bytes,
    commit: bool = False,
    expected_digest: str = "",
) -> ImportResult:
    """Checks (``commit=False``) or imports the file. Saves only when ``commit`` is set, every
    row is valid and, given ``expected_digest``, the outcome is the one previewed."""
    import_kind = KINDS[kind]
    result = ImportResult(kind=import_kind, file_name=file_name)
    try:
        rows = read_rows(import_kind, file_name, content)
    except FileProblemError as error:
        result.problem = str(error)
        return result
    organisation = Organisation.objects.get(pk=actor.organisation_id)
    context = _Context(
        actor=actor,
        organisation=organisation,
        present=frozenset(rows[0].cells) if rows else frozenset(),
    )
    with transaction.atomic():
        seen: dict[tuple[Any, ...], int] = {}
        result.rows = [_one_row(context, import_kind, row, seen) for row in rows]
        result.stale = bool(commit and expected_digest and expected_digest != result.digest())
        if commit and not result.has_errors and not result.stale:
            record_change(
                actor=actor,
                organisation=organisation,
                action="import.commit",
                obj=None,
                person=None,
                changes=field_changes(
                    None, {"kind": kind, "file_name": file_name, **result.counts}
                ),
            )
            result.committed = True
        else:
            transaction.set_rollback(True)
    return result


# --- Files waiting for confirmation ----------------------------------------------------------


def store_upload(*, actor: User, kind: str, file_name: str, content: bytes) -> PendingImport:
    """Keeps the upload server-side for the confirmation; forgets expired ones."""
    PendingImport.objects.filter(created_at__lt=timezone.now() - PendingImport.LIFETIME).delete()
    return PendingImport.objects.create(
        organisation_id=actor.organisation_id,
        uploaded_by=actor,
        kind=kind,
        file_name=file_name[:200],
        content=content,
    )


def confirm_import(*, actor: User, pending: PendingImport, expected_digest: str) -> ImportResult:
    """Imports the stored file if it still gives the previewed outcome; then forgets it."""
    result = run_import(
        actor=actor,
        kind=pending.kind,
        file_name=pending.file_name,
        content=bytes(pending.content),
        commit=True,
        expected_digest=expected_digest,
    )
    if result.committed:
        pending.delete()
    return result
