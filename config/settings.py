"""The one settings module: every knob comes from the environment (see .env.example)."""

import os
import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _secret_key() -> str:
    # A fresh clone must run without setup, yet never share a key between installs.
    key = env("SECRET_KEY", default="")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public site is the canonical address printed on receipts (tracking links).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "aduan.core",
    "aduan.accounts",
    "aduan.agencies",
    "aduan.intake",
    "aduan.audit",
    "aduan.workflow",
    "aduan.documents",
    "aduan.sla",
    "aduan.notify",
    "aduan.frontdesk",
    "django_tasks",
    "django_tasks_db",
    # Not "rest_framework": as an installed app its translations would replace
    # Django's own Indonesian form messages on every page. The JSON-only API needs
    # none of its templates or models.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "aduan.api",
]

# Background work (issue C): django-tasks with its database backend by default.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# Share of a limit after which the holder is reminded (0.75 = three quarters).
ADUAN_REMINDER_SHARE = env.float("ADUAN_REMINDER_SHARE", default=0.75)
# Days a register book PDF written in the background stays downloadable.
REGISTER_EXPORT_KEEP_DAYS = env.int("REGISTER_EXPORT_KEEP_DAYS", default=7)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "aduan.core.middleware.BodySizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'aduan.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on busy_timeout instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;"
        ),
    }
    # A file, not memory, so tests with threads (concurrency, live server) share it.
    # One file per test process, so parallel runs in one checkout never collide.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # Off by default: it costs a SELECT 1 on every request; CONN_MAX_AGE recycles.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool(
        "CONN_HEALTH_CHECKS", default=False
    )
    if env.bool("DB_PREPARED_STATEMENTS", default=True):
        # Parameters bound on the server and statements prepared after their third
        # use on a connection: PostgreSQL then skips parsing the same INSERTs and
        # look-ups again. Each execution is still planned for its own values
        # (force_custom_plan): a generic plan cannot see that a search term is rare
        # and turned the inbox's trigram search from 70 ms into 2 s. Off
        # (DB_PREPARED_STATEMENTS=0) behind a pooler in transaction mode (PgBouncer
        # < 1.21), which cannot keep them.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options.update(server_side_binding=True, prepare_threshold=3)
        # Added to any libpq options from DATABASE_URL (?options=...), not instead.
        options["options"] = (
            f"{options.get('options', '')} -c plan_cache_mode=force_custom_plan"
        ).strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "intake:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
