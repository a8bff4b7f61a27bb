"""The pemda workbook: one .xlsx holding a pemda's OPDs (sheet "OPD") and their operators (sheet
"Operator"), read, previewed and written in one transaction by the pemda's administrator.

The page (``organisasi.views``) and ``manage.py impor_pemda`` share these three steps:

* :func:`baca_buku_pemda` reads the file (checked before openpyxl parses it: size, zip, no XML bombs);
  headers are matched by their text, so reordered or extra columns are fine;
* :func:`buku_pemda_pratinjau` says, per sheet and row, what would be created, updated or left, and every
  refusal with its sheet, row and column; it writes nothing;
* :func:`buku_pemda_impor` runs the same preview again inside the transaction and writes only when it
  refuses nothing: one refusal anywhere writes nothing at all.

Decisions (said on the page too):

* An OPD code already of this pemda is **updated** in name, nama pendek, jenis and alamat; an empty
  optional cell leaves the stored value. Nothing else of it changes (its units, jabatan, figures), and an
  unchanged row writes nothing, so importing the same file twice changes nothing. A code of another
  pemda is refused (codes are unique across the server) without naming that pemda's OPD.
* The kode urusan is the code's first two parts (``7.01.0.00.0.00.21.0000`` → ``7.01``), as SIPD builds it.
* An operator's account is created **without a usable password**; the administrator hands each new
  operator a one-time link to set his own (Django's password-reset token: valid ``PASSWORD_RESET_TIMEOUT``,
  void once a password is set). No password is generated, shown, stored or logged.
* An existing account is reused only when the administrator could manage it in the admin
  (``organisasi.admin.akun_dikelola``: an operator of this pemda, or an account given nothing yet); its
  name and address are left as they are, it only gains the OPD. A superuser's, a pegawai's or a pemda
  role's account, and any account of another pemda, is refused.

PerangkatDaerah is ``DataTercetak``: every OPD is saved one by one, so its data stamp moves as for any
save in the admin.
"""

from __future__ import annotations

import io
import re
import smtplib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from dasar.xlsx import Kesalahan, tambah_baris
from organisasi.akses import pemda_dikelola
from organisasi.impor_ekspor import BerkasDitolak, _periksa_berkas, teks
from organisasi.models import JenisOpd, OperatorOpd, Pegawai, Pemda, PerangkatDaerah, PeranPemda

LEMBAR_OPD, LEMBAR_OPERATOR, LEMBAR_PETUNJUK = "OPD", "Operator", "Petunjuk"
BATAS_BARIS = 2000  # a kabupaten has about 60 OPDs; a sheet this long is not a pemda's list
_RE_KODE = re.compile(r"^\d\.\d{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}$")  # organisasi.models.kode_opd_validator


@dataclass(frozen=True)
class Kolom:
    field: str
    judul: str
    wajib: bool
    batas: int
    keterangan: str
    contoh: str
    alias: tuple[str, ...] = ()


KOLOM = {
    LEMBAR_OPD: (
        Kolom(
            "kode",
            "Kode OPD",
            True,
            30,
            "Kode SIPD organisasi; dua bagian pertamanya menjadi kode urusan.",
            "7.01.0.00.0.00.22.0000",
            ("kode",),
        ),
        Kolom("nama", "Nama", True, 120, "Nama lengkap perangkat daerah.", "Kecamatan Klakah"),
        Kolom("nama_pendek", "Nama pendek", False, 60, "Boleh kosong.", "Klakah"),
        Kolom(
            "jenis",
            "Jenis",
            False,
            20,
            "Salah satu: " + ", ".join(JenisOpd.values) + ". Kosong: ditentukan dari nama (Kecamatan …, Dinas …, Badan …).",
            "kecamatan",
        ),
        Kolom("alamat", "Alamat", False, 200, "Boleh kosong.", "Jl. Raya Klakah No. 1"),
    ),
    LEMBAR_OPERATOR: (
        Kolom(
            "username",
            "Nama pengguna",
            True,
            150,
            "Untuk masuk ke LKj: huruf, angka dan . @ + - _ tanpa spasi.",
            "op.klakah",
            ("username",),
        ),
        Kolom("nama", "Nama lengkap", True, 150, "Nama operator.", "Siti Aminah"),
        Kolom("email", "Surel", False, 254, "Alamat surel operator; boleh kosong.", "siti.aminah@lumajangkab.go.id", ("email",)),
        Kolom(
            "kode_opd",
            "Kode OPD",
            True,
            30,
            "Kode OPD yang dioperasikannya: dari lembar OPD atau yang sudah ada di pemda ini.",
            "7.01.0.00.0.00.22.0000",
        ),
    ),
}


