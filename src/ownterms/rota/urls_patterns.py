"""Routes of the rota's patterns area (see rota/urls.py); names are in the "rota" namespace."""

from django.urls import URLPattern, path

from ownterms.rota.views import patterns as views

PERSON = "people/<uuid:person_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{PERSON}pattern/", views.pattern, name="pattern"),
    path(f"{PERSON}pattern/settings/", views.pattern_settings, name="pattern_settings"),
    path(f"{PERSON}pattern/blocks/new/", views.block_new, name="block_new"),
    path(f"{PERSON}pattern/blocks/<uuid:block_id>/", views.block_edit, name="block_edit"),
    path(
        f"{PERSON}pattern/blocks/<uuid:block_id>/remove/",
        views.block_remove,
        name="block_remove",
    ),
    path(f"{PERSON}shifts/", views.person_shifts, name="person_shifts"),
    path(f"{PERSON}shifts/generate/", views.generate_shifts, name="generate_shifts"),
    path(f"{PERSON}shifts/new/", views.shift_new, name="shift_new"),
    path("shifts/<uuid:shift_id>/edit/", views.shift_edit, name="shift_edit"),
    path("shifts/<uuid:shift_id>/cancel/", views.shift_cancel, name="shift_cancel"),
]
