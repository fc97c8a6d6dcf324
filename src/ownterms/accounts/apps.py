from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ownterms.accounts"
    label = "accounts"