# Messages to the public (issue E): SMTP out, IMAP in, SMS/WhatsApp gateways.
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Aduan <aduan@localhost>")
ADUAN_EMAIL_DOMAIN = env("ADUAN_EMAIL_DOMAIN", default="")  # of Message-IDs
ADUAN_EMAIL_REPLY_TO = env("ADUAN_EMAIL_REPLY_TO", default="")
ADUAN_IMAP_HOST = env("ADUAN_IMAP_HOST", default="")
ADUAN_IMAP_PORT = env.int("ADUAN_IMAP_PORT", default=993)
ADUAN_IMAP_SSL = env.bool("ADUAN_IMAP_SSL", default=True)
ADUAN_IMAP_USER = env("ADUAN_IMAP_USER", default="")
ADUAN_IMAP_PASSWORD = env("ADUAN_IMAP_PASSWORD", default="")
ADUAN_IMAP_MAILBOX = env("ADUAN_IMAP_MAILBOX", default="INBOX")
ADUAN_INBOUND_AGENCY = env("ADUAN_INBOUND_AGENCY", default="")
ADUAN_SMS_BACKEND = env("ADUAN_SMS_BACKEND", default="log")  # log | http | dotted
ADUAN_SMS_URL = env("ADUAN_SMS_URL", default="")
ADUAN_SMS_TOKEN = env("ADUAN_SMS_TOKEN", default="")
ADUAN_SMS_SENDER = env("ADUAN_SMS_SENDER", default="")
ADUAN_WHATSAPP_BACKEND = env("ADUAN_WHATSAPP_BACKEND", default="log")
ADUAN_WHATSAPP_URL = env("ADUAN_WHATSAPP_URL", default="")
ADUAN_WHATSAPP_TOKEN = env("ADUAN_WHATSAPP_TOKEN", default="")
ADUAN_WHATSAPP_SENDER = env("ADUAN_WHATSAPP_SENDER", default="")
ADUAN_GATEWAY_TIMEOUT = env.float("ADUAN_GATEWAY_TIMEOUT", default=10.0)
# Inbound webhooks: HMAC-SHA256 secret (one for all, or per agency "code=secret,…").
ADUAN_WEBHOOK_SECRET = env("ADUAN_WEBHOOK_SECRET", default="")
ADUAN_WEBHOOK_AGENCY_SECRETS = env.dict("ADUAN_WEBHOOK_AGENCY_SECRETS", default={})
ADUAN_WEBHOOK_WINDOW_SECONDS = env.int("ADUAN_WEBHOOK_WINDOW_SECONDS", default=300)
ADUAN_WEBHOOK_MAX_BYTES = env.int("ADUAN_WEBHOOK_MAX_BYTES", default=64 * 1024)
# Outbox delivery: retries with exponential backoff; a claim older than the lease is
# taken to be a dead worker's and handed over again (same idempotency key).
ADUAN_OUTBOX_MAX_ATTEMPTS = env.int("ADUAN_OUTBOX_MAX_ATTEMPTS", default=10)
ADUAN_OUTBOX_BACKOFF_SECONDS = env.float("ADUAN_OUTBOX_BACKOFF_SECONDS", default=30)
ADUAN_OUTBOX_BACKOFF_MAX_SECONDS = env.float(
    "ADUAN_OUTBOX_BACKOFF_MAX_SECONDS", default=6 * 3600
)
ADUAN_OUTBOX_LEASE_SECONDS = env.float("ADUAN_OUTBOX_LEASE_SECONDS", default=300)

# Upload limits (the SOP profile decides what is required, these only bound size).
ADUAN_MAX_FILE_MB = env.int("ADUAN_MAX_FILE_MB", default=20)
ADUAN_MAX_FILES_PER_SUBMISSION = env.int("ADUAN_MAX_FILES_PER_SUBMISSION", default=10)
ADUAN_MAX_COMPLAINT_MB = env.int("ADUAN_MAX_COMPLAINT_MB", default=100)
# The whole request body; bigger requests get a 413 before Django reads them.
ADUAN_MAX_REQUEST_MB = env.int("ADUAN_MAX_REQUEST_MB", default=110)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Django refuses more files than this with a bare 400 before our form can say "at
# most 10 files" and keep what was typed; far above the form's own limit.
DATA_UPLOAD_MAX_NUMBER_FILES = 100

# REST API v1 and Open311 (issue F). Rate limits count in the default cache: with
# several web workers set CACHES to a shared one (Redis), or each counts alone.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "aduan.api.auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "aduan.api.auth.HasScope",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["aduan.api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "aduan.api.throttling.AnonymousThrottle",
        "aduan.api.throttling.CallerThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_RATE_ANONYMOUS", default="60/minute"),
        "user": env("API_RATE_AUTHENTICATED", default="600/minute"),
        "open311_post": env("API_RATE_OPEN311_POST", default="30/minute"),
    },
    "EXCEPTION_HANDLER": "aduan.api.errors.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "aduan.api.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }
SPECTACULAR_SETTINGS = {
    "TITLE": "Aduan API",
    "DESCRIPTION": "REST API v1 for complaint handling, and Open311 GeoReport v2.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page uses the Swagger UI and Redoc files of drf-spectacular-sidecar,
    # served from this site: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "aduan.api.schema.add_error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

if env.bool("FAST_PASSWORD_HASHER", default=False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
