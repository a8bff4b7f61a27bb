"""Master data in the Django admin through django-import-export: one XLSX out, one XLSX in, preview then confirm.

The rules every master-data list keeps, whichever app's model it is (pegawai, jabatan, the kode
rekening list, the national nomenclature):

* **Natural keys only.** Rows are matched on what the file shows (NIP, jabatan code, year and code),
  never on a database id; the export writes exactly the columns the import reads, so an unchanged
  export imports as "tidak berubah" and writes nothing (no row, no history entry, no data stamp).
* **Preview, then confirm.** django-import-export's own flow: the upload runs as a dry run in a
  transaction that is rolled back; the confirm re-reads the same bytes (a draft kept under its
  SHA-256, bound to the session that previewed it, ``organisasi.draf``) and writes them.
* **All or nothing.** Every row is checked before anything is written; one wrong row, or one that
  collides with stored data at the confirm, rolls the whole file back (``use_transactions`` and
  ``rollback_on_validation_errors``). Each refusal is Indonesian and says the spreadsheet row (the
  header is row 1) and the column.
* **Text stays text.** The export writes every string as a string cell (``dasar.xlsx``): a name
  typed as ``=HYPERLINK(…)`` is exported and read back as that text, never as a formula.
* **Who.** Importing needs the model's add and change permissions (a superuser has them); a list
  every OPD shares (``hanya_superuser``) is changed by the pemda's administrator only.

Writes go through the models' ``save()`` one row at a time (so the quarter lock's guard and the
data stamp of ``organisasi.kunci`` / ``organisasi.versi_data`` see each of them), except for the
reference lists no document prints, which are written in bulk.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import tablib
from diff_match_patch import diff_match_patch
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm, ImportForm
from import_export.resources import Diff, ModelResource
from import_export.results import Result, RowResult
from import_export.tmp_storages import BaseStorage
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dasar.xlsx import tambah_baris
from organisasi import draf

#: The dataset column that carries each row's number in the spreadsheet (header = row 1).
KOLOM_BARIS = "__baris__"
UKURAN_MAKS = 10 * 1024 * 1024  # an export of every pegawai of a kabupaten is well under 1 MiB
TERURAI_MAKS = 200 * 1024 * 1024
_TAK_TERLIHAT = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


class BerkasDitolak(Exception):
    """The file as a whole cannot be imported (wrong type, missing column). The message is Indonesian."""


class DrafHilang(Exception):
    """The previewed file is gone (expired, or never previewed in this session)."""


# --- the file ---------------------------------------------------------------------------------


def _periksa_berkas(isi: bytes) -> None:
    """Refuse what is not a plain xlsx of sane size before openpyxl reads it (openpyxl parses the XML
    through defusedxml, which refuses entity expansion)."""
    if not isi:
        raise BerkasDitolak("Berkas kosong (0 bait).")
    if len(isi) > UKURAN_MAKS:
        raise BerkasDitolak(f"Berkas berukuran {len(isi) // (1024 * 1024)} MiB, melebihi batas {UKURAN_MAKS // (1024 * 1024)} MiB.")
    if isi.startswith(b"\xd0\xcf\x11\xe0"):
        raise BerkasDitolak(
            "Berkas ini Excel lama (.xls) atau dilindungi kata sandi: buka di Excel, simpan sebagai .xlsx tanpa kata sandi, lalu unggah ulang."
        )
    if isi.startswith(b"%PDF"):
        raise BerkasDitolak("Berkas ini PDF, bukan Excel (.xlsx). Unggah berkas .xlsx, mis. hasil tombol Ekspor.")
    if not isi.startswith(b"PK\x03\x04"):
        teks = b"\x00" not in isi[:4096]
        raise BerkasDitolak(
            "Berkas ini bukan Excel (.xlsx)"
            + (" — isinya teks (CSV?); buka di Excel lalu simpan sebagai .xlsx." if teks else ".")
            + " Unggah berkas .xlsx, mis. hasil tombol Ekspor."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(isi)) as zf:
            anggota = zf.infolist()
    except (zipfile.BadZipFile, EOFError, OSError):
        raise BerkasDitolak("Berkas Excel (.xlsx) ini rusak atau terpotong; simpan ulang dari Excel lalu unggah lagi.") from None
    if len(anggota) > 500 or sum(a.file_size for a in anggota) > TERURAI_MAKS:
        raise BerkasDitolak("Berkas ini terlalu besar bila diurai; ini bukan daftar data induk yang wajar.")
    if "xl/workbook.xml" not in {a.filename for a in anggota}:
        raise BerkasDitolak("Berkas ini arsip zip tanpa buku kerja Excel; unggah berkas .xlsx.")


class XlsxTeks(base_formats.XLSX):
    """XLSX in and out, the project's way: uploads are checked before parsing, each row keeps its
    spreadsheet number (:data:`KOLOM_BARIS`), blank rows are left out, and the export writes every
    string as a string cell (``dasar.xlsx``), so text that looks like a formula stays text."""

    def create_dataset(self, in_stream):
        isi = bytes(in_stream or b"")
        _periksa_berkas(isi)
        try:
            buku = load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds on a malformed package
            raise BerkasDitolak("Berkas Excel (.xlsx) ini tidak dapat dibaca; simpan ulang dari Excel lalu unggah lagi.") from None
        try:
            baris = buku.worksheets[0].iter_rows(values_only=True)
            judul = next(baris, None)
            if not judul or all(v is None or str(v).strip() == "" for v in judul):
                raise BerkasDitolak("Baris 1 lembar pertama harus berisi judul kolom (mis. hasil tombol Ekspor); baris itu kosong.")
            judul = [teks(v) for v in judul]
            while judul and not judul[-1]:
                judul.pop()
            ganda = sorted({j for j in judul if j and judul.count(j) > 1})
            if ganda:
                raise BerkasDitolak(f"Judul kolom {', '.join(repr(j) for j in ganda)} muncul lebih dari sekali di baris 1.")
            data = tablib.Dataset(
                headers=[*(j or f"(kolom {get_column_letter(i + 1)} tanpa judul)" for i, j in enumerate(judul)), KOLOM_BARIS]
            )
            for nomor, nilai in enumerate(baris, start=2):
                nilai = list(nilai[: len(judul)]) + [None] * max(0, len(judul) - len(nilai))
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in nilai):
                    continue
                data.append([*nilai, nomor])
        finally:
            buku.close()
        return data

    def export_data(self, dataset, **kwargs):
        buku = Workbook()
        lembar = buku.active
        lembar.title = "Data"
        tambah_baris(lembar, list(dataset.headers or []))
        for sel in lembar[1]:
            sel.font = Font(bold=True)
        for nilai in dataset:
            tambah_baris(lembar, list(nilai))
        lembar.freeze_panes = "A2"
        for i, judul in enumerate(dataset.headers or [], start=1):
            panjang = max([len(str(judul))] + [len(str(v)) for v in dataset.get_col(i - 1)[:500] if v is not None])
            lembar.column_dimensions[get_column_letter(i)].width = min(max(10, panjang + 2), 80)
        keluar = io.BytesIO()
        buku.save(keluar)
        return keluar.getvalue()


def tahun(nilai, kolom: str, galat) -> int | None:
    """A year cell (a number, or its digits as text) between 2000 and 2100; None after reporting why."""
    t = teks(nilai)
    if not (t.isascii() and t.isdigit() and 2000 <= int(t) <= 2100):
        galat(kolom, f"'{t}' bukan tahun (2000–2100)." if t else "wajib diisi.")
        return None
    return int(t)


def teks(nilai) -> str:
    """A cell as text: stripped, invisible characters removed; a number Excel made of a code ("5.1", 2025)
    back as its digits."""
    if nilai is None:
        return ""
    if isinstance(nilai, bool):
        return "ya" if nilai else "tidak"
    if isinstance(nilai, float) and nilai.is_integer():
        return str(int(nilai))
    return str(nilai).translate(_TAK_TERLIHAT).strip()


class DrafImpor(BaseStorage):
    """django-import-export's file between preview and confirm, kept as an upload draft (``organisasi.draf``):
    named by its SHA-256 (the confirm reads exactly the previewed bytes), outside MEDIA_ROOT, expired after
    ``LKJ_DRAF_UMUR_JAM`` hours and by ``manage.py bersihkan``."""

    def save(self, data):
        draf.DATA_INDUK.bersihkan()
        self.name = draf.DATA_INDUK.simpan(bytes(data))

    def read(self):
        isi = draf.DATA_INDUK.baca(self.name)
        if isi is None:
            raise DrafHilang(self.name)
        return isi

    def remove(self):
        draf.DATA_INDUK.hapus(self.name)


# --- results and resources --------------------------------------------------------------------


class HasilImpor(Result):
    """Rows numbered as the spreadsheet numbers them (header = row 1), not from 1 over the data; ``catatan``:
    what the operator should know before confirming (not a refusal)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.catatan: list[str] = []

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(row.get(KOLOM_BARIS) or number + 1, row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(row.get(KOLOM_BARIS) or number + 1, row, errors)

    def galat(self) -> list[str]:
        """Every refusal as one Indonesian sentence naming row and column, in file order."""
        kalimat = [(k := _pesan_galat(e.error))[:1].upper() + k[1:] for e in self.base_errors]
        baris = [(r.number, kolom, pesan) for r in self.invalid_rows for kolom, daftar in r.error_dict.items() for pesan in daftar]
        baris += [(r.number, NON_FIELD_ERRORS, _pesan_galat(e.error)) for r in self.error_rows for e in r.errors]
        for nomor, kolom, pesan in sorted(baris, key=lambda b: b[0]):
            tempat = f"Baris {nomor}" + (f", kolom '{kolom}'" if kolom != NON_FIELD_ERRORS else "")
            kalimat.append(f"{tempat}: {pesan}")
        return kalimat


def _pesan_galat(exc) -> str:
    """An Indonesian sentence for whatever stopped the import; never a database's or a library's English."""
    if isinstance(exc, BerkasDitolak):
        return str(exc)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, IntegrityError):
        return "data berkas ini bertabrakan dengan data yang disimpan bersamaan oleh orang lain; muat ulang halaman lalu unggah lagi."
    return "berkas ini tidak dapat disimpan; periksa isinya lalu unggah ulang."