class BukuPemdaDitolak(Exception):
    """Nothing was written; ``kesalahan`` names every refusal with its sheet, row and column."""

    def __init__(self, kesalahan: list[Kesalahan]):
        self.kesalahan = list(kesalahan)
        super().__init__("; ".join(map(str, self.kesalahan)))


@dataclass
class BukuPemda:
    """What the file holds: per sheet ``(row number, {field: text})``, and the refusals of its layout."""

    baris: dict[str, list[tuple[int, dict[str, str]]]]
    kesalahan: list[Kesalahan]


@dataclass
class BarisOpd:
    baris: int
    kode: str
    nama: str
    nama_pendek: str
    jenis: str
    alamat: str
    keadaan: str = "ditolak"  # baru · diperbarui · tetap · ditolak
    perubahan: list[str] = field(default_factory=list)
    opd: PerangkatDaerah | None = None
    galat: list[Kesalahan] = field(default_factory=list)


@dataclass
class BarisOperator:
    baris: int
    username: str
    nama: str
    email: str
    kode_opd: str
    keadaan: str = "ditolak"  # baru (new account) · ditugaskan (existing account, new OPD) · tetap · ditolak
    user: object = None
    galat: list[Kesalahan] = field(default_factory=list)


@dataclass
class Pratinjau:
    pemda: Pemda
    opd: list[BarisOpd]
    operator: list[BarisOperator]
    kesalahan: list[Kesalahan]

    @property
    def bisa_diimpor(self) -> bool:
        return not self.kesalahan and bool(self.opd or self.operator)

    def _jumlah(self, baris) -> dict[str, int]:
        hasil: dict[str, int] = {}
        for b in baris:
            hasil[b.keadaan] = hasil.get(b.keadaan, 0) + 1
        return hasil

    @property
    def akun_baru(self) -> int:
        """Accounts to create: a new username on several rows (one operator, several OPDs) is one account."""
        return len({b.username for b in self.operator if b.keadaan == "baru"})

    @property
    def jumlah_opd(self) -> dict[str, int]:
        return self._jumlah(self.opd)

    @property
    def jumlah_operator(self) -> dict[str, int]:
        return self._jumlah(self.operator)


@dataclass
class HasilImpor:
    pratinjau: Pratinjau
    # every account of the file still without a usable password (new ones, and earlier ones never set): each
    # needs its one-time link
    tanpa_sandi: list = field(default_factory=list)


# --- the template ------------------------------------------------------------------------------


