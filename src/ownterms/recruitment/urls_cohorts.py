"""Recruitment URLs: the training route (cohorts) and the workforce figures. ``urlpatterns``
are signed-in pages under /o/<org>/recruitment/; ``public_urlpatterns`` are public pages under
/jobs/<org>/ (no account)."""

from __future__ import annotations

from django.urls import URLPattern, path

from ownterms.recruitment.views import cohorts, figures

COHORT = "cohorts/<uuid:cohort_id>/"
TRAINEE = "cohorts/trainees/<uuid:trainee_id>/"

urlpatterns: list[URLPattern] = [
    path("cohorts/", cohorts.cohorts, name="cohorts"),
    path("cohorts/new/", cohorts.cohort_new, name="cohort_new"),
    path("cohorts/report/", cohorts.cohorts_report, name="cohorts_report"),
    path("cohorts/report/csv/", cohorts.cohorts_report_csv, name="cohorts_report_csv"),
    path(COHORT, cohorts.cohort_detail, name="cohort_detail"),
    path(COHORT + "edit/", cohorts.cohort_edit, name="cohort_edit"),
    path(COHORT + "sessions/new/", cohorts.cohort_session_new, name="cohort_session_new"),
    path(COHORT + "trainees/new/", cohorts.cohort_trainee_new, name="cohort_trainee_new"),
    path(COHORT + "attendance/", cohorts.cohort_attendance, name="cohort_attendance"),
    path(
        COHORT + "sessions/<uuid:session_id>/attendance/",
        cohorts.cohort_session_attendance,
        name="cohort_session_attendance",
    ),
    path(TRAINEE, cohorts.trainee_detail, name="trainee_detail"),
    path(TRAINEE + "status/", cohorts.trainee_status, name="trainee_status"),
    path(TRAINEE + "applicant/", cohorts.trainee_applicant, name="trainee_applicant"),
    path("figures/", figures.figures_page, name="figures"),
    path("figures/csv/", figures.figures_csv, name="figures_csv"),
]
public_urlpatterns: list[URLPattern] = []
