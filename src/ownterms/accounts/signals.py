"""Signals other apps listen to. Accounts sits below audit and the feature apps, so it
announces what happened and they react (audit records it; the API revokes tokens and feeds)."""

from __future__ import annotations

from django.dispatch import Signal

# A user's access has ended: every session is already gone. Receivers revoke whatever else
# lets the user in (API tokens, calendar feeds). Arguments: ``user``, ``reason`` (str).
access_ended = Signal()

# A role was granted or revoked. Arguments: ``actor`` (User or None for the system),
# ``user``, ``role`` (a ``Role`` value).
role_granted = Signal()
role_revoked = Signal()
