"""The data stamp: an unchanged document is served without being rebuilt, and every write moves the stamp.

A render is served straight from the cache only while its OPD's stamp is the one it
was filed under; these tests hold the stamp to moving with every kind of write a user
or an operator can make, so the fast path never serves a file with old figures.
"""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from lkj.dokumen import services, stempel
from lkj.dokumen.models import DokumenRender
from organisasi import versi_data
from organisasi.kunci import DataTriwulan
from organisasi.models import DataTercetak, Pegawai
from renja.models import Indikator, Realisasi
from renja.realisasi_services import realisasi_simpan

J = DokumenRender.Jenis


def _siap(opd, jenis=J.LKJ_OPD, **kw):
    return services.dokumen_siapkan(jenis=jenis, opd=opd, tahun=2025, triwulan=3, **kw)


# Models no document prints, with the reason (a model added without a decision fails below).
TIDAK_DICETAK = {
    "lkj.DokumenRender": "cache dokumen itu sendiri",
    "organisasi.VersiData": "stempel itu sendiri",
    "organisasi.PeranPemda": "hak baca pengguna, tidak dicetak",
    "organisasi.OperatorOpd": "hak tulis pengguna, tidak dicetak",
    "lkj.DenyutPekerja": "denyut pekerja dokumen",
    "organisasi.LaporanDitinjau": "yang dibekukan tinjauan, bukan yang dicetak",
    "renja.Nomenklatur": "daftar acuan untuk memeriksa kode; pohon perencanaan menyimpan namanya sendiri",
    "anggaran.KodeRekening": "daftar acuan untuk memeriksa kode; baris LRA menyimpan uraiannya sendiri",
}


def _model_tercetak():
    for label in ("organisasi", "renja", "anggaran", "perjanjian", "lkj"):
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical") and model._meta.label not in TIDAK_DICETAK:
                yield model


def test_every_model_of_the_data_apps_says_whose_stamp_its_writes_move(db):
    tanpa = [m._meta.label for m in _model_tercetak() if not issubclass(m, (DataTriwulan, DataTercetak))]
    assert tanpa == [], f"model tanpa aturan stempel data: {tanpa}"
    for model in _model_tercetak():
        assert post_save.has_listeners(model) and post_delete.has_listeners(model), model


def test_saving_or_deleting_any_row_of_the_demo_moves_its_opds_stamp(opd):
    dicoba = 0
    for model in _model_tercetak():
        obj = model._base_manager.order_by("pk").first()
        if obj is None:
            continue
        sebelum = versi_data.baca(opd.pk)
        obj.save()
        assert versi_data.baca(opd.pk) != sebelum, f"{model._meta.label}: menyimpan tidak mengubah stempel"
        dicoba += 1
    assert dicoba >= 25  # the demo has rows of nearly every model

    bukti_aktivitas = apps.get_model("renja.Aktivitas").objects.filter(kegiatan__program__opd=opd).first()
    sebelum = versi_data.baca(opd.pk)
    bukti_aktivitas.delete()  # and its realisations with it
    assert versi_data.baca(opd.pk) != sebelum


