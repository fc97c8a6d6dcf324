"""Password reset by email: the only way back in without an administrator."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from ownterms.accounts.models import Role
from tests.ownterms.accounts import helpers

pytestmark = pytest.mark.django_db


def test_reset_link_is_emailed_to_a_known_address(client: Client) -> None:
    helpers.user(helpers.organisation(), Role.MANAGER, email="known@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "Known@Example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["known@example.org"]


def test_unknown_address_gets_the_same_answer_and_no_email(client: Client) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