def templat_buku_pemda() -> bytes:
    """The blank workbook: sheets OPD and Operator with their header row (the jenis column offers its
    values), and a Petunjuk sheet explaining each column with an example row. The data sheets hold no
    example, so uploading the template unchanged creates nothing."""
    wb = Workbook()
    wb.remove(wb.active)
    tebal, isi_kepala = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for nama, kolom in KOLOM.items():
        ws = wb.create_sheet(nama)
        tambah_baris(ws, [k.judul + (" *" if k.wajib else "") for k in kolom])
        for i, k in enumerate(kolom, start=1):
            c = ws.cell(row=1, column=i)
            c.font, c.fill = tebal, isi_kepala
            ws.column_dimensions[c.column_letter].width = max(14, min(40, len(k.contoh) + 6))
            if k.field == "jenis":
                dv = DataValidation(type="list", formula1='"' + ",".join(JenisOpd.values) + '"', allow_blank=True)
                dv.error = "Pilih salah satu jenis perangkat daerah."
                ws.add_data_validation(dv)
                dv.add(f"{c.column_letter}2:{c.column_letter}{BATAS_BARIS + 1}")
            if k.field in ("kode", "kode_opd"):
                ws.column_dimensions[c.column_letter].number_format = "@"  # text: Excel never makes a code a number
        ws.freeze_panes = "A2"
    ws = wb.create_sheet(LEMBAR_PETUNJUK)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 22, 70, 30
    tambah_baris(ws, ["Buku pemda: perangkat daerah dan operatornya"])
    ws["A1"].font = Font(bold=True, size=13)
    for teks_petunjuk in (
        "Isi lembar OPD (satu baris per perangkat daerah) dan lembar Operator (satu baris per operator per OPD), mulai baris 2.",
        "Kolom bertanda * wajib diisi. Judul kolom di baris 1 jangan diubah; urutan kolom boleh berbeda.",
        "Kode OPD yang sudah ada di pemda Anda diperbarui nama, nama pendek, jenis dan alamatnya; sel kosong membiarkan nilai tersimpan.",
        "Operator baru dibuat tanpa kata sandi: setelah impor, LKj menampilkan tautan sekali pakai untuk mengatur kata sandinya.",
        "Bila satu baris ditolak, tidak ada yang disimpan; pratinjau menyebut lembar, baris dan kolomnya.",
    ):
        tambah_baris(ws, [None, teks_petunjuk])
    for nama, kolom in KOLOM.items():
        tambah_baris(ws, [])
        tambah_baris(ws, [f"Lembar {nama}", "Keterangan", "Contoh isi"])
        for c in ws[ws.max_row]:
            c.font = tebal
        for k in kolom:
            tambah_baris(ws, [k.judul + (" *" if k.wajib else ""), k.keterangan, k.contoh])
    for row in ws.iter_rows():
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading -----------------------------------------------------------------------------------


def _norm(s) -> str:
    return re.sub(r"\s+", " ", teks(s)).rstrip("*").strip().lower()


def baca_buku_pemda(isi: bytes) -> BukuPemda:
    """The rows of sheets OPD and Operator, each cell as text. Raises ``BerkasDitolak`` when the file is
    not a sane .xlsx; a missing sheet, a missing column or too many rows is a ``Kesalahan`` of the result."""
    _periksa_berkas(isi)
    try:
        wb = load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a malformed package
        raise BerkasDitolak("Berkas Excel (.xlsx) ini tidak dapat dibaca; simpan ulang dari Excel lalu unggah lagi.") from None
    kesalahan: list[Kesalahan] = []
    hasil: dict[str, list[tuple[int, dict[str, str]]]] = {nama: [] for nama in KOLOM}
    try:
        ada = {_norm(n): n for n in wb.sheetnames}
        for nama, kolom in KOLOM.items():
            if _norm(nama) not in ada:
                kesalahan.append(Kesalahan(nama, None, None, "lembar ini tidak ada; pakai templat dari halaman Buku pemda."))
                continue
            baris_iter = wb[ada[_norm(nama)]].iter_rows(values_only=True)
            kepala = next(baris_iter, None) or ()
            posisi = {_norm(h): i for i, h in enumerate(kepala) if teks(h)}
            idx = {}
            for k in kolom:
                i = next((posisi[_norm(j)] for j in (k.judul, *k.alias) if _norm(j) in posisi), None)
                if i is None:
                    kesalahan.append(Kesalahan(nama, 1, k.judul, "judul kolom ini tidak ditemukan di baris 1."))
                else:
                    idx[k.field] = i
            if len(idx) < len(kolom):
                continue
            for nomor, nilai in enumerate(baris_iter, start=2):
                if all(not teks(v) for v in nilai):
                    continue
                if len(hasil[nama]) >= BATAS_BARIS:
                    kesalahan.append(Kesalahan(nama, nomor, None, f"lebih dari {BATAS_BARIS} baris; bagi berkas ini menjadi beberapa."))
                    break
                hasil[nama].append((nomor, {f: teks(nilai[i]) if i < len(nilai) else "" for f, i in idx.items()}))
    finally:
        wb.close()
    return BukuPemda(hasil, kesalahan)


# --- the preview -------------------------------------------------------------------------------


def _jenis(nilai: str) -> str | None:
    """A jenis cell as its stored value, by value or label, any case; None when it is none of them."""
    t = nilai.strip().lower()
    for value, label in JenisOpd.choices:
        if t in (value, str(label).lower()):
            return value
    return None


