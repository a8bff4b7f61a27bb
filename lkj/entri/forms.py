"""Forms of the entry pages. Numbers are typed the Indonesian way: "76,44", "1.234", "1.234,5"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from dasar import batas
from dasar.format import nilai_kinerja
from lkj.models import DaftarTeks
from renja.models import TRIWULAN_CHOICES

_RIBUAN = re.compile(r"^\d{1,3}(\.\d{3})+$")
_POLOS = re.compile(r"^\d+$")


def baca_angka(teks: str) -> Decimal:
    """Read an Indonesian number: comma for decimals, dot for thousands.

    "76,44" → 76.44 · "1.234" → 1234 · "1.234,5" → 1234.5 · "12" → 12.
    A dot that is not a thousands separator ("76.44") is refused rather than guessed:
    in an Indonesian office it may mean 7.644 or 76,44, and a wrong guess is silent.
    """
    s = (teks or "").strip().replace(" ", "").replace("\u00a0", "")
    if s.startswith("-"):
        raise ValidationError("Angka tidak boleh negatif.")
    if s.count(",") > 1:
        raise ValidationError("Gunakan satu koma untuk desimal, mis. 76,44.")
    bulat, _, pecahan = s.partition(",")
    if "," in s and not re.fullmatch(r"\d+", pecahan):
        raise ValidationError("Setelah koma hanya boleh angka, mis. 76,44.")
    if _RIBUAN.match(bulat):
        bulat = bulat.replace(".", "")
    elif not _POLOS.match(bulat):
        if "." in bulat:
            raise ValidationError("Gunakan koma untuk desimal (76,44) dan titik hanya untuk ribuan (1.234).")
        raise ValidationError("Isi dengan angka, mis. 12 atau 76,44.")
    try:
        return Decimal(f"{bulat}.{pecahan}" if pecahan else bulat)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digits
        raise ValidationError("Isi dengan angka, mis. 12 atau 76,44.")


class AngkaField(forms.CharField):
    """A text input (so a phone shows the comma key) that yields a Decimal."""

    def __init__(self, *args, bulat=False, **kwargs):
        self.bulat = bulat
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "class": "form-control form-control-sm angka"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        angka = baca_angka(value)
        if angka >= Decimal("1e14"):
            raise ValidationError("Angka terlalu besar.")
        if self.bulat and angka != angka.to_integral_value():
            raise ValidationError("Isi bilangan bulat (jumlah kegiatan), tanpa koma.")
        return angka

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return nilai_kinerja(value) if value == value.quantize(Decimal("0.01")) else f"{value.normalize():f}".replace(".", ",")
        return value


class PeriodeForm(forms.Form):
    tahun = forms.IntegerField(
        label="Tahun", min_value=2000, max_value=2100, error_messages={"invalid": "Tahun harus berupa angka, mis. 2025."}
    )
    triwulan = forms.TypedChoiceField(label="Triwulan", choices=TRIWULAN_CHOICES, coerce=int)


# The hidden version a page carries; missing or altered means the page is stale or was tampered with.
_PESAN_VERSI = "Formulir ini kedaluwarsa atau rusak; muat ulang halaman lalu isi kembali."
VERSI_RUSAK = {"required": _PESAN_VERSI, "invalid": _PESAN_VERSI, "min_value": _PESAN_VERSI}


class RealisasiForm(forms.Form):
    """One indicator row: a value, or (persentase only) pembilang and penyebut."""

    nilai = AngkaField(label="Realisasi s.d. triwulan ini")
    pembilang = AngkaField(label="Pembilang")
    penyebut = AngkaField(label="Penyebut")
    catatan = forms.CharField(
        label="Catatan sumber data",
        required=False,
        max_length=batas.CATATAN,
        widget=forms.Textarea(attrs={"rows": 1, "class": "form-control form-control-sm"}),
    )
    versi = forms.IntegerField(widget=forms.HiddenInput, min_value=0, error_messages=VERSI_RUSAK)

    def __init__(self, *args, persentase=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.persentase = persentase
        if not persentase:
            del self.fields["pembilang"]
            del self.fields["penyebut"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        nilai = data.get("nilai")
        pembilang, penyebut = data.get("pembilang"), data.get("penyebut")
        if pembilang is not None or penyebut is not None:
            if nilai is not None:
                raise ValidationError("Isi nilai persentase, atau pembilang dan penyebut — tidak keduanya.")
            if pembilang is None:
                self.add_error("pembilang", "Pembilang wajib diisi bila penyebut diisi.")
            if penyebut is None:
                self.add_error("penyebut", "Penyebut wajib diisi bila pembilang diisi.")
            elif penyebut == 0:
                self.add_error("penyebut", "Penyebut harus lebih dari nol.")
        elif nilai is None:
            self.add_error("nilai", "Isi realisasi s.d. triwulan ini.")
        return data


class AktivitasForm(forms.Form):
    """Done counts (cumulative) of each aktivitas of a kegiatan; one field and one version per aktivitas."""

    def __init__(self, *args, aktivitas, **kwargs):
        super().__init__(*args, **kwargs)
        self.aktivitas = aktivitas
        for a in aktivitas:
            self.fields[f"aktivitas_{a.aktivitas.pk}"] = AngkaField(label=a.aktivitas.uraian, bulat=True)
            self.fields[f"versi_{a.aktivitas.pk}"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0, error_messages=VERSI_RUSAK)

    def clean(self):
        data = super().clean()
        for a in self.aktivitas:
            nama = f"aktivitas_{a.aktivitas.pk}"
            if nama in data and data[nama] is None:
                self.add_error(nama, "Isi jumlah terlaksana (0 bila belum ada).")
        return data

    def terlaksana(self):
        return {a.aktivitas.pk: int(self.cleaned_data[f"aktivitas_{a.aktivitas.pk}"]) for a in self.aktivitas}

    def versi(self):
        return {a.aktivitas.pk: self.cleaned_data[f"versi_{a.aktivitas.pk}"] for a in self.aktivitas}


class BuktiForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas bukti (PDF, JPG, PNG)",
        error_messages={"required": "Pilih berkas bukti dukung."},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png", "class": "form-control form-control-sm"}
        ),
    )
    keterangan = forms.CharField(
        label="Keterangan", required=False, max_length=200, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )


def _daftar(teks: str) -> list[str]:
    return [baris.strip().lstrip("-•*").strip() for baris in (teks or "").splitlines() if baris.strip().lstrip("-•*").strip()]


# A whole list as typed: every item at its limit, one line each.
_NARASI_MAKS = batas.NARASI_JUMLAH_BUTIR * (batas.NARASI_BUTIR + 2)


def _bidang_daftar(label):
    return forms.CharField(label=label, required=False, max_length=_NARASI_MAKS, widget=forms.Textarea(attrs={"rows": 4}))


def _bidang_teks(label, batas_teks, baris=6):
    return forms.CharField(
        label=label,
        required=False,
        max_length=batas_teks,
        widget=forms.Textarea(attrs={"rows": baris, "class": "form-control"}),
        help_text=f"Paling banyak {batas_teks:,} karakter.".replace(",", "."),
    )


class NarasiForm(forms.Form):
    """The narrative: the typed paragraphs and the lists, one item per line (at most 30 items of 1.000 characters).

    ``opd=True`` is the OPD LKj's narrative (BAB I's general description, tupoksi, aspek strategis and
    permasalahan utama besides); an individual report has latar belakang, the four lists and penutup.
    """

    BIDANG = ("faktor_pendukung", "faktor_penghambat", "upaya", "rencana_tindak_lanjut")
    BIDANG_OPD = ("permasalahan_utama",)
    TEKS = ("latar_belakang", "penutup")
    TEKS_OPD = ("gambaran_umum", "tupoksi", "aspek_strategis")
    latar_belakang = _bidang_teks("Latar belakang / uraian tugas pokok dan fungsi (BAB I)", batas.NARASI_TEKS)
    gambaran_umum = _bidang_teks("Gambaran umum (BAB I C, sebelum susunan organisasi)", batas.NARASI_TEKS)
    tupoksi = _bidang_teks("Tugas pokok dan fungsi camat dan setiap unit (BAB I C)", batas.NARASI_TUPOKSI, 10)
    aspek_strategis = _bidang_teks("Aspek strategis organisasi (BAB I D)", batas.NARASI_TEKS, 4)
    permasalahan_utama = _bidang_daftar("Permasalahan utama (BAB I E)")
    faktor_pendukung = _bidang_daftar("Faktor pendukung")
    faktor_penghambat = _bidang_daftar("Faktor penghambat")
    upaya = _bidang_daftar("Upaya / solusi")
    rencana_tindak_lanjut = _bidang_daftar("Rencana tindak lanjut")
    # The version the page was opened at; the service refuses a save against a newer one.
    versi = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Versi narasi tidak terkirim; muat ulang halaman lalu simpan lagi.",
            "invalid": "Versi narasi tidak dikenal; muat ulang halaman lalu simpan lagi.",
        },
    )

    penutup = _bidang_teks("Penutup (BAB penutup)", batas.NARASI_TEKS, 4)

    def __init__(self, *args, opd=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.opd = opd
        if not opd:
            for nama in (*self.TEKS_OPD, *self.BIDANG_OPD):
                del self.fields[nama]
        for nama in self.bidang_daftar:
            f = self.fields[nama]
            f.widget.attrs["class"] = "form-control"
            f.help_text = (
                f"Satu butir per baris; paling banyak {batas.NARASI_JUMLAH_BUTIR} butir, "
                f"masing-masing {batas.NARASI_BUTIR:,} karakter.".replace(",", ".")
            )

    def clean(self):
        data = super().clean()

        for b in self.bidang_daftar:
            if b in data:
                try:
                    DaftarTeks()(_daftar(data[b]))
                except ValidationError as e:
                    self.add_error(b, e)
        return data

    @property
    def bidang_daftar(self) -> tuple:
        return self.BIDANG + (self.BIDANG_OPD if self.opd else ())

    @property
    def bidang_teks(self) -> tuple:
        return self.TEKS + (self.TEKS_OPD if self.opd else ())

    def daftar(self) -> dict[str, list[str]]:
        """The lists that were posted. The service empties a missing one of the four lists every report has, and
        leaves the OPD's own list (``permasalahan_utama``) as saved when a form does not carry it."""
        return {b: _daftar(self.cleaned_data[b]) for b in self.bidang_daftar if b in self.data}

    def teks(self) -> dict[str, str]:
        """The typed paragraphs that were posted (a form without them leaves the saved text as it is)."""
        return {b: self.cleaned_data[b] for b in self.bidang_teks if b in self.data}

    @classmethod
    def dari_narasi(cls, narasi, opd=False):
        if narasi is None:
            return cls(initial={"versi": 0}, opd=opd)
        daftar = cls.BIDANG + (cls.BIDANG_OPD if opd else ())
        teks = cls.TEKS + (cls.TEKS_OPD if opd else ())
        return cls(
            initial={
                "versi": narasi.versi,
                **{b: "\n".join(getattr(narasi, b) or []) for b in daftar},
                **{b: getattr(narasi, b) for b in teks},
            },
            opd=opd,
        )


class DokumentasiForm(forms.Form):
    foto = forms.FileField(
        label="Foto (JPG atau PNG)",
        error_messages={"required": "Pilih foto."},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png", "class": "form-control"}),
    )
    keterangan = forms.CharField(
        label="Keterangan foto",
        max_length=300,
        error_messages={"required": "Tulis keterangan foto."},
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    tanggal = forms.DateField(
        label="Tanggal kegiatan",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        error_messages={"required": "Isi tanggal kegiatan.", "invalid": "Tanggal tidak dikenal; gunakan hh/bb/tttt."},
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
