from django.urls import URLPattern

P = "people/<uuid:person_id>/daily/"

urlpatterns: list[URLPattern] = []
