"""Asal angka in machine form: every figure of every E.81 row recomputes from the operands its explanation lists.

The evaluator here is written apart from ``dasar.pengukuran``: it knows each formula name of the
schema and recomputes it from the operands the JSON gives, down to the stored values; every
intermediate result must match, and the top one must be the figure the row prints. It runs over
every row of the demo and of the second OPD (``tests/opd_kedua``), TW II and TW III, and the JSON
validates against ``docs/asal.schema.json``.
"""

import json
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path

import jsonschema
import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from lkj.models import PengaturanPengukuran
from tests.opd_kedua import tahun as opd_kedua

SKEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "asal.schema.json").read_text())
SEN = D("0.01")


def _d(s):
    return None if s is None else D(s)


def _q(x):
    return None if x is None else x.quantize(SEN, rounding=ROUND_HALF_UP)


def _e81_asal(capsys, kode, triwulan):
    call_command("e81", opd=kode, tahun=2025, triwulan=triwulan, format="json", asal=True)
    return json.loads(capsys.readouterr().out)


class Penilai:
    """Recomputes an explanation from its operands, formula by formula (``r_<rumus>``), checking every step."""

    def __init__(self, data):
        self.data = data
        self.baris = {r["ref"]: r for r in data["rows"]}
        self.dinilai = 0

    def angka(self, lihat):
        if "baris" in lihat:
            return self.baris[lihat["baris"]]["asal"][lihat["angka"]]
        return self.data["asal"][lihat["angka"]]

    def hitung(self, a):
        """The result recomputed from the operands, after checking each operand against what made it."""
        for o in a["operand"]:
            for s in o.get("sumber", []):
                assert f"{s['model']}#{s['id']}" in self.data["sumber"], s
            asal = o.get("asal") or (self.angka(o["lihat"]) if "lihat" in o else None)
            if asal is not None:
                assert _d(o["nilai"]) == _d(asal["hasil"]), (o, asal["hasil"])
                self.hitung(asal)
        hasil = getattr(self, "r_" + a["rumus"])(a)
        harap = a["hasil"] if a["rumus"] == "predikat" else _d(a["hasil"])
        assert hasil == harap, (a["rumus"], hasil, harap)
        self.dinilai += 1
        return hasil

    def r_nilai(self, a):
        """A stored value, naming the record it was read from; only n/a or "not in the LRA" says why instead."""
        (o,) = a["operand"]
        assert o.get("sumber") or a.get("keterangan"), a
        return _d(o["nilai"])

    def r_jumlah(self, a):
        ops = a["operand"]
        assert all("sumber" in o or "asal" in o or "lihat" in o for o in ops), ops
        ada = [_d(o["nilai"]) for o in ops if o.get("dipakai", True) and o["nilai"] is not None]
        return sum(ada, D(0)) if ada else None

    def r_persen(self, a):
        p, q = (_d(o["nilai"]) for o in a["operand"])
        return None if p is None or q is None or q == 0 else p / q * 100

    def r_capaian_kinerja(self, a):
        r, t = (_d(o["nilai"]) for o in a["operand"])
        return None if r is None or t is None or t == 0 else _q(r / t * 100)

    def r_capaian_kinerja_negatif(self, a):
        r, t = (_d(o["nilai"]) for o in a["operand"])
        return None if r is None or t is None or t == 0 else _q(max((2 * t - r) / t * 100, D(0)))

    def r_capaian_anggaran(self, a):
        rp, pagu = (_d(o["nilai"]) for o in a["operand"])
        return None if rp is None or pagu is None or pagu == 0 else _q(rp / pagu * 100)

    def r_efisiensi(self, a):
        k, rp = (_d(o["nilai"]) for o in a["operand"])
        return None if k is None or rp is None else _q(k) - _q(rp)

    def r_predikat(self, a):
        capaian, *pita = a["operand"]
        nilai = _q(_d(capaian["nilai"]))
        batas = [_d(p["nilai"]) for p in pita]
        assert batas[-1] is None and batas[:-1] == sorted(batas[:-1], reverse=True), batas
        kena = None if nilai is None else next(p for p, b in zip(pita, batas) if b is None or nilai >= b)
        assert [p.get("dipakai", True) for p in pita] == [p is kena for p in pita]
        return kena["label"] if kena else None

    def r_rata_rata(self, a):
        ops = a["operand"]
        assert all(o["nilai"] is None for o in ops if not o.get("dipakai", True))
        ada = [_q(_d(o["nilai"])) for o in ops if o.get("dipakai", True)]
        return _q(sum(ada, D(0)) / len(ada)) if ada else None


def _periksa_semua(data) -> int:
    """Validates against the schema and recomputes every figure; returns how many figures the rows explain."""
    jsonschema.validate(data, SKEMA)
    p = Penilai(data)
    n = 0
    for r in data["rows"]:
        assert r["asal"], r["ref"]
        for angka, a in r["asal"].items():
            hasil = p.hitung(a)
            if angka == "predikat":
                assert hasil == r[angka], (r["ref"], angka)
            else:  # printed with 2 decimals, or whole numbers without
                assert _q(hasil) == _q(_d(r[angka])), (r["ref"], angka, hasil, r[angka])
            n += 1
    assert p.hitung(data["asal"]["rata_rata_capaian"]) == _d(data["rata_rata_capaian"])
    assert p.hitung(data["asal"]["predikat"]) == data["predikat"]
    return n


def _sumber_ada_di_basis_data(data):
    """Each source record exists, and where the row has a version counter, it is the one the explanation names."""
    for kunci, s in data["sumber"].items():
        model = apps.get_model(s["model"])
        obj = model.objects.filter(pk=s["id"]).first()
        assert obj is not None, kunci
        if s["versi"] is not None:
            assert obj.versi == s["versi"], kunci


