"""One settings module, driven by environment variables (see README "Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from ownterms.lib.env import ConfigurationError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("OWNTERMS_VAR_DIR") or REPO_DIR / "var")

ENVIRONMENT = env_str("OWNTERMS_ENV", "development") or "development"
if ENVIRONMENT not in {"development", "production"}:
    raise ConfigurationError(f"OWNTERMS_ENV must be development or production, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("OWNTERMS_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ConfigurationError("OWNTERMS_DEBUG cannot be on in production mode")

_secret = env_str("OWNTERMS_SECRET_KEY")
if not _secret:
    if PRODUCTION:
        raise ConfigurationError("OWNTERMS_SECRET_KEY (or OWNTERMS_SECRET_KEY_FILE) is required")
    _secret = "development-only-secret-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = _secret
# Earlier secret keys, still accepted while sessions and stored MFA secrets move to the new one.
SECRET_KEY_FALLBACKS = env_list("OWNTERMS_SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list(
    "OWNTERMS_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("OWNTERMS_CSRF_TRUSTED_ORIGINS", [])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigurationError("OWNTERMS_ALLOWED_HOSTS is required in production mode")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth.usersessions list page loads it
    "django.forms",
    "django_htmx",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "ownterms.core",
    "ownterms.accounts",
    "ownterms.audit",
    "ownterms.vocabulary",
    "ownterms.people",
    "ownterms.staff",
    "ownterms.plans",
    "ownterms.health",
    "ownterms.leave",
    "ownterms.notifications",
    "ownterms.rota",
    "ownterms.oncall",
    "ownterms.funding",
    "ownterms.daily",
    "ownterms.recruitment",
    "ownterms.referrals",
    "ownterms.outcomes",
    "ownterms.exports",
    "ownterms.imports",
    "ownterms.api",
    "ownterms.demo",
]

MIDDLEWARE = [
    "ownterms.api.errors.ApiErrorEnvelopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    "ownterms.accounts.middleware.SessionTimeoutMiddleware",
    "ownterms.accounts.middleware.MFARequiredMiddleware",
]

ROOT_URLCONF = "ownterms.urls"
# Forms render as GOV.UK Frontend fields (templates/forms/govuk/); django.forms supplies widgets.
FORM_RENDERER = "ownterms.core.rendering.GovUKFormRenderer"
WSGI_APPLICATION = "ownterms.wsgi.application"
ASGI_APPLICATION = "ownterms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "ownterms.oncall.context_processors.on_call",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'ownterms.sqlite3'}",
        conn_max_age=env_int("OWNTERMS_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# Sign-in (django-allauth): email + password, MFA with TOTP and recovery codes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
# Sign-up is closed, so a reset request for an unknown address sends nothing to anyone.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "ownterms.accounts.adapter.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Own Terms"
MFA_ADAPTER = "ownterms.accounts.adapter.MFAAdapter"

# Email (password resets). Development prints messages to the console; production sends
# through the SMTP server given here.
DEFAULT_FROM_EMAIL = env_str("OWNTERMS_EMAIL_FROM", "Own Terms <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
#: Whether notifications are emailed as well as shown in the app (the demo seed turns it off).
OWNTERMS_EMAIL_NOTIFICATIONS = env_bool("OWNTERMS_EMAIL_NOTIFICATIONS", default=True)
#: Where the app is served, for links in emails and calendar feeds.
OWNTERMS_BASE_URL = env_str("OWNTERMS_BASE_URL", "http://127.0.0.1:8000") or ""
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION or env_str("OWNTERMS_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("OWNTERMS_EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env_int("OWNTERMS_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("OWNTERMS_EMAIL_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("OWNTERMS_EMAIL_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("OWNTERMS_EMAIL_USE_TLS", default=EMAIL_PORT != 465)
EMAIL_USE_SSL = EMAIL_PORT == 465 and not EMAIL_USE_TLS
EMAIL_TIMEOUT = 20
USERSESSIONS_TRACK_ACTIVITY = False
# Demo-only switch: lets the demo be tried without an authenticator. Refused in production.
OWNTERMS_DEMO_RELAX_MFA = env_bool("OWNTERMS_DEMO_RELAX_MFA", default=False)
if PRODUCTION and OWNTERMS_DEMO_RELAX_MFA:
    raise ConfigurationError(
        "OWNTERMS_DEMO_RELAX_MFA is a demo setting and is refused in production"
    )

# Lock-out after repeated failures (django-axes), lifted after the cool-off period.
AXES_FAILURE_LIMIT = env_int("OWNTERMS_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("OWNTERMS_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "login"
# allauth's own limit on failures also guards the MFA code step (which axes does not see);
# it is set looser than axes' so wrong passwords meet axes' lock-out first.
_lockout_minutes = env_int("OWNTERMS_LOCKOUT_MINUTES", 15)
if AXES_FAILURE_LIMIT < 1 or _lockout_minutes < 1:
    raise ConfigurationError("OWNTERMS_LOCKOUT_FAILURES and OWNTERMS_LOCKOUT_MINUTES must be 1+")
ACCOUNT_RATE_LIMITS = {"login_failed": f"30/m/ip,{2 * AXES_FAILURE_LIMIT}/{_lockout_minutes}m/key"}
# allauth authenticates with ``email=``; count failures against that, lower-cased.
AXES_USERNAME_CALLABLE = "ownterms.accounts.lockout.username_from_credentials"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind N reverse proxies that append to X-Forwarded-For, take the client address from it
# (for lock-outs and allauth's rate limits); 0 means trust only the connection's address.
OWNTERMS_TRUSTED_PROXY_COUNT = env_int("OWNTERMS_TRUSTED_PROXY_COUNT", 0)
if OWNTERMS_TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = OWNTERMS_TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    ALLAUTH_TRUSTED_PROXY_COUNT = OWNTERMS_TRUSTED_PROXY_COUNT

# Sessions end after this long without a request, and in any case this long after signing in.
# An organisation may shorten both in its settings; these are the defaults and the ceilings.
OWNTERMS_SESSION_IDLE_MINUTES = env_int("OWNTERMS_SESSION_IDLE_MINUTES", 30)
OWNTERMS_SESSION_ABSOLUTE_HOURS = env_int("OWNTERMS_SESSION_ABSOLUTE_HOURS", 12)
if OWNTERMS_SESSION_IDLE_MINUTES < 1 or OWNTERMS_SESSION_ABSOLUTE_HOURS < 1:
    raise ConfigurationError("Session timeouts must be at least 1 minute and 1 hour")
SESSION_COOKIE_AGE = OWNTERMS_SESSION_ABSOLUTE_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (photos, documents) are private: served only through access-checked views.
MEDIA_ROOT = Path(env_str("OWNTERMS_MEDIA_ROOT") or VAR_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work: django-tasks with the database backend; tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": env_str("OWNTERMS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
        or "django_tasks_db.DatabaseBackend"
    }
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("OWNTERMS_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("OWNTERMS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # "__Host-" cookies are only accepted over HTTPS, for this host and path "/".
    SESSION_COOKIE_NAME = "__Host-ownterms_session"
    CSRF_COOKIE_NAME = "__Host-ownterms_csrf"
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SAMESITE = "Lax"
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("OWNTERMS_LOG_LEVEL", "INFO") or "INFO"},
}
