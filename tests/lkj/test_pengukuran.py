"""The measurement rules on their own (no database)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dasar import pengukuran as ukur

persen_st = st.decimals(min_value=0, max_value=1000, places=4, allow_nan=False, allow_infinity=False)
positif_st = st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    "realisasi,target,expected",
    [
        (D(172) / D(225) * 100, D(100), D("76.44")),  # P1: aktivitas 172/225
        (D("69.58"), D(63), D("110.44")),  # P2: not capped
        (D(100), D("95.29"), D("104.94")),  # P3
        (D("87.30"), D(85), D("102.71")),  # SS1 IKM
        (D(9), D(12), D("75.00")),
        (D(3), D(5), D("60.00")),  # Nanang: 3 of 5, never the budget 54,45
        (D(0), D(24), D("0.00")),
    ],
)
def test_capaian_kinerja_divides_by_the_annual_target(realisasi, target, expected):
    assert ukur.capaian_kinerja(realisasi, target) == expected


def test_capaian_is_na_without_target_or_realisasi():
    assert ukur.capaian_kinerja(D(5), D(0)) is None
    assert ukur.capaian_kinerja(D(5), None) is None
    assert ukur.capaian_kinerja(None, D(5)) is None


def test_negative_polarity_rewards_lower_values_and_floors_at_zero():
    assert ukur.capaian_kinerja(D(8), D(10), ukur.NEGATIF) == D("120.00")
    assert ukur.capaian_kinerja(D(30), D(10), ukur.NEGATIF) == D("0.00")


@given(positif_st)
def test_negative_polarity_at_target_gives_100(target):
    assert ukur.capaian_kinerja(target, target, ukur.NEGATIF) == D("100.00")


def test_capaian_anggaran_uses_the_pagu_and_is_na_for_zero_pagu():
    assert ukur.capaian_anggaran(D(1191647876), D(2014894365)) == D("59.14")
    assert ukur.capaian_anggaran(D(3825000), D(7025000)) == D("54.45")
    assert ukur.capaian_anggaran(D(0), D(0)) is None


@pytest.mark.parametrize(
    "k,rp,expected",
    [
        (D(10) * D("69.58") / D("6.3"), D(3825000) / D(7025000) * 100, D("55.99")),  # P2, rule (b) — not 56,00 nor 55,55
        (D(2) / D(3) * 100, D(3150000) / D(11800000) * 100, D("39.98")),  # P6
        (D(25), D(5850000) / D(10800000) * 100, D("-29.17")),  # may be negative
    ],
)
def test_efisiensi_subtracts_the_rounded_capaian(k, rp, expected):
    assert ukur.efisiensi(ukur.bulatkan(k), ukur.bulatkan(rp)) == expected


@given(persen_st, persen_st)
def test_efisiensi_equals_the_difference_of_the_two_rounded_capaian(k, rp):
    e = ukur.efisiensi(k, rp)
    assert e == ukur.bulatkan(k) - ukur.bulatkan(rp)
    assert e == e.quantize(D("0.01"))


@pytest.mark.parametrize(
    "capaian,expected",
    [
        (D("102.71"), "Sangat Tinggi"),
        (D("91"), "Sangat Tinggi"),
        (D("90.99"), "Tinggi"),
        (D("86.70"), "Tinggi"),
        (D("76"), "Tinggi"),
        (D("75.41"), "Sedang"),  # in the gap of the printed bands
        (D("66"), "Sedang"),
        (D("65.99"), "Rendah"),
        (D("60.58"), "Rendah"),
        (D("51"), "Rendah"),
        (D("50.99"), "Sangat Rendah"),
        (D("0"), "Sangat Rendah"),
        (D("90.995"), "Sangat Tinggi"),  # judged on 2 dp
    ],
)
def test_predikat_bands_have_inclusive_lower_bounds(capaian, expected):
    assert ukur.predikat(capaian) == expected


def test_predikat_of_na_is_na():
    assert ukur.predikat(None) is None


URUTAN = ["Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"]


@given(persen_st, persen_st)
def test_predikat_never_falls_as_capaian_rises(a, b):
    lo, hi = min(a, b), max(a, b)
    assert URUTAN.index(ukur.predikat(lo)) <= URUTAN.index(ukur.predikat(hi))


def test_a_pemda_scale_is_data():
    skala = [ukur.Pita(D(80), "Baik"), ukur.Pita(None, "Kurang")]
    assert ukur.predikat(D("80.00"), skala) == "Baik"
    assert ukur.predikat(D("79.99"), skala) == "Kurang"
    with pytest.raises(ValueError):
        ukur.urutkan_skala([ukur.Pita(D(80), "Baik")])


def test_rata_rata_of_the_five_programs_is_86_70():
    assert ukur.rata_rata([D("76.44"), D("110.44"), D("104.94"), D("75.00"), D("66.67")]) == D("86.70")


@given(st.lists(st.one_of(st.none(), persen_st), max_size=20))
def test_na_never_enters_an_average(values):
    ada = [v for v in values if v is not None]
    hasil = ukur.rata_rata(values)
    if not ada:
        assert hasil is None
    else:
        assert hasil == ukur.rata_rata(ada)
        assert min(ukur.bulatkan(v) for v in ada) <= hasil <= max(ukur.bulatkan(v) for v in ada)
