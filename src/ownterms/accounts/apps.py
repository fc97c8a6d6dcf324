from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


def _on_signed_in(sender: object, request: HttpRequest | None, **kwargs: Any) -> None:
    from ownterms.accounts.middleware import mark_signed_in

    if request is not None and hasattr(request, "session"):
        mark_signed_in(request)


class AccountsConfig(AppConfig):
    name = "ownterms.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_on_signed_in, dispatch_uid="accounts.mark_signed_in")
