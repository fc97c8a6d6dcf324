"""/api/v1/cohorts (list, one cohort with its trainees' statuses, the route's report) and
/api/v1/recruitment-figures: recruiters only, the JSON error envelope for everything else."""

from __future__ import annotations

import pytest

from ownterms.accounts.models import User
from ownterms.api import services
from ownterms.audit.models import AuditEvent
from tests.cast import Cast
from tests.ownterms.api.conftest import ApiClient, assert_envelope
from tests.ownterms.recruitment import data

pytestmark = pytest.mark.django_db


def client_for(user: User | None) -> ApiClient:
    assert user is not None
    return ApiClient(services.create_token(user=user, name="test").secret)


def test_cohorts_and_one_cohort(cast: Cast, recruiter: User) -> None:
    cohort = data.a_cohort(cast)
    api = client_for(recruiter)
    listed = api.get("/api/v1/cohorts").json()
    assert listed["count"] == 1
    [item] = listed["items"]
    assert item["public_id"] == str(cohort.public_id)
    assert (item["sessions"], item["trainees"], item["enrolled"]) == (2, 1, 1)
    assert item["mentor"]["name"] == cast.staff["team_worker"].name
    one = api.get(f"/api/v1/cohorts/{cohort.public_id}").json()
    assert [s["register_taken"] for s in one["session_list"]] == [True, False]
    [sam] = one["trainee_list"]
    assert sam["first_name"] == "Sam" and sam["status"] == "enrolled"
    assert (sam["sessions_marked"], sam["sessions_present"], sam["attendance_percent"]) == (
        1,
        1,
        100,
    )
    assert sam["applied"] is False
    assert AuditEvent.objects.filter(action="trainee.view", page="api.cohort").exists()


def test_the_report_and_the_figures(cast: Cast, recruiter: User) -> None:
    data.a_cohort(cast)
    data.an_application(cast)
    api = client_for(recruiter)
    report = api.get("/api/v1/cohorts/report").json()
    assert report["total"]["informed"] == 1 and report["total"]["enrolled"] == 1
    found = api.get("/api/v1/recruitment-figures?months=6").json()
    assert found["months"] == 6
    assert [row["stage"] for row in found["stages"]][:2] == ["applied", "screened"]
    assert found["stages"][0]["reached"] == 1
    assert found["sources"] == [{"source": "job_board", "applicants": 1, "started": 0}]
    assert found["time_to_hire"][0]["outcome"] == "open"
    assert found["open_per_person"][0]["open"] == 1


def test_bad_input_answers_the_envelope(cast: Cast, recruiter: User) -> None:
    api = client_for(recruiter)
    assert_envelope(api.get("/api/v1/recruitment-figures?months=5"), 422)
    assert_envelope(api.get("/api/v1/cohorts?limit=100000"), 422)
    assert_envelope(api.get("/api/v1/cohorts/00000000-0000-0000-0000-000000000000"), 404)
    assert_envelope(api.get("/api/v1/cohorts/not-a-uuid"), 404)


@pytest.mark.parametrize("member", ["team_worker", "person_user", "finance", "coordinator"])
def test_only_recruiters(cast: Cast, member: str) -> None:
    cohort = data.a_cohort(cast)
    api = client_for(cast.user(member))
    for path in (
        "/api/v1/cohorts",
        f"/api/v1/cohorts/{cohort.public_id}",
        "/api/v1/cohorts/report",
        "/api/v1/recruitment-figures",
    ):
        assert_envelope(api.get(path), 404)


def test_another_organisation_sees_nothing(cast: Cast) -> None:
    cohort = data.a_cohort(cast)
    api = client_for(cast.user("other_org_admin"))
    assert api.get("/api/v1/cohorts").json()["count"] == 0
    assert_envelope(api.get(f"/api/v1/cohorts/{cohort.public_id}"), 404)
