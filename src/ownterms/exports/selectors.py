"""Finding and reading everything the organisation holds about one person (subject access).

Which models hold something about a person is found from Django's model metadata, not from a
list: a model belongs to the record when it has a foreign key, one-to-one or many-to-many
field to ``Person``, or to a model that does (``Consent`` → ``CircleMember`` → ``Person``), up
to ``MAX_DEPTH`` steps. So a model another app adds later is exported without anyone
remembering to add it here (``tests/ownterms/exports`` fails if one is left out).

Rows that are about someone else — a staff member in the team, the user who viewed the
record, a tag or a skill — appear only as the label that identifies them in this record (their
name), never their own record. Secrets (anything named like a password, token or TOTP) are
never exported.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import io
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.fields.related import RelatedField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.audit.services import is_secret
from ownterms.people.models import Person

#: Models that are never part of a person's record, even if one day they point to a person:
#: following them would bring in the whole organisation, or they are about someone else.
#: Recruitment's applications (and their history, meetings, checks and vetoes) are about the
#: applicants: the person's own vacancy and its questions are exported, the applications are
#: third parties' data and are not. A working-together-for-change theme groups many people's
#: review points: the person's own points are exported, the organisation's themes are not.
BOUNDARY_MODELS = (
    "core.Organisation",
    "accounts.User",
    "recruitment.Application",
    "recruitment.StageChange",
    "recruitment.Meeting",
    "recruitment.Check",
    "recruitment.Veto",
    "outcomes.Theme",
)
#: How many foreign-key steps from a model to ``Person`` still make it part of the record.
MAX_DEPTH = 4
#: An export with more rows than this is refused with a clear error (nothing is produced).
MAX_ROWS = 100_000
#: The PDF lists at most this many rows per section; the JSON always has every row.
PDF_ROWS_PER_SECTION = 2_000
#: Photos larger than this are listed but not embedded in the PDF.
MAX_EMBEDDED_PHOTO_BYTES = 5 * 1024 * 1024

FORMAT = "ownterms.subject-access/1"

#: Fields shown in the PDF as the name of who did it only (the audit's "Name <email>").
NAME_ONLY_FIELDS = {("audit.auditevent", "actor_label")}
#: Fields that say nothing to the reader of the PDF (they stay in the JSON).
PDF_HIDDEN_FIELDS = frozenset({"organisation", "public_id", "key", "object_id"})
#: The audit is long: the PDF shows it as a table with these columns.
AUDIT_PDF_COLUMNS = ("occurred_at", "kind", "action", "actor_label", "basis", "page")


class ExportTooLargeError(Exception):
    """The record has more rows than one export may hold."""


@dataclass(frozen=True)
class RelatedModel:
    """A model that holds rows about a person, and how its rows reach the person."""

    model: type[models.Model]
    #: Each a query lookup from the model to ``Person`` (e.g. ``circle_member__person``).
    lookups: tuple[str, ...]
    #: Some lookup crosses a many-to-many field, so a row may match more than once.
    crosses_many: bool

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        return str(capfirst(self.model._meta.verbose_name_plural))

    @property
    def is_communication(self) -> bool:
        text = f"{self.label} {self.model._meta.verbose_name}".lower()
        return "communicat" in text


def relation_fields(model: type[models.Model]) -> Iterator[RelatedField[Any, Any]]:
    """The model's own forward relations: foreign keys, one-to-ones and many-to-manys."""
    for candidate in model._meta.get_fields():
        if not isinstance(candidate, RelatedField) or candidate.auto_created:
            continue
        if isinstance(candidate.related_model, type):
            yield candidate


def _concrete(model: Any) -> type[models.Model]:
    return model._meta.concrete_model  # type: ignore[no-any-return]


#: A way from a model to Person: the field names, the models passed, whether it crosses a
#: many-to-many field.
_Hop = tuple[tuple[str, ...], tuple[type[models.Model], ...], bool]


@functools.cache
def person_related_models() -> tuple[RelatedModel, ...]:
    """Every model with rows about a person: communication needs first, the audit last."""
    frontier: dict[type[models.Model], list[_Hop]] = {Person: [((), (Person,), False)]}
    found: dict[type[models.Model], list[_Hop]] = {}
    candidates = [
        model
        for model in apps.get_models()
        if not model._meta.proxy
        and model is not Person
        and model._meta.label not in BOUNDARY_MODELS
    ]
    for _depth in range(MAX_DEPTH):
        reached: dict[type[models.Model], list[_Hop]] = {}
        for model in candidates:
            for relation in relation_fields(model):
                target = _concrete(relation.related_model)
                for names, visited, many in frontier.get(target, []):
                    if model in visited:
                        continue
                    reached.setdefault(model, []).append(
                        (
                            (relation.name, *names),
                            (*visited, model),
                            many or bool(relation.many_to_many),
                        )
                    )
        if not reached:
            break
        for model, paths in reached.items():
            found.setdefault(model, []).extend(paths)
        frontier = reached
    related = [
        RelatedModel(
            model=model,
            lookups=tuple(dict.fromkeys("__".join(names) for names, _v, _m in paths)),
            crosses_many=any(many for _n, _v, many in paths),
        )
        for model, paths in found.items()
    ]
    return tuple(
        sorted(
            related,
            key=lambda item: (not item.is_communication, item.model is AuditEvent, item.title),
        )
    )


