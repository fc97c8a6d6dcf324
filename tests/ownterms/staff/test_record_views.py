"""Staff record, training, skills and team pages, per role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ownterms.accounts.models import User
from ownterms.audit.models import AuditEvent
from ownterms.staff.models import SkillNeed, StaffMember, TeamMembership, TrainingRecord
from tests.cast import Cast
from tests.ownterms.staff.data import team_health_data, team_worker_membership, train


def signed_in(cast: Cast, member: str) -> Client:
    client = Client()
    client.force_login(cast.user(member))  # type: ignore[arg-type]
    return client


def staff_url(cast: Cast, name: str = "team_worker", tail: str = "") -> str:
    return f"/o/{cast.organisation.slug}/staff/{cast.staff[name].public_id}/{tail}"


def team_url(cast: Cast, tail: str = "") -> str:
    return f"/o/{cast.organisation.slug}/people/{cast.person.public_id}/team/{tail}"


def d(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


EDIT = {
    "first_name": "Tariq",
    "last_name": "Teamworker",
    "job_title": "Senior support worker",
    "employment": "part_time",
    "contract_hours": "22.5",
    **d("starts_on", dt.date(2023, 4, 3)),
    "pay_band": "Band 3",
    **d("opt_out_signed_on", dt.date(2024, 1, 8)),
    "opt_out_notice_days": "7",
    "night_worker": "on",
    "other_employment_hours": "6",
    "gender": "",
    "languages": "English, Punjabi",
    "home_area": "ls6",
    "interests": "Football, Cooking",
    "traits": "Calm",
    "profile_appreciated": "",
    "profile_important": "My allotment.",
    "profile_how_i_work": "",
}


def test_manager_changes_the_staff_record(cast: Cast) -> None:
    client = signed_in(cast, "manager")
    page = client.get(staff_url(cast, tail="edit/"))
    assert page.status_code == 200
    assert "stated preference" in page.content.decode()
    response = client.post(staff_url(cast, tail="edit/"), EDIT)
    assert response.status_code == 302, response.content.decode()[:3000]
    member = StaffMember.objects.get(pk=cast.staff["team_worker"].pk)
    assert member.contract_minutes_per_week == 22 * 60 + 30
    assert member.other_employment_minutes_per_week == 360
    assert member.home_area == "LS6" and member.opt_out_in_force_on(cast.today)
    assert member.night_worker
    detail = client.get(staff_url(cast)).content.decode()
    for text in (
        "Band 3",
        "In force today",
        "Football",
        "Calm",
        "My allotment.",
        "LS6",
        "the rota keeps to the night-worker average",
    ):
        assert text in detail
    assert AuditEvent.objects.filter(action="staff.update").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"home_area": "not a code"}, "first part of a UK postcode"),
        ({"interests": "Football, football"}, "listed twice"),
        (
            {**d("opt_out_withdrawal_notice_on", dt.date(2023, 1, 1))},
            "on or after the date it was signed",
        ),
        ({**d("ends_on", dt.date(2020, 1, 1))}, "on or after the start date"),
        ({"contract_hours": "200"}, "168 hours"),
        ({"opt_out_notice_days": "120"}, "three months"),
    ],
)
def test_bad_staff_record_input_shows_the_error_and_saves_nothing(
    cast: Cast, changes: dict[str, str], message: str
) -> None:
    client = signed_in(cast, "manager")
    response = client.post(staff_url(cast, tail="edit/"), {**EDIT, **changes})
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text and message in text
    assert not AuditEvent.objects.filter(action="staff.update").exists()
    assert StaffMember.objects.get(pk=cast.staff["team_worker"].pk).pay_band == ""


def test_staff_member_reads_but_cannot_change_their_record(cast: Cast) -> None:
    client = signed_in(cast, "team_worker")
    assert client.get(staff_url(cast)).status_code == 200
    assert client.get(staff_url(cast, tail="edit/")).status_code == 403
    assert client.get(staff_url(cast, tail="training/add/")).status_code == 403
    assert client.get(f"/o/{cast.organisation.slug}/staff/skills/").status_code == 404
    # Looking at one's own record is not an access to audit.
    assert not AuditEvent.objects.filter(action="staff_record.view").exists()


def test_viewing_someone_elses_staff_record_is_audited_once_in_five_minutes(cast: Cast) -> None:
    client = signed_in(cast, "manager")
    client.get(staff_url(cast))
    client.get(staff_url(cast))
    events = AuditEvent.objects.filter(action="staff_record.view")
    assert events.count() == 1
    event = events.get()
    assert event.kind == "access" and event.person_id is None
    assert event.object_type == "staff.staffmember"
    assert event.object_id == str(cast.staff["team_worker"].public_id)
    assert event.actor == cast.manager and event.basis == "manager"


def test_training_is_added_renewed_and_shown_with_its_state(cast: Cast) -> None:
    data = team_health_data(cast)
    client = signed_in(cast, "manager")
    detail = client.get(staff_url(cast)).content.decode()
    assert "Expired" in detail and "Expiring in 30 days" in detail
    renew = client.get(staff_url(cast, tail=f"training/add/?skill={data.first_aid.public_id}"))
    assert renew.status_code == 200
    assert f'value="{data.first_aid.public_id}" selected' in renew.content.decode()
    response = client.post(
        staff_url(cast, tail="training/add/"),
        {"skill": str(data.first_aid.public_id), **d("completed_on", cast.today)},
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.filter(skill=data.first_aid).latest("completed_on")
    assert record.expires_on is not None and record.expires_on.year == cast.today.year + 3
    bad = client.post(
        staff_url(cast, tail="training/add/"),
        {
            "skill": str(data.first_aid.public_id),
            **d("completed_on", cast.today),
            **d("expires_on", cast.today - dt.timedelta(days=1)),
        },
    )
    assert bad.status_code == 400 and "after the completion date" in bad.content.decode()


def test_skills_page_lists_and_adds_skills(cast: Cast) -> None:
    team_health_data(cast)
    client = signed_in(cast, "manager")
    url = f"/o/{cast.organisation.slug}/staff/skills/"
    text = client.get(url).content.decode()
    assert "Epilepsy rescue medication" in text and "36 months" in text
    assert (
        client.post(url, {"name": "British Sign Language", "renew_every_months": ""}).status_code
        == 302
    )
    duplicate = client.post(url, {"name": "first aid"})
    assert duplicate.status_code == 400 and "already on the list" in duplicate.content.decode()


def test_staff_list_filters_training_to_renew(cast: Cast) -> None:
    team_health_data(cast)
    client = signed_in(cast, "manager")
    base = f"/o/{cast.organisation.slug}/staff/"
    everyone = client.get(base).content.decode()
    assert "Una Outsider" in everyone and "Expired: First aid" in everyone
    assert "Expiring: Driving with own car" in everyone
    text = client.get(f"{base}?training=attention").content.decode()
    assert "Tariq Teamworker" in text and "Una Outsider" not in text
    # The former worker's records never expire; the filter agrees with the tags.
    assert "Fern Former" not in text


def add_staff(cast: Cast, count: int) -> None:
    data = team_health_data(cast)
    users = User.objects.bulk_create(
        User(email=f"q{n}@brookside.example", display_name="Q", organisation=cast.organisation)
        for n in range(count)
    )
    members = StaffMember.objects.bulk_create(
        StaffMember(
            organisation=cast.organisation,
            user=user,
            first_name=f"Q{n:03}",
            last_name="Test",
            job_title="Support worker",
            employment="bank",
            contract_minutes_per_week=0,
            starts_on=cast.today,
        )
        for n, user in enumerate(users)
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(
            organisation=cast.organisation,
            staff_member=member,
            skill=skill,
            completed_on=cast.today - dt.timedelta(days=400),
            expires_on=cast.today + dt.timedelta(days=n % 60 - 20),
        )
        for n, member in enumerate(members)
        for skill in (data.epilepsy, data.first_aid)
    )


@pytest.mark.parametrize("count", [5, 60])
def test_staff_list_has_a_query_ceiling(
    cast: Cast, count: int, django_assert_max_num_queries: object
) -> None:
    add_staff(cast, count)
    client = signed_in(cast, "administrator")
    client.get(f"/o/{cast.organisation.slug}/staff/")
    for query in ("", "?training=attention"):
        # 10, and 1 for "who is on call now" (the on-call banner on every staff page).
        with django_assert_max_num_queries(11):  # type: ignore[operator]
            response = client.get(f"/o/{cast.organisation.slug}/staff/{query}")
        assert response.status_code == 200


def test_team_page_for_the_person_shows_profiles_and_no_management(cast: Cast) -> None:
    team_health_data(cast)
    StaffMember.objects.filter(pk=cast.staff["team_worker"].pk).update(
        profile_appreciated="I make people laugh."
    )
    client = signed_in(cast, "person_user")
    text = client.get(team_url(cast)).content.decode()
    assert "My team" in text and "Tariq Teamworker" in text and "I make people laugh." in text
    assert "Fern Former" in text  # under former members
    assert "Add a member" not in text and "Team health" not in text
    assert client.get(team_url(cast, "health/")).status_code == 404
    assert client.get(team_url(cast, "add/")).status_code == 403
    assert AuditEvent.objects.filter(kind="access", page="team", person=cast.person).exists()


def test_manager_adds_ends_and_records_approval(cast: Cast) -> None:
    client = signed_in(cast, "manager")
    text = client.get(team_url(cast)).content.decode()
    assert "Add a member to the team" in text and "Team health" in text
    outsider = cast.staff["outside_worker"]
    bad = client.post(
        team_url(cast, "add/"),
        {
            "staff_member": str(outsider.public_id),
            "kind": "relief",
            **d("starts_on", cast.today),
            **d("ends_on", cast.today - dt.timedelta(days=3)),
        },
    )
    assert bad.status_code == 400 and "on or after the start date" in bad.content.decode()
    duplicate = client.post(
        team_url(cast, "add/"),
        {
            "staff_member": str(cast.staff["team_worker"].public_id),
            "kind": "core",
            **d("starts_on", cast.today),
        },
    )
    assert duplicate.status_code == 400 and "already in this team" in duplicate.content.decode()
    added = client.post(
        team_url(cast, "add/"),
        {"staff_member": str(outsider.public_id), "kind": "relief", **d("starts_on", cast.today)},
    )
    assert added.status_code == 302
    membership = TeamMembership.objects.get(person=cast.person, staff_member=outsider)
    assert not membership.approved_by_person
    approve = client.post(team_url(cast, f"{membership.public_id}/approve/"), {"approved": "yes"})
    assert approve.status_code == 302
    membership.refresh_from_db()
    assert membership.approved_by_person and membership.approved_on == cast.today
    assert AuditEvent.objects.filter(action="team.approve", person=cast.person).exists()
    early = client.post(
        team_url(cast, f"{membership.public_id}/end/"),
        d("ends_on", cast.today - dt.timedelta(days=1)),
    )
    assert early.status_code == 400 and "on or after the day they joined" in early.content.decode()
    ended = client.post(team_url(cast, f"{membership.public_id}/end/"), d("ends_on", cast.today))
    assert ended.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == cast.today
    assert AuditEvent.objects.filter(action="team.end", person=cast.person).exists()


def test_team_worker_reads_the_team_but_cannot_change_it(cast: Cast) -> None:
    client = signed_in(cast, "team_worker")
    assert client.get(team_url(cast)).status_code == 200
    membership = team_worker_membership(cast)
    assert client.post(team_url(cast, f"{membership.public_id}/approve/")).status_code == 403
    assert client.get(team_url(cast, "needs/add/")).status_code == 403
    assert client.get(team_url(cast, "health/")).status_code == 404
    other = signed_in(cast, "outside_worker")
    assert other.get(team_url(cast)).status_code == 404


def test_manager_edits_skill_needs_and_sees_team_health(cast: Cast) -> None:
    data = team_health_data(cast)
    client = signed_in(cast, "manager")
    health = client.get(team_url(cast, "health/"))
    text = health.content.decode()
    assert "Single point of failure" in text and "No one" in text
    SkillNeed.objects.filter(skill=data.driving).delete()
    bad = client.post(
        team_url(cast, "needs/add/"),
        {"skill": str(data.epilepsy.public_id), "coverage": "every_shift"},
    )
    assert bad.status_code == 400 and "already listed" in bad.content.decode()
    ok = client.post(
        team_url(cast, "needs/add/"),
        {
            "skill": str(data.driving.public_id),
            "coverage": "some_shifts",
            "note": "Trips to the coast",
        },
    )
    assert ok.status_code == 302
    need = SkillNeed.objects.get(skill=data.driving)
    assert client.post(team_url(cast, f"needs/{need.public_id}/remove/")).status_code == 302
    assert not SkillNeed.objects.filter(skill=data.driving).exists()
    assert AuditEvent.objects.filter(action="skill_need.remove", person=cast.person).exists()


@pytest.mark.parametrize("extra", [3, 25])
def test_team_pages_have_a_query_ceiling(
    cast: Cast, extra: int, django_assert_max_num_queries: object
) -> None:
    data = team_health_data(cast)
    users = User.objects.bulk_create(
        User(email=f"t{n}@brookside.example", display_name="T", organisation=cast.organisation)
        for n in range(extra)
    )
    members = StaffMember.objects.bulk_create(
        StaffMember(
            organisation=cast.organisation,
            user=user,
            first_name=f"T{n}",
            last_name="Test",
            job_title="Support worker",
            employment="bank",
            contract_minutes_per_week=0,
            starts_on=cast.today - dt.timedelta(days=100),
        )
        for n, user in enumerate(users)
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(
            organisation=cast.organisation,
            person=cast.person,
            staff_member=m,
            starts_on=cast.today - dt.timedelta(days=50),
        )
        for m in members
    )
    for index, member in enumerate(members):
        cast.staff[f"t{index}"] = member
        train(cast, f"t{index}", data.first_aid, cast.today - dt.timedelta(days=10), None)
    client = signed_in(cast, "manager")
    # 12, and 1 for "who is on call now" (the on-call banner on every staff page).
    for tail, ceiling in (("", 13), ("health/", 13)):
        client.get(team_url(cast, tail))
        with django_assert_max_num_queries(ceiling):  # type: ignore[operator]
            assert client.get(team_url(cast, tail)).status_code == 200


def test_a_concurrent_change_is_not_overwritten(cast: Cast) -> None:
    client = signed_in(cast, "manager")
    page = client.get(staff_url(cast, tail="edit/"))
    version = page.context["form"].initial["version"]
    other = signed_in(cast, "administrator")
    assert (
        other.post(staff_url(cast, tail="edit/"), {**EDIT, "version": version}).status_code == 302
    )
    late = client.post(
        staff_url(cast, tail="edit/"), {**EDIT, "pay_band": "Band 9", "version": version}
    )
    assert late.status_code == 400 and "Someone else changed this record" in late.content.decode()
    assert StaffMember.objects.get(pk=cast.staff["team_worker"].pk).pay_band == "Band 3"


def test_staff_record_links_to_availability_and_leave_that_open(cast: Cast) -> None:
    from django.urls import reverse

    member = cast.staff["team_worker"]
    kwargs = {"org": cast.organisation.slug, "staff_id": member.public_id}
    for who in ("team_worker", "manager"):
        client = signed_in(cast, who)
        html = client.get(staff_url(cast)).content.decode()
        for name in ("leave:availability", "leave:staff_leave"):
            link = reverse(name, kwargs=kwargs)
            assert f'href="{link}"' in html
            assert client.get(link).status_code == 200