class DiffTanpaGaya(Diff):
    """The preview's old → new of each cell, marked with <ins>/<del> and styled by django-import-export's own
    stylesheet: diff_match_patch's ready-made HTML carries inline styles, which the CSP refuses."""

    TAG = {diff_match_patch.DIFF_INSERT: "ins", diff_match_patch.DIFF_DELETE: "del", diff_match_patch.DIFF_EQUAL: "span"}

    def as_html(self):
        data = []
        dmp = diff_match_patch()
        for v1, v2 in zip(self.left, self.right):
            if v1 != v2 and self.new:
                v1 = ""
            diff = dmp.diff_main(str(v1 if v1 is not None else ""), str(v2 if v2 is not None else ""))
            dmp.diff_cleanupSemantic(diff)
            data.append(mark_safe("".join(f"<{self.TAG[op]}>{escape(teks)}</{self.TAG[op]}>" for op, teks in diff)))
        return data


@dataclass(frozen=True)
class Kolom:
    """One column of the file: its header, the model field it fills (for the text limit and for naming the
    column in the model's own refusals), whether the header must be there and whether the cell must be filled."""

    judul: str
    field: str | None = None
    wajib: bool = True
    isi_wajib: bool = False


class Galat:
    """The refusals of one row, per column (the header as the operator sees it)."""

    def __init__(self):
        self.per_kolom: dict[str, list[str]] = {}

    def __call__(self, kolom: str, pesan: str) -> None:
        self.per_kolom.setdefault(kolom, []).append(pesan)

    def __bool__(self):
        return bool(self.per_kolom)

    def naikkan(self):
        if self.per_kolom:
            raise ValidationError(self.per_kolom)


