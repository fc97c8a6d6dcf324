"""Referral URLs: intake (signed-in pages under /o/<org>/referrals/).

Partners (with a current grant): ``mine``, ``new``, ``status`` and its message and withdraw.
The office: the list, one referral, its actions and corrections, and partners' grants."""

from __future__ import annotations

from django.urls import URLPattern, path

from ownterms.referrals.views import grants, office, partner

MINE = "mine/<uuid:referral_id>/"
ONE = "<uuid:referral_id>/"

urlpatterns: list[URLPattern] = [
    # Partners.
    path("mine/", partner.mine, name="mine"),
    path("new/", partner.new, name="new"),
    path(MINE, partner.status, name="status"),
    path(MINE + "messages/", partner.status_message, name="status_message"),
    path(MINE + "withdraw/", partner.status_withdraw, name="status_withdraw"),
    # The office.
    path("", office.referral_list, name="list"),
    path("record/", office.record_referral, name="record"),
    path(ONE, office.detail, name="detail"),
    path(ONE + "edit/", office.edit, name="edit"),
    path(ONE + "messages/", office.message, name="message"),
    path(ONE + "request-information/", office.request_information, name="request_information"),
    path(ONE + "start-assessment/", office.start_assessment, name="start_assessment"),
    path(ONE + "withdraw/", office.withdraw, name="withdraw"),
    path(ONE + "decline/", office.decline, name="decline"),
    path(ONE + "holders/", office.holders, name="holders"),
    path("grants/", grants.grants, name="grants"),
    path("grants/new/", grants.grant_new, name="grant_new"),
    path("grants/<uuid:grant_id>/end/", grants.grant_end, name="grant_end"),
]
