"""The PDF renderer: shipped fonts, page numbers, and no network or stray files at render time."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from sehati.documents.pdf import LocalOnlyFetcher, font_dir, pdf_from_html
from sehati.documents.tests.conftest import pdf_text


def _fonts(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_fonts_ship_with_their_licence() -> None:
    files = {p.name for p in font_dir().iterdir()}
    assert "OFL.txt" in files
    for weight in (400, 700):
        for style in ("normal", "italic"):
            assert f"noto-sans-latin-{weight}-{style}.ttf" in files


def test_render_uses_the_shipped_font_and_skips_remote_resources(
    caplog: pytest.LogCaptureFixture,
) -> None:
    html = (
        "<p style='font-family: \"Noto Sans\"'>Halo <b>tebal</b> <i>miring</i></p>"
        "<img src='https://contoh.invalid/logo.png'><img src='file:///etc/hostname'>"
    )
    data = pdf_from_html(html=html)
    assert "Halo tebal miring" in pdf_text(data)
    fonts = _fonts(data)
    assert any(f.endswith("+Noto-Sans") for f in fonts), fonts
    assert any("Bold" in f for f in fonts) and any("Italic" in f for f in fonts)
    refused = [r.getMessage() for r in caplog.records if "Failed to load image" in r.getMessage()]
    assert len(refused) == 2


@pytest.mark.parametrize(
    "url",
    [
        "http://contoh.invalid/a.css",
        "https://contoh.invalid/a.woff2",
        "ftp://contoh.invalid/x",
        "data:text/css,body{}",
        "file:///etc/passwd",
        "file://server/share/x.ttf",
    ],
)
def test_fetcher_refuses_anything_but_files_under_static(url: str) -> None:
    with pytest.raises(ValueError):
        LocalOnlyFetcher(allowed_protocols=("file",)).fetch(url)


def test_fetcher_reads_shipped_fonts() -> None:
    url = (font_dir() / "noto-sans-latin-400-normal.ttf").as_uri()
    response = LocalOnlyFetcher(allowed_protocols=("file",)).fetch(url)
    try:
        assert response.read(4) == b"\x00\x01\x00\x00"
    finally:
        response.close()
