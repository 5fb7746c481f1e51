"""Rendering Django templates to PDF with WeasyPrint (ARCHITECTURE.md, "PDF").

Letters and forms are templates + print CSS (`documents/base_print.html`). The fonts are shipped
in the repository (static/fonts/, Noto Sans, OFL) and loaded by `file://` URL; the URL fetcher
refuses every other scheme and every file outside static/, so rendering never reaches the network
and text written by users cannot make the renderer read arbitrary files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

FONT_DIR_NAME = "noto-sans-5.3.0"
FONT_FAMILY = "Noto Sans"
# Unicode ranges of the two subsets shipped (as published with @fontsource/noto-sans 5.3.0).
_LATIN = (
    "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
    "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
)
_LATIN_EXT = (
    "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,"
    "U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,"
    "U+A720-A7FF"
)


def font_dir() -> Path:
    return Path(settings.BASE_DIR) / "static" / "fonts" / FONT_DIR_NAME


def _allowed_root() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
    """WeasyPrint's fetcher limited to `file://` URLs under static/: fonts and images shipped
    with SEHATI. Anything else (http, https, data, ftp, files elsewhere) is refused."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"SEHATI tidak mengambil sumber dari luar: {url[:80]}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(_allowed_root()):
            raise ValueError(f"Berkas di luar static/ ditolak: {url[:80]}")
        return super().fetch(path.as_uri(), headers)


def _font_face_css() -> str:
    rules = []
    for weight in (400, 700):
        for style in ("normal", "italic"):
            for subset, ranges in (("latin", _LATIN), ("latin-ext", _LATIN_EXT)):
                path = font_dir() / f"noto-sans-{subset}-{weight}-{style}.ttf"
                rules.append(
                    "@font-face {"
                    f" font-family: '{FONT_FAMILY}'; font-style: {style}; font-weight: {weight};"
                    f" src: url('{path.as_uri()}') format('truetype'); unicode-range: {ranges}; }}"
                )
    return "\n".join(rules)


def pdf_from_html(*, html: str, base_url: str | None = None) -> bytes:
    """A PDF of an HTML string, with the shipped fonts and the local-only fetcher."""
    fetcher = LocalOnlyFetcher(allowed_protocols=("file",))
    font_config = FontConfiguration()
    fonts = CSS(string=_font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = HTML(
        string=html,
        base_url=base_url or _allowed_root().as_uri() + "/",
        url_fetcher=fetcher,
    )
    pdf: bytes = document.write_pdf(stylesheets=[fonts], font_config=font_config)
    return pdf


def pdf_render(*, template: str, context: dict[str, Any], base_url: str | None = None) -> bytes:
    """Render a Django template to PDF. Official documents are in Indonesian whatever the
    interface language (they go to KPK and into files)."""
    with translation.override("id"):
        html = render_to_string(template, context)
    return pdf_from_html(html=html, base_url=base_url)