# --- Reading the rows ------------------------------------------------------------------------


@dataclass
class Cell:
    """One field of one row: its value in the JSON and its text in the PDF."""

    name: str
    label: str
    value: Any
    text: str


@dataclass
class Row:
    #: The database id: used to tell rows apart here, never exported.
    pk: Any
    #: How the export names the row: its public id, or "<model>:<n>" for a model without one.
    ref: str
    cells: list[Cell]

    def data(self) -> dict[str, Any]:
        return {"ref": self.ref, **{cell.name: cell.value for cell in self.cells}}

    def shown(self) -> list[Cell]:
        """The cells worth reading in the PDF: not ids, not "this person" again and again."""
        return [
            cell
            for cell in self.cells
            if cell.name not in PDF_HIDDEN_FIELDS
            and not (isinstance(cell.value, dict) and cell.value.get("this_person"))
        ]


@dataclass
class Section:
    label: str
    title: str
    rows: list[Row]
    is_audit: bool = False
    is_communication: bool = False

    @property
    def pdf_rows(self) -> list[Row]:
        return self.rows[:PDF_ROWS_PER_SECTION]

    @property
    def rows_left_out_of_pdf(self) -> int:
        return max(0, len(self.rows) - PDF_ROWS_PER_SECTION)

    @property
    def audit_columns(self) -> list[str]:
        if not self.rows:
            return []
        labels = {cell.name: cell.label for cell in self.rows[0].cells}
        return [labels.get(name, name) for name in AUDIT_PDF_COLUMNS]

    def audit_table(self) -> list[list[str]]:
        table = []
        for row in self.pdf_rows:
            texts = {cell.name: cell.text for cell in row.cells}
            table.append([texts.get(name, "") for name in AUDIT_PDF_COLUMNS])
        return table


@dataclass
class Photo:
    field: str
    name: str
    size: int | None
    data_uri: str = ""


@dataclass
class Record:
    person: Person
    person_row: Row
    account: dict[str, Any] | None
    sections: list[Section]
    files: list[dict[str, Any]]
    photos: list[Photo]
    generated_at: dt.datetime
    generated_by: str
    row_count: int = 0
    communication: list[Cell] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "generated_at": self.generated_at.isoformat(),
            "generated_by": self.generated_by,
            "communication_needs": {cell.name: cell.value for cell in self.communication},
            "person": self.person_row.data(),
            "account": self.account,
            "files": self.files,
            "sections": [
                {
                    "model": section.label,
                    "title": section.title,
                    "count": len(section.rows),
                    "rows": [row.data() for row in section.rows],
                }
                for section in self.sections
            ],
        }


def plain(value: Any) -> Any:
    """A JSON-friendly form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items() if not is_secret(str(key))}
    return str(value)


def _text(value: Any) -> str:
    """How a value reads in the PDF."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, Mapping):
        return json.dumps(plain(value), ensure_ascii=False, sort_keys=True)
    return str(value)


def _file_size(file: FieldFile) -> int | None:
    try:
        return int(file.size)
    except (OSError, ValueError):
        return None


def _outside_label(target: models.Model) -> str:
    """What identifies someone or something else in this record: a name or label only."""
    if isinstance(target, User):
        return target.display_name or _("A user")
    name = getattr(target, "name", None)
    if isinstance(name, str) and name:
        return name
    return str(target)


class _Reader:
    """Turns rows into cells, knowing which rows belong to this person's record."""

    def __init__(self, person: Person, owned: dict[str, dict[Any, str]]) -> None:
        self.person = person
        #: model label → {database id: ref} of every row in this record.
        self.owned = owned

    def reference(self, target: models.Model | None) -> tuple[Any, str]:
        if target is None:
            return None, "—"
        if isinstance(target, Person):
            if target.pk == self.person.pk:
                return {"this_person": True, "label": self.person.name}, self.person.name
            words = _("Someone else (not part of this record)")
            return {"label": words}, words
        label = target._meta.label_lower
        if label in self.owned:
            if target.pk in self.owned[label]:
                text = str(target)
                return {"model": label, "ref": self.owned[label][target.pk], "label": text}, text
            words = _("Not part of this record")
            return {"label": words}, words
        text = _outside_label(target)
        return {"label": text}, text

    def row(self, obj: models.Model) -> Row:
        meta = obj._meta
        cells: list[Cell] = []
        for model_field in meta.concrete_fields:
            if model_field.primary_key or is_secret(model_field.name):
                continue
            name = model_field.name
            label = str(capfirst(model_field.verbose_name))
            if model_field.is_relation:
                value, text = self.reference(getattr(obj, name))
            elif isinstance(model_field, models.FileField):
                file = getattr(obj, name)
                if file:
                    size = _file_size(file)
                    value = {"name": file.name, "size": size}
                    text = file.name if size is None else f"{file.name} ({size} bytes)"
                else:
                    value, text = None, "—"
            else:
                raw = model_field.value_from_object(obj)
                if (meta.label_lower, name) in NAME_ONLY_FIELDS and isinstance(raw, str):
                    raw = raw.split(" <")[0]
                value = plain(raw)
                display = getattr(obj, f"get_{name}_display", None)
                text = str(display()) if model_field.choices and display else _text(raw)
            cells.append(Cell(name=name, label=label, value=value, text=text))
        for many in meta.many_to_many:
            if is_secret(many.name):
                continue
            targets = [self.reference(item) for item in getattr(obj, many.name).all()]
            if many.related_model is Person:
                targets = [ref for ref in targets if ref[0].get("this_person")]
            cells.append(
                Cell(
                    name=many.name,
                    label=str(capfirst(many.verbose_name)),
                    value=[value for value, _text_ in targets],
                    text=", ".join(text for _value, text in targets) or "—",
                )
            )
        return Row(pk=obj.pk, ref=self.owned[meta.label_lower][obj.pk], cells=cells)