def _periksa_panjang(galat, lembar: str, nomor: int, kolom: tuple[Kolom, ...], row: dict[str, str]) -> None:
    for k in kolom:
        v = row[k.field]
        if k.wajib and not v:
            galat(Kesalahan(lembar, nomor, k.judul, "wajib diisi."))
        elif len(v) > k.batas:
            galat(Kesalahan(lembar, nomor, k.judul, f"paling banyak {k.batas} karakter; terisi {len(v)}."))


def buku_pemda_pratinjau(*, pemda: Pemda, buku: BukuPemda) -> Pratinjau:
    """Every row of the file against the database, writing nothing: per row its state and what changes,
    and every refusal with sheet, row and column. Queries do not grow with the rows (five at most)."""
    kesalahan = list(buku.kesalahan)
    galat = kesalahan.append
    kol_opd, kol_op = KOLOM[LEMBAR_OPD], KOLOM[LEMBAR_OPERATOR]
    j = {k.field: k.judul for k in (*kol_opd, *kol_op)}
    judul_opd = {k.field: k.judul for k in kol_opd}
    judul_op = {k.field: k.judul for k in kol_op}

    opd_rows: list[BarisOpd] = []
    for nomor, row in buku.baris[LEMBAR_OPD]:
        opd_rows.append(BarisOpd(nomor, row["kode"], row["nama"], row["nama_pendek"], row["jenis"], row["alamat"]))
    op_rows = [
        BarisOperator(nomor, row["username"], row["nama"], row["email"], row["kode_opd"]) for nomor, row in buku.baris[LEMBAR_OPERATOR]
    ]

    kode_semua = {b.kode for b in opd_rows if b.kode} | {b.kode_opd for b in op_rows if b.kode_opd}
    tersimpan = {o.kode: o for o in PerangkatDaerah.objects.filter(kode__in=kode_semua)}

    # --- sheet OPD
    di_berkas: dict[str, int] = {}
    for b, (_, row) in zip(opd_rows, buku.baris[LEMBAR_OPD]):
        n = len(kesalahan)
        _periksa_panjang(galat, LEMBAR_OPD, b.baris, kol_opd, row)
        if b.kode and not _RE_KODE.fullmatch(b.kode):
            galat(Kesalahan(LEMBAR_OPD, b.baris, judul_opd["kode"], f"'{b.kode}' bukan kode SIPD; tulis seperti 7.01.0.00.0.00.21.0000."))
        elif b.kode in di_berkas:
            galat(
                Kesalahan(
                    LEMBAR_OPD,
                    b.baris,
                    judul_opd["kode"],
                    f"kode {b.kode} sudah tertulis di baris {di_berkas[b.kode]}; satu kode satu baris.",
                )
            )
        elif b.kode:
            di_berkas[b.kode] = b.baris
            o = tersimpan.get(b.kode)
            if o is not None and o.pemda_id != pemda.pk:
                galat(
                    Kesalahan(
                        LEMBAR_OPD, b.baris, judul_opd["kode"], f"kode {b.kode} sudah dipakai perangkat daerah pemda lain; periksa kodenya."
                    )
                )
        jenis = _jenis(b.jenis) if b.jenis else ""
        if jenis is None:
            galat(
                Kesalahan(
                    LEMBAR_OPD,
                    b.baris,
                    judul_opd["jenis"],
                    f"jenis '{b.jenis}' tidak dikenal; pilih salah satu: {', '.join(JenisOpd.values)}.",
                )
            )
        else:
            b.jenis = jenis
        if len(kesalahan) > n:
            continue
        o = tersimpan.get(b.kode)
        if o is None:
            b.keadaan = "baru"
            continue
        b.opd = o
        for f in ("nama", "nama_pendek", "jenis", "alamat"):
            baru = getattr(b, f)
            if baru and baru != getattr(o, f):
                b.perubahan.append(f"{judul_opd[f]}: '{getattr(o, f)}' → '{baru}'")
        b.keadaan = "diperbarui" if b.perubahan else "tetap"

    # --- sheet Operator
    User = get_user_model()
    nama_user = {b.username for b in op_rows if b.username}
    akun = {u.username: u for u in User.objects.filter(username__in=nama_user)}
    ids = [u.pk for u in akun.values()]
    peran = {}
    for uid, pemda_id in PeranPemda.objects.filter(user_id__in=ids).values_list("user_id", "pemda_id"):
        peran.setdefault(uid, set()).add(pemda_id)
    pegawai = dict(Pegawai.objects.filter(user_id__in=ids).values_list("user_id", "pemda_id"))
    tugas: dict[int, set] = {}
    for uid, opd_id, pemda_id in OperatorOpd.objects.filter(user_id__in=ids).values_list("user_id", "opd_id", "opd__pemda_id"):
        tugas.setdefault(uid, set()).add((opd_id, pemda_id))

    pertama: dict[str, BarisOperator] = {}
    pasangan: dict[tuple[str, str], int] = {}
    validasi_username = UnicodeUsernameValidator()
    for b, (_, row) in zip(op_rows, buku.baris[LEMBAR_OPERATOR]):
        n = len(kesalahan)
        _periksa_panjang(galat, LEMBAR_OPERATOR, b.baris, kol_op, row)
        if b.username:
            try:
                validasi_username(b.username)
            except ValidationError:
                galat(
                    Kesalahan(
                        LEMBAR_OPERATOR,
                        b.baris,
                        j["username"],
                        f"'{b.username}' bukan nama pengguna yang sah: hanya huruf, angka dan . @ + - _ tanpa spasi.",
                    )
                )
        if b.email:
            try:
                validate_email(b.email)
            except ValidationError:
                galat(
                    Kesalahan(
                        LEMBAR_OPERATOR,
                        b.baris,
                        judul_op["email"],
                        f"'{b.email}' bukan alamat surel yang sah, mis. nama@lumajangkab.go.id.",
                    )
                )
        if b.kode_opd:
            o = tersimpan.get(b.kode_opd)
            if b.kode_opd not in di_berkas and (o is None or o.pemda_id != pemda.pk):
                galat(
                    Kesalahan(
                        LEMBAR_OPERATOR,
                        b.baris,
                        judul_op["kode_opd"],
                        f"perangkat daerah {b.kode_opd} tidak ada di lembar OPD maupun di {pemda.nama}.",
                    )
                )
        if b.username and b.kode_opd:
            if (b.username, b.kode_opd) in pasangan:
                galat(
                    Kesalahan(
                        LEMBAR_OPERATOR,
                        b.baris,
                        j["username"],
                        f"{b.username} sudah ditugaskan ke {b.kode_opd} di baris {pasangan[(b.username, b.kode_opd)]}.",
                    )
                )
            pasangan.setdefault((b.username, b.kode_opd), b.baris)
        awal = pertama.setdefault(b.username, b) if b.username else b
        if awal is not b and (awal.nama, awal.email) != (b.nama, b.email):
            galat(
                Kesalahan(
                    LEMBAR_OPERATOR,
                    b.baris,
                    judul_op["nama"],
                    f"{b.username} tertulis dengan nama atau surel lain di baris {awal.baris}; satu akun satu nama dan surel.",
                )
            )
        u = akun.get(b.username)
        if u is not None:
            pemda_lain = (
                {p for _, p in tugas.get(u.pk, ())} | peran.get(u.pk, set()) | ({pegawai[u.pk]} if u.pk in pegawai else set())
            ) - {pemda.pk}
            if pemda_lain:
                galat(
                    Kesalahan(
                        LEMBAR_OPERATOR,
                        b.baris,
                        j["username"],
                        f"nama pengguna {b.username} sudah dipakai pengguna pemda lain; pilih nama lain.",
                    )
                )
            elif u.is_superuser or u.pk in peran or u.pk in pegawai:
                siapa = "superuser" if u.is_superuser else ("akun peran pemda" if u.pk in peran else "akun pegawai")
                galat(
                    Kesalahan(
                        LEMBAR_OPERATOR,
                        b.baris,
                        j["username"],
                        f"nama pengguna {b.username} milik {siapa} yang tidak dapat dijadikan operator lewat buku pemda; pilih nama lain.",
                    )
                )
        if len(kesalahan) > n:
            continue
        b.user = u
        if u is None:
            b.keadaan = "baru"
        else:
            o = tersimpan.get(b.kode_opd)
            b.keadaan = "tetap" if o is not None and (o.pk, pemda.pk) in tugas.get(u.pk, set()) else "ditugaskan"
    kesalahan.sort(key=lambda k: (list(KOLOM).index(k.lembar) if k.lembar in KOLOM else 9, k.baris or 0))
    for lembar, rows in ((LEMBAR_OPD, opd_rows), (LEMBAR_OPERATOR, op_rows)):
        per_baris = {b.baris: b for b in rows}
        for k in kesalahan:
            if k.lembar == lembar and k.baris in per_baris:
                per_baris[k.baris].galat.append(k)
    return Pratinjau(pemda, opd_rows, op_rows, kesalahan)


