"""Signals from core. Core sits below audit, so audit connects to these to record them."""

from __future__ import annotations

from django.dispatch import Signal

# An organisation setting change was scheduled (a new ``OrganisationSetting`` row).
# Arguments: ``actor`` (a user, or None for the system), ``organisation``, ``row`` (the new
# row), ``key``, ``old_value`` (in force on ``effective_from`` before the change),
# ``new_value``, ``effective_from``, ``note``. Sent inside the change's transaction.
setting_changed = Signal()
