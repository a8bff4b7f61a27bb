from django import forms


class PreferensiForm(forms.Form):
    email = forms.EmailField(
        label="Alamat surel",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
        error_messages={"invalid": "Alamat surel tidak dikenal; tulis seperti nama@lumajangkab.go.id."},
    )
    surel = forms.BooleanField(
        label="Kirim pemberitahuan juga lewat surel", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
