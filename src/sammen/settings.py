"""Sammen's one settings module: everything an operator can change is read from the environment.

Development is the default and needs nothing set. ``SAMMEN_ENV=production`` turns on the secure
defaults and refuses to start without the secrets production needs (see docs/operations.md).
"""

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


SAMMEN_ENV = env("SAMMEN_ENV", "development")
if SAMMEN_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("SAMMEN_ENV must be 'development' or 'production'.")
PRODUCTION = SAMMEN_ENV == "production"

VAR_DIR = Path(env("SAMMEN_VAR_DIR", str(REPO_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _required(name: str) -> str:
    value = env(name)
    if value is None:
        raise ImproperlyConfigured(f"{name} must be set when SAMMEN_ENV=production.")
    return value


def _development_secret_key() -> str:
    """Generated once and kept under var/, so that sessions survive a restart of the demo."""
    path = VAR_DIR / "secret_key.txt"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = _required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or _required("ALLOWED_HOSTS").split(",")
    DEBUG = False
else:
    SECRET_KEY = env("SECRET_KEY") or _development_secret_key()
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
    DEBUG = env_bool("DEBUG", True)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Where the site is reached, for links in e-mails.
SAMMEN_BASE_URL = env("SAMMEN_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    # Sammen's apps come before allauth and django.forms so that their templates override those packages'.
    "sammen.core",
    "sammen.notifications",
    "sammen.municipalities",
    "sammen.taxonomy",
    "sammen.accounts",
    "sammen.access",
    "sammen.audit",
    "sammen.staff",
    "sammen.bubbles",
    "sammen.search",
    "sammen.messaging",
    "sammen.moderation",
    "sammen.associations",
    "sammen.activities",
    "sammen.offers",
    "sammen.volunteering",
    "sammen.talks",
    "sammen.taskbank",
    "sammen.visits",
    "sammen.christmas",
    "sammen.referrals",
    "sammen.opportunities",
    "sammen.insights",
    "sammen.wellbeing",
    "sammen.privacy",
    "sammen.site",
    "sammen.monitoring",
    "sammen.devtools",
    "sammen.operations",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "phonenumber_field",
    "django.forms",
]

MIDDLEWARE = [
    "sammen.monitoring.requests.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "sammen.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sammen.core.middleware.DanishFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "sammen.access.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "sammen.urls"
WSGI_APPLICATION = "sammen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sammen.site.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "sammen.core.forms.DKFDSFormRenderer"

# --- Database ---------------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sammen.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN, so that two
    # writers queue on the busy timeout instead of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory, so that a Celery worker process in the tests can open it; one per test run.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, rate limits, background work -------------------------------------------------------------------
REDIS_URL = _required("REDIS_URL") if PRODUCTION else env("REDIS_URL")


def redis_cache(url: str) -> dict:
    """The cache in Redis. While Redis does not answer, each process uses a cache in its own memory
    (sammen.core.cache); the short timeouts keep an unreachable Redis from holding up a page."""
    return {
        "BACKEND": "sammen.core.cache.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# One task mechanism: Celery. Without a broker (demo, tests) tasks run in-process, at once; in production they
# go through Redis to the workers, and Celery beat runs the schedule in sammen/celery.py.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not PRODUCTION)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Copenhagen"
# A request hands its notifications to the broker once, without kombu's default reconnect loop (about 6 s): with
# Redis down the page answers at once and the outbox sweep sends them later. Workers reconnect on their own.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0}

# --- Authentication ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["sammen.accounts.backends.SammenAuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

ACCOUNT_ADAPTER = "sammen.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "sammen.accounts.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"signup": "sammen.accounts.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Sammen: "
# Every login is rate limited (per IP and per account); failures count harder than attempts.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# The limits "per IP" need the citizen's address, not the proxy's: behind the TLS proxy every request comes from
# the proxy. X-Forwarded-For is believed only for as many proxies as the operator says are theirs (each adds the
# address it received from), because a client can send any X-Forwarded-For it likes. 0: REMOTE_ADDR alone.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("SAMMEN_TRUSTED_PROXY_COUNT", "0"))
# Or a header that the proxy sets to the client's address, replacing any the client sent (e.g. X-Real-IP).
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("SAMMEN_TRUSTED_CLIENT_IP_HEADER")
# Staff accounts lock after this many failed logins within the window (municipal data-processor agreements).
SAMMEN_STAFF_LOCKOUT_FAILURES = 3
SAMMEN_STAFF_LOCKOUT_WINDOW_HOURS = 24
SAMMEN_MINIMUM_AGE = 15
SAMMEN_TERMS_VERSION = "2026-11"
SAMMEN_PRIVACY_VERSION = "2026-11"
SAMMEN_AVATAR_MAX_BYTES = 5 * 1024 * 1024
# Bubbles: how long one stays open, when its author is reminded, and limits against abuse.
SAMMEN_BUBBLE_LIFETIME_DAYS = int(env("SAMMEN_BUBBLE_LIFETIME_DAYS", "90"))
SAMMEN_BUBBLE_REMINDER_DAYS_BEFORE = 7
SAMMEN_BUBBLES_PER_DAY = 3
SAMMEN_NEW_CONVERSATIONS_PER_HOUR = 10
# Activities: how long the calendar feeds and the embeddable list are kept in the cache (0: not cached).
SAMMEN_FEED_CACHE_SECONDS = int(env("SAMMEN_FEED_CACHE_SECONDS", "300"))

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sammen"
MFA_FORMS = {"authenticate": "sammen.access.forms.TwoFactorCodeForm"}

SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False


def _oidc_apps() -> list[dict]:
    """External OpenID Connect logins, e.g. a MitID broker for citizens and the municipality's IdP for staff.

    SAMMEN_OIDC_PROVIDERS is a JSON list of {"id", "name", "server_url", "client_id", "secret"}.
    """
    raw = env("SAMMEN_OIDC_PROVIDERS")
    if not raw:
        return []
    apps = []
    for entry in json.loads(raw):
        apps.append(
            {
                "provider_id": entry["id"],
                "name": entry["name"],
                "client_id": entry["client_id"],
                "secret": entry.get("secret", ""),
                "settings": {"server_url": entry["server_url"], "oauth_pkce_enabled": True},
            }
        )
    return apps


SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": _oidc_apps(), "OAUTH_PKCE_ENABLED": True}}

# --- Privacy ----------------------------------------------------------------------------------------------
SAMMEN_AUDIT_RETENTION_DAYS = int(env("SAMMEN_AUDIT_RETENTION_DAYS", "183"))
# Referrals: the days a receiver has to make the first contact, unless its own rule says otherwise (smoking
# cessation: 7 days by the national guideline).
SAMMEN_REFERRAL_FOLLOW_UP_DAYS = int(env("SAMMEN_REFERRAL_FOLLOW_UP_DAYS", "14"))
# A closed referral (health and social data) is deleted this many days after its last change.
SAMMEN_REFERRAL_RETENTION_DAYS = int(env("SAMMEN_REFERRAL_RETENTION_DAYS", "730"))
# An account without a login for this many days is warned, and deleted the grace period later unless its owner
# logs in (sammen.privacy; staff accounts are not: the municipality closes them).
SAMMEN_INACTIVE_ACCOUNT_DAYS = int(env("SAMMEN_INACTIVE_ACCOUNT_DAYS", "730"))
SAMMEN_INACTIVE_ACCOUNT_GRACE_DAYS = int(env("SAMMEN_INACTIVE_ACCOUNT_GRACE_DAYS", "30"))
# An ended course with a job consultant (opportunities) is deleted this many days after its last change.
SAMMEN_OPPORTUNITY_RETENTION_DAYS = int(env("SAMMEN_OPPORTUNITY_RETENTION_DAYS", "730"))
# A closed effect measurement (its wellbeing answers) is deleted this many days after it closed.
SAMMEN_WELLBEING_RETENTION_DAYS = int(env("SAMMEN_WELLBEING_RETENTION_DAYS", "730"))

# The API for other systems (the referral intake): nothing is open by default; each view names its own key check.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sammen.referrals.api.json_errors",
    "DEFAULT_THROTTLE_RATES": {"referral_intake": env("SAMMEN_REFERRAL_API_RATE", "120/hour")},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sammen API",
    "DESCRIPTION": "Referrals from other systems (general practice, hospitals) to a municipality's services.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}

# --- E-mail -----------------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Sammen <noreply@sammen.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if PRODUCTION:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = _required("EMAIL_HOST")
else:
    # The demo prints every e-mail (with its verification link) in the terminal it runs in.
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "587" if PRODUCTION else "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", PRODUCTION)
# A mail server that does not answer makes the worker give up and try again later, instead of hanging.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))

# --- Notifications (the outbox) and SMS -------------------------------------------------------------------
SAMMEN_NOTIFICATION_MAX_ATTEMPTS = int(env("SAMMEN_NOTIFICATION_MAX_ATTEMPTS", "6"))
SAMMEN_OUTBOX_RETENTION_DAYS = int(env("SAMMEN_OUTBOX_RETENTION_DAYS", "30"))
_SMS_BACKENDS = {
    "console": "sammen.notifications.sms.backends.ConsoleBackend",
    "locmem": "sammen.notifications.sms.backends.LocmemBackend",
    "gatewayapi": "sammen.notifications.sms.backends.GatewayApiBackend",
}
SAMMEN_SMS_BACKEND = _SMS_BACKENDS.get(env("SAMMEN_SMS_BACKEND", "console"), env("SAMMEN_SMS_BACKEND", "console"))
SAMMEN_SMS_SENDER = env("SAMMEN_SMS_SENDER", "Sammen")
SAMMEN_SMS_GATEWAY_URL = env("SAMMEN_SMS_GATEWAY_URL", "")
SAMMEN_SMS_GATEWAY_TOKEN = env("SAMMEN_SMS_GATEWAY_TOKEN", "")
SAMMEN_SMS_TIMEOUT_SECONDS = int(env("SAMMEN_SMS_TIMEOUT_SECONDS", "10"))
if PRODUCTION and SAMMEN_SMS_BACKEND == _SMS_BACKENDS["gatewayapi"]:
    _required("SAMMEN_SMS_GATEWAY_URL")
    _required("SAMMEN_SMS_GATEWAY_TOKEN")
PHONENUMBER_DEFAULT_REGION = "DK"

# --- Booked talks and the video server (Jitsi Meet with token authentication) -----------------------------
# Reminders: one this many minutes before a talk, and one a day before for talks booked more than a day ahead.
SAMMEN_TALK_REMINDER_MINUTES = int(env("SAMMEN_TALK_REMINDER_MINUTES", "5"))
# The national supply on the coordinators' figures page counts every slot of the year: kept this long in the cache.
SAMMEN_TALK_FIGURES_CACHE_SECONDS = int(env("SAMMEN_TALK_FIGURES_CACHE_SECONDS", "600"))
# The Jitsi Meet server the talk page opens, e.g. https://video.kommune.dk; its Prosody token settings must match
# the app id (issuer) and secret (at least 32 bytes), see README "Video calls".
SAMMEN_JITSI_URL = env("SAMMEN_JITSI_URL", "")
SAMMEN_JITSI_APP_ID = env("SAMMEN_JITSI_APP_ID", "sammen")
SAMMEN_JITSI_AUDIENCE = env("SAMMEN_JITSI_AUDIENCE", "jitsi")
SAMMEN_JITSI_SECRET = env("SAMMEN_JITSI_SECRET", "" if PRODUCTION else "demo-jitsi-secret-of-at-least-32-bytes!")
# The token's "sub" when it is not the server's domain (or tenant) from the URL: docker-jitsi-meet's internal
# XMPP domain ("meet.jitsi"), or "*".
SAMMEN_JITSI_SUBJECT = env("SAMMEN_JITSI_SUBJECT", "")
if PRODUCTION and SAMMEN_JITSI_URL:
    _required("SAMMEN_JITSI_SECRET")
    if len(SAMMEN_JITSI_SECRET.encode()) < 32:
        raise ImproperlyConfigured("SAMMEN_JITSI_SECRET must be at least 32 bytes long.")

# --- Language and time ------------------------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Copenhagen"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "sammen_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ----------------------------------------------------------------------------
NODE_MODULES_DIR = Path(env("SAMMEN_NODE_MODULES", str(REPO_DIR / "node_modules")))
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [
    ("dkfds", NODE_MODULES_DIR / "dkfds" / "dist"),
    ("htmx", NODE_MODULES_DIR / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Security ---------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One JSON object per line in production (LOG_FORMAT=json): every request's line carries its request id, view,
# status, duration and the user's id — nothing else about the person. Plain text in development.
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
}

# --- Monitoring -------------------------------------------------------------------------------------------
# /metrics answers only with "Authorization: Bearer <SAMMEN_METRICS_TOKEN>"; without a token it does not exist.
SAMMEN_METRICS_TOKEN = env("SAMMEN_METRICS_TOKEN", "")
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    from sammen.monitoring.errors import start as _start_error_reports

    _start_error_reports(dsn=SENTRY_DSN, environment=env("SAMMEN_ENV", "development"), release="sammen@0.1.0")