# --- writing -----------------------------------------------------------------------------------


def buku_pemda_impor(*, pemda: Pemda, buku: BukuPemda, oleh=None) -> HasilImpor:
    """Create and update the file's OPDs, create its operators' accounts (no usable password) and their
    ``OperatorOpd`` rows, all in one transaction; raise ``BukuPemdaDitolak`` (nothing written) on any refusal.

    ``oleh`` (the page's user; None for a command) must administer ``pemda`` (``PermissionDenied``). The
    preview runs again inside the transaction with the pemda's row locked, so two confirms of one pemda
    queue, and what is written is what the database holds at that moment; an account or code taken by
    someone else in between is a refusal, never a half-written file.
    """
    if oleh is not None and not pemda_dikelola(oleh).filter(pk=pemda.pk).exists():
        raise PermissionDenied("Hanya administrator pemda ini yang dapat mengimpor buku pemdanya.")
    User = get_user_model()
    try:
        with transaction.atomic():
            Pemda.objects.select_for_update().filter(pk=pemda.pk).first()
            p = buku_pemda_pratinjau(pemda=pemda, buku=buku)
            if p.kesalahan:
                raise BukuPemdaDitolak(p.kesalahan)
            opd = {}
            for b in p.opd:
                if b.keadaan == "baru":
                    o = PerangkatDaerah(
                        pemda=pemda,
                        kode=b.kode,
                        kode_urusan=b.kode[:4],
                        nama=b.nama,
                        nama_pendek=b.nama_pendek,
                        jenis=b.jenis,
                        alamat=b.alamat,
                    )
                    o.save()
                    b.opd = o
                elif b.keadaan == "diperbarui":
                    for f in ("nama", "nama_pendek", "jenis", "alamat"):
                        if getattr(b, f):
                            setattr(b.opd, f, getattr(b, f))
                    b.opd.save(update_fields=["nama", "nama_pendek", "jenis", "alamat"])
                opd[b.kode] = b.opd
            sisa = [b.kode_opd for b in p.operator if b.kode_opd not in opd]
            opd.update({o.kode: o for o in PerangkatDaerah.objects.filter(pemda=pemda, kode__in=sisa)})
            akun = {}
            for b in p.operator:
                u = akun.get(b.username) or b.user
                if u is None:
                    u = User(username=b.username, first_name=b.nama, email=b.email)
                    u.set_unusable_password()
                    u.save()
                akun[b.username] = b.user = u
                if b.keadaan != "tetap":
                    OperatorOpd.objects.get_or_create(user=u, opd=opd[b.kode_opd])
    except IntegrityError:
        raise BukuPemdaDitolak(
            [
                Kesalahan(
                    LEMBAR_OPD,
                    None,
                    None,
                    "data pemda berubah bersamaan dengan impor ini (kode atau nama pengguna baru dipakai); buat pratinjau lagi.",
                )
            ]
        ) from None
    tanpa_sandi = sorted((u for u in akun.values() if not u.has_usable_password()), key=lambda u: u.username)
    return HasilImpor(p, tanpa_sandi)


