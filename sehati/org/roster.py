"""Roster files exported by SIMPEG/SIASN: sniffing, streaming rows, checking every row.

This module reads and judges; it never touches the database. Callers pass a `RosterReference`
(the pemda's OPD, service units and existing employees, loaded once by
`sehati.org.selectors.roster_reference`) and get back errors and a plan of changes. Files are
read as a stream (csv module; openpyxl in read-only mode), so 100,000 rows stay small in memory.

Row numbers are spreadsheet row numbers: the header is row 1 (or the row it is found on when a
title sits above it), blank rows count but are skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

import filetype
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sehati.org.errors import RosterError
from sehati.org.nip import NipError, nip_normalise, nip_parse

# --- columns --------------------------------------------------------------------------------

# Canonical column names (as written in the template) of each field.
COLUMN_LABELS: dict[str, str] = {
    "nip": "NIP",
    "nama": "NAMA",
    "nik": "NIK",
    "status": "STATUS",
    "golongan": "GOLONGAN",
    "jabatan": "JABATAN",
    "tingkat": "TINGKAT JABATAN",
    "kode_opd": "KODE OPD",
    "kode_unit": "KODE UNIT",
    "tpp": "TPP",
    "email": "EMAIL",
    "aktif": "AKTIF",
}
REQUIRED_FIELDS: tuple[str, ...] = ("nip", "nama", "status", "tingkat", "kode_opd")

# Header spellings seen in SIMPEG and SIASN exports and in hand-made sheets. Keys are normalised
# by `header_key` (lower case; spaces, underscores, dashes, dots and brackets are one space).
HEADER_ALIASES: dict[str, str] = {
    **dict.fromkeys(["nip", "nip baru", "nipbaru", "nip 18", "nip asn"], "nip"),
    **dict.fromkeys(["nama", "nama lengkap", "nama pegawai", "nama asn"], "nama"),
    **dict.fromkeys(["nik", "no ktp", "nomor ktp", "nik ktp", "nomor induk kependudukan"], "nik"),
    **dict.fromkeys(
        [
            "status",
            "status pegawai",
            "status kepegawaian",
            "status asn",
            "jenis pegawai",
            "jenis asn",
        ],
        "status",
    ),
    **dict.fromkeys(
        ["gol", "golongan", "gol akhir", "golongan akhir", "gol akhir nama", "gol ruang"],
        "golongan",
    ),
    **dict.fromkeys(["jabatan", "jabatan nama", "nama jabatan"], "jabatan"),
    **dict.fromkeys(
        [
            "tingkat",
            "tingkat jabatan",
            "level",
            "level jabatan",
            "jenis jabatan",
            "jenis jabatan nama",
            "eselon",
        ],
        "tingkat",
    ),
    **dict.fromkeys(
        [
            "kode opd",
            "opd",
            "kode unor",
            "unor",
            "kode unit kerja",
            "unit kerja",
            "perangkat daerah",
            "nama opd",
        ],
        "kode_opd",
    ),
    **dict.fromkeys(["kode unit", "kode unit layanan", "unit layanan"], "kode_unit"),
    **dict.fromkeys(["tpp", "tpp per bulan", "tpp bulanan", "nilai tpp", "tpp rp"], "tpp"),
    **dict.fromkeys(["email", "e mail", "surel", "alamat email"], "email"),
    **dict.fromkeys(["aktif", "status aktif", "is active", "keaktifan"], "aktif"),
}

_HEADER_SEPARATORS = re.compile(r"[\s_\-./()\ufeff]+")


def header_key(value: object) -> str:
    """'NIP_BARU' -> 'nip baru'; 'TPP (Rp)' -> 'tpp rp'."""
    return _HEADER_SEPARATORS.sub(" ", str(value if value is not None else "")).strip().lower()


def _word_key(value: str) -> str:
    return " ".join(value.replace("-", " ").replace("_", " ").lower().split())


# Values of STATUS. 'P3K' is how many offices write PPPK.
STATUS_ALIASES: dict[str, str] = {
    "pns": "pns",
    "cpns": "cpns",
    "pppk": "pppk",
    "p3k": "pppk",
    "pppk paruh waktu": "pppk",
    "lainnya": "lainnya",
    "non asn": "lainnya",
    "nonasn": "lainnya",
    "honorer": "lainnya",
    "ptt": "lainnya",
    "thl": "lainnya",
}

# Values of TINGKAT JABATAN: the tiers of UU 20/2023 (ASN), the eselon of older SIMPEG exports,
# and SIASN's 'jenis jabatan' words. 'Struktural' alone does not say which tier: refused.
LEVEL_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        [
            "jpt",
            "jpt pratama",
            "jpt madya",
            "jpt utama",
            "pimpinan tinggi",
            "jabatan pimpinan tinggi",
            "eselon i",
            "eselon ii",
            "i.a",
            "i.b",
            "ii.a",
            "ii.b",
        ],
        "jpt",
    ),
    **dict.fromkeys(
        ["administrator", "jabatan administrator", "eselon iii", "iii.a", "iii.b"],
        "administrator",
    ),
    **dict.fromkeys(
        ["pengawas", "jabatan pengawas", "eselon iv", "iv.a", "iv.b"],
        "pengawas",
    ),
    **dict.fromkeys(
        [
            "pelaksana",
            "jabatan pelaksana",
            "jfu",
            "fungsional umum",
            "jabatan fungsional umum",
        ],
        "pelaksana",
    ),
    **dict.fromkeys(
        [
            "fungsional",
            "jabatan fungsional",
            "jft",
            "fungsional tertentu",
            "jabatan fungsional tertentu",
        ],
        "fungsional",
    ),
}

ACTIVE_ALIASES: dict[str, bool] = {
    **dict.fromkeys(["ya", "y", "1", "aktif", "true", "benar"], True),
    **dict.fromkeys(
        ["tidak", "0", "nonaktif", "non aktif", "tidak aktif", "false", "salah"], False
    ),
}

MAX_TPP_IDR = 10**15
_TPP_PLAIN = re.compile(r"[0-9]+")
_TPP_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_SCIENTIFIC = re.compile(r"^[0-9.,]+[eE][+-]?[0-9]+$")

# How a changed employee field is named in the preview.
FIELD_LABELS: dict[str, Any] = {
    "name": gettext_lazy("nama"),
    "nik": gettext_lazy("NIK"),
    "status": gettext_lazy("status"),
    "golongan": gettext_lazy("golongan"),
    "jabatan": gettext_lazy("jabatan"),
    "level": gettext_lazy("tingkat jabatan"),
    "opd_id": gettext_lazy("OPD"),
    "unit_id": gettext_lazy("unit layanan"),
    "tpp_monthly_idr": gettext_lazy("TPP per bulan"),
    "email": gettext_lazy("surel"),
    "is_active": gettext_lazy("aktif"),
}

# Stored values of status and level as the preview shows them.
VALUE_LABELS: dict[str, str] = {
    "pns": "PNS",
    "cpns": "CPNS",
    "pppk": "PPPK",
    "lainnya": "Lainnya",
    "jpt": "JPT",
    "administrator": "Administrator",
    "pengawas": "Pengawas",
    "pelaksana": "Pelaksana",
    "fungsional": "Fungsional",
}

# Values of a new employee for the optional columns a file leaves out.
NEW_EMPLOYEE_DEFAULTS: dict[str, Any] = {
    "nik": "",
    "golongan": "",
    "jabatan": "",
    "unit_id": None,
    "tpp_monthly_idr": 0,
    "email": "",
    "is_active": True,
}

# --- reference data -------------------------------------------------------------------------


class OpdRef(NamedTuple):
    id: int
    code: str
    name: str
    is_active: bool
    root_id: int


class UnitRef(NamedTuple):
    id: int
    code: str
    name: str
    opd_id: int
    root_id: int


class EmployeeRef(NamedTuple):
    """An existing employee as the roster sees it (the fields a file can change)."""

    id: int
    name: str
    nik: str
    status: str
    golongan: str
    jabatan: str
    level: str
    opd_id: int
    unit_id: int | None
    tpp_monthly_idr: int
    email: str
    is_active: bool


@dataclass
class RosterReference:
    """One pemda's OPD, units and employees. `None` values mark ambiguous keys."""

    opd_by_code: dict[str, OpdRef | None] = field(default_factory=dict)
    opd_by_name: dict[str, OpdRef | None] = field(default_factory=dict)
    opd_by_id: dict[int, OpdRef] = field(default_factory=dict)
    unit_by_code: dict[str, UnitRef | None] = field(default_factory=dict)
    employees: dict[str, EmployeeRef] = field(default_factory=dict)

    def add_opd(self, opd: OpdRef) -> None:
        self.opd_by_id[opd.id] = opd
        for index, key in (
            (self.opd_by_code, opd.code.casefold()),
            (self.opd_by_name, _name_key(opd.name)),
        ):
            index[key] = None if key in index else opd

    def add_unit(self, unit: UnitRef) -> None:
        key = unit.code.casefold()
        self.unit_by_code[key] = None if key in self.unit_by_code else unit


