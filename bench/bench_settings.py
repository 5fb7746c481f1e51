"""Settings of bench/dashboard_http.py's server: the project's settings with one more page, the
baseline (`bench_urls.py`). Never used by the product."""

from config.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
