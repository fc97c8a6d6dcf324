from django.urls import path

from ownterms.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.staff_index, name="list"),
    path("<uuid:staff_id>/", views.staff_detail, name="detail"),
    path("<uuid:staff_id>/photo", views.staff_photo, name="photo"),
]
