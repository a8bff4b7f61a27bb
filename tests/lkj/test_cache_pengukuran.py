"""The quarter's measurement is cached per process, keyed on the OPD's data stamp: a page asked again for
unchanged data does not measure the quarter again, and no write — committed, rolled back, in bulk, or
inside an import — ever lets a page show figures of data that is not the data now."""

from decimal import Decimal

import pytest
from django.db import transaction

from lkj.selectors import cache_pengukuran, pengukuran_opd
from organisasi import kunci, versi_data
from organisasi.models import Jabatan, PerangkatDaerah
from renja.models import Indikator, Realisasi
from renja.realisasi_services import realisasi_simpan
from tests.entri.conftest import camat, operator

TAHUN, TW = 2025, 3


class _Batal(Exception):
    pass


def _realisasi_bernilai(opd) -> Realisasi:
    """A row whose realisation is one typed value, so a correction moves its capaian."""
    real = (
        Realisasi.objects.filter(indikator__opd=opd, tahun=TAHUN, triwulan=TW, nilai__isnull=False, pembilang__isnull=True, nilai__gt=0)
        .exclude(indikator__sumber_realisasi=Indikator.SumberRealisasi.AKTIVITAS)
        .select_related("indikator")
        .order_by("pk")
        .first()
    )
    assert real is not None, "demo tanpa realisasi bernilai tunggal"
    return real


def _capaian(opd, indikator):
    return pengukuran_opd(opd, TAHUN, TW).kinerja(indikator).capaian


def test_asking_again_for_unchanged_data_serves_the_same_measurement(opd):
    cache_pengukuran.kosongkan()
    pertama = pengukuran_opd(opd, TAHUN, TW)
    assert pengukuran_opd(opd, TAHUN, TW) is pertama
    assert (cache_pengukuran.luput, cache_pengukuran.kena) == (1, 1)
    # another quarter and another year are other entries
    assert pengukuran_opd(opd, TAHUN, 2) is not pertama


def test_a_saved_realisation_is_measured_at_once(opd, operator):
    real = _realisasi_bernilai(opd)
    sebelum = _capaian(opd, real.indikator)
    realisasi_simpan(indikator=real.indikator, tahun=TAHUN, triwulan=TW, nilai=real.nilai * 2, oleh=operator, versi_diharapkan=real.versi)
    u = pengukuran_opd(opd, TAHUN, TW)
    assert u.kinerja(real.indikator).realisasi == real.nilai * 2
    assert u.kinerja(real.indikator).capaian != sebelum


def test_a_write_rolled_back_never_lends_its_figures_to_a_later_write(opd, operator):
    """The counter returns to its old number on rollback and the next write reaches the undone number
    again: the stamp's token differs, so the undone state's figures are never served."""
    real = _realisasi_bernilai(opd)
    nol = _capaian(opd, real.indikator)
    stempel_awal = versi_data.baca(opd.pk)

    with pytest.raises(_Batal):
        with transaction.atomic():
            realisasi_simpan(
                indikator=real.indikator, tahun=TAHUN, triwulan=TW, nilai=real.nilai * 3, oleh=operator, versi_diharapkan=real.versi
            )
            batal = versi_data.baca(opd.pk)
            dibatalkan = _capaian(opd, real.indikator)  # measured (and kept) inside the undone transaction
            assert dibatalkan != nol
            raise _Batal

    assert versi_data.baca(opd.pk) == stempel_awal
    assert _capaian(opd, real.indikator) == nol

    realisasi_simpan(indikator=real.indikator, tahun=TAHUN, triwulan=TW, nilai=real.nilai * 5, oleh=operator, versi_diharapkan=real.versi)
    sekarang = versi_data.baca(opd.pk)
    assert sekarang.split(".")[-1] == batal.split(".")[-1]  # the same counter number as the undone write
    assert sekarang != batal
    assert pengukuran_opd(opd, TAHUN, TW).kinerja(real.indikator).realisasi == real.nilai * 5
    assert _capaian(opd, real.indikator) not in (nol, dibatalkan)


def test_inside_an_import_block_the_cache_is_not_consulted(opd, operator):
    """``kunci.sekaligus()`` moves the stamps only when the block ends: a measurement inside it reads the data."""
    real = _realisasi_bernilai(opd)
    nol = _capaian(opd, real.indikator)
    with pytest.raises(_Batal):
        with transaction.atomic(), kunci.sekaligus():
            Realisasi.objects.filter(pk=real.pk).update(nilai=real.nilai * 4)
            assert _capaian(opd, real.indikator) != nol
            raise _Batal
    assert _capaian(opd, real.indikator) == nol


def test_bulk_writes_of_printed_master_data_move_the_stamp(opd):
    """``QuerySet.update``/``bulk_update`` send no model signal; they move the stamp all the same."""
    awal = versi_data.baca(opd.pk)
    PerangkatDaerah.objects.filter(pk=opd.pk).update(nama="Kecamatan Kedungjajang (ubah)")
    kedua = versi_data.baca(opd.pk)
    assert kedua != awal

    jab = Jabatan.objects.filter(opd=opd).order_by("pk").first()
    jab.nama = jab.nama + " (ubah)"
    Jabatan.objects.bulk_update([jab], ["nama"])
    assert versi_data.baca(opd.pk) != kedua

    # a name the E.81 page prints changes on the page at once
    assert pengukuran_opd(opd, TAHUN, TW).opd.nama == "Kecamatan Kedungjajang (ubah)"


def test_the_e81_page_shows_a_saved_value_even_when_the_quarter_was_measured_before(client, opd, camat, operator):
    real = _realisasi_bernilai(opd)
    client.force_login(camat)
    assert client.get("/e81/", {"opd": opd.kode, "tahun": TAHUN, "triwulan": TW}).status_code == 200
    realisasi_simpan(
        indikator=real.indikator, tahun=TAHUN, triwulan=TW, nilai=Decimal("987654"), oleh=operator, versi_diharapkan=real.versi
    )
    html = client.get("/e81/", {"opd": opd.kode, "tahun": TAHUN, "triwulan": TW}).content.decode()
    assert "987.654" in html


def test_the_e81_table_is_rendered_once_per_data_stamp_and_anew_after_a_write(client, opd, camat, operator):
    """The page's table is the same for every reader of one measurement: kept rendered under the stamp."""
    from django.core.cache import caches
    from django.core.cache.utils import make_template_fragment_key

    from lkj.selectors import kunci_fragmen

    q = {"opd": opd.kode, "tahun": TAHUN, "triwulan": TW}
    client.force_login(camat)
    kunci = kunci_fragmen(opd, TAHUN, TW)
    assert kunci is not None
    html = client.get("/e81/", q).content.decode()
    tabel = caches["halaman"].get(make_template_fragment_key("e81_tabel", [kunci]))
    assert tabel and "tabel-e81" in tabel and tabel in html  # what the page printed is what was kept
    client.force_login(operator)  # another reader gets the same table
    assert tabel in client.get("/e81/", q).content.decode()

    real = _realisasi_bernilai(opd)
    realisasi_simpan(
        indikator=real.indikator, tahun=TAHUN, triwulan=TW, nilai=Decimal("876543"), oleh=operator, versi_diharapkan=real.versi
    )
    assert kunci_fragmen(opd, TAHUN, TW) != kunci
    html = client.get("/e81/", q).content.decode()
    assert "876.543" in html and tabel not in html
    with cache_pengukuran.segar():  # where signatures are decided, nothing is served from a cache
        assert kunci_fragmen(opd, TAHUN, TW) is None
