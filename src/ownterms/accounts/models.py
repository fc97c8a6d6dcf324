"""Users (signed in by email) and the roles they hold in an organisation."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Every user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: staff, the person supported, family, partners."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("name"), max_length=150)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="users"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use Django's admin site.")
    date_joined = models.DateTimeField(default=timezone.now)
    session_epoch = models.PositiveIntegerField(
        default=0, editable=False, help_text="Raised to end every session of this user at once."
    )

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name or self.email

    # Every session stores this hash and is ended when it no longer matches, so raising
    # ``session_epoch`` ends all of a user's sessions whatever session store holds them.
    def get_session_auth_hash(self) -> str:
        return self._epoch_hash(super().get_session_auth_hash())

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback in super().get_session_auth_fallback_hash():
            yield self._epoch_hash(fallback)

    def _epoch_hash(self, password_hash: str) -> str:
        return salted_hmac(
            "ownterms.accounts.User.session_epoch",
            f"{password_hash}:{self.session_epoch}",
            algorithm="sha256",
        ).hexdigest()


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    MANAGER = "manager", _("Manager")
    COORDINATOR = "coordinator", _("Rota coordinator")
    RECRUITER = "recruiter", _("Recruiter")
    FINANCE = "finance", _("Finance")
    SUPPORT_WORKER = "support_worker", _("Support worker")
    PERSON = "person", _("Person supported")
    CIRCLE = "circle", _("Circle of support")
    PARTNER = "partner", _("Partner professional")


STAFF_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.MANAGER,
        Role.COORDINATOR,
        Role.RECRUITER,
        Role.FINANCE,
        Role.SUPPORT_WORKER,
    }
)
MFA_REQUIRED_ROLES = STAFF_ROLES | {Role.PARTNER}

#: The office: the roles that build and run the rota and the on-call rota (their
#: organisation-wide pages, the call log, open shifts to offer).
OFFICE_ROLES = frozenset({Role.ADMINISTRATOR, Role.MANAGER, Role.COORDINATOR})


class RoleGrant(models.Model):
    """A role a user holds in their organisation; a user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_user_and_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
