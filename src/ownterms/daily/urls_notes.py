"""Daily notes, handovers and the start of a shift (names in the "daily" namespace)."""

from django.urls import path

from ownterms.daily.views import notes

P = "people/<uuid:person_id>/daily/"
SHIFT = P + "shifts/<uuid:shift_id>/"
NOTE = P + "notes/<uuid:note_id>/"
HANDOVER = P + "handovers/<uuid:handover_id>/"

urlpatterns = [
    path(P, notes.person_daily, name="person_daily"),
    path(SHIFT + "start/", notes.shift_start, name="shift_start"),
    path(SHIFT + "note/", notes.note_new, name="note_new"),
    path(SHIFT + "handover/", notes.handover_new, name="handover_new"),
    path(NOTE, notes.note_detail, name="note_detail"),
    path(NOTE + "amend/", notes.note_amend, name="note_amend"),
    path(HANDOVER, notes.handover_detail, name="handover_detail"),
    path(HANDOVER + "amend/", notes.handover_amend, name="handover_amend"),
    path(HANDOVER + "acknowledge/", notes.handover_acknowledge, name="handover_acknowledge"),
    path("daily/language-check/", notes.language_check, name="language_check"),
]
