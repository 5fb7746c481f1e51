"""Import of published integrity scores from CSV or XLSX (issue #7 point 2).

upload → `score_import_check` reads and checks every row and stores the result (nothing in the
register changes) → the preview shows each row with the band it will get and whether it is new or
updates a registered score → `score_import_commit` saves every row in one transaction, or none if
any row is refused. Existing scores of the same kind, year, scope (the pemda or one OPD) and
dimension are updated.

Columns (Indonesian headers, in any order; other columns are ignored — an export of the register
can be imported again): see `COLUMNS`. Row numbers are spreadsheet row numbers: the header is row 1
(or the row it is found on), blank rows count but are skipped. Decimal commas are accepted
("64,81"); a CSV may be separated by commas, semicolons (Excel in Indonesian) or tabs.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.files import file_name_clean, megabytes, upload_max_bytes
from sehati.integrity.errors import ScoreError
from sehati.integrity.models import IntegrityScore, ScoreImport
from sehati.integrity.models.scores import CATEGORY_COLOURS
from sehati.integrity.services import (
    ScoreInput,
    score_changes,
    score_input_as_json,
    score_input_checked,
    score_input_from_json,
    score_write,
)
from sehati.org.models import Opd, Pemda
from sehati.org.roster import detect_text_encoding
from sehati.rules.bands import Band, scheme_for

K = IntegrityScore.Kind
MAX_ROWS = 2_000
MAX_XLSX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024  # a zip bomb guard; 2,000 rows are far below
_HEADER_SEARCH_ROWS = 10
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class Column:
    key: str  # the header as written in the template
    field: str  # ScoreInput field
    required: bool
    help: Any


COLUMNS: tuple[Column, ...] = (
    Column(
        "jenis",
        "kind",
        True,
        gettext_lazy(
            "spi, spi_tematik, mcp, ombudsman, rb, atau bpk (boleh juga: SPI tematik, "
            "Indeks RB, Opini BPK)"
        ),
    ),
    Column("tahun", "year", True, gettext_lazy("tahun skor, mis. 2024")),
    Column(
        "opd_kode",
        "opd_id",
        False,
        gettext_lazy("kode OPD seperti di SEHATI; kosong = seluruh pemda"),
    ),
    Column(
        "dimensi",
        "dimension",
        False,
        gettext_lazy(
            "kosong = nilai total; atau dimensi SPI / tema SPI tematik (wajib untuk "
            "SPI tematik, mis. perizinan)"
        ),
    ),
    Column(
        "nilai",
        "value",
        False,
        gettext_lazy(
            "angka 0-100, paling banyak dua desimal; koma atau titik desimal "
            "(64,81 atau 64.81); kosong untuk opini BPK"
        ),
    ),
    Column(
        "kategori",
        "category",
        False,
        gettext_lazy(
            "predikat/opini dari sumber: opini BPK (WTP, WDP, TW, TMP, wajib untuk BPK), "
            "predikat RB (mis. A-), kategori opini Ombudsman (A-E)"
        ),
    ),
    Column("target", "target", False, gettext_lazy("target angka 0-100 (boleh kosong)")),
    Column(
        "sumber",
        "source",
        True,
        gettext_lazy("asal angka: rilis, surat, atau laporan yang memuatnya"),
    ),
    Column(
        "tautan_sumber",
        "source_url",
        False,
        gettext_lazy("alamat web sumber (http:// atau https://), boleh kosong"),
    ),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
HEADER_ALIASES: dict[str, str] = {
    **{c.key.replace("_", " "): c.key for c in COLUMNS},
    **dict.fromkeys(["jenis skor", "jenis indeks", "kind", "indeks"], "jenis"),
    **dict.fromkeys(["year", "tahun skor", "tahun penilaian"], "tahun"),
    **dict.fromkeys(["kode opd", "opd", "kode perangkat daerah", "opd kode"], "opd_kode"),
    **dict.fromkeys(
        ["dimension", "tema", "dimensi tema", "dimensi/tema", "dimensi atau tema"], "dimensi"
    ),
    **dict.fromkeys(["value", "skor", "nilai skor", "indeks nilai"], "nilai"),
    **dict.fromkeys(["category", "predikat", "opini", "kategori predikat"], "kategori"),
    **dict.fromkeys(["target nilai", "sasaran"], "target"),
    **dict.fromkeys(["source", "sumber data", "sumber angka"], "sumber"),
    **dict.fromkeys(
        ["tautan", "url", "link", "source url", "tautan sumber", "url sumber"], "tautan_sumber"
    ),
}
KIND_ALIASES: dict[str, str] = {
    **{k: k for k in K.values},
    **{str(label).lower(): value for value, label in K.choices},
    "spi kpk": K.SPI,
    "survei penilaian integritas": K.SPI,
    "spi tematik": K.SPI_TEMATIK,
    "spitematik": K.SPI_TEMATIK,
    "spi tematik gratifikasi": K.SPI_TEMATIK,
    "mcp kpk": K.MCP,
    "mcsp": K.MCP,
    "ombudsman ri": K.OMBUDSMAN,
    "opini ombudsman": K.OMBUDSMAN,
    "kepatuhan ombudsman": K.OMBUDSMAN,
    "indeks rb": K.RB,
    "reformasi birokrasi": K.RB,
    "indeks reformasi birokrasi": K.RB,
    "opini bpk": K.BPK,
    "bpk ri": K.BPK,
}
_SEPARATORS = re.compile(r"[\s_\-./()\ufeff]+")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def header_key(value: object) -> str:
    """'Tautan_Sumber' -> 'tautan sumber'; 'OPD (kode)' -> 'opd kode'."""
    return _SEPARATORS.sub(" ", str(value if value is not None else "")).strip().lower()


def kind_parse(text: str) -> str:
    """The kind code of a cell ("SPI tematik" -> "spi_tematik"), or "" when unknown."""
    key = header_key(text)
    return str(KIND_ALIASES.get(key) or KIND_ALIASES.get(key.replace(" ", "_")) or "")


class CellProblem(ValueError):
    """A cell that cannot be read as its column needs; the message is Indonesian."""


def decimal_parse(value: object) -> Decimal | None:
    """A number from a cell: None when empty; "64,81", "64.81", 64.81 -> Decimal("64.81").
    Spreadsheet floats carry binary noise (64.8099999999) that is rounded away when it is below
    a billionth; a real third decimal stays and is refused later."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellProblem(_("bukan angka"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellProblem(_("bukan angka"))
        rounded = round(value, 2)
        return Decimal(str(rounded if abs(value - rounded) < 1e-9 else value))
    text = "".join(str(value).split())  # spaces, including no-break spaces
    if not text:
        return None
    if "," in text and "." in text:
        raise CellProblem(_("tulis dengan satu tanda desimal saja (mis. 64,81 atau 64.81)"))
    text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise CellProblem(_("bukan angka (mis. 64,81)"))
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise CellProblem(_("bukan angka")) from None


