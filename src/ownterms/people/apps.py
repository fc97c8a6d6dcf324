from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "ownterms.people"
    label = "people"