class SumberDataInduk(ModelResource):
    """A master-data list in one sheet: the columns in :attr:`kolom`, one row per record.

    Subclasses say how a row reads (``bersihkan``: the cells → clean values, refusals per column), the
    values no two rows of a file may share (``kunci``: its natural key, and any other), how it finds the
    stored record (``cari``) and how the clean values go onto it (``terapkan``); ``siapkan`` may read
    whatever the rows need in a few queries.
    """

    kolom: tuple[Kolom, ...] = ()
    #: One sentence for the import page: how a row finds its stored record.
    petunjuk = ""
    #: Written in bulk (a long reference list no document prints): keys are checked against the rows
    #: ``siapkan`` read, not by a query a row.
    massal = False

    class Meta:
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._bersih: dict[int, dict] = {}
        self._kunci_baris: dict = {}
        self.catatan: list[str] = []
        self.pengguna = None

    def get_result_class(self):
        return HasilImpor

    def get_diff_class(self):
        return DiffTanpaGaya

    # --- what subclasses say

    def siapkan(self, dataset) -> None:
        """Read what every row needs (lookups by natural key) before the first row; ``self.pengguna`` is set."""

    def bersihkan(self, sel: dict, galat: Galat) -> dict:
        raise NotImplementedError

    def kunci(self, bersih: dict) -> list[tuple[str, object]]:
        """(column, value) pairs no two rows of the file may share."""
        raise NotImplementedError

    def cari(self, bersih: dict):
        raise NotImplementedError

    def terapkan(self, instance, bersih: dict) -> None:
        raise NotImplementedError

    # --- the machinery

    def _batas(self, field: str | None) -> int | None:
        if not field:
            return None
        return getattr(self._meta.model._meta.get_field(field), "max_length", None)

    def before_import(self, dataset, **kwargs):
        self.pengguna = kwargs.get("user")
        self._bersih, self._kunci_baris, self.catatan = {}, {}, []
        ada = set(dataset.headers or [])
        hilang = [k.judul for k in self.kolom if k.wajib and k.judul not in ada]
        if hilang:
            judul = [h for h in (dataset.headers or []) if h != KOLOM_BARIS]
            dataset.wipe()  # no row is read: the missing column is the one refusal to show
            dataset.headers = [*judul, KOLOM_BARIS]
            raise BerkasDitolak(
                f"Kolom {', '.join(repr(h) for h in hilang)} tidak ada di baris 1 (judul kolom). "
                f"Kolom yang ada: {', '.join(repr(h) for h in judul) or 'tidak ada'}. "
                "Pakai judul kolom persis seperti hasil tombol Ekspor."
            )
        self.siapkan(dataset)

    def before_import_row(self, row, **kwargs):
        galat = Galat()
        sel = {}
        for k in self.kolom:
            nilai = teks(row.get(k.judul)) if k.judul in row else ""
            batas = self._batas(k.field)
            if k.isi_wajib and not nilai:
                galat(k.judul, "wajib diisi.")
            elif batas and len(nilai) > batas:
                galat(k.judul, f"paling banyak {batas} karakter (berisi {len(nilai)}).")
            sel[k.judul] = row.get(k.judul) if k.judul in row else None
        bersih = self.bersihkan(sel, galat) if not galat else {}
        galat.naikkan()
        nomor = row.get(KOLOM_BARIS)
        for kolom, kunci in self.kunci(bersih):
            if (kolom, kunci) in self._kunci_baris:
                galat(kolom, f"sudah ada di baris {self._kunci_baris[(kolom, kunci)]} berkas ini; satu baris per data.")
        galat.naikkan()
        for kolom, kunci in self.kunci(bersih):
            self._kunci_baris[(kolom, kunci)] = nomor
        self._bersih[nomor] = bersih

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.catatan = list(self.catatan)

    def get_user_visible_fields(self):
        """The columns the import reads (an export may add one for reading only, e.g. a level)."""
        baca = {k.judul for k in self.kolom}
        return [f for f in self.get_import_fields() if f.column_name in baca]

    def get_instance(self, instance_loader, row):
        return self.cari(self._bersih[row.get(KOLOM_BARIS)])

    def import_instance(self, instance, row, **kwargs):
        self.terapkan(instance, self._bersih[row.get(KOLOM_BARIS)])

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks (validators, constraints), each named by the column it concerns."""
        nama_kolom = {k.field: k.judul for k in self.kolom if k.field}
        galat = dict(import_validation_errors or {})
        if galat:  # the row's own refusal says what is wrong; the model's checks of a half-filled row would not
            raise ValidationError(galat)
        try:
            # The lists written in bulk have their keys checked against the preloaded rows already: no query a row.
            instance.full_clean(validate_unique=not self.massal, validate_constraints=not self.massal)
        except ValidationError as exc:
            for field, pesan in exc.message_dict.items():
                if field in nama_kolom:
                    galat.setdefault(nama_kolom[field], []).extend(pesan)
                elif field == NON_FIELD_ERRORS:
                    galat.setdefault(NON_FIELD_ERRORS, []).extend(pesan)
                else:
                    nama = str(self._meta.model._meta.get_field(field).verbose_name)
                    galat.setdefault(NON_FIELD_ERRORS, []).extend(f"{nama}: {p}" for p in pesan)
        if galat:
            raise ValidationError(galat)

    def do_instance_save(self, instance, is_create):
        """One row in its own savepoint, so a collision with stored data (a unique NIP taken meanwhile)
        becomes this row's refusal; the file is rolled back as a whole afterwards."""
        try:
            with transaction.atomic():
                instance.save(force_insert=is_create)
        except IntegrityError:
            raise ValidationError(
                "bertabrakan dengan data yang sudah tersimpan (kode, NIP atau nama yang sama dipakai data lain); "
                "muat ulang halaman ini dan periksa datanya."
            ) from None


