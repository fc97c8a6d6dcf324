from django.urls import path

from ownterms.health import views

app_name = "health"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("passport/", views.passport, name="passport"),
    path("medicines/add/", views.medication_add, name="medication_add"),
    path(
        "medicines/<uuid:medication_id>/change/",
        views.medication_change,
        name="medication_change",
    ),
    path("medicines/<uuid:medication_id>/stop/", views.medication_stop, name="medication_stop"),
    # kind: condition, allergy or contact
    path("<slug:kind>/add/", views.item_add, name="item_add"),
    path("<slug:kind>/<uuid:item_id>/", views.item_edit, name="item_edit"),
    path("<slug:kind>/<uuid:item_id>/remove/", views.item_remove, name="item_remove"),
]
