from django import forms

from organisasi.impor_ekspor import UKURAN_MAKS


class UnggahBukuPemdaForm(forms.Form):
    """The pemda workbook: the pemda whose OPDs and operators it holds, and the file."""

    pemda = forms.ChoiceField(label="Pemerintah daerah", widget=forms.Select(attrs={"class": "form-select"}))
    berkas = forms.FileField(
        label="Buku pemda (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        error_messages={"required": "Pilih berkas buku pemda (.xlsx), mis. templat dari halaman ini yang sudah diisi."},
    )

    def __init__(self, *args, pemda_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pemda"].choices = [(p.kode, p.nama) for p in pemda_qs]

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > UKURAN_MAKS:
            raise forms.ValidationError(f"Berkas {berkas.name} melebihi batas {UKURAN_MAKS // (1024 * 1024)} MiB.")
        return berkas
