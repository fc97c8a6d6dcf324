"""Routes of the medication record and seizure records (see urls.py)."""

from django.urls import URLPattern, path

from ownterms.daily.views import medicines, seizures

P = "people/<uuid:person_id>/daily/"
MEDICINES = f"{P}medicines/"
SEIZURES = f"{P}seizures/"

urlpatterns: list[URLPattern] = [
    path(MEDICINES, medicines.mar, name="mar"),
    path(f"{MEDICINES}times/", medicines.dose_times, name="dose_times"),
    path(
        f"{MEDICINES}times/<uuid:medication_id>/",
        medicines.dose_times_edit,
        name="dose_times_edit",
    ),
    path(f"{MEDICINES}<uuid:medication_id>/record/", medicines.dose_record, name="dose_record"),
    path(f"{MEDICINES}doses/<uuid:dose_id>/", medicines.dose_detail, name="dose_detail"),
    path(f"{MEDICINES}doses/<uuid:dose_id>/amend/", medicines.dose_amend, name="dose_amend"),
    path(f"{MEDICINES}prn/new/", medicines.prn_new, name="prn_new"),
    path(f"{MEDICINES}stock/new/", medicines.stock_count_new, name="stock_count_new"),
    path(SEIZURES, seizures.seizures, name="seizures"),
    path(f"{SEIZURES}new/", seizures.seizure_new, name="seizure_new"),
    path(f"{SEIZURES}<uuid:seizure_id>/", seizures.seizure_detail, name="seizure_detail"),
    path(f"{SEIZURES}<uuid:seizure_id>/amend/", seizures.seizure_amend, name="seizure_amend"),
]
