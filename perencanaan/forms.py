from django import forms

from perencanaan.workbook import BATAS_UKURAN


class UnggahWorkbookForm(forms.Form):
    berkas = forms.FileField(
        label="Workbook perencanaan (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        error_messages={"required": "Pilih berkas workbook perencanaan (.xlsx)."},
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > BATAS_UKURAN:
            raise forms.ValidationError(f"Berkas {berkas.name} melebihi batas {BATAS_UKURAN // (1024 * 1024)} MiB.")
        return berkas


class EksporForm(forms.Form):
    opd = forms.ChoiceField(label="Perangkat daerah", widget=forms.Select(attrs={"class": "form-select"}))
    tahun = forms.IntegerField(
        label="Tahun",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={"invalid": "Tahun harus berupa angka, mis. 2025."},
    )

    def __init__(self, *args, opd_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [(o.kode, o.nama) for o in opd_qs]
