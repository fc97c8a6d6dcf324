"""Routes of the rota's delivered area (see rota/urls.py); names are in the "rota" namespace."""

from django.urls import URLPattern, path

from ownterms.rota.views import delivered

urlpatterns: list[URLPattern] = [
    path("shifts/<uuid:shift_id>/worked/", delivered.confirm_worked, name="confirm_worked"),
    path("shifts/<uuid:shift_id>/offer", delivered.offer_shift, name="offer_shift"),
    path("rota/delivered/", delivered.delivered, name="delivered"),
    path("rota/payroll/", delivered.payroll, name="payroll"),
    path("rota/payroll/csv", delivered.payroll_csv, name="payroll_csv"),
    path("rota/payroll/close", delivered.payroll_close, name="payroll_close"),
    path("rota/open-shifts/", delivered.open_shifts, name="open_shifts"),
    path("open-shifts/<uuid:offer_id>/accept", delivered.offer_accept, name="offer_accept"),
]
