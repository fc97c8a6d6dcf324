from django.urls import path

from ownterms.exports import views

app_name = "exports"
urlpatterns = [
    path("people/<uuid:person_id>/", views.export_record, name="person"),
]
