from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("", include("ownterms.core.urls")),
    path("api/v1/", include("ownterms.api.urls")),
    path("api-tokens/", include("ownterms.api.web_urls")),
]
