from django import forms

from renja.models import TRIWULAN_CHOICES


class PeriodeForm(forms.Form):
    opd = forms.ChoiceField(label="Perangkat daerah", widget=forms.Select(attrs={"class": "form-select"}))
    tahun = forms.IntegerField(
        label="Tahun",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={"invalid": "Tahun harus berupa angka, mis. 2025."},
    )
    triwulan = forms.TypedChoiceField(
        label="Triwulan", choices=TRIWULAN_CHOICES, coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, opd_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [(o.kode, o.nama) for o in opd_qs]


def galat_form(form) -> str:
    """A form's errors as one sentence per field, each saying which field: "Keterangan: …"."""
    bagian = []
    for nama, errs in form.errors.items():
        label = form.fields[nama].label if nama in form.fields else None
        bagian.append((f"{label}: " if label else "") + " ".join(errs))
    return " ".join(bagian)
