from django.apps import AppConfig


class VocabularyConfig(AppConfig):
    name = "ownterms.vocabulary"
    label = "vocabulary"
