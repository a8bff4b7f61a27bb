"""Indonesian numbers are read the way an Indonesian office types them; anything else is refused, not guessed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lkj.entri.forms import RealisasiForm, baca_angka


@pytest.mark.parametrize(
    "teks, nilai",
    [
        ("76,44", Decimal("76.44")),
        ("1.234", Decimal("1234")),
        ("1.234,5", Decimal("1234.5")),
        ("1.234.567", Decimal("1234567")),
        (" 12 ", Decimal("12")),
        ("0", Decimal("0")),
        ("100,00", Decimal("100.00")),
    ],
)
def test_it_reads_indonesian_numbers(teks, nilai):
    assert baca_angka(teks) == nilai


@pytest.mark.parametrize(
    "teks, pesan",
    [
        ("76.44", "koma untuk desimal"),
        ("12a", "angka"),
        ("dua belas", "angka"),
        ("1,2,3", "satu koma"),
        ("-5", "negatif"),
        ("1.23,4", "koma untuk desimal"),
        ("5,x", "Setelah koma"),
    ],
)
def test_it_refuses_what_it_cannot_read_with_a_message(teks, pesan):
    with pytest.raises(ValidationError) as e:
        baca_angka(teks)
    assert pesan in " ".join(e.value.messages)


def test_a_form_puts_the_message_at_the_field():
    form = RealisasiForm({"nilai": "tujuh", "versi": "0"})
    assert not form.is_valid()
    assert "angka" in form.errors["nilai"][0]


def test_a_percentage_takes_a_value_or_a_ratio_but_not_both():
    assert RealisasiForm({"nilai": "", "pembilang": "24", "penyebut": "36", "versi": "0"}, persentase=True).is_valid()
    both = RealisasiForm({"nilai": "50", "pembilang": "24", "penyebut": "36", "versi": "0"}, persentase=True)
    assert not both.is_valid()
    assert "tidak keduanya" in str(both.non_field_errors())
    half = RealisasiForm({"pembilang": "24", "versi": "0"}, persentase=True)
    assert not half.is_valid() and "Penyebut wajib" in half.errors["penyebut"][0]
