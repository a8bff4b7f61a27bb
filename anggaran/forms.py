from django import forms

from anggaran.lra import BATAS_BAKU
from anggaran.models import BULAN_CHOICES


class UnggahLraForm(forms.Form):
    opd = forms.ChoiceField(label="Perangkat daerah", widget=forms.Select(attrs={"class": "form-select"}))
    berkas = forms.FileField(
        label="Berkas LRA (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        error_messages={"required": "Pilih berkas LRA (.xlsx) yang diunduh dari SIPD."},
    )
    tahun = forms.IntegerField(
        label="Tahun (bila tidak ada di judul berkas)",
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={"invalid": "Tahun harus berupa angka, mis. 2025."},
    )
    bulan = forms.TypedChoiceField(
        label="Bulan (bila tidak ada di judul berkas)",
        choices=[("", "— dari judul berkas —"), *BULAN_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, opd_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [(o.kode, o.nama) for o in opd_qs]

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > BATAS_BAKU.ukuran_berkas:
            batas = BATAS_BAKU.ukuran_berkas // (1024 * 1024)
            raise forms.ValidationError(f"Berkas {berkas.name} melebihi batas {batas} MiB.")
        return berkas


class UnggahLraKabupatenForm(forms.Form):
    """A kabupaten-wide LRA: the pemda whose OPDs the file holds, the file, and the period if its title lacks it."""

    pemda = forms.ChoiceField(label="Pemerintah daerah", widget=forms.Select(attrs={"class": "form-select"}))
    berkas = forms.FileField(
        label="Berkas LRA seluruh perangkat daerah (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        error_messages={"required": "Pilih berkas LRA (.xlsx) yang diunduh dari SIPD."},
    )
    tahun = UnggahLraForm.base_fields["tahun"]
    bulan = UnggahLraForm.base_fields["bulan"]

    def __init__(self, *args, pemda_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pemda"].choices = [(p.kode, p.nama) for p in pemda_qs]

    clean_berkas = UnggahLraForm.clean_berkas
