from django.urls import path

from ownterms.people import views, views_circle, views_package

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/edit/", views.person_edit, name="edit"),
    path("<uuid:person_id>/photo", views.person_photo, name="photo"),
    path("<uuid:person_id>/who-has-looked/", views.who_looked, name="who_looked"),
    path("<uuid:person_id>/circle/", views_circle.circle, name="circle"),
    path("<uuid:person_id>/circle/add/", views_circle.circle_add, name="circle_add"),
    path("<uuid:person_id>/circle/<uuid:member_id>/", views_circle.circle_edit, name="circle_edit"),
    path(
        "<uuid:person_id>/circle/<uuid:member_id>/consents/add/",
        views_circle.consent_give,
        name="consent_give",
    ),
    path(
        "<uuid:person_id>/circle/consents/<uuid:consent_id>/end/",
        views_circle.consent_end,
        name="consent_end",
    ),
    path(
        "<uuid:person_id>/circle/consents/<uuid:consent_id>/withdraw/",
        views_circle.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<uuid:person_id>/package/", views_package.package, name="package"),
    path("<uuid:person_id>/package/add/", views_package.package_add, name="package_add"),
]
