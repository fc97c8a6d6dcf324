"""Routes of the rota's build area (see rota/urls.py); names are in the "rota" namespace."""

from django.urls import URLPattern, path

from ownterms.rota.views import build as views

urlpatterns: list[URLPattern] = [
    path("rota/build/", views.build, name="build"),
    path("rota/runs/", views.runs, name="runs"),
    path("rota/runs/<uuid:run_id>/", views.run, name="run"),
    path("rota/runs/<uuid:run_id>/progress/", views.run_progress, name="run_progress"),
    path("rota/runs/<uuid:run_id>/cancel/", views.run_cancel, name="run_cancel"),
    path("rota/runs/<uuid:run_id>/discard/", views.run_discard, name="run_discard"),
    path("rota/runs/<uuid:run_id>/publish/", views.publish, name="publish"),
    path(
        "rota/runs/<uuid:run_id>/people/<uuid:person_id>/",
        views.draft_person,
        name="draft_person",
    ),
    path(
        "rota/runs/<uuid:run_id>/workers/<uuid:staff_id>/",
        views.draft_worker,
        name="draft_worker",
    ),
    path(
        "rota/runs/<uuid:run_id>/shifts/<uuid:shift_id>/",
        views.draft_shift,
        name="draft_shift",
    ),
    path("rota/shifts/<uuid:shift_id>/workers/", views.shift_workers, name="shift_workers"),
    path("rota/sickness/", views.sickness, name="sickness"),
    path("rota/shifts/<uuid:shift_id>/swap/", views.swap_new, name="swap_new"),
    path("rota/swaps/<uuid:swap_id>/", views.swap_decide, name="swap_decide"),
]
