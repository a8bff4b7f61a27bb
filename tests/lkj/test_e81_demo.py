"""The E.81 of the demo against seed-spec §8 (efisiensi rule "(b)"), computed from the demo's inputs."""

import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lkj.e81 import laporan_e81
from lkj.selectors import pengukuran_opd

# kode: (capaian_k, capaian_rp, efisiensi, pagu, realisasi_rp)
PROGRAM = {
    "7.01.01": ("76.44", "59.14", "17.30", 2014894365, 1191647876),
    "7.01.02": ("110.44", "54.45", "55.99", 7025000, 3825000),
    "7.01.03": ("104.94", "52.40", "52.54", 69615000, 36480000),
    "7.01.05": ("75.00", "50.00", "25.00", 3600000, 1800000),
    "7.01.06": ("66.67", "26.69", "39.98", 11800000, 3150000),
}
KEGIATAN = {
    "7.01.01.201": ("78.95", "42.88", "36.07", 11972000, 5133500),
    "7.01.01.202": ("75.41", "59.46", "15.95", 1616101892, 960889558),
    "7.01.01.203": ("77.78", "11.54", "66.24", 1300000, 150000),
    "7.01.01.206": ("83.33", "67.56", "15.77", 49185095, 33231600),
    "7.01.01.207": ("0.00", "0.00", "0.00", 33294450, 0),
    "7.01.01.208": ("75.00", "65.01", "9.99", 244670128, 159066118),
    "7.01.01.209": ("85.71", "56.84", "28.87", 58370800, 33177100),
    "7.01.02.204": ("60.58", "54.45", "6.13", 7025000, 3825000),
    "7.01.03.201": ("83.33", "52.08", "31.25", 58815000, 30630000),
    "7.01.03.206": ("25.00", "54.17", "-29.17", 10800000, 5850000),
    "7.01.05.201": ("75.00", "50.00", "25.00", 3600000, 1800000),
    "7.01.06.201": ("82.35", "26.69", "55.66", 11800000, 3150000),
}
# kode: (target, realisasi, capaian_k, pagu, realisasi_rp, capaian_rp, efisiensi)
SUB_KEGIATAN = {
    "7.01.01.201.01": ("3", "3", "100.00", 4790000, 3150000, "65.76", "34.24"),
    "7.01.01.201.02": ("1", "0", "0.00", 4382000, 150000, "3.42", "-3.42"),
    "7.01.01.201.03": ("1", "1", "100.00", 1250000, 1033500, "82.68", "17.32"),
    "7.01.01.201.06": ("5", "4", "80.00", 900000, 800000, "88.89", "-8.89"),
    "7.01.01.201.07": ("8", "6", "75.00", 650000, 0, "0.00", "75.00"),
    "7.01.01.202.01": ("11", "11", "100.00", 1574491892, 938777558, "59.62", "40.38"),
    "7.01.01.202.02": ("12", "9", "75.00", 38910000, 19562000, "50.27", "24.73"),
    "7.01.01.202.04": ("12", "9", "75.00", 900000, 750000, "83.33", "-8.33"),
    "7.01.01.202.05": ("1", "1", "100.00", 1800000, 1800000, "100.00", "0.00"),
    "7.01.01.203.01": ("2", "2", "100.00", 300000, 0, "0.00", "100.00"),
    "7.01.01.203.05": ("4", "3", "75.00", 400000, 0, "0.00", "75.00"),
    "7.01.01.203.06": ("12", "9", "75.00", 600000, 150000, "25.00", "50.00"),
    "7.01.01.206.01": ("2", "0", "0.00", 2681538, 0, "0.00", "0.00"),
    "7.01.01.206.04": ("5", "4", "80.00", 16999307, 14908600, "87.70", "-7.70"),
    "7.01.01.206.05": ("1", "1", "100.00", 4029250, 2223000, "55.17", "44.83"),
    "7.01.01.206.08": ("12", "9", "75.00", 1800000, 1050000, "58.33", "16.67"),
    "7.01.01.206.09": ("12", "9", "75.00", 23675000, 15050000, "63.57", "11.43"),
    "7.01.01.207.06": ("4", "0", "0.00", 33294450, 0, "0.00", "0.00"),
    "7.01.01.208.02": ("12", "9", "75.00", 47980000, 31125007, "64.87", "10.13"),
    "7.01.01.208.04": ("12", "9", "75.00", 196690128, 127941111, "65.05", "9.95"),
    "7.01.01.209.02": ("7", "5", "71.43", 40520800, 19927100, "49.18", "22.25"),
    "7.01.01.209.06": ("27", "22", "81.48", 17850000, 13250000, "74.23", "7.25"),
    "7.01.02.204.03": ("5", "3", "60.00", 7025000, 3825000, "54.45", "5.55"),
    "7.01.03.201.01": ("6", "6", "100.00", 1350000, 0, "0.00", "100.00"),
    "7.01.03.201.02": ("2", "2", "100.00", 6270000, 6270000, "100.00", "0.00"),
    "7.01.03.201.03": ("1", "1", "100.00", 51195000, 24360000, "47.58", "52.42"),
    "7.01.03.206.12": ("40", "40", "100.00", 10800000, 5850000, "54.17", "45.83"),
    "7.01.05.201.08": ("12", "9", "75.00", 3600000, 1800000, "50.00", "25.00"),
    "7.01.06.201.01": ("24", "0", "0.00", 600000, 0, "0.00", "0.00"),
    "7.01.06.201.02": ("3", "2", "66.67", 10300000, 3150000, "30.58", "36.09"),
    "7.01.06.201.03": ("1", "1", "100.00", 900000, 0, "0.00", "100.00"),
}