def _name_key(value: str) -> str:
    return " ".join(value.casefold().split())


# --- errors ---------------------------------------------------------------------------------


class RosterFileError(ValueError):
    """The file as a whole cannot be used (wrong type, unreadable); message is Indonesian."""

    def __init__(self, message: str, *, code: str = RosterError.FILE_CONTENT) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CellError:
    """One problem: spreadsheet row (0 = the file as a whole), column header, message."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


# --- sniffing -------------------------------------------------------------------------------

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
MAX_XLSX_UNCOMPRESSED_BYTES = 1 << 30  # a zip bomb guard: 100,000 rows are ~100 MB of XML
_HEAD_BYTES = 8192
_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class SniffResult:
    file_format: str  # "csv" or "xlsx"
    encoding: str  # CSV text encoding, "" for XLSX


def _describe(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return f"{kind.mime}" if kind is not None else None


def roster_sniff(stream: IO[bytes], *, name: str) -> SniffResult:
    """Check that the content matches the extension; raise RosterFileError otherwise.

    XLSX must be a zip holding a workbook; CSV must be text (UTF-8 with or without BOM, else
    Windows-1252 as older Excel writes it). Leaves the stream at position 0.
    """
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in SUPPORTED_SUFFIXES:
        raise RosterFileError(
            _("Jenis berkas tidak didukung: gunakan .csv atau .xlsx (ekspor SIMPEG/SIASN)."),
            code=RosterError.FILE_TYPE,
        )
    stream.seek(0)
    head = stream.read(_HEAD_BYTES)
    stream.seek(0)
    if not head:
        raise RosterFileError(_("Berkas kosong."), code=RosterError.FILE_EMPTY)
    is_zip = head.startswith(b"PK\x03\x04")
    if suffix == ".xlsx":
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise RosterFileError(
                _(
                    "Berkas ini berformat Excel 97-2003 (.xls) atau dilindungi kata sandi. "
                    "Simpan ulang sebagai .xlsx tanpa kata sandi, atau sebagai CSV."
                )
            )
        if not is_zip:
            detected = _describe(head)
            if detected:
                message = _("Isi berkas bukan XLSX (terdeteksi: %(kind)s).") % {"kind": detected}
            else:
                message = _("Isi berkas bukan XLSX. Jika berkas berisi teks, simpan sebagai .csv.")
            raise RosterFileError(message)
        _check_xlsx_structure(stream)
        return SniffResult(file_format="xlsx", encoding="")
    if is_zip:
        raise RosterFileError(
            _("Isi berkas adalah arsip/Excel, bukan teks CSV. Jika ini XLSX, beri nama .xlsx.")
        )
    detected = _describe(head)
    if detected:
        raise RosterFileError(
            _("Isi berkas bukan teks CSV (terdeteksi: %(kind)s).") % {"kind": detected}
        )
    encoding = detect_text_encoding(stream)
    if encoding is None:
        raise RosterFileError(
            _("Isi berkas bukan teks CSV yang dapat dibaca (UTF-8, UTF-16, atau Windows-1252).")
        )
    return SniffResult(file_format="csv", encoding=encoding)


def _check_xlsx_structure(stream: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise RosterFileError(_("Berkas XLSX rusak atau tidak lengkap.")) from None
    finally:
        stream.seek(0)
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise RosterFileError(_("Berkas zip ini bukan buku kerja Excel (.xlsx)."))
    if total > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise RosterFileError(
            _("Isi XLSX terlalu besar setelah dibuka; pecah menjadi beberapa berkas."),
            code=RosterError.FILE_TOO_LARGE,
        )


def _decodes(stream: IO[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := stream.read(_CHUNK_BYTES):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return True


def detect_text_encoding(stream: IO[bytes]) -> str | None:
    """'utf-16' (with its BOM), 'utf-8-sig' (BOM or not), else 'cp1252', else None (binary). Reads the whole stream once,
    in chunks; leaves it at position 0."""
    stream.seek(0)
    head = stream.read(2)
    stream.seek(0)
    if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        # Excel's "Unicode text" export: UTF-16 with a byte-order mark (NUL bytes are normal here).
        return "utf-16" if _decodes(stream, "utf-16") else None
    candidates = ["utf-8-sig", "cp1252"]
    decoders = {name: codecs.getincrementaldecoder(name)() for name in candidates}
    stream.seek(0)
    try:
        while chunk := stream.read(_CHUNK_BYTES):
            if b"\x00" in chunk:
                return None
            for name in list(candidates):
                try:
                    decoders[name].decode(chunk)
                except UnicodeDecodeError:
                    candidates.remove(name)
            if not candidates:
                return None
        for name in list(candidates):
            try:
                decoders[name].decode(b"", final=True)
            except UnicodeDecodeError:
                candidates.remove(name)
    finally:
        stream.seek(0)
    return candidates[0] if candidates else None


# --- reading rows ---------------------------------------------------------------------------

Cells = Sequence[object]
_HEADER_SEARCH_ROWS = 20


def _csv_rows(stream: IO[bytes], encoding: str) -> tuple[Iterator[Cells], int | None]:
    text = io.TextIOWrapper(stream, encoding=encoding or "utf-8-sig", newline="")
    # Sniff the separator on the first lines, not only the first: SIMPEG exports may start with a
    # title line that has no separators at all (found in review).
    head = [text.readline() for _ in range(_HEADER_SEARCH_ROWS)]
    counts = {d: max(line.count(d) for line in head) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(itertools.chain([line for line in head if line], text), delimiter=delimiter)
    return reader, None


def _xlsx_rows(stream: IO[bytes]) -> tuple[Iterator[Cells], int | None]:
    import openpyxl  # heavy import, only needed for XLSX

    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    sheet = workbook.active
    if sheet is None:
        workbook.close()
        raise RosterFileError(_("Buku kerja tidak berisi lembar kerja."))
    estimate = getattr(sheet, "max_row", None)
    # Exporters often write a wrong <dimension>; without it openpyxl reads every cell there is.
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        reset()

    def rows() -> Iterator[Cells]:
        try:
            yield from sheet.iter_rows(values_only=True)
        finally:
            workbook.close()

    return rows(), estimate if isinstance(estimate, int) else None


def _guarded(rows: Iterator[Cells]) -> Iterator[tuple[int, Cells]]:
    """Number the rows from 1; a parser failure becomes a RosterFileError naming the row."""
    number = 0
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except RosterFileError:
            raise
        except Exception as exc:  # untrusted input may break the parser anywhere
            raise RosterFileError(
                _("Berkas tidak dapat dibaca setelah baris %(row)s (%(reason)s).")
                % {"row": number, "reason": type(exc).__name__}
            ) from None
        number += 1
        yield number, cells


def _blank(cells: Cells) -> bool:
    for value in cells:
        if value is not None and (not isinstance(value, str) or value.strip()):
            return False
    return True


@dataclass
class RosterFile:
    """An opened roster: header found, columns mapped. Iterate `data_rows()` once."""

    header_row: int
    columns: dict[str, int]  # field -> 0-based index
    headers: dict[str, str]  # field -> header text as written in the file
    ignored_columns: list[str]
    header_errors: list[CellError]
    estimated_rows: int | None
    _rows: Iterator[tuple[int, Cells]]

    def data_rows(self) -> Iterator[tuple[int, Cells]]:
        for number, cells in self._rows:
            if not _blank(cells):
                yield number, cells


def roster_open(stream: IO[bytes], *, file_format: str, encoding: str = "") -> RosterFile:
    """Open a sniffed roster; finds the header (the first of the top rows naming a NIP column,
    else the first non-blank row) and maps its columns. May raise RosterFileError."""
    try:
        if file_format == "xlsx":
            raw, estimate = _xlsx_rows(stream)
        else:
            raw, estimate = _csv_rows(stream, encoding)
    except RosterFileError:
        raise
    except Exception as exc:  # untrusted input may break the parser anywhere
        raise RosterFileError(
            _("Berkas tidak dapat dibuka (%(reason)s).") % {"reason": type(exc).__name__}
        ) from None
    rows = _guarded(iter(raw))
    lookahead: list[tuple[int, Cells]] = []
    header: tuple[int, Cells] | None = None
    for number, cells in rows:
        lookahead.append((number, cells))
        if any(HEADER_ALIASES.get(header_key(c)) == "nip" for c in cells if c is not None):
            header = (number, cells)
            break
        if len(lookahead) >= _HEADER_SEARCH_ROWS:
            break
    if header is None:
        header = next(((n, c) for n, c in lookahead if not _blank(c)), None)
    if header is None:
        raise RosterFileError(_("Berkas tidak berisi data."), code=RosterError.FILE_EMPTY)
    header_number, header_cells = header
    remaining = [(n, c) for n, c in lookahead if n > header_number]
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    errors: list[CellError] = []
    for index, cell in enumerate(header_cells):
        text = str(cell).strip().lstrip("\ufeff") if cell is not None else ""
        if not text:
            continue
        name = HEADER_ALIASES.get(header_key(text))
        if name is None:
            ignored.append(text)
        elif name in columns:
            errors.append(
                CellError(
                    header_number,
                    text,
                    _("Kolom '%(a)s' dan '%(b)s' sama-sama berarti %(field)s; hapus salah satunya.")
                    % {"a": headers[name], "b": text, "field": COLUMN_LABELS[name]},
                )
            )
        else:
            columns[name] = index
            headers[name] = text
    for name in REQUIRED_FIELDS:
        if name not in columns:
            errors.append(
                CellError(
                    header_number,
                    COLUMN_LABELS[name],
                    _("Kolom wajib '%(column)s' tidak ada di baris judul.")
                    % {"column": COLUMN_LABELS[name]},
                )
            )
    estimate = None if estimate is None else max(0, estimate - header_number)
    return RosterFile(
        header_row=header_number,
        columns=columns,
        headers=headers,
        ignored_columns=ignored,
        header_errors=errors,
        estimated_rows=estimate,
        _rows=itertools.chain(remaining, rows),
    )


# --- checking rows --------------------------------------------------------------------------


class CheckedRow(NamedTuple):
    row: int
    nip: str
    values: dict[str, Any]  # Employee field -> value, only for the columns the file has


class RowResult(NamedTuple):
    row: int
    checked: CheckedRow | None
    errors: list[CellError]
    kind: str  # "new", "updated", "transfer", "unchanged" ("" when the row has errors)
    existing: EmployeeRef | None
    changes: dict[str, tuple[Any, Any]]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        text = "1" if value else "0"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    # A leading apostrophe is how spreadsheets force text (NIP, NIK); it is not data.
    if text.startswith("'"):
        text = text[1:].strip()
    return text


class RosterChecker:
    """Checks rows one by one against the reference; remembers NIPs to find duplicates."""

    def __init__(self, roster: RosterFile, reference: RosterReference) -> None:
        self.roster = roster
        self.reference = reference
        self.seen: dict[str, int] = {}
        self.columns = list(roster.columns.items())

    def _digits(self, value: object, label: str, column: str) -> tuple[str, str | None]:
        """NIP/NIK text, or an error: Excel turns long numbers into floats and loses digits."""
        if isinstance(value, float) or (
            isinstance(value, str) and _SCIENTIFIC.match(value.strip())
        ):
            return "", _(
                "%(label)s tersimpan sebagai angka sehingga digit terakhirnya hilang; ubah format "
                "kolom '%(column)s' menjadi Teks lalu isi ulang."
            ) % {"label": label, "column": column}
        return _text(value), None

    def check(self, number: int, cells: Cells) -> RowResult:
        errors: list[CellError] = []
        values: dict[str, Any] = {}
        headers = self.roster.headers
        raw: dict[str, object] = {}
        width = len(cells)
        for name, index in self.columns:
            raw[name] = cells[index] if index < width else None

        def fail(name: str, message: str) -> None:
            errors.append(CellError(number, headers.get(name, COLUMN_LABELS[name]), message))

        # NIP: the key.
        nip = ""
        text, problem = self._digits(raw.get("nip"), "NIP", headers["nip"])
        if problem:
            fail("nip", problem)
        elif not text:
            fail("nip", _("NIP wajib diisi."))
        else:
            try:
                nip_parse(text)
            except NipError as exc:
                fail("nip", str(exc))
            else:
                nip = nip_normalise(text)
                first = self.seen.get(nip)
                if first is not None:
                    fail(
                        "nip",
                        _("NIP %(nip)s muncul dua kali: baris %(first)s dan baris %(row)s.")
                        % {"nip": nip, "first": first, "row": number},
                    )
                else:
                    self.seen[nip] = number

        name = _text(raw.get("nama"))
        if not name:
            fail("nama", _("Nama wajib diisi."))
        elif len(name) > 200:
            fail("nama", _("Nama terlalu panjang (maksimal 200 karakter)."))
        else:
            values["name"] = name

        status_text = _text(raw.get("status"))
        status = STATUS_ALIASES.get(_word_key(status_text))
        if status is None:
            fail(
                "status",
                _("Status '%(value)s' tidak dikenal; gunakan PNS, CPNS, PPPK (P3K), atau Lainnya.")
                % {"value": status_text}
                if status_text
                else _("Status wajib diisi (PNS, CPNS, PPPK, atau Lainnya)."),
            )
        else:
            values["status"] = status

        level_text = _text(raw.get("tingkat"))
        level = LEVEL_ALIASES.get(_word_key(level_text).replace("/", "."))
        if level is None:
            if _word_key(level_text) in ("struktural", "jabatan struktural"):
                message = _(
                    "'Struktural' tidak cukup: tulis JPT, Administrator, atau Pengawas "
                    "(atau eselonnya, mis. III.a)."
                )
            elif level_text:
                message = _(
                    "Tingkat jabatan '%(value)s' tidak dikenal; gunakan JPT, Administrator, "
                    "Pengawas, Pelaksana, atau Fungsional."
                ) % {"value": level_text}
            else:
                message = _("Tingkat jabatan wajib diisi.")
            fail("tingkat", message)
        else:
            values["level"] = level

        opd = self._opd(_text(raw.get("kode_opd")), fail)
        if opd is not None:
            values["opd_id"] = opd.id

        if "nik" in raw:
            nik, problem = self._digits(raw["nik"], "NIK", headers["nik"])
            nik = nik.replace(" ", "").replace(".", "")
            if problem:
                fail("nik", problem)
            elif nik and (len(nik) != 16 or not nik.isdigit() or not nik.isascii()):
                fail("nik", _("NIK harus 16 digit angka."))
            else:
                values["nik"] = nik
        if "golongan" in raw:
            golongan = _text(raw["golongan"])
            if len(golongan) > 10:
                fail("golongan", _("Golongan terlalu panjang (maksimal 10 karakter)."))
            else:
                values["golongan"] = golongan
        if "jabatan" in raw:
            jabatan = _text(raw["jabatan"])
            if len(jabatan) > 200:
                fail("jabatan", _("Jabatan terlalu panjang (maksimal 200 karakter)."))
            else:
                values["jabatan"] = jabatan
        if "kode_unit" in raw:
            unit_code = _text(raw["kode_unit"])
            if not unit_code:
                values["unit_id"] = None
            else:
                key = unit_code.casefold()
                unit = self.reference.unit_by_code.get(key)
                if key not in self.reference.unit_by_code:
                    fail(
                        "kode_unit",
                        _("Unit layanan dengan kode '%(code)s' tidak ada di pemda ini.")
                        % {"code": unit_code},
                    )
                elif unit is None:
                    fail(
                        "kode_unit",
                        _(
                            "Kode unit '%(code)s' dipakai lebih dari satu unit; perbaiki di data unit."
                        )
                        % {"code": unit_code},
                    )
                elif opd is not None and unit.root_id != opd.root_id:
                    fail(
                        "kode_unit",
                        _("Unit layanan '%(unit)s' bukan bagian dari OPD %(opd)s.")
                        % {"unit": unit.name, "opd": opd.name},
                    )
                else:
                    values["unit_id"] = unit.id
        if "tpp" in raw:
            amount, problem = parse_tpp(raw["tpp"])
            if problem:
                fail("tpp", problem)
            else:
                values["tpp_monthly_idr"] = amount
        if "email" in raw:
            email = _text(raw["email"])
            if email:
                try:
                    if len(email) > 254:
                        raise ValidationError("too long")
                    validate_email(email)
                except ValidationError:
                    fail("email", _("Alamat surel '%(value)s' tidak valid.") % {"value": email})
                else:
                    values["email"] = email
            else:
                values["email"] = ""
        if "aktif" in raw:
            active_text = _text(raw["aktif"])
            if active_text:
                active = ACTIVE_ALIASES.get(_word_key(active_text))
                if active is None:
                    fail(
                        "aktif",
                        _("Nilai aktif '%(value)s' tidak dikenal; gunakan Ya atau Tidak.")
                        % {"value": active_text},
                    )
                else:
                    values["is_active"] = active

        if errors:
            return RowResult(number, None, errors, "", None, {})
        existing = self.reference.employees.get(nip)
        if (
            existing is not None
            and "unit_id" not in values
            and existing.unit_id is not None
            and values.get("opd_id", existing.opd_id) != existing.opd_id
        ):
            # A transfer without a KODE UNIT column: the old service unit belongs to the old OPD,
            # so it no longer applies (found in review: it was kept).
            values["unit_id"] = None
        checked = CheckedRow(number, nip, values)
        kind, changes = roster_row_diff(checked, existing)
        return RowResult(number, checked, errors, kind, existing, changes)

    def _opd(self, text: str, fail: Callable[[str, str], None]) -> OpdRef | None:
        if not text:
            fail("kode_opd", _("Kode OPD wajib diisi."))
            return None
        ref = self.reference
        code, name = text.casefold(), _name_key(text)
        if code in ref.opd_by_code:
            opd = ref.opd_by_code[code]
        elif name in ref.opd_by_name:
            opd = ref.opd_by_name[name]
        else:
            fail(
                "kode_opd",
                _("OPD '%(value)s' tidak ada di pemda ini (tulis kode atau nama persis OPD).")
                % {"value": text},
            )
            return None
        if opd is None:
            fail(
                "kode_opd",
                _("'%(value)s' cocok dengan lebih dari satu OPD; tulis kode OPD.")
                % {"value": text},
            )
            return None
        if not opd.is_active:
            fail("kode_opd", _("OPD %(name)s sudah tidak aktif.") % {"name": opd.name})
            return None
        return opd


def parse_tpp(value: object) -> tuple[int, str | None]:
    """Integer rupiah from '3500000', '3.500.000', 'Rp3.500.000', 'Rp 3.500.000,-'.

    Decimals and negatives are refused: TPP is paid in whole rupiah (STYLE.md rule 6)."""
    if value is None:
        return 0, None
    if isinstance(value, bool):
        return 0, _("TPP harus berupa angka rupiah, bukan Ya/Tidak.")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return 0, _("TPP harus rupiah bulat tanpa desimal.")
        amount = int(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if text[:2].lower() == "rp":
            text = text[2:].lstrip(".")
        if text.endswith(",-"):
            text = text[:-2]
        if not text:
            return 0, None
        if text.startswith("-"):
            return 0, _("TPP tidak boleh negatif.")
        if _TPP_PLAIN.fullmatch(text) or _TPP_GROUPED.fullmatch(text):
            amount = int(text.replace(".", ""))
        elif "," in text or "." in text:
            return 0, _(
                "TPP harus rupiah bulat tanpa desimal, dengan titik sebagai pemisah ribuan "
                "(contoh 3.500.000)."
            )
        else:
            return 0, _("TPP harus berupa angka rupiah (contoh 3.500.000).")
    if amount < 0:
        return 0, _("TPP tidak boleh negatif.")
    if amount > MAX_TPP_IDR:
        return 0, _("TPP terlalu besar untuk masuk akal.")
    return amount, None


def roster_row_diff(
    row: CheckedRow, existing: EmployeeRef | None
) -> tuple[str, dict[str, tuple[Any, Any]]]:
    """'new', 'transfer' (OPD changes), 'updated' or 'unchanged', with the changed fields."""
    if existing is None:
        return "new", {}
    changes: dict[str, tuple[Any, Any]] = {}
    for name, new in row.values.items():
        old = getattr(existing, name)
        if old != new:
            changes[name] = (old, new)
    if "opd_id" in changes:
        return "transfer", changes
    return ("updated" if changes else "unchanged"), changes


# --- whole-file passes ----------------------------------------------------------------------

SAMPLE_NEW = 10
SAMPLE_UPDATED = 20
SAMPLE_TRANSFERS = 50
TOP_TRANSFER_PAIRS = 30


def roster_iter(
    roster: RosterFile,
    reference: RosterReference,
    *,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> Iterator[RowResult]:
    """Every data row checked and classified. Callers check `roster.header_errors` first."""
    checker = RosterChecker(roster, reference)
    for done, (number, cells) in enumerate(roster.data_rows(), start=1):
        yield checker.check(number, cells)
        if progress is not None and done % progress_every == 0:
            progress(done)


@dataclass
class RosterOutcome:
    """What a validation pass found: capped errors with the full count, and the preview."""

    max_errors: int = 1000
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    samples: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"new": [], "updated": [], "transfers": []}
    )
    transfer_pairs: Counter[tuple[int, int]] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, error: CellError) -> None:
        self.error_count += 1
        if len(self.errors) < self.max_errors:
            self.errors.append(error.as_dict())

    def add(self, result: RowResult, reference: RosterReference) -> None:
        self.rows += 1
        if result.checked is None:
            for error in result.errors:
                self.add_error(error)
            return
        self.counts[result.kind] += 1
        row, values = result.checked, result.checked.values

        def opd_name(opd_id: Any) -> str:
            opd = reference.opd_by_id.get(opd_id)
            return opd.name if opd is not None else "—"

        if result.kind == "new" and len(self.samples["new"]) < SAMPLE_NEW:
            self.samples["new"].append(
                {
                    "row": row.row,
                    "nip": row.nip,
                    "name": values.get("name", ""),
                    "opd": opd_name(values.get("opd_id")),
                }
            )
        elif result.kind in ("updated", "transfer"):
            existing = result.existing
            if existing is None:
                return
            if result.kind == "transfer":
                old_opd, new_opd = result.changes["opd_id"]
                self.transfer_pairs[(old_opd, new_opd)] += 1
                if len(self.samples["transfers"]) < SAMPLE_TRANSFERS:
                    self.samples["transfers"].append(
                        {
                            "row": row.row,
                            "nip": row.nip,
                            "name": values.get("name", existing.name),
                            "from_opd": opd_name(old_opd),
                            "to_opd": opd_name(new_opd),
                        }
                    )
            if len(self.samples["updated"]) < SAMPLE_UPDATED:
                self.samples["updated"].append(
                    {
                        "row": row.row,
                        "nip": row.nip,
                        "name": existing.name,
                        "changes": [
                            {
                                "field": name,
                                "label": str(FIELD_LABELS.get(name, name)),
                                "old": _display(name, old, reference),
                                "new": _display(name, new, reference),
                            }
                            for name, (old, new) in result.changes.items()
                        ],
                    }
                )

    def summary(self, roster: RosterFile | None, reference: RosterReference) -> dict[str, Any]:
        pairs = [
            {
                "from_opd": reference.opd_by_id[a].name if a in reference.opd_by_id else "—",
                "to_opd": reference.opd_by_id[b].name if b in reference.opd_by_id else "—",
                "count": n,
            }
            for (a, b), n in self.transfer_pairs.most_common(TOP_TRANSFER_PAIRS)
        ]
        return {
            "rows": self.rows,
            "new": self.counts["new"],
            "updated": self.counts["updated"],
            "transfers": self.counts["transfer"],
            "unchanged": self.counts["unchanged"],
            "columns": dict(roster.headers) if roster is not None else {},
            "ignored_columns": roster.ignored_columns[:30] if roster is not None else [],
            "sample_new": self.samples["new"],
            "sample_updated": self.samples["updated"],
            "sample_transfers": self.samples["transfers"],
            "transfer_pairs": pairs,
        }


def _display(name: str, value: Any, reference: RosterReference) -> str:
    """A changed value as people read it (OPD and unit by name, TPP in rupiah)."""
    if name == "opd_id":
        opd = reference.opd_by_id.get(value)
        return opd.name if opd is not None else "—"
    if name == "unit_id":
        if value is None:
            return "—"
        for unit in reference.unit_by_code.values():
            if unit is not None and unit.id == value:
                return unit.name
        return str(value)
    if name == "is_active":
        return _("aktif") if value else _("nonaktif")
    if name in ("status", "level"):
        return str(VALUE_LABELS.get(value, value))
    if name == "tpp_monthly_idr":
        return f"Rp{int(value):,}".replace(",", ".")
    if value is None or value == "":
        return "—"
    return str(value)


def roster_validate(
    roster: RosterFile,
    reference: RosterReference,
    *,
    progress: Callable[[int], None] | None = None,
    max_errors: int = 1000,
) -> RosterOutcome:
    """One pass over the file: every row checked, errors capped at `max_errors` (counted all)."""
    outcome = RosterOutcome(max_errors=max_errors)
    if roster.header_errors:
        for error in roster.header_errors:
            outcome.add_error(error)
        return outcome
    try:
        for result in roster_iter(roster, reference, progress=progress):
            outcome.add(result, reference)
    except RosterFileError as exc:
        outcome.add_error(CellError(0, "", exc.message))
    return outcome


# --- help for people preparing a file ------------------------------------------------------


def roster_column_help() -> list[dict[str, Any]]:
    """The expected columns, for the upload page: name, required, accepted spellings, meaning."""
    meaning = {
        "nip": _("18 digit; spasi boleh (mis. 19850312 201001 1 001). Kunci pencocokan pegawai."),
        "nama": _("Nama lengkap dengan gelar."),
        "nik": _("16 digit, boleh kosong."),
        "status": _("PNS, CPNS, PPPK (atau P3K), atau Lainnya."),
        "golongan": _("Mis. III/a untuk PNS, IX untuk PPPK."),
        "jabatan": _("Nama jabatan."),
        "tingkat": _(
            "JPT, Administrator, Pengawas, Pelaksana, atau Fungsional; eselon (II.a, III.b, IV.a) "
            "juga diterima. 'Struktural' saja tidak cukup."
        ),
        "kode_opd": _(
            "Kode OPD di SEHATI, atau nama OPD persis. Beda OPD = dicatat sebagai mutasi."
        ),
        "kode_unit": _("Kode unit layanan (boleh kosong); harus bagian dari OPD yang sama."),
        "tpp": _("Rupiah bulat per bulan: 3500000, 3.500.000, atau Rp3.500.000. Tanpa desimal."),
        "email": _("Alamat surel, boleh kosong."),
        "aktif": _("Ya atau Tidak. Jika kolom tidak ada, status aktif tidak diubah."),
    }
    aliases: dict[str, list[str]] = {}
    for alias, name in HEADER_ALIASES.items():
        aliases.setdefault(name, []).append(alias.upper())
    return [
        {
            "column": label,
            "required": name in REQUIRED_FIELDS,
            "aliases": [a for a in aliases.get(name, []) if a != label],
            "meaning": meaning[name],
        }
        for name, label in COLUMN_LABELS.items()
    ]


def roster_template_csv(*, opd_code: str) -> str:
    """A CSV template: the header and one obviously fictional row that passes every check.

    Semicolons and a BOM so that Excel with Indonesian settings opens it in columns; NIP and NIK
    carry spaces so that Excel keeps them as text instead of rounding them."""
    header = [COLUMN_LABELS[name] for name in COLUMN_LABELS]
    example = {
        "nip": "19900101 201501 1 001",
        "nama": _("CONTOH Pegawai Fiktif (hapus baris ini)"),
        "nik": "3200 0000 0000 0001",
        "status": "PNS",
        "golongan": "III/a",
        "jabatan": "Pengadministrasi Umum",
        "tingkat": "Pelaksana",
        "kode_opd": opd_code,
        "kode_unit": "",
        "tpp": "3.500.000",
        "email": "contoh@example.com",
        "aktif": "Ya",
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerow([example[name] for name in COLUMN_LABELS])
    return "\ufeff" + buffer.getvalue()
