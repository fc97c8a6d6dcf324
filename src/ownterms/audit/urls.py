from django.urls import path

from ownterms.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="list"),
]