def year_parse(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellProblem(_("bukan tahun"))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellProblem(_("bukan tahun (mis. 2024)"))
    if isinstance(value, dt.date):
        return value.year
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}(\.0+)?", text):
        return int(text.split(".")[0])
    raise CellProblem(_("bukan tahun (mis. 2024)"))


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value).strip()


# --- reading the file -----------------------------------------------------------------------


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, code=ScoreError.IMPORT_FILE)


Cells = Sequence[object]


@dataclass(frozen=True)
class UploadRead:
    name: str
    file_format: str
    sha256: str
    size: int
    rows: list[tuple[int, Cells]]  # (spreadsheet row number, cells), blank rows skipped


def _read_all(upload: UploadedFile | IO[bytes], limit: int) -> bytes:
    upload.seek(0)
    chunks = []
    size = 0
    while chunk := upload.read(1 << 20):
        size += len(chunk)
        if size > limit:
            raise _refuse(
                _("Berkas terlalu besar; batasnya %(limit)s MB. Berkas tidak disimpan.")
                % {"limit": megabytes(limit)}
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _blank(cells: Cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _xlsx_rows(data: bytes) -> Iterator[Cells]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(_("Berkas XLSX rusak atau tidak lengkap.")) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _refuse(_("Berkas zip ini bukan buku kerja Excel (.xlsx)."))
    if total > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise _refuse(_("Isi XLSX terlalu besar setelah dibuka; pecah menjadi beberapa berkas."))
    import openpyxl  # heavy import, only needed for XLSX

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # untrusted input may break the parser anywhere
        raise _refuse(
            _("Berkas XLSX tidak dapat dibuka (%(reason)s).") % {"reason": type(exc).__name__}
        ) from None
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        book.close()
        raise _refuse(_("Buku kerja tidak berisi lembar kerja."))
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:  # exporters often write a wrong <dimension>
        reset()

    def rows() -> Iterator[Cells]:
        try:
            yield from sheet.iter_rows(values_only=True)
        finally:
            book.close()

    return rows()


def _csv_rows(data: bytes) -> Iterator[Cells]:
    stream = io.BytesIO(data)
    encoding = detect_text_encoding(stream)
    if encoding is None:
        raise _refuse(
            _("Isi berkas bukan teks CSV yang dapat dibaca (UTF-8, UTF-16, atau Windows-1252).")
        )
    text = data.decode(encoding)
    # The separator that appears most on one of the first lines: a title line above the header
    # may have none.
    lines = [line for line in text.splitlines()[:_HEADER_SEARCH_ROWS] if line.strip()]
    counts = {d: max((line.count(d) for line in lines), default=0) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def scores_upload_read(*, upload: UploadedFile | IO[bytes], name: str) -> UploadRead:
    """Check an upload (CSV or XLSX by extension AND content, size via SEHATI_UPLOAD_MAX_BYTES)
    and read its rows. Raises ApplicationError (score_import_file) naming what is wrong."""
    clean_name = file_name_clean(name)
    extension = clean_name.rpartition(".")[2].lower() if "." in clean_name else ""
    if extension not in ("csv", "xlsx"):
        raise _refuse(
            _(
                "Jenis berkas “%(name)s” tidak diterima: unggah .csv atau .xlsx (unduh templatnya "
                "di halaman impor)."
            )
            % {"name": clean_name}
        )
    declared = getattr(upload, "size", None) or 0
    limit = upload_max_bytes()
    if declared > limit:
        raise _refuse(
            _("Berkas “%(name)s” terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"name": clean_name, "size": megabytes(declared), "limit": megabytes(limit)}
        )
    data = _read_all(upload, limit)
    if not data:
        raise _refuse(_("Berkas “%(name)s” kosong.") % {"name": clean_name})
    head = data[:_HEAD_BYTES]
    is_zip = head.startswith(b"PK\x03\x04")
    if extension == "xlsx":
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise _refuse(
                _(
                    "Berkas ini berformat Excel 97-2003 (.xls) atau dilindungi kata sandi. Simpan "
                    "ulang sebagai .xlsx tanpa kata sandi, atau sebagai CSV."
                )
            )
        if not is_zip:
            raise _refuse(
                _("Isi berkas “%(name)s” bukan XLSX. Jika berisi teks, beri nama .csv.")
                % {"name": clean_name}
            )
        raw_rows = _xlsx_rows(data)
    else:
        if is_zip:
            raise _refuse(
                _("Isi berkas adalah arsip/Excel, bukan teks CSV. Jika ini XLSX, beri nama .xlsx.")
            )
        sniffed = filetype.guess(head)
        if sniffed is not None:
            raise _refuse(
                _("Isi berkas bukan teks CSV (terdeteksi: %(kind)s).") % {"kind": sniffed.mime}
            )
        raw_rows = _csv_rows(data)
    rows: list[tuple[int, Cells]] = []
    number = 0
    try:
        for cells in raw_rows:
            number += 1
            if _blank(cells):
                continue
            rows.append((number, tuple(cells)))
            if len(rows) > MAX_ROWS + 1:  # the header and MAX_ROWS data rows
                raise _refuse(
                    _("Berkas berisi lebih dari %(n)d baris data; pecah menjadi beberapa berkas.")
                    % {"n": MAX_ROWS}
                )
    except ApplicationError:
        raise
    except Exception as exc:  # untrusted input may break the parser anywhere
        raise _refuse(
            _("Berkas tidak dapat dibaca setelah baris %(row)d (%(reason)s).")
            % {"row": number, "reason": type(exc).__name__}
        ) from None
    return UploadRead(
        name=clean_name,
        file_format=extension,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        rows=rows,
    )


# --- checking the rows ----------------------------------------------------------------------


def _error(row: int, column: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "message": message}


@dataclass
class CheckResult:
    rows: list[dict[str, Any]]
    file_errors: list[dict[str, Any]]
    ignored_columns: list[str]

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(r["errors"]) for r in self.rows)


def _header(
    rows: list[tuple[int, Cells]],
) -> tuple[int, dict[str, int], list[str], list[dict[str, Any]]]:
    """(header row number, column key -> index, ignored headers, header errors)."""
    found: tuple[int, Cells] | None = None
    for number, cells in rows[:_HEADER_SEARCH_ROWS]:
        keys = {HEADER_ALIASES.get(header_key(c)) for c in cells if c is not None}
        if {"jenis", "tahun"} <= keys:
            found = (number, cells)
            break
    if found is None:
        found = rows[0]
    number, cells = found
    columns: dict[str, int] = {}
    ignored: list[str] = []
    errors: list[dict[str, Any]] = []
    for index, cell in enumerate(cells):
        text = cell_text(cell).lstrip("\ufeff")
        if not text:
            continue
        key = HEADER_ALIASES.get(header_key(text))
        if key is None:
            ignored.append(text)
        elif key in columns:
            errors.append(
                _error(
                    number,
                    text,
                    _("Kolom '%(key)s' muncul dua kali; hapus salah satunya.") % {"key": key},
                )
            )
        else:
            columns[key] = index
    for column in COLUMNS:
        if column.required and column.key not in columns:
            errors.append(
                _error(
                    number,
                    column.key,
                    _("Kolom wajib '%(key)s' tidak ada di baris judul.") % {"key": column.key},
                )
            )
    if "nilai" not in columns and "kategori" not in columns:
        errors.append(
            _error(number, "nilai", _("Baris judul harus memuat kolom 'nilai' atau 'kategori'."))
        )
    return number, columns, ignored, errors


def scores_rows_check(*, pemda: Pemda, read: UploadRead, today: dt.date) -> CheckResult:
    """Check every data row against the register's rules and each other. Reads the pemda's OPD
    once; writes nothing."""
    if not read.rows:
        return CheckResult([], [_error(0, "", _("Berkas tidak berisi data."))], [])
    header_row, columns, ignored, header_errors = _header(read.rows)
    if header_errors:
        return CheckResult([], header_errors, ignored)
    data_rows = [(n, c) for n, c in read.rows if n > header_row]
    if not data_rows:
        return CheckResult(
            [], [_error(header_row, "", _("Berkas hanya berisi baris judul, tanpa data."))], ignored
        )
    opds = {
        code.casefold(): pk
        for pk, code in Opd.objects.filter(pemda=pemda).values_list("pk", "code")
    }
    opd_ids = set(opds.values())
    seen: dict[tuple[Any, ...], int] = {}
    out: list[dict[str, Any]] = []
    for number, cells in data_rows:

        def cell(key: str, cells: Cells = cells) -> object:
            index = columns.get(key)
            if index is None or index >= len(cells):
                return None
            value = cells[index]
            return value.strip() if isinstance(value, str) else value

        raw = {c.key: cell_text(cell(c.key)) for c in COLUMNS if c.key in columns}
        errors: list[dict[str, Any]] = []

        def fail(key: str, message: str, errors: list[dict[str, Any]] = errors) -> None:
            errors.append({"column": key, "message": message})

        kind_text = cell_text(cell("jenis"))
        kind = kind_parse(kind_text) if kind_text else ""
        if not kind_text:
            fail("jenis", _("Jenis wajib diisi."))
        elif not kind:
            fail(
                "jenis",
                _(
                    "Jenis '%(text)s' tidak dikenal: gunakan spi, spi_tematik, mcp, ombudsman, rb, "
                    "atau bpk."
                )
                % {"text": kind_text[:40]},
            )
        year: int | None = None
        try:
            year = year_parse(cell("tahun"))
        except CellProblem as exc:
            fail("tahun", _("Tahun %(problem)s.") % {"problem": exc})
        opd_id: int | None = None
        opd_text = cell_text(cell("opd_kode"))
        if opd_text:
            opd_id = opds.get(opd_text.casefold())
            if opd_id is None:
                fail(
                    "opd_kode",
                    _("Kode OPD '%(code)s' tidak ada di pemda ini.") % {"code": opd_text[:40]},
                )
        numbers: dict[str, Decimal | None] = {}
        for key, label in (("nilai", _("Nilai")), ("target", _("Target"))):
            try:
                numbers[key] = decimal_parse(cell(key))
            except CellProblem as exc:
                numbers[key] = None
                fail(key, _("%(label)s %(problem)s.") % {"label": label, "problem": exc})
        data = ScoreInput(
            kind=kind,
            year=year,
            opd_id=opd_id,
            dimension=cell_text(cell("dimensi")),
            value=numbers["nilai"],
            category=cell_text(cell("kategori")),
            target=numbers["target"],
            source=cell_text(cell("sumber")),
            source_url=cell_text(cell("tautan_sumber")),
        )
        cleaned, problems = score_input_checked(
            pemda=pemda, data=data, today=today, opd_ids=opd_ids
        )
        failed_columns = {e["column"] for e in errors}
        for problem in problems:
            key = COLUMN_BY_FIELD[problem.field].key
            if key in failed_columns:  # already said why this cell is wrong
                continue
            if key == "jenis" and not kind_text:
                continue
            if key == "tahun" and year is None and "tahun" in failed_columns:
                continue
            fail(key, problem.message)
        if not errors:
            identity = (kind, year, opd_id, cleaned.dimension.casefold())
            first = seen.get(identity)
            if first is not None:
                fail(
                    "",
                    _(
                        "Baris ini sama dengan baris %(first)d (jenis, tahun, OPD, dan dimensi "
                        "yang sama); hapus salah satunya."
                    )
                    % {"first": first},
                )
            else:
                seen[identity] = number
        out.append(
            {
                "row": number,
                "raw": raw,
                "data": None if errors else score_input_as_json(cleaned),
                "errors": errors,
            }
        )
    return CheckResult(out, [], ignored)


# --- the import as a record -----------------------------------------------------------------


def score_import_check(
    *, pemda: Pemda, actor: Any, upload: UploadedFile | IO[bytes], name: str, today: dt.date
) -> ScoreImport:
    """Read and check an uploaded file and keep the result for the preview. A file that cannot
    be read at all is refused (ApplicationError) and leaves nothing behind; a file with bad rows
    is kept as `invalid` so its errors can be shown row by row."""
    read = scores_upload_read(upload=upload, name=name)
    result = scores_rows_check(pemda=pemda, read=read, today=today)
    status = ScoreImport.Status.INVALID if result.error_count else ScoreImport.Status.CHECKED
    with transaction.atomic():
        score_import = ScoreImport.objects.create(
            pemda=pemda,
            original_name=read.name,
            file_format=read.file_format,
            sha256=read.sha256,
            size=read.size,
            status=status,
            rows=result.rows,
            file_errors=result.file_errors,
            ignored_columns=result.ignored_columns,
            row_count=len(result.rows),
            error_count=result.error_count,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        timeline_record(
            subject=score_import,
            type="score_import_checked",
            actor=actor,
            data={
                "file": read.name,
                "sha256": read.sha256,
                "rows": len(result.rows),
                "errors": result.error_count,
            },
        )
    return score_import


def score_import_errors(score_import: ScoreImport) -> list[dict[str, Any]]:
    """Every error of the import, file errors first: [{"row", "column", "message"}]."""
    out = list(score_import.file_errors)
    for row in score_import.rows:
        out += [_error(row["row"], e["column"], e["message"]) for e in row["errors"]]
    return out


@dataclass
class PlannedRow:
    """One row of the preview: its data and errors, the band it gets, and what it does."""

    row: int
    raw: dict[str, str]
    data: ScoreInput | None
    errors: list[dict[str, Any]]
    band: Band | None = None
    band_scheme: str = ""
    existing: IntegrityScore | None = None
    outcome: str = ""  # "created" | "updated" | "unchanged" ("" with errors)
    opd_label: str = ""

    @property
    def outcome_label(self) -> str:
        return {
            "created": _("baru"),
            "updated": _("diperbarui"),
            "unchanged": _("tidak berubah"),
        }.get(self.outcome, "")

    @property
    def gap(self) -> Decimal | None:
        if self.data is None or self.data.value is None or self.data.target is None:
            return None
        return self.data.value - self.data.target

    @property
    def kind_label(self) -> str:
        return str(K(self.data.kind).label) if self.data is not None else ""

    @property
    def band_label(self) -> str:
        return self.band.label if self.band else ""

    @property
    def category(self) -> str:
        return self.data.category if self.data is not None else ""

    @property
    def colour(self) -> str:
        if self.band is not None:
            return self.band.colour
        if self.data is None:
            return ""
        return CATEGORY_COLOURS.get(self.data.kind, {}).get(self.data.category.upper(), "")


def score_import_plan(score_import: ScoreImport, *, lock: bool = False) -> list[PlannedRow]:
    """What saving the import would do, row by row, against the register as it is now (one
    query for the registered scores, one for the OPD names)."""
    planned: list[PlannedRow] = []
    inputs: list[ScoreInput] = []
    for row in score_import.rows:
        data = score_input_from_json(row["data"]) if row.get("data") else None
        planned.append(PlannedRow(row["row"], row.get("raw", {}), data, row.get("errors", [])))
        if data is not None:
            inputs.append(data)
    if not inputs:
        return planned
    existing_qs = IntegrityScore.objects.filter(
        pemda_id=score_import.pemda_id,
        kind__in={d.kind for d in inputs},
        year__in={d.year for d in inputs},
    )
    if lock:
        existing_qs = existing_qs.select_for_update()
    existing: dict[tuple[Any, ...], IntegrityScore] = {}
    for score in existing_qs.order_by("id"):
        existing.setdefault(
            (score.kind, score.year, score.opd_id, score.dimension.casefold()), score
        )
    opd_names = dict(
        Opd.objects.filter(
            pemda_id=score_import.pemda_id, pk__in={d.opd_id for d in inputs if d.opd_id}
        ).values_list("pk", "name")
    )
    for item in planned:
        data = item.data
        if data is None or data.year is None:
            continue
        scheme = scheme_for(kind=data.kind, year=data.year) if data.value is not None else None
        item.band = scheme.band(data.value) if scheme and data.value is not None else None
        item.band_scheme = scheme.code if scheme and item.band else ""
        item.opd_label = opd_names.get(data.opd_id, "") if data.opd_id else str(_("Seluruh pemda"))
        match = existing.get((data.kind, data.year, data.opd_id, data.dimension.casefold()))
        item.existing = match
        if match is None:
            item.outcome = "created"
        else:
            changed = score_changes(score=match, data=data)
            item.outcome = "updated" if changed else "unchanged"
    return planned


def score_import_counts(planned: list[PlannedRow]) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0, "errors": 0}
    for item in planned:
        if item.errors:
            counts["errors"] += 1
        elif item.outcome:
            counts[item.outcome] += 1
    return counts


@transaction.atomic
def score_import_commit(*, score_import: ScoreImport, actor: Any, today: dt.date) -> ScoreImport:
    """Save every row of a checked import: new scores are created, registered ones of the same
    kind, year, scope and dimension updated, identical ones left alone. All or nothing: the rows
    are checked again against today's register (an OPD may have been removed meanwhile) and a
    single refused row writes nothing."""
    locked = ScoreImport.objects.select_for_update().get(pk=score_import.pk)
    if locked.status == ScoreImport.Status.COMMITTED:
        raise ConflictError(_("Impor ini sudah disimpan."), code=ScoreError.IMPORT_DONE)
    if locked.status != ScoreImport.Status.CHECKED:
        raise ApplicationError(
            _(
                "Impor ini memuat kesalahan; tidak ada yang disimpan. Perbaiki berkasnya lalu "
                "unggah lagi."
            ),
            code=ScoreError.IMPORT_INVALID,
            extra={"errors": score_import_errors(locked)},
        )
    pemda = locked.pemda
    opd_ids = set(Opd.objects.filter(pemda=pemda).values_list("pk", flat=True))
    errors: list[dict[str, Any]] = []
    for row in locked.rows:
        _cleaned, problems = score_input_checked(
            pemda=pemda, data=score_input_from_json(row["data"]), today=today, opd_ids=opd_ids
        )
        errors += [_error(row["row"], COLUMN_BY_FIELD[p.field].key, p.message) for p in problems]
    if errors:
        raise ApplicationError(
            _(
                "Data berubah sejak berkas diperiksa; unggah berkasnya lagi. Tidak ada yang disimpan."
            ),
            code=ScoreError.IMPORT_CHANGED,
            extra={"errors": errors},
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for item in score_import_plan(locked, lock=True):
        assert item.data is not None  # noqa: S101 - a checked import has no row without data
        _score, outcome = score_write(
            pemda=pemda,
            actor=actor,
            data=item.data,
            score=item.existing,
            via="import",
            extra={"import_id": locked.pk, "row": item.row},
        )
        counts[outcome] += 1
    locked.status = ScoreImport.Status.COMMITTED
    locked.created_count = counts["created"]
    locked.updated_count = counts["updated"]
    locked.unchanged_count = counts["unchanged"]
    locked.committed_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.committed_at = timezone.now()
    locked.save()
    timeline_record(
        subject=locked,
        type="score_import_committed",
        actor=actor,
        data={"file": locked.original_name, **counts},
    )
    return locked
