from django.urls import path

from ownterms.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_start, name="start"),
    path("<uuid:import_id>/", views.import_preview, name="preview"),
    path("templates/<slug:kind>.<slug:file_format>", views.import_template, name="template"),
]
