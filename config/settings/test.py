"""Test settings: the base settings with fast hashing, immediate jobs and in-memory mail."""

from .base import *  # noqa: F403
from .base import HUEY, STORAGES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; base uses argon2
HUEY["immediate"] = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(VAR_DIR / "test-media")},
}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
AXES_ENABLED = True
# WhiteNoise scans every collected static file whenever a middleware chain is built, and the
# test client builds one per Client(): the policy walker alone makes thousands of clients, and
# the scan was two thirds of its time. Autorefresh looks a file up when it is asked for instead.
WHITENOISE_AUTOREFRESH = True