@pytest.mark.django_db
def test_every_figure_of_every_demo_e81_row_recomputes_from_its_operands(opd, capsys):
    data = _e81_asal(capsys, opd.kode, 3)
    n = _periksa_semua(data)
    _sumber_ada_di_basis_data(data)
    # every row explains its Rp figures, every indicator row its K figures, efisiensi and predikat
    assert n == sum(len(r["asal"]) for r in data["rows"])
    for r in data["rows"]:
        harus = {"target_rp", "realisasi_rp", "capaian_rp", "efisiensi", "predikat"}
        if r["indikator"]:
            harus |= {"target_k", "realisasi_k", "capaian_k"}
        assert set(r["asal"]) == harus, r["ref"]


def test_the_example_of_the_issue_program_7_01_01_is_172_of_225_from_its_aktivitas(opd, capsys):
    data = _e81_asal(capsys, opd.kode, 3)
    p1 = next(r for r in data["rows"] if r["kode"] == "7.01.01")
    realisasi = p1["asal"]["realisasi_k"]
    assert realisasi["rumus"] == "persen"
    pembilang, penyebut = realisasi["operand"]
    assert (D(pembilang["nilai"]), D(penyebut["nilai"])) == (172, 225)
    # each aktivitas with its done and planned count, from the rows the staff entered
    terlaksana = pembilang["asal"]["operand"]
    assert {s["model"] for o in terlaksana if o.get("dipakai", True) for s in o["sumber"]} == {"renja.AktivitasRealisasi"}
    assert {s["model"] for o in penyebut["asal"]["operand"] for s in o["sumber"]} == {"renja.Aktivitas"}
    # the target and the PK version it comes from, with its date
    target = p1["asal"]["target_k"]["operand"][0]
    versi = next(data["sumber"][f"{s['model']}#{s['id']}"] for s in target["sumber"] if s["model"] == "perjanjian.PKVersi")
    assert versi["tanggal"] == "2025-09-01" and versi["jenis"] == "Perubahan Perjanjian Kinerja"
    # Rp: the lines of the September LRA summed, with the upload's file name and SHA-256
    pagu = p1["asal"]["target_rp"]
    lra = next(v for v in data["sumber"].values() if v["model"] == "anggaran.LraImport")
    assert lra["bulan"] == 9 and len(lra["sha256"]) == 64 and lra["nama_file"].endswith(".xlsx")
    baris = {r["ref"]: r for r in data["rows"]}
    sub = [baris[o["lihat"]["baris"]] for o in pagu["operand"]]
    assert {r["level"] for r in sub} == {"sub_kegiatan"} and all(r["kode"].startswith("7.01.01.") for r in sub)
    baris_lra = [o for r in sub for o in r["asal"]["target_rp"]["operand"]]
    assert {s["model"] for o in baris_lra for s in o["sumber"]} == {"anggaran.RealisasiAnggaran", "anggaran.LraImport"}
    assert sum(D(o["nilai"]) for o in baris_lra) == D(p1["target_rp"])


def test_the_rata_rata_lists_every_program_row_and_follows_the_averaging_level(opd, capsys):
    data = _e81_asal(capsys, opd.kode, 3)
    program = [r["ref"] for r in data["rows"] if r["level"] == "program"]
    assert [o["lihat"]["baris"] for o in data["asal"]["rata_rata_capaian"]["operand"]] == program

    PengaturanPengukuran.objects.update_or_create(pemda=opd.pemda, defaults={"tingkat_rata_rata": "kegiatan"})
    data = _e81_asal(capsys, opd.kode, 3)
    kegiatan = [r["ref"] for r in data["rows"] if r["level"] == "kegiatan"]
    assert [o["lihat"]["baris"] for o in data["asal"]["rata_rata_capaian"]["operand"]] == kegiatan
    _periksa_semua(data)


def test_asal_is_only_for_json(opd, tmp_path):
    with pytest.raises(CommandError, match="--asal hanya untuk --format json"):
        call_command("e81", opd=opd.kode, tahun=2025, triwulan=3, format="pdf", output=str(tmp_path / "x.pdf"), asal=True)


def test_every_figure_of_the_second_opd_recomputes_in_tw_ii_and_tw_iii(db, capsys):
    opd_kedua.januari()
    opd_kedua.lra(6)
    opd_kedua.entri(2)
    opd_kedua.september()
    opd_kedua.lra(9)
    opd_kedua.entri(3)
    rumus = set()
    for tw in (2, 3):
        data = _e81_asal(capsys, opd_kedua.OPD_KODE, tw)
        assert _periksa_semua(data) > 0
        _sumber_ada_di_basis_data(data)

        def kumpul(a):
            rumus.add(a["rumus"])
            for o in a["operand"]:
                if "asal" in o:
                    kumpul(o["asal"])

        for r in data["rows"]:
            for a in r["asal"].values():
                kumpul(a)
    # this OPD brings the negative polarity, a zero target (n/a) and pembilang/penyebut
    assert {"capaian_kinerja_negatif", "persen", "jumlah", "nilai", "predikat", "efisiensi"} <= rumus
    data = _e81_asal(capsys, opd_kedua.OPD_KODE, 3)
    aduan = next(r for r in data["rows"] if r["indikator"] == "Jumlah aduan pelayanan yang tidak ditindaklanjuti")
    assert aduan["capaian_k"] is None and aduan["asal"]["capaian_k"]["hasil"] is None
    assert D(aduan["asal"]["capaian_k"]["operand"][1]["nilai"]) == 0  # the target 0 it could not divide by
