"""Importing from spreadsheets: every row's outcome, all or nothing, hostile files, pages."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ownterms.accounts.models import Role, RoleGrant, User
from ownterms.audit.models import AuditEvent
from ownterms.imports import files
from ownterms.imports.models import PendingImport
from ownterms.imports.services import ImportResult, run_import
from ownterms.people.models import Person
from ownterms.staff.models import StaffMember, TeamMembership, TrainingRecord
from ownterms.vocabulary.models import Skill
from tests.cast import CAST_TOTP_SECRET, Cast
from tests.ownterms.imports.helpers import (
    MIXED_PEOPLE,
    PEOPLE_HEADER,
    csv_bytes,
    pending_people_import,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

KINDS_IN_ORDER = ("people", "staff", "teams", "skills", "training")


def admin(cast: Cast) -> User:
    user = cast.user("administrator")
    assert user is not None
    return user


def check(cast: Cast, kind: str, content: bytes, name: str = "f.csv", **kw: Any) -> ImportResult:
    return run_import(actor=admin(cast), kind=kind, file_name=name, content=content, **kw)


def errors_of(result: ImportResult) -> dict[int, list[tuple[str, str]]]:
    return {
        row.number: [(error.column, error.message) for error in row.errors]
        for row in result.rows
        if row.errors
    }


def test_people_rows_create_update_and_skip(cast: Cast) -> None:
    rows = [
        [*PEOPLE_HEADER, "preferred_name"],
        ["Dara", "Okafor", "1988-02-03", "own_tenancy", ""],
        ["Alexandra", "Fairweather", "17/05/1994", "Own tenancy", "Alex"],
        ["Alexandra", "Fairweather", "1994-05-17", "own_tenancy", "Lexi"],
    ]
    result = check(cast, "people", csv_bytes(rows[:3]))
    assert [row.action for row in result.rows] == ["create", "skip"]
    assert not Person.objects.filter(last_name="Okafor").exists()  # a preview saves nothing
    result = check(cast, "people", csv_bytes([rows[0], rows[1], rows[3]]), commit=True)
    assert result.committed and [row.action for row in result.rows] == ["create", "update"]
    assert result.rows[1].changes == ["preferred_name"]
    cast.person.refresh_from_db()
    assert cast.person.preferred_name == "Lexi"
    assert cast.person.communication_summary  # a column not in the file is left alone
    created = AuditEvent.objects.filter(action="person.create").get()
    assert created.changes["last_name"] == {"old": None, "new": "Okafor"}
    assert AuditEvent.objects.filter(action="person.update", person=cast.person).exists()
    commit = AuditEvent.objects.get(action="import.commit")
    assert commit.changes["create"]["new"] == 1 and commit.changes["update"]["new"] == 1


def test_every_error_kind_has_a_specific_message(cast: Cast) -> None:
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    people = check(
        cast,
        "people",
        csv_bytes(
            [
                [*PEOPLE_HEADER, "has_communication_needs"],
                ["Dara", "Okafor", "1988-13-03", "own_tenancy", "yes"],
                ["Dara", "Okafor", future, "own_tenancy", "yes"],
                ["", "Okafor", "1988-02-03", "castle", "perhaps"],
                ["=cmd|' /C calc'!A0", "Okafor", "1988-02-03", "own_tenancy", ""],
                ["Eve", "Lin", "1990-01-01", "own_tenancy", ""],
                ["eve", "lin", "1990-01-01", "with_family", ""],
            ]
        ),
    )
    errors = errors_of(people)
    assert errors[2] == [("date_of_birth", "Enter a real date as YYYY-MM-DD (or DD/MM/YYYY).")]
    assert errors[3] == [("date_of_birth", "The date of birth can't be in the future.")]
    assert dict(errors[4])["first_name"] == "This field is required."
    assert dict(errors[4])["home"].startswith("Enter one of: own_tenancy")
    assert dict(errors[4])["has_communication_needs"] == "Enter yes or no."
    assert "formula" in dict(errors[5])["first_name"]
    assert errors[7] == [("last_name", "Duplicate row: the same record as row 6.")]

    staff = check(
        cast,
        "staff",
        csv_bytes(
            [
                [
                    "email",
                    "first_name",
                    "last_name",
                    "job_title",
                    "employment",
                    "contract_hours_per_week",
                    "starts_on",
                    "ends_on",
                ],
                ["not-an-email", "Sam", "W", "Worker", "bank", "0", "2024-01-01", ""],
                [
                    "sam@example.org",
                    "Sam",
                    "W",
                    "Worker",
                    "bank",
                    "lots",
                    "2024-01-01",
                    "2023-01-01",
                ],
                ["admin@elsewhere.example", "Ann", "X", "Worker", "bank", "1", "2024-01-01", ""],
                ["mum@brookside.example", "Carol", "F", "Worker", "bank", "1", "2024-01-01", ""],
            ]
        ),
    )
    errors = errors_of(staff)
    assert errors[2] == [("email", "Enter a valid email address.")]
    assert dict(errors[3])["contract_hours_per_week"] == "Enter a number."
    assert dict(errors[3])["ends_on"] == "The end date must be on or after the start date."
    assert errors[4] == [("email", "This email address can't be used; choose another.")]
    assert errors[5][0][0] == "email" and "isn't staff" in errors[5][0][1]

    Skill.objects.create(organisation=cast.organisation, name="First aid")
    teams = check(
        cast,
        "teams",
        csv_bytes(
            [
                [
                    "person_first_name",
                    "person_last_name",
                    "person_date_of_birth",
                    "staff_email",
                    "kind",
                    "approved_by_person",
                    "starts_on",
                    "ends_on",
                ],
                [
                    "Nobody",
                    "Here",
                    "1990-01-01",
                    "team@brookside.example",
                    "core",
                    "yes",
                    "2024-01-01",
                    "",
                ],
                [
                    "Alexandra",
                    "Fairweather",
                    "1994-05-17",
                    "nobody@brookside.example",
                    "core",
                    "yes",
                    "2024-01-01",
                    "",
                ],
                [
                    "Alexandra",
                    "Fairweather",
                    "1994-05-17",
                    "outside@brookside.example",
                    "relief",
                    "no",
                    "2024-03-01",
                    "2024-02-01",
                ],
            ]
        ),
    )
    errors = errors_of(teams)
    assert errors[2] == [
        (
            "person_last_name",
            "Unknown person: no one has this name and date of birth. Import people first.",
        )
    ]
    assert errors[3] == [
        (
            "staff_email",
            "Unknown email: no member of staff has the address nobody@brookside.example.",
        )
    ]
    assert errors[4] == [("ends_on", "The end date must be on or after the start date.")]

    training = check(
        cast,
        "training",
        csv_bytes(
            [
                ["staff_email", "skill", "completed_on", "expires_on"],
                ["team@brookside.example", "Juggling", "2024-01-01", ""],
                ["team@brookside.example", "first aid", "2024-01-01", "2023-12-31"],
                ["team@brookside.example", "First Aid", "2024-01-01", "2024-01-01"],
                ["ghost@brookside.example", "First aid", "2024-01-01", ""],
            ]
        ),
    )
    errors = errors_of(training)
    assert errors[2] == [
        ("skill", "Unknown skill: Juggling is not in the vocabulary. Import skills first.")
    ]
    assert errors[3] == [("expires_on", "The expiry date must be after the completion date.")]
    assert errors[4] == errors[3]
    assert errors[5][0][0] == "staff_email"

    skills = check(
        cast,
        "skills",
        csv_bytes([["name", "renew_every_months"], ["First  aid", "12"], ["Driving", "x"]]),
    )
    errors = errors_of(skills)
    assert "different renewal period" in errors[2][0][1]
    assert errors[3] == [("renew_every_months", "Enter a whole number.")]


def test_a_bad_last_row_saves_nothing(cast: Cast) -> None:
    rows = [
        PEOPLE_HEADER,
        ["Dara", "Okafor", "1988-02-03", "own_tenancy"],
        ["Eve", "Lin", "1990-01-01", "with_family"],
        ["Finn", "Moss", "not a date", "other"],
    ]
    events = AuditEvent.objects.count()
    result = check(cast, "people", csv_bytes(rows), commit=True)
    assert not result.committed and result.has_errors
    assert [row.action for row in result.rows] == ["create", "create", "error"]
    assert not Person.objects.filter(last_name__in=["Okafor", "Lin", "Moss"]).exists()
    assert AuditEvent.objects.count() == events


def test_csv_and_xlsx_give_the_same_outcome(cast: Cast) -> None:
    rows = [
        [*PEOPLE_HEADER, "has_communication_needs"],
        ["Dara", "Okafor", "1988-02-03", "own_tenancy", "yes"],
        ["Eve", "Lin", "1990-02-30", "with_family", "no"],
        ["Alexandra", "Fairweather", "1994-05-17", "own_tenancy", "yes"],
    ]
    from_csv = check(cast, "people", csv_bytes(rows))
    # In Excel the dates are real dates and yes/no may be booleans.
    excel_rows: list[list[object]] = [list(row) for row in rows]
    excel_rows[1][2] = dt.datetime(1988, 2, 3)
    excel_rows[3][4] = True
    from_xlsx = check(cast, "people", xlsx_bytes(excel_rows), name="f.xlsx")
    assert from_csv.digest() == from_xlsx.digest()
    assert [row.action for row in from_xlsx.rows] == ["create", "error", "skip"]


def test_templates_round_trip(cast: Cast) -> None:
    client = Client()
    client.force_login(admin(cast))

    def template(kind: str, file_format: str) -> bytes:
        url = reverse(
            "imports:template",
            kwargs={"org": cast.organisation.slug, "kind": kind, "file_format": file_format},
        )
        response = client.get(url)
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        return response.content

    for kind in KINDS_IN_ORDER:  # the example rows, imported in order, build on each other
        result = check(cast, kind, template(kind, "csv"), commit=True)
        assert result.committed, (kind, errors_of(result), result.problem)
        assert [row.action for row in result.rows] in (["create"], ["update"]), kind
    for kind in KINDS_IN_ORDER:  # the same rows from the Excel templates change nothing now
        result = check(cast, kind, template(kind, "xlsx"), name="t.xlsx")
        assert [row.action for row in result.rows] == ["skip"], (kind, errors_of(result))
    member = StaffMember.objects.get(user__email="sam.worker@example.org")
    assert member.contract_minutes_per_week == 22 * 60 + 30
    assert RoleGrant.objects.filter(user=member.user, role=Role.SUPPORT_WORKER).exists()
    assert not member.user.has_usable_password()
    assert TeamMembership.objects.filter(staff_member=member, person=cast.person).exists()
    assert TrainingRecord.objects.filter(staff_member=member).count() == 1
    for action in ("user.create", "staff.create", "team.add", "vocabulary.skill_add"):
        assert AuditEvent.objects.filter(action=action).exists(), action
    assert AuditEvent.objects.filter(action="training.add").exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "f.csv", "The file is empty."),
        (b"first_name,last_name,date_of_birth,home\n", "f.csv", "no rows below it"),
        (
            "first_name,last_name,date_of_birth,home\nJosé,Ñ,1990-01-01,other\n".encode("latin-1"),
            "f.csv",
            "isn't UTF-8",
        ),
        ("first_name\n".encode("utf-16"), "f.csv", "UTF-16"),
        (b"first_name,last_name,home\nA,B,other\n", "f.csv", "Missing columns: date_of_birth"),
        (
            b"first_name,last_name,date_of_birth,home,shoe_size\nA,B,1990-01-01,other,9\n",
            "f.csv",
            "Unknown columns: shoe_size",
        ),
        (b"first_name,first_name\nA,B\n", "f.csv", "appear twice"),
        (
            b"first_name,last_name,date_of_birth,home\nA,B,1990-01-01,other,extra\n",
            "f.csv",
            "more cells than the header",
        ),
        (b"PK\x03\x04 not really a workbook", "f.xlsx", "isn't a valid .xlsx"),
        (b"a,b\n", "f.ods", "Upload a .csv or .xlsx file."),
    ],
)
def test_hostile_files_are_refused_clearly(
    cast: Cast, content: bytes, name: str, message: str
) -> None:
    result = check(cast, "people", content, name=name)
    assert message in result.problem
    assert result.rows == [] and result.has_errors


def test_a_bom_is_accepted(cast: Cast) -> None:
    result = check(cast, "people", csv_bytes(MIXED_PEOPLE[:2], bom=True))
    assert [row.action for row in result.rows] == ["create"]


def test_size_and_row_limits(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_ROWS", 2)
    result = check(cast, "people", csv_bytes(MIXED_PEOPLE))
    assert "more than 2 rows" in result.problem
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    assert "larger than" in check(cast, "people", csv_bytes(MIXED_PEOPLE)).problem


def test_formulas_in_a_workbook_are_text_and_never_evaluated(cast: Cast) -> None:
    rows: list[list[object]] = [
        PEOPLE_HEADER,
        ["=1+1", "Okafor", "1988-02-03", "own_tenancy"],
        ["Dara", '=HYPERLINK("http://evil.example")', "1988-02-03", "own_tenancy"],
    ]
    result = check(cast, "people", xlsx_bytes(rows), name="f.xlsx")
    errors = errors_of(result)
    assert "formula" in errors[2][0][1] and errors[2][0][0] == "first_name"
    assert "formula" in errors[3][0][1]
    staff = check(
        cast,
        "staff",
        csv_bytes(
            [
                [
                    "email",
                    "first_name",
                    "last_name",
                    "job_title",
                    "employment",
                    "contract_hours_per_week",
                    "starts_on",
                ],
                [
                    "=1+1@example.org",
                    "Sam",
                    "-2+3+cmd|' /C calc'!A0",
                    "Worker",
                    "bank",
                    "1",
                    "2024-01-01",
                ],
            ]
        ),
    )
    assert {column for column, _message in errors_of(staff)[2]} == {"email", "last_name"}


def test_the_pages_preview_then_import(cast: Cast) -> None:
    client = Client()
    client.force_login(admin(cast))
    start = reverse("imports:start", kwargs={"org": cast.organisation.slug})
    page = client.get(start).content.decode()
    assert "Import from a spreadsheet" in page
    assert (
        reverse(
            "imports:template",
            kwargs={"org": cast.organisation.slug, "kind": "training", "file_format": "xlsx"},
        )
        in page
    )
    upload = io.BytesIO(csv_bytes(MIXED_PEOPLE[:3]))
    upload.name = "people.csv"
    response = client.post(start, {"kind": "people", "file": upload})
    assert response.status_code == 302
    preview = response["Location"]
    page = client.get(preview).content.decode()
    assert "Dara Okafor" in page and "Import these rows" in page
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page)
    assert digest is not None
    # Another administrator can't see or confirm someone else's upload.
    other = User.objects.create_user(
        email="admin2@brookside.example", display_name="Bo", organisation=cast.organisation
    )
    RoleGrant.objects.create(user=other, role=Role.ADMINISTRATOR)
    TOTP.activate(other, CAST_TOTP_SECRET)
    intruder = Client()
    intruder.force_login(other)
    assert intruder.get(preview).status_code == 404
    assert intruder.post(preview, {"digest": digest[1]}).status_code == 404
    # Someone changes the records after the preview: the confirmation saves nothing.
    Person.objects.create(
        organisation=cast.organisation,
        first_name="Dara",
        last_name="Okafor",
        date_of_birth=dt.date(1988, 2, 3),
        home="other",
    )
    response = client.post(preview, {"digest": digest[1]})
    assert response.status_code == 409
    assert "The records changed since you checked" in response.content.decode()
    assert Person.objects.filter(last_name="Okafor").count() == 1
    page = client.get(preview).content.decode()
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page)
    assert digest is not None
    response = client.post(preview, {"digest": digest[1]})
    assert response.status_code == 302 and response["Location"] == start
    assert not PendingImport.objects.exists()
    assert client.get(preview).status_code == 404


def test_a_file_with_errors_offers_no_import(cast: Cast) -> None:
    client = Client()
    client.force_login(admin(cast))
    pending = pending_people_import(cast)
    url = reverse(
        "imports:preview", kwargs={"org": cast.organisation.slug, "import_id": pending.public_id}
    )
    page = client.get(url).content.decode()
    assert "Nothing has been saved" in page and "Import these rows" not in page
    assert "Row 4" in page and "Enter a real date" in page
    response = client.post(url, {"digest": "whatever"})
    assert response.status_code == 409
    assert not Person.objects.filter(last_name="Okafor").exists()


def test_an_expired_upload_is_gone(cast: Cast) -> None:
    pending = pending_people_import(cast)
    PendingImport.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - PendingImport.LIFETIME - dt.timedelta(minutes=1)
    )
    client = Client()
    client.force_login(admin(cast))
    url = reverse(
        "imports:preview", kwargs={"org": cast.organisation.slug, "import_id": pending.public_id}
    )
    assert client.get(url).status_code == 404
    pending_people_import(cast)  # a new upload clears expired ones
    assert not PendingImport.objects.filter(pk=pending.pk).exists()


def test_the_command_checks_then_imports(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(MIXED_PEOPLE[:3]))
    out = io.StringIO()
    call_command("import_records", "people", str(path), "--actor", admin(cast).email, stdout=out)
    assert "row 2: create — Dara Okafor" in out.getvalue()
    assert "Checked only" in out.getvalue()
    assert not Person.objects.filter(last_name="Okafor").exists()
    call_command(
        "import_records",
        "people",
        str(path),
        "--actor",
        admin(cast).email,
        "--commit",
        stdout=io.StringIO(),
    )
    assert Person.objects.filter(last_name="Okafor").exists()
    path.write_bytes(csv_bytes(MIXED_PEOPLE))
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was saved"):
        call_command(
            "import_records",
            "people",
            str(path),
            "--actor",
            admin(cast).email,
            "--commit",
            stdout=out,
        )
    assert "row 4: error" in out.getvalue() and "date_of_birth: Enter a real date" in out.getvalue()
    manager = cast.user("manager")
    assert manager is not None
    with pytest.raises(CommandError, match="administrator"):
        call_command("import_records", "people", str(path), "--actor", manager.email)


def test_the_api_checks_and_imports_like_the_pages(cast: Cast) -> None:
    import base64

    from ownterms.api.services import create_token

    token = create_token(user=admin(cast), name="import").secret
    headers = {"Authorization": f"Bearer {token}"}
    client = Client()

    def send(rows: list[list[str]], **extra: object) -> Any:
        body = {
            "file_name": "people.csv",
            "content_base64": base64.b64encode(csv_bytes(rows)).decode(),
            **extra,
        }
        return client.post(
            "/api/v1/imports/people", body, content_type="application/json", headers=headers
        )

    response = send(MIXED_PEOPLE)
    assert response.status_code == 200
    data = response.json()
    assert data["committed"] is False
    assert [row["action"] for row in data["rows"]] == ["create", "skip", "error"]
    assert data["rows"][2]["errors"][0]["column"] == "date_of_birth"
    response = send(MIXED_PEOPLE, commit=True)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "import_invalid"
    assert "rows.4.date_of_birth" in response.json()["error"]["fields"]
    assert not Person.objects.filter(last_name="Okafor").exists()
    response = send(MIXED_PEOPLE[:3], commit=True)
    assert response.status_code == 200 and response.json()["committed"] is True
    assert Person.objects.filter(last_name="Okafor").exists()
    response = send([["shoe_size"], ["9"]])
    assert response.status_code == 422
    assert "Unknown columns" in response.json()["error"]["fields"]["body.content_base64"][0]
    manager = cast.user("manager")
    assert manager is not None
    headers["Authorization"] = f"Bearer {create_token(user=manager, name='m').secret}"
    assert send(MIXED_PEOPLE).status_code == 403
