from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("account/", include("ownterms.accounts.urls")),
    path("", include("ownterms.core.urls")),
]
