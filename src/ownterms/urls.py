from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("", include("ownterms.core.urls")),
    path("o/<slug:org>/people/", include("ownterms.people.urls")),
    path("o/<slug:org>/staff/", include("ownterms.staff.urls")),
    path("o/<slug:org>/audit/", include("ownterms.audit.urls")),
]
