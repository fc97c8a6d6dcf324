"""Included at ``o/<org>/``: one namespace, one module of routes per area of the rota."""

from ownterms.rota import urls_build, urls_delivered, urls_patterns, urls_readers

app_name = "rota"
urlpatterns = [
    *urls_patterns.urlpatterns,
    *urls_build.urlpatterns,
    *urls_readers.urlpatterns,
    *urls_delivered.urlpatterns,
]
