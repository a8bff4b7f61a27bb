"""Asal angka of a signed quarter: the explanation frozen with the OPD LKj's signature is what the panel and
``manage.py e81 --asal`` serve; a draft (never signed, or reopened) is explained live; after reopening, the
earlier version's explanation is still there, unchanged by the corrections made since."""

import io
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.management import call_command

from dasar import format as fmt
from lkj.asal import e81_json
from lkj.e81 import laporan_e81
from lkj.selectors import pengukuran_opd
from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda
from renja.models import Indikator, Realisasi
from renja.realisasi_services import realisasi_simpan
from tests.entri.conftest import camat, operator, sekcam, staf_opd_lain

TAHUN, TW = 2025, 3


def _teks(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _tandatangani(p, sekcam, camat):
    svc.laporan_ajukan(**p, oleh=sekcam)
    svc.laporan_tanggapi(**p, oleh=camat, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=camat, alasan_pengecualian="Batas waktu Bupati")


def _baris_bernilai(opd):
    """An E.81 row whose realisation is one typed value (no pembilang/penyebut, no aktivitas): it can be corrected."""
    e = laporan_e81(pengukuran_opd(opd, TAHUN, TW))
    for r in e.rows:
        ind = r.indikator_obj
        if ind is None or ind.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS or r.capaian_k is None:
            continue
        real = Realisasi.objects.filter(indikator=ind, tahun=TAHUN, triwulan=TW, nilai__isnull=False, pembilang__isnull=True).first()
        if real is not None:
            return r, real
    pytest.fail("demo tanpa baris E.81 dengan realisasi bernilai tunggal")


def _panel(client, opd, ref, angka, **q):
    return client.get(f"/asal/{opd.kode}/{TAHUN}/{TW}/{ref}/{angka}/", q, HTTP_HX_REQUEST="true")


def test_signing_stores_the_explanation_and_the_panel_serves_it_saying_so(client, opd, sekcam, camat):
    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW}
    baris, _ = _baris_bernilai(opd)
    client.force_login(camat)
    hidup = _teks(_panel(client, opd, baris.ref, "capaian_k").content.decode())
    assert "Dibekukan" not in hidup and "Dihitung dari data tersimpan" in hidup

    _tandatangani(p, sekcam, camat)
    dok = DokumenTertanda.objects.get(laporan__opd=opd, laporan__jabatan=None, jenis="e81", versi=1)
    assert dok.asal == json.loads(json.dumps(e81_json(laporan_e81(pengukuran_opd(opd, TAHUN, TW)), TAHUN, TW)))
    assert DokumenTertanda.objects.get(laporan__opd=opd, laporan__jabatan=None, jenis="lkj_opd").asal is None

    beku = _teks(_panel(client, opd, baris.ref, "capaian_k").content.decode())
    assert "Dibekukan saat penandatanganan" in beku and camat.pegawai.nama in beku and dok.nomor in beku
    # the same explanation, word for word, below the sentence that says where it comes from
    assert (
        hidup.split("Dihitung dari data tersimpan dengan rumus yang sama dengan angka di halaman.")[1]
        == beku.split("bukan hitungan ulang.")[1]
    )
    # every figure kind of the report level too
    assert "Dibekukan" in _teks(_panel(client, opd, "laporan", "rata_rata_capaian").content.decode())

    out = io.StringIO()
    call_command("e81", opd=opd.kode, tahun=TAHUN, triwulan=TW, format="json", asal=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["dibekukan"]["nomor"] == dok.nomor and data["dibekukan"]["oleh"] == [camat.pegawai.nama]
    assert {k: v for k, v in data.items() if k != "dibekukan"} == dok.asal


def test_after_reopening_the_panel_is_live_and_version_1_keeps_what_was_signed(client, opd, sekcam, camat, operator):
    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW}
    baris, real = _baris_bernilai(opd)
    _tandatangani(p, sekcam, camat)
    svc.laporan_buka_kembali(**p, oleh=camat, alasan="Realisasi salah ketik")
    baru = real.nilai + Decimal(7)
    realisasi_simpan(indikator=real.indikator, tahun=TAHUN, triwulan=TW, nilai=baru, oleh=operator, versi_diharapkan=real.versi)

    client.force_login(camat)
    hidup = _teks(_panel(client, opd, baris.ref, "realisasi_k").content.decode())
    assert "Dibekukan" not in hidup and f"Nilai tersimpan: {fmt.angka_seperlunya(baru)}" in hidup
    v1 = _teks(_panel(client, opd, baris.ref, "realisasi_k", versi=1).content.decode())
    assert "Dibekukan saat penandatanganan" in v1 and "versi 1" in v1
    assert f"Nilai tersimpan: {fmt.angka_seperlunya(real.nilai)}" in v1 and fmt.angka_seperlunya(baru) not in v1.split("Penjelasan ini")[1]
    assert _panel(client, opd, baris.ref, "realisasi_k", versi=2).status_code == 404  # not signed yet

    # version 2 freezes its own
    _tandatangani(p, sekcam, camat)
    v2 = _teks(_panel(client, opd, baris.ref, "realisasi_k").content.decode())
    assert "versi 2" in v2 and f"Nilai tersimpan: {fmt.angka_seperlunya(baru)}" in v2


def test_a_frozen_explanation_is_read_by_the_opd_only(client, opd, sekcam, camat, staf_opd_lain):
    _tandatangani({"opd": opd, "tahun": TAHUN, "triwulan": TW}, sekcam, camat)
    baris, _ = _baris_bernilai(opd)
    client.force_login(staf_opd_lain)
    assert _panel(client, opd, baris.ref, "capaian_k").status_code == 404
    assert _panel(client, opd, baris.ref, "capaian_k", versi=1).status_code == 404
