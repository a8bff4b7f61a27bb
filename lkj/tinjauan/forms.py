from django import forms

from dasar import batas
from lkj.tinjauan.models import Tanggapan


class CatatanForm(forms.Form):
    catatan = forms.CharField(
        label="Catatan untuk atasan (opsional)",
        required=False,
        max_length=batas.CATATAN,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class TanggapanForm(forms.Form):
    tanggapan = forms.ChoiceField(
        label="Tanggapan Atasan Langsung",
        choices=Tanggapan.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Pilih salah satu tanggapan."},
    )
    keterangan = forms.CharField(
        label="Keterangan", required=False, max_length=batas.CATATAN, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class KembalikanE81Form(forms.Form):
    """Bappeda returns a signed E.81: the review's Tanggapan choices but "Laporan sudah baik" (that is the countersign), and a note."""

    tanggapan = forms.ChoiceField(
        label="Alasan pengembalian",
        choices=[(k, v) for k, v in Tanggapan.choices if k != Tanggapan.SUDAH_BAIK],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Pilih alasan pengembalian.", "invalid_choice": "Pilih alasan pengembalian dari daftar."},
    )
    keterangan = forms.CharField(
        label="Catatan untuk perangkat daerah",
        max_length=batas.CATATAN,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": "Tulis catatan untuk perangkat daerah: apa yang harus diperbaiki."},
    )


class TandatanganForm(forms.Form):
    alasan_pengecualian = forms.CharField(
        label="Alasan menandatangani walau belum semua LKj Individu ditandatangani",
        required=False,
        max_length=batas.CATATAN,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    # The OPD LKj is signed only from its confirm page (what freezes, which reports are unsigned).
    konfirmasi = forms.BooleanField(required=False, widget=forms.HiddenInput)


class BukaForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan membuka kembali",
        max_length=batas.CATATAN,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": "Tulis alasan membuka kembali laporan."},
    )


class VerifikasiForm(forms.Form):
    """The random code printed beside the QR code; never the document's (sequential) number."""

    kode = forms.CharField(
        label="Kode verifikasi",
        max_length=80,
        error_messages={"required": "Isi kode verifikasi yang tercetak pada dokumen."},
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "mis. ABCD-EF23", "autocomplete": "off"}),
    )


class UnggahForm(forms.Form):
    """A PDF to compare with a signed one (public page: no login, so size is capped before hashing)."""

    UKURAN_MAKS = 25 * 1024 * 1024

    berkas = forms.FileField(
        label="Berkas PDF yang ingin diperiksa",
        error_messages={"required": "Pilih berkas PDF yang ingin diperiksa.", "empty": "Berkas yang dipilih kosong."},
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "application/pdf"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > self.UKURAN_MAKS:
            raise forms.ValidationError(
                f"Berkas terlalu besar ({berkas.size // (1024 * 1024)} MB); dokumen LKj "
                f"bertanda tangan tidak lebih dari {self.UKURAN_MAKS // (1024 * 1024)} MB."
            )
        berkas.seek(0)
        kepala = berkas.read(5)
        berkas.seek(0)
        if kepala != b"%PDF-":
            raise forms.ValidationError("Berkas ini bukan PDF; unggah PDF yang Anda terima.")
        return berkas


class AuditForm(forms.Form):
    oleh = forms.TypedChoiceField(label="Orang", required=False, coerce=int, empty_value=None)
    dari = forms.DateField(label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    sampai = forms.DateField(
        label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    objek = forms.ChoiceField(
        label="Objek",
        required=False,
        choices=[
            ("", "Semua"),
            ("laporan", "Status laporan"),
            ("realisasi", "Realisasi indikator"),
            ("aktivitas", "Realisasi aktivitas"),
            ("bukti", "Bukti dukung"),
            ("narasi", "Narasi"),
            ("perencanaan", "Target dan Perjanjian Kinerja"),
            ("lra", "Unggahan LRA"),
        ],
    )

    def __init__(self, *a, orang=(), **kw):
        super().__init__(*a, **kw)
        self.fields["oleh"].choices = [("", "Semua")] + list(orang)
        self.fields["oleh"].widget.attrs["class"] = "form-select"
        self.fields["objek"].widget.attrs["class"] = "form-select"
