"""SEHATI settings: one environment-driven file (ARCHITECTURE.md, "settings").

Every value can be set from the environment; defaults give the embedded set-up of `make run`
(SQLite, SqliteHuey, database cache, file e-mail, private media under var/), so nothing needs
to be installed for a first run. Production differs only by environment variables.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("SEHATI_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept in var/ (never in the repo)."""
    from_env = env.str("SECRET_KEY", default="")
    if from_env:
        return str(from_env)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# Keys of the confidential fields encrypted at rest (sehati/core/crypto.py, docs/security.md):
# "id:base64,id:base64" (the first encrypts), else the key file (created on first use, 0600).
SEHATI_FIELD_KEYS = env.str("SEHATI_FIELD_KEYS", default="")
SEHATI_FIELD_KEY_FILE = env.str("SEHATI_FIELD_KEY_FILE", default=str(VAR_DIR / "field-keys"))
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "simple_history",
    "huey.contrib.djhuey",
    "ninja",
    "sehati.core",
    "sehati.org",
    "sehati.accounts",
    "sehati.reports",
    "sehati.cases",
    "sehati.notifications",
    "sehati.monitoring",
    "sehati.sanctions",
    "sehati.declarations",
    "sehati.outreach",
    "sehati.integrity",
    "sehati.surveys",
    "sehati.dashboards",
    "sehati.privacy",
    "sehati.documents",
    "sehati.api",
]

MIDDLEWARE = [
    # Request id, request metrics (sehati/core/observability.py): first, so it sees every answer.
    "sehati.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "sehati.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sehati.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sehati.core.middleware.ExportAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "sehati.core.middleware.TenantMiddleware",
    "sehati.accounts.middleware.MfaRequiredMiddleware",
    # Axes last, as its documentation requires.
    "axes.middleware.AxesMiddleware",
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
                "sehati.accounts.context_processors.navigation",
            ],
            "builtins": ["sehati.core.templatetags.sehati"],
        },
    }
]

# --- database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web server read while one writes; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A PostgreSQL streaming replica for the heavy reads that opt in (dashboards, transparency,
# aggregate exports, survey computation): sehati/core/replica.py. In tests it mirrors default.
if env.str("DATABASE_URL_REPLICA", default=""):
    DATABASES["replica"] = env.db("DATABASE_URL_REPLICA")
    for _key in ("OPTIONS", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if _key in DATABASES["default"]:
            DATABASES["replica"][_key] = DATABASES["default"][_key]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["sehati.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache ----------------------------------------------------------------------------------
CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://sehati_cache"),
}

# --- auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sehati.accounts.backends.NipOrUsernameBackend",
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
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "sehati.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "sehati.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="SEHATI")

# django-axes: lock an account+address after repeated failures; allauth posts the field "login".
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "sehati.accounts.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_RESET_ON_SUCCESS = True

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Makassar")
USE_I18N = True
USE_TZ = True

# --- static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_ROOT = VAR_DIR / "media"  # private: never under a public URL; served by access-checking views
MEDIA_URL = "/media-private/"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# SEHATI_STORAGE=s3: the stored files (evidence, photos, decrees, letters) in a private
# S3-compatible bucket through django-storages instead of MEDIA_ROOT. Files are always streamed
# through SEHATI's access-checking views (never a public or presigned link), so the headers that
# keep them from being shown inline stay SEHATI's.
SEHATI_STORAGE = env.str("SEHATI_STORAGE", default="local")
if SEHATI_STORAGE == "s3":
    from botocore.config import Config as _S3Config

    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
            # A bucket that does not answer fails a request in seconds, not minutes.
            "client_config": _S3Config(
                connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"}
            ),
        },
    }
elif SEHATI_STORAGE != "local":
    raise ImproperlyConfigured("SEHATI_STORAGE harus local atau s3.")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
ROSTER_MAX_UPLOAD_BYTES = env.int("ROSTER_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
# Evidence and other attached files (photos, scans, PDF): largest accepted file, per file.
SEHATI_UPLOAD_MAX_BYTES = env.int("SEHATI_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Optional ClamAV scan of every upload (sehati/core/clamav.py): clamd's socket, e.g.
# unix:///run/clamav/clamd.ctl or tcp://127.0.0.1:3310. Empty: no scan.
SEHATI_CLAMAV = env.str("SEHATI_CLAMAV", default="")

# --- e-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="filemail://" + str(VAR_DIR / "mail"))
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG.get("EMAIL_BACKEND") == "django.core.mail.backends.filebased.EmailBackend":
    # django-environ turns filemail:// into a relative path; keep mail under var/ (after update).
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
# Which request header holds the client's address for throttling anonymous endpoints (public
# tips). Empty: REMOTE_ADDR. Behind nginx set it to the header nginx sets from $remote_addr,
# e.g. HTTP_X_REAL_IP — otherwise every client looks like the proxy and shares one limit.
SEHATI_CLIENT_IP_HEADER = env.str("SEHATI_CLIENT_IP_HEADER", default="")
# Absolute links in e-mails (no request there to build them from).
SEHATI_BASE_URL = env.str("SEHATI_BASE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SEHATI <sehati@localhost>")

# --- background jobs (huey) -----------------------------------------------------------------
HUEY_BACKEND = env.str("HUEY_BACKEND", default="sqlite")
HUEY: dict[str, object] = {
    "name": "sehati",
    # djhuey defaults `immediate` to DEBUG; we never want that implicit coupling.
    "immediate": env.bool("HUEY_IMMEDIATE", default=False),
    "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
}
if HUEY_BACKEND == "redis":
    HUEY.update({"huey_class": "huey.RedisHuey", "url": env.str("REDIS_URL")})
elif HUEY_BACKEND == "postgres":
    # huey's SQL storage (peewee + psycopg2): queue tables in PostgreSQL, no broker to run.
    _huey_db = env.str("HUEY_DATABASE_URL", default=env.str("DATABASE_URL", default=""))
    HUEY.update(
        {
            "huey_class": "huey.contrib.sql_huey.SqlHuey",
            "database": _huey_db.replace("postgres://", "postgresql://", 1),
        }
    )
elif HUEY_BACKEND == "sqlite":
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})
else:
    raise ImproperlyConfigured("HUEY_BACKEND harus sqlite, postgres, atau redis.")
# /healthz reports the worker stale after this many seconds without a heartbeat.
WORKER_STALE_AFTER_SECONDS = env.int("WORKER_STALE_AFTER_SECONDS", default=180)
# /metrics (Prometheus text format): with a token, only "Authorization: Bearer <token>";
# without one, only from the server itself (sehati/core/observability.py).
SEHATI_METRICS_TOKEN = env.str("SEHATI_METRICS_TOKEN", default="")

# --- security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (STYLE.md); the widget and stored files set their own.
CONTENT_SECURITY_POLICY = env.str(
    "CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
)
SECURE_REFERRER_POLICY = "same-origin"
# Behind nginx with TLS: set these in production (docs/deployment.md).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- SEHATI -------------------------------------------------------------------------------
# The pemda that anonymous visitors see on a single-tenant installation (its code).
SEHATI_DEFAULT_PEMDA = env.str("SEHATI_DEFAULT_PEMDA", default="")

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request id,
# exception) for journald and log shippers; "text" (default) for a person reading a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT harus text atau json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "sehati.core.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "sehati.core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # PDF rendering logs every step (and fontTools every font) at INFO: keep the warnings only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
