from django.urls import path

from ownterms.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.staff_index, name="list"),
    path("skills/", views.skill_list, name="skills"),
    path("<uuid:staff_id>/", views.staff_detail, name="detail"),
    path("<uuid:staff_id>/edit/", views.staff_edit, name="edit"),
    path("<uuid:staff_id>/training/add/", views.training_add, name="training_add"),
    path("<uuid:staff_id>/photo", views.staff_photo, name="photo"),
]
