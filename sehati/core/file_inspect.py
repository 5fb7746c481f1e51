"""What a file carries besides what its type promises (issue #9 point 4). `file_check` calls
`content_problem` after the extension, the size and the sniffed type have passed; a problem
refuses the upload.

- **Hidden payloads (polyglots):** an archive (ZIP, RAR, 7z, gzip) or HTML/SVG/script markup
  inside a photo or a PDF. A file that is two things at once is refused, whatever it shows.
- **Pixel floods:** a photo whose header declares more than `MAX_PIXELS` pixels (a few kilobytes
  that decode to gigabytes). Only the header is read.
- **Active PDF content:** JavaScript, launch actions, embedded files, rich media, XFA forms, form
  submission. PDF names may be written with `#xx` escapes (`/J#61vaScript`) and may sit inside
  compressed object streams: both are decoded (object streams inflated with a bound) before the
  names are compared.
"""

from __future__ import annotations

import io
import re
import warnings
import zlib

from django.utils.translation import gettext as _

MAX_PIXELS = 50_000_000  # a 50-megapixel photo is larger than any phone camera's
_INFLATE_LIMIT = 32 * 1024 * 1024  # object streams inflated in all, at most
# Markers long enough not to turn up by chance in compressed photo data (a 4-byte marker would
# in about one photo in a hundred): a ZIP's end record near the end of the file (where a ZIP
# reader looks for it), RAR and 7z headers anywhere, markup that a browser would run.
_ARCHIVES = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c")
_ZIP_END = b"PK\x05\x06"
_ZIP_TAIL = 65_557  # the end record sits in the last 22 + 65,535 bytes
_MARKUP = (
    b"<script",
    b"<html",
    b"<svg xmlns",
    b"<!doctype",
    b"<?php",
    b"<iframe",
    b"javascript:",
    b"onload=",
)
_PDF_ACTIVE = frozenset(
    {
        "JavaScript",
        "JS",
        "Launch",
        "EmbeddedFile",
        "EmbeddedFiles",
        "RichMedia",
        "XFA",
        "SubmitForm",
        "ImportData",
        "GoToE",
    }
)
_PDF_NAME = re.compile(rb"/([A-Za-z0-9#_.+-]+)")
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_OBJ_STREAM = re.compile(rb"/ObjStm.*?stream\r?\n(.*?)endstream", re.S)


def _pdf_names(data: bytes) -> set[str]:
    names = set()
    for raw in _PDF_NAME.findall(data):
        decoded = _HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add(decoded.decode("latin-1"))
    return names


def _pdf_problem(data: bytes) -> str | None:
    chunks = [data]
    budget = _INFLATE_LIMIT
    for stream in _OBJ_STREAM.findall(data):
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(stream, budget)
        except zlib.error:
            continue  # not Flate-encoded, or damaged: its names stay unread, the rest is checked
        if inflater.unconsumed_tail:
            return _("objek terkompresi di dalamnya terlalu besar")
        budget -= len(out)
        chunks.append(out)
    active = sorted(set().union(*(_pdf_names(c) for c in chunks)) & _PDF_ACTIVE)
    if active:
        return _("PDF berisi konten aktif (%(what)s)") % {"what": ", ".join(active)}
    return None


def _image_problem(data: bytes) -> str | None:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _("gambar menyatakan terlalu banyak piksel")
    except Exception:  # Pillow raises many kinds for a header it cannot read
        # The sniffed type has passed; a header Pillow cannot read declares no size to check.
        return None
    if width * height > MAX_PIXELS:
        return _("gambar menyatakan terlalu banyak piksel (%(w)s × %(h)s)") % {
            "w": width,
            "h": height,
        }
    return None


def content_problem(data: bytes, *, mime: str) -> str | None:
    """Why the file's content is refused, in Indonesian, or None."""
    lowered = data.lower()
    if _ZIP_END in data[-_ZIP_TAIL:] or any(sig in data for sig in _ARCHIVES):
        return _("berisi arsip tersembunyi")
    if mime == "application/pdf":
        if any(sig in lowered for sig in (b"<script", b"<html", b"<svg", b"<?php")):
            return _("berisi markah HTML/skrip tersembunyi")
        return _pdf_problem(data)
    if any(sig in lowered for sig in _MARKUP):
        return _("berisi markah HTML/skrip tersembunyi")
    if mime in ("image/jpeg", "image/png", "image/apng", "image/webp"):
        return _image_problem(data)
    return None