def _queryset(related: RelatedModel, person: Person) -> models.QuerySet[Any]:
    condition = models.Q()
    for lookup in related.lookups:
        condition |= models.Q(**{lookup: person})
    queryset = related.model._base_manager.filter(condition)
    if related.crosses_many:
        queryset = queryset.distinct()
    forward = [
        relation.name
        for relation in relation_fields(related.model)
        if relation.many_to_one or relation.one_to_one
    ]
    many = [relation.name for relation in related.model._meta.many_to_many]
    return queryset.select_related(*forward).prefetch_related(*many).order_by("pk")


def _photos(person: Person) -> tuple[list[dict[str, Any]], list[Photo]]:
    import base64

    files: list[dict[str, Any]] = []
    photos: list[Photo] = []
    for model_field in person._meta.concrete_fields:
        if not isinstance(model_field, models.FileField):
            continue
        file = getattr(person, model_field.name)
        if not file:
            continue
        size = _file_size(file)
        files.append({"field": model_field.name, "name": file.name, "size": size})
        photo = Photo(field=model_field.name, name=file.name, size=size)
        if (
            isinstance(model_field, models.ImageField)
            and size is not None
            and size <= MAX_EMBEDDED_PHOTO_BYTES
        ):
            from PIL import Image, UnidentifiedImageError

            try:
                with file.open("rb") as handle:
                    content = handle.read()
                with Image.open(io.BytesIO(content)) as image:
                    kind = (image.format or "").lower()
            except (OSError, UnidentifiedImageError):
                content, kind = b"", ""
            if kind in {"jpeg", "png", "webp"}:
                encoded = base64.b64encode(content).decode("ascii")
                photo.data_uri = f"data:image/{kind};base64,{encoded}"
        photos.append(photo)
    return files, photos


def _account(user: User | None) -> dict[str, Any] | None:
    """The person's own sign-in: who it is and when it was used, never a secret."""
    if user is None:
        return None
    return {
        "email": user.email,
        "display_name": user.display_name,
        "is_active": user.is_active,
        "date_joined": plain(user.date_joined),
        "last_login": plain(user.last_login),
        "roles": sorted(user.role_grants.values_list("role", flat=True)),
    }


def _refs(label: str, rows: list[models.Model]) -> dict[Any, str]:
    """Database ids never leave the server: a row is named by its public id if it has one,
    else by its place in the export."""
    return {
        row.pk: str(getattr(row, "public_id", None) or f"{label}:{number}")
        for number, row in enumerate(rows, start=1)
    }


def collect_record(person: Person, *, generated_by: str) -> Record:
    """Everything held about ``person``; ``ExportTooLargeError`` past ``MAX_ROWS`` rows."""
    person = Person.objects.select_related("organisation", "user").get(pk=person.pk)
    fetched: list[tuple[RelatedModel, list[models.Model]]] = []
    total = 0
    for related in person_related_models():
        rows = list(_queryset(related, person)[: MAX_ROWS - total + 1])
        total += len(rows)
        if total > MAX_ROWS:
            raise ExportTooLargeError(
                _(
                    "This record has more than %(limit)s rows, too many for one export. "
                    "Ask your system administrator to export it in parts."
                )
                % {"limit": f"{MAX_ROWS:,}"}
            )
        fetched.append((related, rows))
    owned = {related.label: _refs(related.label, rows) for related, rows in fetched}
    owned[Person._meta.label_lower] = {person.pk: str(person.public_id)}
    reader = _Reader(person, owned)
    sections = [
        Section(
            label=related.label,
            title=related.title,
            rows=[reader.row(row) for row in rows],
            is_audit=related.model is AuditEvent,
            is_communication=related.is_communication,
        )
        for related, rows in fetched
    ]
    person_row = reader.row(person)
    files, photos = _photos(person)
    communication = [
        cell
        for cell in person_row.cells
        if cell.name in {"has_communication_needs", "communication_summary"}
    ]
    return Record(
        person=person,
        person_row=person_row,
        account=_account(person.user),
        sections=sections,
        files=files,
        photos=photos,
        generated_at=timezone.now(),
        generated_by=generated_by,
        row_count=total + 1,
        communication=communication,
    )