def test_an_unchanged_document_is_served_without_rebuilding_it(
    opd, django_capture_on_commit_callbacks, django_assert_max_num_queries, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        r1 = _siap(opd)
    r1.refresh_from_db()
    assert r1.status == DokumenRender.Status.SELESAI and r1.stempel

    dibangun = []
    asli = services.data_dokumen
    monkeypatch.setattr(services, "data_dokumen", lambda *a, **k: dibangun.append(a) or asli(*a, **k))
    with django_assert_max_num_queries(2):
        r2 = _siap(opd)
    assert (r2.pk, dibangun) == (r1.pk, [])


def test_a_saved_realisation_is_never_served_from_the_old_file(opd, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lama = _siap(opd, jenis=J.E81)
    ind = Indikator.objects.filter(opd=opd, realisasi__tahun=2025, realisasi__triwulan=3).first()
    r = Realisasi.objects.get(indikator=ind, tahun=2025, triwulan=3)
    realisasi_simpan(
        indikator=ind,
        tahun=2025,
        triwulan=3,
        nilai=(r.nilai or Decimal(0)) + 1,
        pembilang=r.pembilang,
        penyebut=r.penyebut,
        oleh=None,
        versi_diharapkan=r.versi,
    )

    baru = _siap(opd, jenis=J.E81)
    assert baru.pk != lama.pk and baru.versi_data != lama.versi_data


def test_a_renamed_pegawai_moves_every_opds_stamp_and_changes_the_lkj(opd, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lama = _siap(opd)
    camat = Pegawai.objects.get(nama__icontains="Samsul")
    sebelum = versi_data.baca(opd.pk)
    camat.nama = "SYAMSUL NURUL HUDA, SE"
    camat.save()
    assert versi_data.baca(opd.pk) != sebelum

    baru = _siap(opd)
    assert baru.pk != lama.pk
    isi = services.render.html(
        services.SPESIFIKASI[J.LKJ_OPD].template,
        services.konteks(J.LKJ_OPD, services.data_dokumen(J.LKJ_OPD, opd, 2025, 3, None, baru.tanggal)),
    )
    assert "SYAMSUL NURUL HUDA" in isi and services.versi_data(J.LKJ_OPD, "pdf", isi) == baru.versi_data


def test_a_rolled_back_write_takes_its_stamp_move_with_it(opd):
    realisasi = Realisasi.objects.filter(indikator__opd=opd, tahun=2025, triwulan=3).first()
    sebelum = versi_data.baca(opd.pk)
    with transaction.atomic():
        try:
            with transaction.atomic():
                realisasi.catatan_sumber = "batal"
                realisasi.save()
                assert versi_data.baca(opd.pk) != sebelum
                raise RuntimeError("batal")
        except RuntimeError:
            pass
        assert versi_data.baca(opd.pk) == sebelum  # the move was rolled back with the savepoint
        Realisasi.objects.filter(pk=realisasi.pk).update(catatan_sumber="lewat update")  # no signal: the QuerySet moves it
    sesudah = versi_data.baca(opd.pk)
    assert int(sesudah.rsplit(".", 1)[1]) == int(sebelum.rsplit(".", 1)[1]) + 1


def test_a_bulk_write_moves_the_stamp_of_the_opds_it_touched_only(opd):
    from organisasi.models import PerangkatDaerah

    lain = PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Lain")
    lain_sebelum, sebelum = versi_data.baca(lain.pk), versi_data.baca(opd.pk)
    Indikator.objects.filter(opd=opd, pk__in=Indikator.objects.filter(opd=opd).values("pk")[:3]).update(sumber_data="SIPD")
    assert versi_data.baca(opd.pk) != sebelum
    assert versi_data.baca(lain.pk) == lain_sebelum


def test_a_new_release_of_the_program_renders_anew_instead_of_serving_the_old_file(opd, django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks(execute=True):
        lama = _siap(opd, jenis=J.LRA)
    monkeypatch.setattr(stempel, "versi_program", lambda: "rilis-baru")
    monkeypatch.setattr(services, "versi_program", lambda: "rilis-baru")

    baru = _siap(opd, jenis=J.LRA)
    assert baru.pk != lama.pk and baru.stempel.startswith("rilis-baru/")  # same figures, drawn by the new code


def test_an_indicator_moved_to_another_opd_moves_the_old_opds_stamp(opd):
    from organisasi.models import PerangkatDaerah

    lain = PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Lain")
    ind = Indikator.objects.filter(opd=opd).first()
    sebelum = versi_data.baca(opd.pk)
    ind.opd = lain
    ind.save()
    assert versi_data.baca(opd.pk) != sebelum


def test_a_spreadsheet_figure_the_html_rounds_still_makes_a_new_version(opd, django_capture_on_commit_callbacks):
    from perjanjian.models import PKBaris

    d = services.data_dokumen(J.E81, opd, 2025, 3, None, services.tanggal_baku(2025, 3))
    dicetak = next(r.baris for r in d.rows if r.baris.indikator and r.baris.target_k)  # a target the E.81 prints
    # TW III prints the target of the PK version in force at its end (decisions §5).
    t = PKBaris.objects.get(indikator__opd=opd, indikator__uraian=dicetak.indikator, versi__perjanjian__tahun=2025)
    t.target += Decimal("0.25")
    t.save()
    with django_capture_on_commit_callbacks(execute=True):
        lama = _siap(opd, jenis=J.E81, format="xlsx")
    html_lama = services._bangun(J.E81, "pdf", services.data_dokumen(J.E81, opd, 2025, 3, None, lama.tanggal))[0]
    t.target += Decimal("0.0001")  # printed as the same two decimals, kept exactly in the XLSX
    t.save()
    html_baru = services._bangun(J.E81, "pdf", services.data_dokumen(J.E81, opd, 2025, 3, None, lama.tanggal))[0]
    assert html_baru == html_lama

    baru = _siap(opd, jenis=J.E81, format="xlsx")
    assert baru.pk != lama.pk and baru.versi_data != lama.versi_data


def test_a_signed_render_is_never_what_the_cache_serves(opd, django_capture_on_commit_callbacks):
    tanpa_stempel = DokumenRender.objects.filter(kunci__startswith="ttd:").exclude(stempel="")
    assert not tanpa_stempel.exists()


def test_the_list_says_when_a_stored_file_predates_the_last_change(client, opd, django_capture_on_commit_callbacks):
    client.force_login(apps.get_model("auth.User").objects.get(username="samsul"))
    with django_capture_on_commit_callbacks(execute=True):
        r = _siap(opd, jenis=J.LRA)
    halaman = {"opd": opd.kode, "tahun": 2025, "triwulan": 3}
    html = client.get("/dokumen/", halaman).content.decode()
    assert f"/dokumen/{r.pk}/unduh/" in html and "telah diperbarui sejak berkas ini dibuat" not in html

    ind = Indikator.objects.filter(opd=opd, realisasi__tahun=2025, realisasi__triwulan=3).first()
    lama = Realisasi.objects.get(indikator=ind, tahun=2025, triwulan=3)
    realisasi_simpan(
        indikator=ind,
        tahun=2025,
        triwulan=3,
        nilai=(lama.nilai or Decimal(0)) + 1,
        pembilang=lama.pembilang,
        penyebut=lama.penyebut,
        oleh=None,
        versi_diharapkan=lama.versi,
    )
    html = client.get("/dokumen/", halaman).content.decode()
    assert "Data atau aplikasi telah diperbarui sejak berkas ini dibuat" in html


def test_a_worker_on_another_release_says_so_instead_of_blaming_the_data(opd, monkeypatch):
    r = _siap(opd, jenis=J.LRA, antrekan=False)
    monkeypatch.setattr(services, "versi_program", lambda: "rilis-lain")  # the worker runs other files

    r = services.dokumen_render(dokumen_id=r.pk)
    assert r.status == DokumenRender.Status.GAGAL
    assert "belum menjalankan versi yang sama dengan server web" in r.pesan
