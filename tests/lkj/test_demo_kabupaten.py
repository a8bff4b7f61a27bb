"""The synthetic kabupaten (``manage.py demo --kabupaten N``): N OPDs built from the demo through the real
loaders, each with its own code, people and figures, each OPD's E.81 served to its own camat."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from anggaran.lra import baca_lra
from anggaran.models import LraImport
from dasar.format import persen
from lkj.demo import DEMO_JSON, DEMO_LRA
from lkj.demo_kabupaten import daftar_opd, kabupaten_muat, lra_opd
from lkj.e81 import laporan_e81
from lkj.selectors import pengukuran_opd
from organisasi.models import Pegawai, PerangkatDaerah
from tests.conftest import DEMO_OPD_KODE

N = 3


def test_a_kabupaten_of_n_opds_each_with_its_own_people_figures_and_e81(client, opd):
    """One load for every check (a load of two OPDs costs about ten seconds), then a second load."""
    sebelum = Pegawai.objects.count()
    kabupaten = [h["opd"] for h in kabupaten_muat(N)]
    _codes_and_names(kabupaten, opd)
    _people(sebelum)
    _figures(kabupaten)
    _e81_pages(client, kabupaten)
    _loading_again_adds_nothing()


def _codes_and_names(kabupaten, opd):
    assert len(kabupaten) == N
    assert kabupaten[0] == opd and opd.kode == DEMO_OPD_KODE and opd.nama == "Kecamatan Kedungjajang"
    kode = [o.kode for o in PerangkatDaerah.objects.filter(pemda=opd.pemda)]
    assert len(kode) == len(set(kode)) == N
    for o in PerangkatDaerah.objects.all():
        o.full_clean()  # the SIPD code and urusan validators
    assert len({o.nama for o in kabupaten}) == N
    assert {o.jenis for o in daftar_opd(N)} >= {"kecamatan", "dinas"}


def _people(sebelum):
    pegawai = list(Pegawai.objects.select_related("user"))
    nip = [p.nip for p in pegawai if p.nip]
    login = [p.user.username for p in pegawai if p.user]
    assert len(nip) == len(set(nip))
    assert len(login) == len(set(login))
    assert len({p.nama for p in pegawai}) == len(pegawai)
    # every other OPD brings the demo's people but the Bupati (the pemda's) as its own
    demo = json.loads(DEMO_JSON.read_text(encoding="utf-8"))
    assert len(pegawai) == sebelum + (N - 1) * (len(demo["pegawai"]) - 1)


def _figures(kabupaten):
    for o in kabupaten:
        assert LraImport.objects.filter(opd=o, tahun=2025, bulan=9, aktif=True).exists()
    laporan = [laporan_e81(pengukuran_opd(o, 2025, 3)) for o in kabupaten]
    capaian = [lap.rata_rata_capaian for lap in laporan]
    anggaran = [lap.rata_rata_anggaran for lap in laporan]
    assert None not in capaian and None not in anggaran
    assert len(set(capaian)) == N
    assert len(set(anggaran)) == N


def _e81_pages(client, kabupaten):
    for nomor, o in enumerate(kabupaten):
        camat = get_user_model().objects.get(username="samsul" if nomor == 0 else f"samsul{nomor:02d}")
        client.force_login(camat)
        resp = client.get(reverse("e81"), {"opd": o.kode, "tahun": 2025, "triwulan": 3})
        html = resp.content.decode()
        assert resp.status_code == 200
        assert o.nama in html
        assert persen(laporan_e81(pengukuran_opd(o, 2025, 3)).rata_rata_capaian) in html
        # and not another OPD's
        lain = kabupaten[(nomor + 1) % N]
        assert client.get(reverse("e81"), {"opd": lain.kode, "tahun": 2025, "triwulan": 3}).status_code == 404


def test_the_generated_lra_reads_without_a_warning_and_names_its_opd():
    baris = CalamineWorkbook.from_path(str(DEMO_LRA)).get_sheet_by_index(0).to_python()
    for o in daftar_opd(N):
        dok = baca_lra(io.BytesIO(lra_opd(baris, o)), nama_file="lra.xlsx")
        assert dok.opd_kode == o.kode
        assert dok.peringatan == []
        assert {b.kode.urusan for b in dok.baris} == {o.kode_urusan}


def _loading_again_adds_nothing():
    jumlah = (PerangkatDaerah.objects.count(), Pegawai.objects.count(), LraImport.objects.count())
    kabupaten_muat(N)
    assert (PerangkatDaerah.objects.count(), Pegawai.objects.count(), LraImport.objects.count()) == jumlah


def test_an_impossible_size_is_refused_in_indonesian(db):
    with pytest.raises(CommandError, match="Jumlah perangkat daerah harus 1 sampai"):
        call_command("demo", kabupaten=0)
