from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("account/", include("ownterms.accounts.urls")),
    path("", include("ownterms.core.urls")),
    path("o/<slug:org>/people/", include("ownterms.people.urls")),
    path("o/<slug:org>/people/<uuid:person_id>/health/", include("ownterms.health.urls")),
    path("o/<slug:org>/people/<uuid:person_id>/team/", include("ownterms.staff.team_urls")),
    path("o/<slug:org>/people/<uuid:person_id>/plans/", include("ownterms.plans.urls")),
    path("o/<slug:org>/staff/", include("ownterms.staff.urls")),
    path("o/<slug:org>/", include("ownterms.leave.urls")),
    path("o/<slug:org>/", include("ownterms.rota.urls")),
    path("o/<slug:org>/on-call/", include("ownterms.oncall.urls")),
    path("o/<slug:org>/", include("ownterms.funding.urls")),
    path("o/<slug:org>/", include("ownterms.daily.urls")),
    path("o/<slug:org>/recruitment/", include("ownterms.recruitment.urls")),
    path("jobs/<slug:org>/", include("ownterms.recruitment.public_urls")),
    path("o/<slug:org>/referrals/", include("ownterms.referrals.urls")),
    path("o/<slug:org>/notifications/", include("ownterms.notifications.urls")),
    path("o/<slug:org>/audit/", include("ownterms.audit.urls")),
    path("o/<slug:org>/export/", include("ownterms.exports.urls")),
    path("o/<slug:org>/import/", include("ownterms.imports.urls")),
    path("about/", TemplateView.as_view(template_name="about.html"), name="about"),
    path("calendar/", include("ownterms.rota.feed_urls")),
    path("api/v1/", include("ownterms.api.urls")),
    path("api-tokens/", include("ownterms.api.web_urls")),
]
