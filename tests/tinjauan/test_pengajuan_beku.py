"""Submitted stays submitted (decisions §7), through the pages.

SUDARMI holds Kasubag Umum dan Kepegawaian, whose PK has a value row (207, units bought) and
aktivitas rows (203, 206, …); her atasan is the sekcam BAMBANG. She submits, then tries every
writer: refused, with a message naming the report and who may withdraw or return it. She
withdraws ("Tarik kembali", a transition the atasan sees), then edits: accepted. The atasan
cannot approve (nor anyone sign) a report that no longer prints what was submitted.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from lkj.models import Narasi
from lkj.tinjauan import services as svc
from lkj.tinjauan.models import Laporan, Status, Transisi
from organisasi.models import LaporanDitinjau
from organisasi.selectors import DataTerkunci
from renja import realisasi_services as rsvc
from renja.models import AktivitasRealisasi, BuktiDukung, Indikator, Realisasi
from tests.entri.conftest import PDF_BYTES, jabatan, png_bytes

HX = {"HTTP_HX_REQUEST": "true"}
TAHUN, TW = 2025, 3


def _user(nama):
    return get_user_model().objects.get(username=nama)


@pytest.fixture
def kasubag_umum(opd):
    return jabatan(opd, "Kasubag Umum dan Kepegawaian")


@pytest.fixture
def sudarmi(demo):
    return _user("sudarmi")


@pytest.fixture
def ind_nilai(demo):
    return Indikator.objects.get(kode="k01_207_pengadaan_bmd")


@pytest.fixture
def ind_aktivitas(demo):
    return Indikator.objects.get(kode="k01_203_fasilitasi_adm_bmd")


def _laporan(opd, jab, aksi=None):
    if aksi:
        return reverse("tinjauan:aksi", args=[opd.kode, TAHUN, TW, jab.pk, aksi])
    return reverse("tinjauan:laporan", args=[opd.kode, TAHUN, TW, jab.pk])


def _baris(jab, ind):
    return reverse("entri:baris_simpan", args=[jab.pk, TAHUN, TW, ind.pk])


def _isi_nilai(ind, nilai):
    r = Realisasi.objects.filter(indikator=ind, tahun=TAHUN, triwulan=TW).first()
    return {"nilai": nilai, "catatan": "", "versi": r.versi if r else 0}


def _isi_aktivitas(ind, tambah=1):
    data = {}
    for ar in AktivitasRealisasi.objects.filter(aktivitas__kegiatan_id=ind.kegiatan_id, aktivitas__tahun=TAHUN, triwulan=TW):
        data[f"aktivitas_{ar.aktivitas_id}"] = str(min(ar.terlaksana + tambah, ar.aktivitas.rencana))
        data[f"versi_{ar.aktivitas_id}"] = ar.versi
    return data


def _narasi(jab):
    return reverse("entri:narasi", args=[jab.pk, TAHUN, TW])


def _isi_narasi(jab, teks):
    """The narrative form with ``teks`` as faktor pendukung and the other lists as saved (a report is submitted only
    with every list filled)."""
    n = Narasi.objects.filter(jabatan=jab, tahun=TAHUN, triwulan=TW).first()
    lain = {b: "\n".join(getattr(n, b) or []) if n else "" for b in ("faktor_penghambat", "upaya", "rencana_tindak_lanjut")}
    return {"faktor_pendukung": teks, **lain, "versi": n.versi if n else 0}


def _ubah_di_bawah_penjaga(ind, nilai):
    """A change no writer of the app makes: plain SQL, as typed into the database console."""
    r = Realisasi.objects.get(indikator=ind, tahun=TAHUN, triwulan=TW)
    with connection.cursor() as c:
        c.execute(f"UPDATE {Realisasi._meta.db_table} SET nilai = %s WHERE id = %s", [str(nilai), r.pk])


def _nilai(ind):
    return Realisasi.objects.get(indikator=ind, tahun=TAHUN, triwulan=TW).nilai


def _hitungan(ind):
    return sorted(
        AktivitasRealisasi.objects.filter(aktivitas__kegiatan_id=ind.kegiatan_id, triwulan=TW).values_list("aktivitas_id", "terlaksana")
    )


def test_after_submitting_every_writer_is_refused_then_withdrawing_opens_them_again(
    client, opd, kasubag_umum, sudarmi, sekcam, operator, ind_nilai, ind_aktivitas
):
    client.force_login(sudarmi)
    # evidence already there before submitting, to try its removal
    r = client.post(
        reverse("entri:bukti_unggah", args=[kasubag_umum.pk, TAHUN, TW, ind_nilai.pk]),
        {"berkas": SimpleUploadedFile("kuitansi.pdf", PDF_BYTES), "keterangan": "Kuitansi"},
        **HX,
    )
    assert r.status_code == 200
    bukti = BuktiDukung.objects.get(indikator=ind_nilai)
    nilai, hitungan, narasi = _nilai(ind_nilai), _hitungan(ind_aktivitas), Narasi.objects.filter(jabatan=kasubag_umum).first()

    r = client.post(_laporan(opd, kasubag_umum, "ajukan"), {"catatan": "Mohon ditinjau"}, follow=True)
    assert "Laporan diajukan kepada atasan." in r.content.decode()
    pesan = (
        "dibekukan karena Laporan Kinerja Individu Kasubag Umum dan Kepegawaian (SUDARMI, S.AP) sedang diajukan "
        "kepada BAMBANG YULIANTO, SP; perubahan ditolak. SUDARMI, S.AP dapat menariknya kembali"
    )

    # the pages say so before anyone types: no forms, the reason instead
    halaman = client.get(reverse("entri:index"), {"tahun": TAHUN, "triwulan": TW}).content.decode()
    bagian = halaman.split(f'id="jab-{kasubag_umum.pk}"')[1].split("</section>")[0]
    assert pesan in bagian and "hx-post" not in bagian

    # every writer, posted anyway, is refused and nothing changes
    r = client.post(_baris(kasubag_umum, ind_nilai), _isi_nilai(ind_nilai, "9"), **HX)
    assert r.status_code == 403 and pesan in r.content.decode()
    r = client.post(_baris(kasubag_umum, ind_aktivitas), _isi_aktivitas(ind_aktivitas), **HX)
    assert r.status_code == 403 and pesan in r.content.decode()
    r = client.post(
        reverse("entri:bukti_unggah", args=[kasubag_umum.pk, TAHUN, TW, ind_nilai.pk]),
        {"berkas": SimpleUploadedFile("foto.png", png_bytes())},
        **HX,
    )
    assert r.status_code == 403
    r = client.post(reverse("entri:bukti_hapus", args=[kasubag_umum.pk, TAHUN, TW, ind_nilai.pk, bukti.pk]), **HX)
    assert r.status_code == 403
    r = client.post(_narasi(kasubag_umum), _isi_narasi(kasubag_umum, "Teks baru setelah diajukan"), follow=True)
    assert pesan in r.content.decode()
    r = client.post(
        _narasi(kasubag_umum),
        {"aksi": "foto", "foto": SimpleUploadedFile("f.png", png_bytes()), "keterangan": "Rapat", "tanggal": "2025-09-01"},
        follow=True,
    )
    assert pesan in r.content.decode()
    # nor can the operator, acting for her
    lain = client_operator = type(client)()
    client_operator.force_login(operator)
    r = lain.post(_baris(kasubag_umum, ind_nilai), _isi_nilai(ind_nilai, "9"), **HX)
    assert r.status_code == 403 and pesan in r.content.decode()
    # and the services refuse whatever calls them (a script, a future page)
    with pytest.raises(DataTerkunci, match="sedang diajukan"):
        rsvc.realisasi_simpan(
            indikator=ind_nilai,
            tahun=TAHUN,
            triwulan=TW,
            nilai=Decimal("9"),
            oleh=sudarmi,
            versi_diharapkan=Realisasi.objects.get(indikator=ind_nilai, tahun=TAHUN, triwulan=TW).versi,
        )
    assert _nilai(ind_nilai) == nilai and _hitungan(ind_aktivitas) == hitungan
    assert BuktiDukung.objects.filter(indikator=ind_nilai).count() == 1
    assert Narasi.objects.filter(jabatan=kasubag_umum).first() == narasi
    if narasi is not None:
        assert Narasi.objects.get(pk=narasi.pk).faktor_pendukung == narasi.faktor_pendukung

    # Tarik kembali: a recorded transition the atasan sees
    r = client.post(_laporan(opd, kasubag_umum, "tarik"), {"catatan": "Salah isi jumlah unit"}, follow=True)
    assert "Laporan ditarik kembali" in r.content.decode()
    assert Laporan.objects.get(jabatan=kasubag_umum).status == Status.DRAF
    assert list(Transisi.objects.filter(laporan__jabatan=kasubag_umum).values_list("aksi", flat=True)) == ["ajukan", "tarik_kembali"]
    atasan = type(client)()
    atasan.force_login(sekcam)
    teks = atasan.get(_laporan(opd, kasubag_umum)).content.decode()
    assert "Ditarik kembali oleh SUDARMI, S.AP" in teks and "Salah isi jumlah unit" in teks
    assert "Diajukan → Draf (ditarik kembali)" in teks
    ikhtisar = type(client)()
    ikhtisar.force_login(_user("samsul"))
    assert (
        "SUDARMI, S.AP (mengajukan; ditarik kembali"
        in ikhtisar.get(reverse("tinjauan:ikhtisar", args=[opd.kode, TAHUN, TW])).content.decode()
    )
    assert (
        "Diajukan → Draf (ditarik kembali)"
        in ikhtisar.get(reverse("tinjauan:audit", args=[opd.kode]), {"objek": "laporan"}).content.decode()
    )

    # editable again: every writer is accepted
    r = client.post(_baris(kasubag_umum, ind_nilai), _isi_nilai(ind_nilai, "9"), **HX)
    assert r.status_code == 200 and _nilai(ind_nilai) == Decimal("9")
    r = client.post(_baris(kasubag_umum, ind_aktivitas), _isi_aktivitas(ind_aktivitas), **HX)
    assert r.status_code == 200 and _hitungan(ind_aktivitas) != hitungan
    r = client.post(reverse("entri:bukti_hapus", args=[kasubag_umum.pk, TAHUN, TW, ind_nilai.pk, bukti.pk]), **HX)
    assert r.status_code == 200 and not BuktiDukung.objects.filter(pk=bukti.pk).exists()
    r = client.post(
        reverse("entri:bukti_unggah", args=[kasubag_umum.pk, TAHUN, TW, ind_nilai.pk]),
        {"berkas": SimpleUploadedFile("kuitansi-2.pdf", PDF_BYTES)},
        **HX,
    )
    assert r.status_code == 200 and BuktiDukung.objects.filter(indikator=ind_nilai).count() == 1
    r = client.post(_narasi(kasubag_umum), _isi_narasi(kasubag_umum, "Pengadaan selesai"), follow=True)
    assert "Narasi tersimpan" in r.content.decode()

    # submitted again, the atasan sees what changed since the first submission
    client.post(_laporan(opd, kasubag_umum, "ajukan"))
    teks = atasan.get(_laporan(opd, kasubag_umum)).content.decode()
    assert "Perubahan sejak pengajuan sebelumnya" in teks and "Pengadaan selesai" in teks and "kuitansi-2.pdf" in teks


def test_the_atasan_cannot_approve_a_report_that_changed_after_it_was_submitted(client, opd, jab_indah, staf, kasubag):
    ind = Indikator.objects.get(kode="s01_202_04_dokumen_akuntansi")
    client.force_login(staf)
    client.post(_laporan(opd, jab_indah, "ajukan"))
    # The guard below every writer refuses the admin, an import or a script (tests/kunci/test_tinjauan_beku.py);
    # SQL typed into the database console passes below it, and the approval is the last line that sees it.
    _ubah_di_bawah_penjaga(ind, Decimal("11"))
    client.force_login(kasubag)
    teks = client.get(_laporan(opd, jab_indah)).content.decode()
    assert "Isi laporan berbeda dari yang diajukan" in teks
    r = client.post(_laporan(opd, jab_indah, "tanggapi"), {"tanggapan": "sudah_baik"}, follow=True)
    teks = r.content.decode()
    assert "tidak dapat disetujui karena isinya berbeda dari yang diajukan" in teks and "11 dokumen" in teks
    assert Laporan.objects.get(jabatan=jab_indah).status == Status.DIAJUKAN
    # returning it is always possible, and lifts the freeze
    r = client.post(_laporan(opd, jab_indah, "tanggapi"), {"tanggapan": "target_realisasi", "keterangan": "Cek angka"}, follow=True)
    assert "Laporan dikembalikan untuk diperbaiki." in r.content.decode()
    assert not LaporanDitinjau.objects.filter(jabatan=jab_indah).exists()


def test_nobody_signs_an_approved_report_that_changed_and_it_can_be_reopened(opd, jab_indah, staf, kasubag):
    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW, "jabatan": jab_indah}
    ind = Indikator.objects.get(kode="s01_202_04_dokumen_akuntansi")
    svc.laporan_ajukan(**p, oleh=staf)
    svc.laporan_tanggapi(**p, oleh=kasubag, tanggapan="sudah_baik")
    assert LaporanDitinjau.objects.get(jabatan=jab_indah).disetujui  # approved: still frozen
    with pytest.raises(DataTerkunci, match="sudah disetujui DHIAN PUSPITASARI, S.TP dan menunggu tanda tangan"):
        rsvc.realisasi_simpan(
            indikator=ind,
            tahun=TAHUN,
            triwulan=TW,
            nilai=Decimal("11"),
            oleh=staf,
            versi_diharapkan=Realisasi.objects.get(indikator=ind, tahun=TAHUN, triwulan=TW).versi,
        )
    _ubah_di_bawah_penjaga(ind, Decimal("11"))
    for orang in (staf, kasubag):
        with pytest.raises(svc.TransisiDitolak, match="tidak dapat ditandatangani karena isinya berbeda"):
            svc.laporan_tandatangani(**p, oleh=orang)
    lap = svc.laporan_buka_kembali(**p, oleh=staf, alasan="Angka berubah setelah disetujui")
    assert (lap.status, lap.versi) == (Status.DRAF, 2)
    assert not LaporanDitinjau.objects.filter(jabatan=jab_indah).exists()


def test_a_row_printed_in_a_submitted_report_above_is_frozen_with_that_reports_name(client, opd, sekcam, kasubag):
    """The sekcam's PK prints program 1 as the sum of its kegiatan's aktivitas: his submission freezes them."""
    kasubag_keu = jabatan(opd, "Kasubag Keuangan")
    ind = Indikator.objects.get(kode="k01_202_fasilitasi_adm_keuangan")
    jab_sekcam = sekcam.pegawai.penugasan.get().jabatan
    client.force_login(sekcam)
    client.post(_laporan(opd, jab_sekcam, "ajukan"))
    pesan = (
        "dibekukan karena Laporan Kinerja Individu Sekretaris Kecamatan (BAMBANG YULIANTO, SP) sedang diajukan kepada "
        "SAMSUL NURUL HUDA, SE; perubahan ditolak. BAMBANG YULIANTO, SP dapat menariknya kembali"
    )
    client.force_login(kasubag)
    halaman = client.get(reverse("entri:jabatan", args=[kasubag_keu.pk, TAHUN, TW])).content.decode()
    assert pesan in halaman
    hitungan = _hitungan(ind)
    r = client.post(_baris(kasubag_keu, ind), _isi_aktivitas(ind), **HX)
    assert r.status_code == 422 and pesan in r.content.decode() and _hitungan(ind) == hitungan
    # her own narrative is not printed in his report: still hers to write
    r = client.post(_narasi(kasubag_keu), _isi_narasi(kasubag_keu, "Koordinasi lancar"), follow=True)
    assert "Narasi tersimpan" in r.content.decode()
    client.force_login(sekcam)
    client.post(_laporan(opd, jab_sekcam, "tarik"))
    client.force_login(kasubag)
    r = client.post(_baris(kasubag_keu, ind), _isi_aktivitas(ind), **HX)
    assert r.status_code == 200 and _hitungan(ind) != hitungan


def test_the_submitted_opd_lkj_freezes_every_figure_and_its_narrative_but_not_the_individual_narratives(
    opd, sekcam, camat, staf, jab_indah
):
    from lkj.entri.services import narasi_simpan

    svc.laporan_ajukan(opd=opd, tahun=TAHUN, triwulan=TW, oleh=sekcam)
    ind = Indikator.objects.get(kode="s01_202_04_dokumen_akuntansi")
    with pytest.raises(DataTerkunci, match="LKj Kecamatan Kedungjajang dan Formulir E.81 sedang diajukan kepada SAMSUL"):
        rsvc.realisasi_simpan(
            indikator=ind,
            tahun=TAHUN,
            triwulan=TW,
            nilai=Decimal("11"),
            oleh=staf,
            versi_diharapkan=Realisasi.objects.get(indikator=ind, tahun=TAHUN, triwulan=TW).versi,
        )
    with pytest.raises(DataTerkunci, match="LKj Kecamatan Kedungjajang"):
        narasi_simpan(opd=opd, jabatan=None, tahun=TAHUN, triwulan=TW, daftar={"upaya": ["x"]}, oleh=sekcam)
    narasi_simpan(opd=opd, jabatan=jab_indah, tahun=TAHUN, triwulan=TW, daftar={"upaya": ["Lembur"]}, oleh=staf)
    svc.laporan_tanggapi(opd=opd, tahun=TAHUN, triwulan=TW, oleh=camat, tanggapan="diperbaiki", keterangan="Lengkapi BAB IV")
    rsvc.realisasi_simpan(
        indikator=ind,
        tahun=TAHUN,
        triwulan=TW,
        nilai=Decimal("11"),
        oleh=staf,
        versi_diharapkan=Realisasi.objects.get(indikator=ind, tahun=TAHUN, triwulan=TW).versi,
    )


def test_only_a_submitted_report_can_be_withdrawn_and_only_by_its_holder(opd, jab_indah, staf, staf_lain, kasubag):
    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW, "jabatan": jab_indah}
    with pytest.raises(svc.TransisiDitolak, match="hanya laporan yang sedang diajukan"):
        svc.laporan_tarik_kembali(**p, oleh=staf)
    svc.laporan_ajukan(**p, oleh=staf)
    from django.core.exceptions import PermissionDenied

    for orang in (staf_lain, kasubag):
        with pytest.raises(PermissionDenied):
            svc.laporan_tarik_kembali(**p, oleh=orang)
    svc.laporan_tanggapi(**p, oleh=kasubag, tanggapan="sudah_baik")
    with pytest.raises(svc.TransisiDitolak, match="hanya laporan yang sedang diajukan"):
        svc.laporan_tarik_kembali(**p, oleh=staf)
