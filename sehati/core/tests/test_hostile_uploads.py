"""The hostile upload corpus (issue #9 point 4): every file here is refused by `file_check`
before anything is stored — archives and bombs, nested archives, path-traversal names,
polyglots, extension/content mismatches, empty and oversized files, pixel floods, PDFs with
JavaScript, actions or attachments. Ordinary photos and PDFs still pass. All files are built
here (no binary fixtures); nothing is ever extracted."""

from __future__ import annotations

import io
import random
import struct
import tarfile
import zipfile
import zlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sehati.core.errors import ApplicationError
from sehati.core.files import file_check
from sehati.core.tests.samples import (
    ELF_BYTES,
    HTML_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PE_BYTES,
    PNG_BYTES,
    SVG_BYTES,
    WEBP_BYTES,
)

LIMIT = 300_000


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))


def _jpeg_header(width: int, height: int) -> bytes:
    sof = (
        b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width) + b"\x03" + b"\x01\x22\x00" * 3
    )
    return JPEG_BYTES[:20] + sof + b"\xff\xd9"


def _webp_header(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    payload = b"\x2f" + struct.pack("<I", bits) + b"\x00" * 8
    chunk = b"VP8L" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def _pdf(body: bytes) -> bytes:
    return PDF_BYTES.replace(b"trailer", body + b"\ntrailer")


def _objstm_pdf(hidden: bytes) -> bytes:
    packed = zlib.compress(hidden)
    obj = (
        b"9 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(packed)
        + packed
        + b"\nendstream endobj"
    )
    return _pdf(obj)


def _tar_gz() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        data = b"#!/bin/sh\nrm -rf /\n"
        info = tarfile.TarInfo("../../etc/cron.d/x")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def corpus() -> list[tuple[str, str, bytes]]:
    """(what, file name, content): every one must be refused."""
    bomb = _zip({"zeros.bin": b"\x00" * 20_000_000})  # 20 MB in about 20 kB
    nested = _zip({"inner.zip": _zip({"inner2.zip": _zip({"x.txt": b"x"})})})
    traversal_zip = _zip({"../../../../var/www/shell.php": b"<?php system($_GET['c']); ?>"})
    js = b"4 0 obj<</Type/Action/S/JavaScript/JS(app.alert(1))>>endobj"
    cases = [
        ("zip bomb", "bukti.zip", bomb),
        ("zip bomb named PDF", "bukti.pdf", bomb),
        ("zip bomb named JPEG", "foto.jpg", bomb),
        ("nested archives", "arsip.zip", nested),
        ("nested archives named PDF", "arsip.pdf", nested),
        ("archive with a traversal path", "kiriman.zip", traversal_zip),
        ("traversal archive named PNG", "foto.png", traversal_zip),
        ("tar.gz with a traversal path", "data.tar.gz", _tar_gz()),
        ("tar.gz named PDF", "data.pdf", _tar_gz()),
        ("RAR header", "bukti.rar", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64),
        ("7z header", "bukti.7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64),
        # Path traversal and disguised names.
        ("traversal name, no extension", "../../../etc/passwd", b"root:x:0:0::/root:/bin/sh\n"),
        ("traversal name, script", "..\\..\\web\\shell.php", b"<?php echo 1; ?>"),
        ("traversal name, HTML as PDF", "../../x.pdf", HTML_BYTES),
        ("double extension", "foto.jpg.exe", PE_BYTES),
        ("right-to-left override", "foto\u202egpj.exe", PE_BYTES),
        ("NUL in the name", "surat.pdf\x00.exe", PE_BYTES),
        ("trailing dots", "program.exe...", PE_BYTES),
        # Polyglots: one file, two readings.
        ("JPEG with a ZIP appended", "foto.jpg", JPEG_BYTES + traversal_zip),
        ("PNG with a ZIP appended", "foto.png", PNG_BYTES + _zip({"a.html": HTML_BYTES})),
        ("PDF with a ZIP appended", "surat.pdf", PDF_BYTES + _zip({"a.exe": PE_BYTES})),
        ("WebP with a ZIP appended", "foto.webp", WEBP_BYTES + _zip({"a": b"a"})),
        (
            "JPEG with a PHP web shell",
            "foto.jpg",
            JPEG_BYTES[:20] + b"<?php system($_GET[1]);?>" + JPEG_BYTES[20:],
        ),
        ("JPEG with a script", "foto.jpg", JPEG_BYTES + b"<script>alert(1)</script>"),
        ("PNG with HTML", "foto.png", PNG_BYTES + b"<html><body onload=alert(1)>"),
        ("PNG with SVG", "foto.png", PNG_BYTES + SVG_BYTES),
        ("WebP with a javascript: link", "foto.webp", WEBP_BYTES + b"javascript:alert(1)"),
        ("PDF with HTML", "surat.pdf", PDF_BYTES + HTML_BYTES),
        ("JPEG with a RAR inside", "foto.jpg", JPEG_BYTES + b"Rar!\x1a\x07\x00" + b"\x00" * 32),
        # Extension and content that disagree.
        ("Windows program as JPEG", "foto.jpg", PE_BYTES),
        ("Windows program as PDF", "surat.pdf", PE_BYTES),
        ("Linux program as PNG", "foto.png", ELF_BYTES),
        ("HTML as JPEG", "foto.jpg", HTML_BYTES),
        ("SVG as PNG", "foto.png", SVG_BYTES),
        ("plain text as PDF", "surat.pdf", b"Ini bukan PDF.\n" * 10),
        ("GIF as PNG", "foto.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("PNG as PDF", "surat.pdf", PNG_BYTES),
        ("PDF as JPEG", "foto.jpg", PDF_BYTES),
        # Types never accepted.
        ("executable", "setup.exe", PE_BYTES),
        ("shell script", "install.sh", b"#!/bin/sh\necho hi\n"),
        ("PHP", "index.php", b"<?php phpinfo(); ?>"),
        ("HTML", "lampiran.html", HTML_BYTES),
        ("SVG", "logo.svg", SVG_BYTES),
        ("JavaScript", "app.js", b"alert(1)"),
        ("Word with macros", "surat.docm", _zip({"word/vbaProject.bin": b"\x00" * 64})),
        ("Excel with macros", "data.xlsm", _zip({"xl/vbaProject.bin": b"\x00" * 64})),
        ("Java archive", "app.jar", _zip({"META-INF/MANIFEST.MF": b"Main-Class: X\n"})),
        ("Android package", "app.apk", _zip({"classes.dex": b"dex\n035\x00"})),
        ("batch file", "run.bat", b"@echo off\r\ndel /q C:\\*\r\n"),
        ("disk image", "disk.iso", b"\x00" * 32768 + b"\x01CD001\x01"),
        # Empty files.
        *[(f"empty {ext}", f"kosong.{ext}", b"") for ext in ("jpg", "png", "webp", "heic", "pdf")],
        # Oversized (over the limit set below) with a valid header.
        ("oversized JPEG", "besar.jpg", JPEG_BYTES + b"\x00" * LIMIT),
        ("oversized PNG", "besar.png", PNG_BYTES + b"\x00" * LIMIT),
        ("oversized PDF", "besar.pdf", PDF_BYTES + b"%" * LIMIT),
        # Pixel floods: a few bytes that declare gigapixels.
        ("PNG pixel flood", "banjir.png", _png_header(60_000, 60_000)),
        ("PNG wide flood", "banjir.png", _png_header(1_000_000, 100)),
        ("JPEG pixel flood", "banjir.jpg", _jpeg_header(65_000, 65_000)),
        ("JPEG 60 MP", "banjir.jpg", _jpeg_header(10_000, 6_000)),
        ("WebP pixel flood", "banjir.webp", _webp_header(16_383, 16_383)),
        # PDFs with active content.
        ("PDF with JavaScript", "surat.pdf", _pdf(js)),
        (
            "PDF with escaped JavaScript name",
            "surat.pdf",
            _pdf(js.replace(b"JavaScript", b"J#61vaScript")),
        ),
        (
            "PDF with an open action to JS",
            "surat.pdf",
            _pdf(b"5 0 obj<</OpenAction<</S/JavaScript/JS(x)>>>>endobj"),
        ),
        ("PDF with a launch action", "surat.pdf", _pdf(b"5 0 obj<</S/Launch/F(cmd.exe)>>endobj")),
        (
            "PDF with an embedded file",
            "surat.pdf",
            _pdf(b"6 0 obj<</Names<</EmbeddedFiles 7 0 R>>>>endobj"),
        ),
        ("PDF with rich media", "surat.pdf", _pdf(b"6 0 obj<</Subtype/RichMedia>>endobj")),
        ("PDF with an XFA form", "surat.pdf", _pdf(b"6 0 obj<</AcroForm<</XFA 8 0 R>>>>endobj")),
        ("PDF submitting a form", "surat.pdf", _pdf(b"6 0 obj<</S/SubmitForm/F(http://x)>>endobj")),
        ("PDF with JavaScript in an object stream", "surat.pdf", _objstm_pdf(js)),
        ("PDF with a compressed bomb object stream", "surat.pdf", _objstm_pdf(b"0" * 40_000_000)),
    ]
    return cases


def test_every_hostile_file_is_refused_and_nothing_unpacked(settings: Any) -> None:
    settings.SEHATI_UPLOAD_MAX_BYTES = LIMIT
    cases = corpus()
    assert len(cases) >= 50
    accepted = []
    for what, name, data in cases:
        try:
            file_check(upload=SimpleUploadedFile(name, data))
        except ApplicationError as exc:
            assert exc.code.startswith("file_"), what
            assert "tidak disimpan" in exc.message, what
        else:
            accepted.append(what)
    assert accepted == []


@pytest.mark.parametrize("kind", ["jpeg", "png", "webp", "pdf"])
def test_ordinary_files_still_pass(settings: Any, kind: str) -> None:
    """A phone photo (noise, so the compressed data is as random as a real one) and plain PDFs."""
    settings.SEHATI_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    if kind == "pdf":
        data, name = PDF_BYTES, "surat.pdf"
    else:
        rng = random.Random(9)
        image = Image.frombytes("RGB", (1600, 1200), rng.randbytes(1600 * 1200 * 3))
        buf = io.BytesIO()
        image.save(buf, format=kind.upper())
        data, name = buf.getvalue(), f"foto.{'jpg' if kind == 'jpeg' else kind}"
    checked = file_check(upload=SimpleUploadedFile(name, data))
    assert checked.size == len(data)
