"""Included at ``o/<org>/on-call/``."""

from django.urls import path

from ownterms.oncall import views

app_name = "oncall"
CALL = "calls/<uuid:call_id>/"
urlpatterns = [
    path("", views.rota, name="rota"),
    path("build/", views.build, name="build"),
    path("numbers/", views.numbers, name="numbers"),
    path("duties/<uuid:duty_id>/hand-over/", views.swap, name="swap"),
    path("calls/", views.calls, name="calls"),
    path("calls/new/", views.call_new, name="call_new"),
    path(CALL, views.call_detail, name="call_detail"),
    path(f"{CALL}follow-up-done", views.follow_up_done, name="follow_up_done"),
]
