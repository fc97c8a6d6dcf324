"""Outcome URLs: reviews (signed-in pages under /o/<org>/): a person's reviews and easy-read
check-ins under people/<person_id>/, working together for change under outcomes/."""

from __future__ import annotations

from django.urls import URLPattern, path

from ownterms.outcomes.views import check_ins, reviews, wtfc

P = "people/<uuid:person_id>/"
R = P + "reviews/<uuid:review_id>/"
W = "outcomes/working-together/"

urlpatterns: list[URLPattern] = [
    path(P + "reviews/", reviews.reviews, name="reviews"),
    path(P + "reviews/new/", reviews.review_new, name="review_new"),
    path(P + "reviews/schedule/", reviews.review_schedule, name="review_schedule"),
    path(R, reviews.review, name="review"),
    path(R + "edit/", reviews.review_edit, name="review_edit"),
    path(R + "participants/", reviews.review_participants, name="review_participants"),
    path(R + "points/", reviews.review_points, name="review_points"),
    path(R + "actions/", reviews.review_actions, name="review_actions"),
    path(R + "hold/", reviews.review_hold, name="review_hold"),
    path(P + "check-ins/", check_ins.check_ins, name="check_ins"),
    path(P + "check-ins/new/", check_ins.check_in_new, name="check_in_new"),
    path(W, wtfc.wtfc_rounds, name="wtfc_rounds"),
    path(W + "new/", wtfc.wtfc_round_new, name="wtfc_round_new"),
    path(W + "<uuid:round_id>/", wtfc.wtfc_round, name="wtfc_round"),
    path(W + "<uuid:round_id>/themes/new/", wtfc.wtfc_theme_new, name="wtfc_theme_new"),
    path(
        W + "<uuid:round_id>/themes/<uuid:theme_id>/",
        wtfc.wtfc_theme_edit,
        name="wtfc_theme_edit",
    ),
    path(W + "<uuid:round_id>/summary/", wtfc.wtfc_summary, name="wtfc_summary"),
    path(W + "<uuid:round_id>/points.csv", wtfc.wtfc_csv, name="wtfc_csv"),
]