# --- the admin --------------------------------------------------------------------------------


class FormImpor(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].widget.attrs["accept"] = ".xlsx," + base_formats.XLSX.CONTENT_TYPE
        self.fields["import_file"].help_text = "Excel (.xlsx), paling besar 10 MiB."


_SESI = "data_induk_draf"
_RE_SHA = re.compile(r"[0-9a-f]{64}")


class AdminDataInduk(ImportExportMixin):
    """Import and export of one master-data list in its admin, with the rules of this module.

    ``hanya_superuser``: a list every OPD shares (the national nomenclature, the kode rekening list) is
    added, changed, deleted and imported by the pemda's administrator only; others with admin access read
    and export it."""

    formats = [XlsxTeks]
    export_form_class = ExportForm  # every column, always: a partial export would not import back
    import_form_class = FormImpor
    import_template_name = "admin/data_induk/impor.html"
    tmp_storage_class = DrafImpor
    hanya_superuser = False

    # --- who

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, *args, **kwargs):
        if self.hanya_superuser:
            return self._superuser(request)
        return super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        if self.hanya_superuser:
            return self._superuser(request)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.hanya_superuser:
            return self._superuser(request)
        return super().has_delete_permission(request, obj)

    def has_import_permission(self, request):
        if self.hanya_superuser:
            return self._superuser(request)
        return request.user.is_active and request.user.is_staff and self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return request.user.is_active and request.user.is_staff and self.has_view_permission(request)

    # --- the flow

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True  # one wrong row: nothing of the file is written
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, BerkasDitolak):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file", "Berkas ini tidak dapat dibaca sebagai Excel (.xlsx); unggah berkas .xlsx, mis. hasil tombol Ekspor."
            )

    def get_confirm_form_initial(self, request, import_form):
        awal = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            # Only the session that previewed a file may confirm it.
            daftar = [n for n in request.session.get(_SESI, []) if n != awal["import_file_name"]][-19:]
            request.session[_SESI] = [*daftar, awal["import_file_name"]]
        return awal

    def _ke_impor(self, request):
        return HttpResponseRedirect(reverse(f"{self.admin_site.name}:%s_%s_import" % self.get_model_info()))

    def process_import(self, request, **kwargs):
        nama = request.POST.get("import_file_name", "")
        if request.method == "POST" and self.has_import_permission(request):
            if not _RE_SHA.fullmatch(nama) or nama not in request.session.get(_SESI, []):
                messages.error(request, "Berkas pratinjau tidak ditemukan pada sesi ini. Unggah berkasnya lagi untuk melihat pratinjau.")
                return self._ke_impor(request)
        try:
            jawaban = super().process_import(request, **kwargs)
        except DrafHilang:
            messages.error(request, "Berkas pratinjau sudah kedaluwarsa atau dihapus. Unggah berkasnya lagi untuk melihat pratinjau.")
            return self._ke_impor(request)
        request.session[_SESI] = [n for n in request.session.get(_SESI, []) if n != nama]
        return jawaban

    def process_result(self, result, request):
        """The confirm found a refusal the preview did not (data changed in between): nothing was written
        (the transaction rolled back); say so with the rows, never "Impor selesai"."""
        if result.has_errors() or result.has_validation_errors():
            context = self.admin_site.each_context(request)
            form = self.get_import_form_class(request)(self.get_import_formats(), self.get_import_resource_classes(request))
            context.update(
                {
                    "title": "Impor",
                    "form": form,
                    "opts": self.model._meta,
                    "media": self.media + form.media,
                    "result": result,
                    "import_error_display": self.import_error_display,
                    "gagal_saat_konfirmasi": True,
                    "fields_list": [],
                }
            )
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        for catatan in result.catatan:
            messages.warning(request, catatan)
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        t = result.totals
        messages.success(
            request,
            f"Impor {self.model._meta.verbose_name_plural} selesai: {t[RowResult.IMPORT_TYPE_NEW]} baru, "
            f"{t[RowResult.IMPORT_TYPE_UPDATE]} diubah, {t[RowResult.IMPORT_TYPE_SKIP]} tidak berubah.",
        )

    def generate_log_entries(self, result, request):
        """The admin's history (LogEntry) of each row written, in Indonesian."""
        for jenis, flag, pesan in (
            (RowResult.IMPORT_TYPE_NEW, ADDITION, "Ditambahkan lewat impor berkas."),
            (RowResult.IMPORT_TYPE_UPDATE, CHANGE, "Diubah lewat impor berkas."),
        ):
            objek = [r.instance for r in result.rows if r.import_type == jenis and r.instance is not None and r.instance.pk]
            if objek:
                LogEntry.objects.log_actions(request.user.pk, objek, flag, change_message=pesan, single_object=len(objek) == 1)

    def get_export_filename(self, request, queryset, file_format):
        return f"{slugify(self.model._meta.verbose_name_plural)}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def get_import_context_data(self, **kwargs):
        konteks = super().get_import_context_data(**kwargs)
        sumber = self.resource_classes[0]
        konteks["kolom_data_induk"] = [k.judul for k in sumber.kolom]
        konteks["petunjuk_data_induk"] = sumber.petunjuk
        return konteks


class SumberDaftarTahunan(SumberDataInduk):
    """A yearly reference list keyed by (year, code), written in bulk: the kode rekening list, the
    national nomenclature. Subclasses name the columns (``K_*``), declare the fields, and say how a
    row's code reads (``bersihkan``) and goes onto the record (``terapkan``)."""

    K_TAHUN = "Tahun"
    K_KODE = "Kode"
    massal = True

    def get_queryset(self):
        return self._meta.model.objects.order_by("tahun", "kode")

    def get_bulk_update_fields(self):
        return ["nama"]  # year and code are the key (and the level follows the code)

    def siapkan(self, dataset):
        tahun_berkas = {int(t) for t in (teks(v) for v in dataset[self.K_TAHUN]) if t.isascii() and t.isdigit()}
        self._ada = {(d.tahun, d.kode): d for d in self._meta.model.objects.filter(tahun__in=tahun_berkas)}

    def kunci(self, b):
        return [(self.K_KODE, (b["tahun"], b["kode"]))]

    def cari(self, b):
        return self._ada.get((b["tahun"], b["kode"]))
