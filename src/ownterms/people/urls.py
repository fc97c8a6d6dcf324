from django.urls import path

from ownterms.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/edit/", views.person_edit, name="edit"),
    path("<uuid:person_id>/photo", views.person_photo, name="photo"),
    path("<uuid:person_id>/who-has-looked/", views.who_looked, name="who_looked"),
]
