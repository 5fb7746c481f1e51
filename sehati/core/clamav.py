"""An optional virus scan by ClamAV's daemon (issue #9 point 4), before a file is stored and so
before any reviewer can open it.

Set `SEHATI_CLAMAV` to clamd's socket: `unix:///run/clamav/clamd.ctl` (Debian's
`clamav-daemon`) or `tcp://127.0.0.1:3310`. Empty (the default): no scan. When set, the scan is
fail-closed: a file clamd reports infected is refused, and so is every upload while clamd cannot
be reached or answers something else — the user is told to try again; nothing is stored.

The protocol is clamd's INSTREAM (clamd(8)): `zINSTREAM\\0`, then chunks each prefixed with its
length as a 4-byte big-endian integer, then a zero length; clamd answers `stream: OK` or
`stream: <signature> FOUND`, NUL-terminated.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlparse

from django.conf import settings

CHUNK = 1 << 16
TIMEOUT_SECONDS = 30.0


class ScanUnavailable(RuntimeError):
    """clamd could not be reached or answered something unexpected."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


def clamav_address() -> str:
    return str(getattr(settings, "SEHATI_CLAMAV", "") or "")


def _connect(address: str) -> socket.socket:
    parsed = urlparse(address)
    try:
        if parsed.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(TIMEOUT_SECONDS)
            sock.connect(parsed.path)
            return sock
        if parsed.scheme == "tcp" and parsed.hostname and parsed.port:
            return socket.create_connection((parsed.hostname, parsed.port), TIMEOUT_SECONDS)
    except OSError as exc:
        raise ScanUnavailable(f"clamd at {address}: {exc}") from exc
    raise ScanUnavailable(f"SEHATI_CLAMAV must be unix:///path or tcp://host:port, not {address!r}")


def _read_reply(sock: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0"):
        part = sock.recv(4096)
        if not part:
            break
        reply += part
        if len(reply) > 4096:
            break
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def clamav_scan(chunks: Iterable[bytes], *, address: str | None = None) -> ScanResult:
    """Stream the content to clamd and return its verdict."""
    address = address or clamav_address()
    sock = _connect(address)
    try:
        try:
            sock.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                for start in range(0, len(chunk), CHUNK):
                    part = chunk[start : start + CHUNK]
                    sock.sendall(struct.pack(">I", len(part)) + part)
            sock.sendall(struct.pack(">I", 0))
            reply = _read_reply(sock)
        except OSError as exc:
            raise ScanUnavailable(f"clamd at {address}: {exc}") from exc
    finally:
        sock.close()
    if reply.endswith("OK") and "FOUND" not in reply:
        return ScanResult(clean=True)
    if reply.endswith("FOUND"):
        signature = reply.removeprefix("stream:").removesuffix("FOUND").strip()
        return ScanResult(clean=False, signature=signature)
    raise ScanUnavailable(f"clamd at {address} answered {reply!r}")


def clamav_ping(address: str | None = None) -> bool:
    """Does clamd answer PING with PONG?"""
    try:
        sock = _connect(address or clamav_address())
    except ScanUnavailable:
        return False
    try:
        sock.sendall(b"zPING\0")
        return _read_reply(sock) == "PONG"
    except OSError:
        return False
    finally:
        sock.close()