@pytest.fixture
def e81_json(opd, capsys):
    call_command("e81", opd=opd.kode, tahun=2025, triwulan=3, format="json")
    return json.loads(capsys.readouterr().out)


def _rows(data, level):
    return {r["kode"]: r for r in data["rows"] if r["level"] == level}


def test_the_e81_averages_the_five_programs_to_86_70_tinggi(e81_json):
    assert e81_json["rata_rata_capaian"] == "86.70"
    assert e81_json["predikat"] == "Tinggi"


def test_the_e81_has_every_level_of_the_planning_tree(e81_json):
    levels = [r["level"] for r in e81_json["rows"]]
    assert levels.count("sasaran") == 2
    assert levels.count("program") == 5
    assert levels.count("kegiatan") == 12
    assert levels.count("sub_kegiatan") == 31
    assert levels[:3] == ["sasaran", "sasaran", "program"]


def test_program_rows_match_the_golden_numbers(e81_json):
    rows = _rows(e81_json, "program")
    actual = {
        kode: (r["capaian_k"], r["capaian_rp"], r["efisiensi"], int(r["target_rp"]), int(r["realisasi_rp"])) for kode, r in rows.items()
    }
    assert actual == PROGRAM
    assert {r["penanggung_jawab"] for r in rows.values()} == {"Sekretaris Kecamatan"}


def test_kegiatan_rows_match_the_golden_numbers(e81_json):
    actual = {
        kode: (r["capaian_k"], r["capaian_rp"], r["efisiensi"], int(r["target_rp"]), int(r["realisasi_rp"]))
        for kode, r in _rows(e81_json, "kegiatan").items()
    }
    assert actual == KEGIATAN


def test_sub_kegiatan_rows_match_the_golden_numbers(e81_json):
    rows = _rows(e81_json, "sub_kegiatan")
    actual = {
        kode: (
            r["target_k"],
            r["realisasi_k"],
            r["capaian_k"],
            int(r["target_rp"]),
            int(r["realisasi_rp"]),
            r["capaian_rp"],
            r["efisiensi"],
        )
        for kode, r in rows.items()
    }
    assert actual == SUB_KEGIATAN
    assert all(r["penanggung_jawab"] for r in rows.values())


def test_sasaran_rows_sum_their_programs(e81_json):
    ss1, ss2 = [r for r in e81_json["rows"] if r["level"] == "sasaran"]
    assert (ss1["target_k"], ss1["realisasi_k"], ss1["capaian_k"]) == ("85", "87.30", "102.71")
    assert (ss1["target_rp"], ss1["realisasi_rp"], ss1["capaian_rp"]) == ("2095134365", "1233752876", "58.89")
    assert ss1["predikat"] == "Sangat Tinggi"
    assert (ss2["capaian_k"], ss2["target_rp"], ss2["realisasi_rp"], ss2["capaian_rp"]) == ("85.25", "11800000", "3150000", "26.69")
    assert ss2["predikat"] == "Tinggi"


def test_the_seed_printed_errors_are_not_reproduced(e81_json):
    rows = {r["kode"]: r for r in e81_json["rows"] if r["kode"]}
    assert rows["7.01.02"]["efisiensi"] != "55.55"
    assert rows["7.01.03"]["efisiensi"] != "52.60"
    assert rows["7.01.02.204.03"]["capaian_k"] == "60.00"  # Nanang: not 54,45%
    assert rows["7.01.01.208.02"]["realisasi_k"] == "9"  # Budi: not "12 laporan"
    assert rows["7.01.03.206"]["realisasi_rp"] == "5850000"  # not 5.580.000
    assert rows["7.01.01.202"]["predikat"] == "Sedang"  # 75,41 sits in the printed bands' gap


def test_the_json_keeps_every_documented_key(e81_json):
    keys = {
        "level",
        "kode",
        "uraian",
        "indikator",
        "satuan",
        "target_k",
        "target_rp",
        "realisasi_k",
        "realisasi_rp",
        "capaian_k",
        "capaian_rp",
        "penanggung_jawab",
    }
    assert all(keys <= set(r) for r in e81_json["rows"])


@pytest.mark.usefixtures("tanpa_cache_pengukuran")
def test_the_e81_takes_the_same_queries_for_few_and_many_rows(opd):
    from anggaran.models import RealisasiAnggaran
    from perjanjian.models import PKAnggaran, PKBaris
    from renja.models import Program

    with CaptureQueriesContext(connection) as full:
        laporan_e81(pengukuran_opd(opd, 2025, 3))
    assert len(laporan_e81(pengukuran_opd(opd, 2025, 3)).rows) == 50
    # Keep one program: 2 sasaran rows + program 02, its kegiatan and sub kegiatan = 5 rows.
    PKBaris.objects.all().delete()
    PKAnggaran.objects.all().delete()
    RealisasiAnggaran.objects.all().delete()
    Program.objects.filter(opd=opd, tahun=2025).exclude(kode="02").delete()
    with CaptureQueriesContext(connection) as small:
        laporan = laporan_e81(pengukuran_opd(opd, 2025, 3))
    assert len(laporan.rows) == 5
    assert len(small.captured_queries) == len(full.captured_queries)


def test_a_quarter_without_its_lra_shows_budget_as_not_available(opd):
    laporan = laporan_e81(pengukuran_opd(opd, 2025, 2))
    p1 = next(r for r in laporan.rows if r.kode == "7.01.01")
    assert p1.realisasi_rp is None and p1.capaian_rp is None and p1.efisiensi is None
    # The pagu comes from the quarter's own LRA month too: never from September's lines.
    assert p1.target_rp is None
    assert laporan.ukur.catatan_lra == "LRA Juni 2025 belum diimpor"
