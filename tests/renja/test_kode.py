"""renja.kode: one module converts E.81, national and LRA codes (plain Python, no database)."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from renja.kode import (
    Kode,
    KodeLra,
    KodeTidakValid,
    parse_e81,
    parse_kode,
    parse_lra,
    parse_nasional,
    parse_rekening,
)

SAMPEL = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "lra-2025-09-kedungjajang.xlsx"


def _kode_sampel() -> list[str]:
    """Every kode rekening in column A of the demo LRA, read without the LRA reader."""
    wb = load_workbook(SAMPEL, read_only=True, data_only=True)
    try:
        ws = wb["Laporan"]
        return [r[0] for r in ws.iter_rows(min_row=12, values_only=True) if isinstance(r[0], str) and r[0][0].isdigit()]
    finally:
        wb.close()


KODE_SAMPEL = _kode_sampel()
SUB_KEGIATAN_SAMPEL = sorted({" ".join(k.split()[:7]) for k in KODE_SAMPEL if len(k.split()) == 9 and k.split()[6] != "00"})


# --- the three forms -------------------------------------------------------


def test_e81_sub_kegiatan_reads_into_national_parts():
    kode = parse_e81("7.01.01.201.01")

    assert kode == Kode(urusan="7.01", program="01", kegiatan="2.01", sub_kegiatan="0001")
    assert kode.level == "sub_kegiatan"
    assert kode.nasional == "7.01.01.2.01.0001"
    assert kode.e81 == "7.01.01.201.01"
    assert kode.lra() == "7 01 7 01 00 01 2.01.0001"


def test_each_level_has_the_same_parts_in_both_forms():
    assert parse_e81("7.01.01") == parse_nasional("7.01.01") == Kode("7.01", "01")
    assert parse_e81("7.01.01.201") == parse_nasional("7.01.01.2.01") == Kode("7.01", "01", "2.01")
    assert parse_e81("7.01.05.201.08") == parse_nasional("7.01.05.2.01.0008") == Kode("7.01", "05", "2.01", "0008")
    assert [parse_kode(s).level for s in ("7.01.01", "7.01.01.201", "7.01.01.2.01", "7.01.01.201.01", "7.01.01.2.01.0001")] == [
        "program",
        "kegiatan",
        "kegiatan",
        "sub_kegiatan",
        "sub_kegiatan",
    ]


def test_parse_kode_tells_e81_from_national_by_the_fourth_part():
    assert parse_kode("7.01.01.202.04") == parse_kode("7.01.01.2.02.0004")
    assert parse_kode("7.01.01.202.04").nasional == "7.01.01.2.02.0004"
    assert parse_kode(" 7.01.01.2.02.0004\u00a0").e81 == "7.01.01.202.04"


def test_induk_climbs_sub_kegiatan_kegiatan_program_then_stops():
    kode = parse_kode("7.01.03.206.12")

    assert kode.induk() == Kode("7.01", "03", "2.06")
    assert kode.induk().induk() == Kode("7.01", "03")
    assert kode.induk().induk().induk() is None


def test_lra_prefix_of_a_program_has_00_for_kegiatan():
    assert parse_kode("7.01.06").lra() == "7 01 7 01 00 06 00"
    assert parse_kode("7.01.06.201.03").lra(organisasi="7  01\u00a001") == "7 01 7 01 01 06 2.01.0003"


def test_a_kegiatan_has_no_lra_code_because_the_lra_has_no_kegiatan_rows():
    with pytest.raises(KodeTidakValid, match="7.01.01.2.01"):
        parse_kode("7.01.01.201").lra()


def test_a_bad_organisation_segment_is_refused():
    with pytest.raises(KodeTidakValid, match="7 01"):
        parse_kode("7.01.01").lra(organisasi="7 01")


def test_a_sub_kegiatan_above_0099_has_no_e81_form():
    kode = parse_nasional("7.01.01.2.01.0123")

    assert kode.nasional == "7.01.01.2.01.0123"
    with pytest.raises(KodeTidakValid, match="7.01.01.2.01.0123"):
        kode.e81  # noqa: B018 - reading the property is what raises


def test_any_urusan_parses_and_the_caller_checks_the_opd():
    # The seed's typo 7.02.05.201.08 is a well-formed code; only the OPD's urusan makes it wrong.
    assert parse_e81("7.02.05.201.08").urusan == "7.02"


def test_kode_refuses_parts_that_are_not_canonical():
    for bagian in [
        ("7.1", "01"),
        ("7.01", "1"),
        ("7.01", "00"),
        ("7.01", "01", "201"),
        ("7.01", "01", "2.01", "01"),
        ("7.01", "01", None, "0001"),
        ("7.01", "01", "2.01", "0000"),
    ]:
        with pytest.raises(KodeTidakValid):
            Kode(*bagian)


# --- malformed input -------------------------------------------------------


@pytest.mark.parametrize(
    "teks",
    [
        "7.01.1.201.01",
        "7.01.01.2O1.01",
        "",
        "abc",
        "7.01",
        "7.01.01.20.01",
        "7.01.01.201.1",
        "7.01.01.2.01.001",
        "7.01.01.201.01.",
        "7.01.01. 201.01",
        "7.01.00",
        "7.01.01.201.00",
        "7.0l.01",
    ],
)
def test_parse_kode_rejects_malformed_codes_naming_them(teks):
    with pytest.raises(KodeTidakValid) as exc:
        parse_kode(teks)

    assert f"'{teks}'" in str(exc.value)
    assert "mis." in str(exc.value)  # and shows the expected form


@pytest.mark.parametrize("teks", ["7.01.01.2.01.0001", "7.01.01.2.01"])
def test_parse_e81_rejects_the_national_form(teks):
    with pytest.raises(KodeTidakValid, match="7.01.PP.KAB.SS"):
        parse_e81(teks)


@pytest.mark.parametrize("teks", ["7.01.01.201.01", "7.01.01.201"])
def test_parse_nasional_rejects_the_e81_form(teks):
    with pytest.raises(KodeTidakValid, match="7.01.PP.K.AB.SSSS"):
        parse_nasional(teks)


@pytest.mark.parametrize(
    "teks",
    [
        "7 01 7 01 00 01 2.01.001 5 1",  # sub kegiatan 3 digits
        "",
        "   ",
        "abc",
        "7 01 7 01 00 01 2.01.0001",  # no akun
        "7 01 7 01 00 01 2.01.0001 5",  # sub kegiatan row without kelompok
        "7 01 7 01 00 00 2.01.0001 5 1",  # sub kegiatan under program 00
        "7 01 7 01 00 1 2.01.0001 5 1",  # program 1 digit
        "7 01 7 01 00 01 201.0001 5 1",  # kegiatan without its dot
        "7 1 7 01 00 01 2.01.0001 5 1",  # bidang 1 digit
        "7 01 7 01 0O 01 2.01.0001 5 1",  # letter O in the organisation
        "7 01 7 01 00 01 00 5 1 02",  # program row deeper than kelompok
        "7 01 7 01 00 01 2.01.0001 5 1 2 01",  # jenis 1 digit
        "7 01 7 01 00 01 2.01.0001 5 1 02 01 01 26",  # sub rincian objek 2 digits
        "7 01 7 01 00 01 2.01.0001 5 1 02 01 01 0026 01",  # deeper than sub rincian objek
        "7 01 7 01 00 01 2.01.0000 5 1",
    ],
)
def test_parse_lra_rejects_malformed_codes_naming_them(teks):
    with pytest.raises(KodeTidakValid) as exc:
        parse_lra(teks)

    assert f"'{teks}'" in str(exc.value)
    assert "7 01 7 01 00 01 2.01.0001 5 1 02 01 01 0026" in str(exc.value)  # the expected form


# --- LRA kode rekening -----------------------------------------------------


def test_parse_lra_splits_a_full_kode_rekening():
    kode = parse_lra("7 01 7 01 00 01 2.01.0001 5 1 02 01 01 0026")

    assert kode == KodeLra(
        urusan="7.01",
        organisasi="7 01 00",
        program="01",
        kegiatan="2.01",
        sub_kegiatan="0001",
        akun="5 1 02 01 01 0026",
        kelompok="5 1",
        jenis_baris="rekening",
    )
    assert kode.kode() == parse_e81("7.01.01.201.01")
    assert kode.teks == "7 01 7 01 00 01 2.01.0001 5 1 02 01 01 0026"


@pytest.mark.parametrize(
    "teks, jenis, program, akun, kelompok",
    [
        ("7 01 7 01 00 00 00 5", "total", None, "5", None),
        ("7 01 7 01 00 00 00 5 1", "total", None, "5 1", "5 1"),
        ("7 01 7 01 00 00 00 5 2", "total", None, "5 2", "5 2"),
        ("7 01 7 01 00 01 00 5 1", "program", "01", "5 1", "5 1"),
        ("7 01 7 01 00 01 00 5 2", "program", "01", "5 2", "5 2"),
        ("7 01 7 01 00 01 2.07.0006 5 2", "sub_kegiatan", "01", "5 2", "5 2"),
        ("7 01 7 01 00 01 2.01.0001 5 1 02", "rekening", "01", "5 1 02", "5 1"),
    ],
)
def test_parse_lra_classifies_each_row_kind(teks, jenis, program, akun, kelompok):
    kode = parse_lra(teks)

    assert (kode.jenis_baris, kode.program, kode.akun, kode.kelompok) == (jenis, program, akun, kelompok)


def test_total_rows_have_no_kode_and_program_rows_have_a_program_kode():
    assert parse_lra("7 01 7 01 00 00 00 5 1").kode() is None
    assert parse_lra("7 01 7 01 00 05 00 5 1").kode() == parse_kode("7.01.05")


def test_parse_lra_keeps_the_organisation_segment_as_printed():
    assert parse_lra("7 01 1 02 03 01 2.01.0001 5 1").organisasi == "1 02 03"


def test_parse_lra_tolerates_odd_whitespace():
    kode = parse_lra("\u200b 7  01\u00a07 01 00\t01 2.01.0001 5\u00a0\u00a01\n")

    assert kode == parse_lra("7 01 7 01 00 01 2.01.0001 5 1")


def test_every_row_of_the_sample_lra_parses_with_the_expected_kind():
    jenis = [parse_lra(k).jenis_baris for k in KODE_SAMPEL]

    assert len(KODE_SAMPEL) == 292
    assert jenis.count("total") == 3  # Belanja Daerah, Belanja Operasi, Belanja Modal
    assert jenis.count("program") == 6  # programs 01, 02, 03, 05, 06 under 5 1 and program 01 under 5 2
    assert jenis.count("sub_kegiatan") == 31
    assert jenis.count("rekening") == 292 - 3 - 6 - 31
    assert all(parse_lra(k).teks == " ".join(k.split()) for k in KODE_SAMPEL)


def test_the_sample_has_31_sub_kegiatan():
    assert len(SUB_KEGIATAN_SAMPEL) == 31


@pytest.mark.parametrize("awalan", SUB_KEGIATAN_SAMPEL)
def test_sample_sub_kegiatan_round_trip_through_every_form(awalan):
    lra = parse_lra(awalan + " 5 1")
    kode = lra.kode()

    assert parse_e81(kode.e81) == kode
    assert parse_nasional(kode.nasional) == kode
    assert parse_kode(parse_e81(kode.e81).nasional).e81 == kode.e81
    assert kode.lra(lra.organisasi) == awalan
    assert kode.nasional == f"7.01.{awalan.split()[5]}.{awalan.split()[6]}"


# --- properties -------------------------------------------------------------

_digit = st.sampled_from("0123456789")
_urusan = st.builds(lambda a, b, c: f"{a}.{b}{c}", _digit, _digit, _digit)
_program = st.integers(1, 99).map(lambda n: f"{n:02d}")
_kegiatan = st.builds(lambda a, b, c: f"{a}.{b}{c}", _digit, _digit, _digit)
_sub = st.integers(1, 99).map(lambda n: f"{n:04d}")
_kode = st.one_of(
    st.builds(Kode, _urusan, _program),
    st.builds(Kode, _urusan, _program, _kegiatan),
    st.builds(Kode, _urusan, _program, _kegiatan, _sub),
)


@settings(database=None)
@given(_kode)
def test_property_e81_and_national_round_trip(kode):
    assert parse_e81(kode.e81) == kode
    assert parse_nasional(kode.nasional) == kode
    assert parse_kode(kode.e81) == parse_kode(kode.nasional) == kode
    assert parse_nasional(parse_e81(kode.e81).nasional).e81 == kode.e81


@settings(database=None)
@given(_kode.filter(lambda k: k.level != "kegiatan"), st.sampled_from(["5 1", "5 2", "5 1 02 01 01 0026"]))
def test_property_lra_round_trip(kode, akun):
    if kode.level == "program":
        akun = akun[:3]  # a program row carries the akun only down to its kelompok
    lra = parse_lra(f"{kode.lra()} {akun}")

    assert lra.kode() == kode
    assert lra.jenis_baris == {"program": "program", "sub_kegiatan": "sub_kegiatan" if len(akun) == 3 else "rekening"}[kode.level]
    assert lra.teks == f"{kode.lra()} {akun}"


# --- the kode rekening alone (the list's dotted form, the LRA's spaced form) ---------------


def test_a_kode_rekening_reads_the_same_with_dots_or_with_the_lras_spaces():
    titik, spasi = parse_rekening("5.1.02.01.01.0024"), parse_rekening("5 1 02 01 01 0024")
    assert titik == spasi
    assert (titik.teks, titik.lra, titik.tingkat) == ("5.1.02.01.01.0024", "5 1 02 01 01 0024", "sub rincian objek")
    assert [parse_rekening(k).tingkat for k in ("5", "5.1", "5.1.02", "5.1.02.01", "5.1.02.01.01")] == [
        "akun",
        "kelompok",
        "jenis",
        "objek",
        "rincian objek",
    ]


@pytest.mark.parametrize(
    "teks, alasan",
    [
        ("", "kode kosong"),
        ("5.1.2", "bagian jenis '2' harus 2 angka"),
        ("5.1.02.01.01.24", "bagian sub rincian objek '24' harus 4 angka"),
        ("5.1 02", "titik dan spasi tidak boleh bercampur"),
        ("5.1.02.01.01.0024.1", "terdiri atas 7 bagian, paling banyak 6"),
        ("A.1", "bagian akun 'A' harus 1 angka"),
    ],
)
def test_parse_rekening_rejects_malformed_codes_naming_them(teks, alasan):
    with pytest.raises(
        KodeTidakValid, match=rf"^Kode rekening '{re.escape(teks)}' tidak valid: {re.escape(alasan)}\. Bentuk yang diharapkan"
    ):
        parse_rekening(teks)


def test_every_account_of_the_sample_lra_reads_as_a_kode_rekening_and_back():
    akun = [parse_lra(k).akun for k in KODE_SAMPEL]
    assert all(parse_rekening(a).lra == a and parse_rekening(parse_rekening(a).teks).lra == a for a in akun)
