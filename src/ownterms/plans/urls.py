from django.urls import path

from ownterms.plans import views

app_name = "plans"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profile/versions/<int:number>/", views.profile_version, name="profile_version"),
    path("strengths/edit/", views.strengths_edit, name="strengths_edit"),
    path("goals/", views.goals, name="goals"),
    path("goals/aspirations/edit/", views.aspirations_edit, name="aspirations_edit"),
    path("goals/add/", views.goal_add, name="goal_add"),
    path("goals/<uuid:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("sessions/add/", views.session_add, name="session_add"),
    path("sessions/<uuid:session_id>/", views.session, name="session"),
    path("sessions/<uuid:session_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<uuid:session_id>/graphic", views.session_graphic, name="session_graphic"),
    path("routine/", views.routine, name="routine"),
    path("routine/add/", views.activity_add, name="activity_add"),
    path("routine/<uuid:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("routine/<uuid:activity_id>/remove/", views.activity_remove, name="activity_remove"),
    path("policies/", views.policies, name="policies"),
    path("policies/add/", views.policy_add, name="policy_add"),
    path("policies/<uuid:policy_id>/", views.policy, name="policy"),
    path("policies/<uuid:policy_id>/edit/", views.policy_edit, name="policy_edit"),
    path(
        "policies/<uuid:policy_id>/versions/<int:number>/",
        views.policy_version,
        name="policy_version",
    ),
    path("easy-read/about-me/", views.easy_about, name="easy_about"),
    path("easy-read/my-people/", views.easy_people, name="easy_people"),
    path("easy-read/team/<uuid:staff_id>/photo", views.team_photo, name="team_photo"),
]
