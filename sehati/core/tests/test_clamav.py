"""The optional ClamAV scan (issue #9 point 4): with SEHATI_CLAMAV set, every upload is streamed
to clamd with the INSTREAM protocol before it is stored; an infected file is refused, and so is
every upload while clamd cannot answer (fail-closed).

clamd's signature database cannot be downloaded here (no network to ClamAV's mirrors), so the
tests talk to a small clamd of their own on a Unix socket: it speaks the same protocol, reads
the length-prefixed chunks, and reports the EICAR test string as ClamAV does."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sehati.core.checks import clamav_reachable
from sehati.core.clamav import ScanUnavailable, clamav_ping, clamav_scan
from sehati.core.errors import ApplicationError
from sehati.core.files import file_check
from sehati.core.tests.samples import PNG_BYTES

# The standard anti-virus test string (not a virus; every scanner reports it).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd:
    """clamd's INSTREAM and PING over a Unix socket; records the bytes it was sent."""

    def __init__(self, path: Path, *, reply: bytes | None = None) -> None:
        self.path = str(path)
        self.reply = reply  # a fixed answer instead of scanning (a misbehaving clamd)
        self.received: list[bytes] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read_exact(self, conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError("short read")
            data += part
        return data

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.server.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\0"):
                    command += conn.recv(1)
                if command == b"zPING\0":
                    conn.sendall(b"PONG\0")
                    continue
                assert command == b"zINSTREAM\0"
                content = b""
                while True:
                    (length,) = struct.unpack(">I", self._read_exact(conn, 4))
                    if length == 0:
                        break
                    content += self._read_exact(conn, length)
                self.received.append(content)
                if self.reply is not None:
                    conn.sendall(self.reply)
                elif EICAR in content:
                    conn.sendall(b"stream: Win.Test.EICAR_HDB-1 FOUND\0")
                else:
                    conn.sendall(b"stream: OK\0")

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def clamd(tmp_path: Path, settings: Any) -> Iterator[FakeClamd]:
    server = FakeClamd(tmp_path / "clamd.ctl")
    settings.SEHATI_CLAMAV = f"unix://{server.path}"
    yield server
    server.close()


def _upload(name: str, content: bytes, mime: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, mime)


def test_clean_file_passes_and_was_scanned_whole(clamd: FakeClamd) -> None:
    big = PNG_BYTES + b"\0" * 200_000  # several INSTREAM chunks
    checked = file_check(upload=_upload("foto.png", big, "image/png"))
    assert checked.size == len(big)
    assert clamd.received == [big]


def test_infected_file_is_refused_with_the_signature(clamd: FakeClamd) -> None:
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\n% " + EICAR + b"\n%%EOF\n"
    with pytest.raises(ApplicationError) as err:
        file_check(upload=_upload("surat.pdf", pdf, "application/pdf"))
    assert err.value.code == "file_infected"
    assert "Win.Test.EICAR_HDB-1" in err.value.message
    assert "tidak disimpan" in err.value.message


def test_scanner_down_or_confused_refuses_the_upload(tmp_path: Path, settings: Any) -> None:
    settings.SEHATI_CLAMAV = f"unix://{tmp_path}/tidak-ada.ctl"
    with pytest.raises(ApplicationError) as err:
        file_check(upload=_upload("foto.png", PNG_BYTES, "image/png"))
    assert err.value.code == "file_scan_unavailable"
    assert [w.id for w in clamav_reachable()] == ["sehati.W002"]

    odd = FakeClamd(tmp_path / "odd.ctl", reply=b"INSTREAM size limit exceeded. ERROR\0")
    settings.SEHATI_CLAMAV = f"unix://{odd.path}"
    try:
        with pytest.raises(ApplicationError) as err:
            file_check(upload=_upload("foto.png", PNG_BYTES, "image/png"))
        assert err.value.code == "file_scan_unavailable"
    finally:
        odd.close()
    with pytest.raises(ScanUnavailable):
        clamav_scan([b"x"], address="ftp://host")


def test_ping_and_the_deploy_check(clamd: FakeClamd, settings: Any) -> None:
    assert clamav_ping()
    assert clamav_reachable() == []
    settings.SEHATI_CLAMAV = ""
    assert clamav_reachable() == []
    # Without the setting nothing is sent anywhere.
    file_check(upload=_upload("foto.png", PNG_BYTES, "image/png"))
    assert clamd.received == []
