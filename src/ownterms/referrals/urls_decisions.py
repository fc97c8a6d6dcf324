"""Referral URLs: decisions (signed-in pages under /o/<org>/referrals/): the decision, the
letters, planning the move to a person's record, and the reports."""

from __future__ import annotations

from django.urls import URLPattern, path

from ownterms.referrals.views import conversion, decisions, reports

REFERRAL = "<uuid:referral_id>/"

urlpatterns: list[URLPattern] = [
    path(REFERRAL + "decision/", decisions.decision, name="decision"),
    path(REFERRAL + "letter/", decisions.letter, name="letter"),
    path(REFERRAL + "letter/pdf/", decisions.letter_pdf, name="letter_pdf"),
    path(REFERRAL + "letter/easy-read/", decisions.easy_read_letter, name="easy_read_letter"),
    path(
        REFERRAL + "letter/easy-read/pdf/",
        decisions.easy_read_letter_pdf,
        name="easy_read_letter_pdf",
    ),
    path(REFERRAL + "transition/", conversion.transition, name="transition"),
    path(REFERRAL + "transition/started/", conversion.support_started, name="support_started"),
    path("reports/", reports.reports_page, name="reports"),
    path("reports/csv/", reports.reports_csv, name="reports_csv"),
]