def tautan_atur_sandi(user) -> str:
    """The path of the one-time page where ``user`` sets his password (Django's reset-confirm view and token).

    The token hashes the account's password and last login: it stops working once a password is set, and
    after ``PASSWORD_RESET_TIMEOUT``. It is made when shown and never stored."""
    return reverse("password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)])


# --- the links by mail ----------------------------------------------------------------------------


@dataclass
class KirimanTautan:
    """One new operator's one-time link and what became of mailing it: ``terkirim``, ``tanpa_surel`` (the
    account has no address), ``gagal`` (``pesan`` says why) or ``tidak_dikirim`` (mail off, or not asked)."""

    user: object
    tautan: str
    status: str = "tidak_dikirim"
    pesan: str = ""


def _surat_tautan(u, tautan: str, pemda: Pemda, opd: list[str], alamat_masuk: str) -> EmailMessage:
    jam = settings.PASSWORD_RESET_TIMEOUT // 3600
    badan = (
        f"Yth. {u.first_name or u.username},\n\n"
        f"Anda didaftarkan sebagai operator LKj {pemda.nama} untuk {', '.join(opd) or 'perangkat daerah Anda'}.\n"
        f"Nama pengguna Anda: {u.username}\n\n"
        f"Buat kata sandi Anda sendiri lewat tautan berikut. Tautan ini hanya dapat dipakai sekali dan berlaku {jam} jam:\n"
        f"{tautan}\n\n"
        f"Setelah itu masuk di {alamat_masuk} dengan nama pengguna dan kata sandi tersebut.\n"
        "Bila tautan sudah kedaluwarsa, mintalah administrator pemda Anda membuat tautan baru.\n"
        "Bila Anda merasa tidak didaftarkan, abaikan surel ini.\n"
    )
    return EmailMessage(f"[LKj] Akun operator {pemda.nama}: buat kata sandi Anda", badan, None, [u.email])


# The page waits for the sending; past this many seconds in all, the rest are left for the administrator to hand
# over (a mail server that stalls on every message must not outlast gunicorn's 120 s and lose the page).
BATAS_KIRIM_DETIK = 60


def kirim_tautan_sandi(tautan: list[tuple[object, str]], *, pemda: Pemda, alamat_masuk: str, kirim: bool) -> list[KirimanTautan]:
    """Mail each new operator who has an address his one-time link (``kirim``: the administrator asked, and only
    where this server sends mail, ``LKJ_RESET_SUREL``, which every caller gets here), over one connection to the
    mail server, for at most ``BATAS_KIRIM_DETIK``; every account's outcome is returned, so the page says who
    got his link and whose to hand over.

    Sent after the import is committed: a refused address or an unreachable server changes nothing written,
    and the links stay on the page. The message holds the link itself, so nothing is stored."""
    hasil = [KirimanTautan(u, url) for u, url in tautan]
    if not kirim or not settings.LKJ_RESET_SUREL:
        return hasil
    opd = {}
    for o in OperatorOpd.objects.filter(user__in=[k.user for k in hasil], opd__pemda=pemda).select_related("opd").order_by("opd__kode"):
        opd.setdefault(o.user_id, []).append(o.opd.nama)
    beralamat = []
    for k in hasil:
        if k.user.email:
            beralamat.append(k)
        else:
            k.status = "tanpa_surel"
    if not beralamat:
        return hasil
    batas = time.monotonic() + BATAS_KIRIM_DETIK
    koneksi = get_connection(fail_silently=False)
    try:
        koneksi.open()
    except (OSError, smtplib.SMTPException) as exc:
        for k in beralamat:
            k.status, k.pesan = "gagal", f"server surel tidak dapat dihubungi ({type(exc).__name__})"
        return hasil
    try:
        for k in beralamat:
            if time.monotonic() > batas:
                k.status, k.pesan = "gagal", f"pengiriman dihentikan setelah {BATAS_KIRIM_DETIK} detik (server surel lambat)"
                continue
            try:
                koneksi.send_messages([_surat_tautan(k.user, k.tautan, pemda, opd.get(k.user.pk, []), alamat_masuk)])
                k.status = "terkirim"
            except smtplib.SMTPRecipientsRefused:
                k.status, k.pesan = "gagal", "alamat ditolak server surel"
            except (OSError, smtplib.SMTPException) as exc:
                k.status, k.pesan = "gagal", f"pengiriman gagal ({type(exc).__name__})"
    finally:
        try:
            koneksi.close()
        except (OSError, smtplib.SMTPException):
            pass
    return hasil
