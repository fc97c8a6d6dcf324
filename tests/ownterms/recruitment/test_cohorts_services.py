"""The training route's services: cohorts, sessions, trainees' status moves, attendance and
linking trainees to the applicants they became (``recruitment.services.cohorts``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ownterms.audit.models import AuditEvent
from ownterms.recruitment.models import Attendance, Cohort, Trainee
from ownterms.recruitment.services import cohorts as services
from tests.cast import Cast, _staff
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db

Status = Trainee.Status


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def _cohort(cast: Cast, **extra: object) -> Cohort:
    values: dict[str, object] = {
        "actor": cast.user("manager"),
        "name": "  Autumn   2026 ",
        "starts_on": cast.today - dt.timedelta(days=10),
        "ends_on": cast.today + dt.timedelta(days=50),
        "place": "Community hall",
        "mentor": cast.staff["team_worker"],
        **extra,
    }
    return services.create_cohort(**values)  # type: ignore[arg-type]


def _trainee(cast: Cast, cohort: Cohort, **extra: object) -> Trainee:
    values: dict[str, object] = {
        "actor": cast.user("manager"),
        "cohort": cohort,
        "first_name": "Kit",
        "last_name": "Learner",
        "email": "kit@example.org",
        "informed_on": cast.today - dt.timedelta(days=20),
        **extra,
    }
    return services.add_trainee(**values)  # type: ignore[arg-type]


def test_a_cohort_is_created_and_changed_with_an_audit_trail(cast: Cast) -> None:
    cohort = _cohort(cast)
    assert cohort.name == "Autumn 2026"
    assert cohort.organisation == cast.organisation
    [created] = _events("recruitment.cohort_create")
    assert created.changes["name"] == {"old": None, "new": "Autumn 2026"}
    services.update_cohort(
        actor=cast.user("manager"),  # type: ignore[arg-type]
        cohort=cohort,
        name="Autumn 2026",
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        place="Library",
        mentor=None,
    )
    [changed] = _events("recruitment.cohort_update")
    assert set(changed.changes) == {"place", "mentor"}


def test_cohort_rules(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        _cohort(cast, name=" ", ends_on=cast.today - dt.timedelta(days=30))
    assert set(error.value.message_dict) == {"name", "ends_on"}
    with pytest.raises(ValidationError) as error:
        elsewhere = cast.user("other_org_admin")
        assert elsewhere is not None
        _cohort(cast, mentor=_staff(elsewhere, "Manager", cast.today))
    assert "mentor" in error.value.message_dict
    assert not Cohort.objects.filter(organisation=cast.organisation).exists()


def test_sessions_fall_within_the_cohort_and_keep_its_dates(cast: Cast) -> None:
    cohort = _cohort(cast)
    manager = cast.user("manager")
    assert manager is not None
    with pytest.raises(ValidationError) as error:
        services.add_session(
            actor=manager, cohort=cohort, on=cohort.ends_on + dt.timedelta(days=1), topic="Late"
        )
    assert "on" in error.value.message_dict
    session = services.add_session(actor=manager, cohort=cohort, on=cohort.starts_on, topic="Hi")
    assert _events("recruitment.cohort_session_create")[0].object_id == str(session.public_id)
    with pytest.raises(ValidationError):
        services.update_cohort(
            actor=manager,
            cohort=cohort,
            name=cohort.name,
            starts_on=cohort.starts_on + dt.timedelta(days=1),
            ends_on=cohort.ends_on,
        )


def test_trainee_rules(cast: Cast) -> None:
    cohort = _cohort(cast)
    with pytest.raises(ValidationError) as error:
        _trainee(cast, cohort, first_name=" ", informed_on=cast.today + dt.timedelta(days=1))
    assert set(error.value.message_dict) == {"first_name", "informed_on"}
    with pytest.raises(ValidationError):
        _trainee(cast, cohort, status=Status.COMPLETED)
    _trainee(cast, cohort)
    with pytest.raises(ValidationError) as error:
        _trainee(cast, cohort, first_name="Kitty", email="KIT@example.org")
    assert "email" in error.value.message_dict
    [event] = _events("recruitment.trainee_create")
    assert event.person_id is None


def test_status_moves(cast: Cast) -> None:
    trainee = _trainee(cast, _cohort(cast))
    manager = cast.user("manager")
    assert manager is not None
    for wrong in (Status.COMPLETED, Status.LEFT):
        with pytest.raises(ValidationError):
            services.change_trainee_status(actor=manager, trainee=trainee, status=wrong)
    for status in (Status.ENROLLED, Status.LEFT, Status.ENROLLED, Status.COMPLETED):
        trainee = services.change_trainee_status(actor=manager, trainee=trainee, status=status)
        assert trainee.status == status
    with pytest.raises(ValidationError):
        services.change_trainee_status(actor=manager, trainee=trainee, status=Status.LEFT)
    moves = [e.changes["status"] for e in _events("recruitment.trainee_status")]
    assert moves == [
        {"old": "informed", "new": "enrolled"},
        {"old": "enrolled", "new": "left"},
        {"old": "left", "new": "enrolled"},
        {"old": "enrolled", "new": "completed"},
    ]
    # The same status again is no change, and no event.
    services.change_trainee_status(actor=manager, trainee=trainee, status=Status.COMPLETED)
    assert len(_events("recruitment.trainee_status")) == 4


def test_attendance_marks_everyone_on_the_register(cast: Cast) -> None:
    cohort = _cohort(cast)
    manager = cast.user("manager")
    assert manager is not None
    session = services.add_session(actor=manager, cohort=cohort, on=cast.today, topic="Day one")
    kit = _trainee(cast, cohort, status=Status.ENROLLED)
    jo = _trainee(cast, cohort, first_name="Jo", email="jo@example.org", status=Status.ENROLLED)
    told = _trainee(cast, cohort, first_name="Ash", email="ash@example.org")
    assert services.register_of(session) == [jo, kit]
    assert services.record_attendance(actor=manager, session=session, present=[kit]) == 2
    marks = dict(Attendance.objects.values_list("trainee__first_name", "present"))
    assert marks == {"Kit": True, "Jo": False}
    # Only the change is recorded the second time.
    assert services.record_attendance(actor=manager, session=session, present=[kit, jo]) == 1
    events = _events("recruitment.cohort_attendance")
    assert events[-1].changes == {str(jo.public_id): {"old": False, "new": True}}
    with pytest.raises(ValidationError):
        services.record_attendance(actor=manager, session=session, present=[told])
    later = services.add_session(
        actor=manager, cohort=cohort, on=cast.today + dt.timedelta(days=3), topic="Later"
    )
    with pytest.raises(ValidationError):
        services.record_attendance(actor=manager, session=later, present=[kit])


def test_the_grid_saves_every_session_at_once(cast: Cast) -> None:
    cohort = _cohort(cast)
    manager = cast.user("manager")
    assert manager is not None
    first = services.add_session(actor=manager, cohort=cohort, on=cohort.starts_on, topic="One")
    second = services.add_session(actor=manager, cohort=cohort, on=cast.today, topic="Two")
    kit = _trainee(cast, cohort, status=Status.ENROLLED)
    changed = services.record_attendance_grid(
        actor=manager, cohort=cohort, present={first.pk: [kit], second.pk: []}
    )
    assert changed == 2
    assert set(Attendance.objects.values_list("session__topic", "present")) == {
        ("One", True),
        ("Two", False),
    }


def test_linking_by_email_after_an_application(cast: Cast) -> None:
    cohort = _cohort(cast)
    older = _trainee(cast, cohort, email="Jo.Applicant@Example.org", informed_on=cast.today)
    newer_cohort = _cohort(cast, name="Later")
    newer = _trainee(cast, newer_cohort, email="jo.applicant@example.org", informed_on=cast.today)
    applicant = data.an_applicant(cast)  # jo.applicant@example.org
    linked = services.link_trainee_to_applicant(applicant)
    assert linked == newer, "the most recently told (then the newest) trainee"
    older.refresh_from_db()
    assert older.applicant is None
    assert services.link_trainee_to_applicant(applicant) is None, "linked once only"
    [event] = _events("recruitment.trainee_applicant")
    assert event.actor is None and event.changes["how"] == "email"


def test_linking_by_email_is_within_the_organisation(cast: Cast) -> None:
    Trainee.objects.create(
        organisation=cast.other_organisation,
        first_name="Jo",
        last_name="Elsewhere",
        email="jo.applicant@example.org",
        informed_on=cast.today,
    )
    assert services.link_trainee_to_applicant(data.an_applicant(cast)) is None


def test_a_trainee_added_after_applying_is_linked_straight_away(cast: Cast) -> None:
    applicant = data.an_applicant(cast)
    trainee = _trainee(cast, _cohort(cast), email="JO.APPLICANT@example.org ")
    assert trainee.applicant == applicant


def test_linking_by_hand(cast: Cast) -> None:
    cohort = _cohort(cast)
    manager = cast.user("manager")
    assert manager is not None
    kit = _trainee(cast, cohort)
    ash = _trainee(cast, cohort, first_name="Ash", email="ash@example.org")
    applicant = data.an_applicant(cast)
    services.link_trainee(actor=manager, trainee=kit, applicant=applicant)
    assert Trainee.objects.get(pk=kit.pk).applicant == applicant
    with pytest.raises(ValidationError):
        services.link_trainee(actor=manager, trainee=ash, applicant=applicant)
    services.link_trainee(actor=manager, trainee=kit, applicant=None)
    assert Trainee.objects.get(pk=kit.pk).applicant is None
    assert [e.changes["how"] for e in _events("recruitment.trainee_applicant")] == [
        "by hand",
        "by hand",
    ]
