"""Submit → return with a Tanggapan → resubmit → approve → sign; freeze and reopen with versions."""

import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda, Laporan, Status, Transisi
from organisasi.selectors import DataTerkunci
from perjanjian.models import PKBaris
from renja import realisasi_services as rsvc
from renja.models import Realisasi


def _baris_indah(jab):
    return (
        PKBaris.objects.filter(versi__perjanjian__jabatan=jab)
        .select_related("indikator")
        .exclude(indikator__sumber_realisasi="aktivitas")
        .order_by("-versi__tanggal", "nomor")
        .first()
    )


def _simpan(ind, nilai, oleh):
    r = Realisasi.objects.filter(indikator=ind, tahun=2025, triwulan=3).first()
    return rsvc.realisasi_simpan(
        indikator=ind, tahun=2025, triwulan=3, nilai=Decimal(nilai), oleh=oleh, versi_diharapkan=r.versi if r else 0
    )


def _sampai_disetujui(periode, jab, staf, kasubag):
    svc.laporan_ajukan(**periode, jabatan=jab, oleh=staf)
    return svc.laporan_tanggapi(**periode, jabatan=jab, oleh=kasubag, tanggapan="sudah_baik", keterangan="Mohon pertahankan")


def test_the_full_round_returns_then_approves_then_signs_and_freezes(periode, jab_indah, staf, kasubag):
    lap = svc.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
    assert lap.status == Status.DIAJUKAN
    lap = svc.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=kasubag, tanggapan="target_realisasi", keterangan="Cek angka.")
    assert lap.status == Status.DIKEMBALIKAN and lap.get_tanggapan_display() == "Target dan realisasi diteliti ulang"

    ind = _baris_indah(jab_indah).indikator
    _simpan(ind, "3", staf)
    svc.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
    from lkj.tinjauan.selectors import perubahan_sejak_pengajuan_lalu

    perubahan, ada = perubahan_sejak_pengajuan_lalu(Laporan.objects.get(jabatan=jab_indah))
    assert ada and any(p["bagian"] == "Realisasi" for p in perubahan)

    svc.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik", keterangan="Baik.")
    lap = svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=staf)
    assert lap.status == Status.DISETUJUI  # waits for the atasan's signature...
    with pytest.raises(DataTerkunci, match="sudah dibekukan"):  # ...but the data is frozen already
        _simpan(ind, "4", staf)
    lap = svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=kasubag)
    assert lap.status == Status.DITANDATANGANI
    dok = DokumenTertanda.objects.get(laporan=lap)
    isi = dok.render.berkas.open("rb").read()
    assert isi.startswith(b"%PDF") and hashlib.sha256(isi).hexdigest() == dok.sha256
    assert dok.nomor == f"LKJ/2025/TW3/IND/{lap.pk:04d}/V1"
    assert [t.aksi for t in Transisi.objects.filter(laporan=lap).order_by("pada", "pk")] == [
        "ajukan",
        "kembalikan",
        "ajukan",
        "setujui",
        "tandatangani",
    ]


@pytest.mark.pdf_asli  # the tick, the number and the verification URL as WeasyPrint prints them
def test_the_signed_pdf_prints_the_ticked_tanggapan_number_and_code(periode, jab_indah, staf, kasubag, settings):
    import subprocess
    import tempfile

    settings.LKJ_URL_PUBLIK = "https://lkj.lumajangkab.go.id"
    _sampai_disetujui(periode, jab_indah, staf, kasubag)
    svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=staf)
    svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=kasubag)
    dok = DokumenTertanda.objects.get()
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(dok.render.berkas.open("rb").read())
        fh.flush()
        teks = subprocess.run(["pdftotext", "-layout", fh.name, "-"], capture_output=True, text=True).stdout
    assert "✓" in teks and "Mohon pertahankan" in teks
    assert dok.nomor in teks and dok.kode in teks
    assert f"https://lkj.lumajangkab.go.id/tinjauan/verifikasi/{dok.kode}/" in teks  # what the QR code holds too
    assert "indah" in teks.lower()


def test_it_refuses_narrative_evidence_and_realisation_after_sign_with_a_clear_message(periode, jab_indah, staf, kasubag):
    from lkj.entri.selectors import jabatan_dibekukan, triwulan_terkunci
    from lkj.entri.services import narasi_simpan

    _sampai_disetujui(periode, jab_indah, staf, kasubag)
    svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=staf)
    assert jabatan_dibekukan(jab_indah, 2025, 3)  # frozen, and (below) not by the OPD: by its own signed report
    assert not triwulan_terkunci(periode["opd"], 2025, 3)  # the OPD is not closed by one individual report
    with pytest.raises(ValidationError, match="Laporan Kinerja Individu .* telah ditandatangani"):
        narasi_simpan(**periode, jabatan=jab_indah, daftar={"upaya": ["x"]}, oleh=staf)


def test_reopening_makes_version_two_and_keeps_the_first_pdf(periode, jab_indah, staf, kasubag):
    _sampai_disetujui(periode, jab_indah, staf, kasubag)
    svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=staf)
    svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=kasubag)
    with pytest.raises(ValidationError):
        svc.laporan_buka_kembali(**periode, jabatan=jab_indah, oleh=kasubag, alasan=" ")
    lap = svc.laporan_buka_kembali(**periode, jabatan=jab_indah, oleh=kasubag, alasan="Realisasi salah ketik")
    assert (lap.status, lap.versi, lap.tanggapan) == (Status.DRAF, 2, "")
    ind = _baris_indah(jab_indah).indikator
    _simpan(ind, "5", staf)  # open again
    _sampai_disetujui(periode, jab_indah, staf, kasubag)
    svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=staf)
    svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=kasubag)
    v1, v2 = DokumenTertanda.objects.order_by("versi")
    assert (v1.versi, v2.versi) == (1, 2)
    assert not v1.berlaku and v1.alasan_buka == "Realisasi salah ketik" and v2.berlaku
    assert v1.sha256 != v2.sha256 and v1.render.berkas.open("rb").read().startswith(b"%PDF")


def test_only_the_holder_submits_and_only_the_atasan_answers(periode, jab_indah, staf, staf_lain, kasubag, camat):
    with pytest.raises(PermissionDenied):
        svc.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf_lain)
    svc.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
    for orang in (staf, staf_lain, camat):
        with pytest.raises(PermissionDenied):
            svc.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=orang, tanggapan="sudah_baik")
    with pytest.raises(ValidationError, match="Lain-lain"):
        svc.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=kasubag, tanggapan="lain", keterangan="")


def test_a_second_approval_is_refused_so_one_transition_is_recorded(periode, jab_indah, staf, kasubag):
    _sampai_disetujui(periode, jab_indah, staf, kasubag)
    with pytest.raises(svc.TransisiDitolak):
        svc.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik")
    assert Transisi.objects.filter(aksi="setujui").count() == 1


def test_the_camat_signs_the_opd_lkj_only_with_every_report_approved_or_a_recorded_reason(periode, sekcam, camat, staf, staf_lain):
    from anggaran.selectors import triwulan_terkunci as lra_hook
    from organisasi.selectors import triwulan_terkunci

    svc.laporan_ajukan(**periode, oleh=sekcam)
    svc.laporan_tanggapi(**periode, oleh=camat, tanggapan="sudah_baik")
    with pytest.raises(ValidationError, match="Belum semua Laporan Kinerja Individu ditandatangani"):
        svc.laporan_tandatangani(**periode, oleh=camat)
    lap = svc.laporan_tandatangani(**periode, oleh=camat, alasan_pengecualian="Batas waktu Bupati; individu menyusul")
    assert lap.status == Status.DITANDATANGANI
    t = Transisi.objects.get(aksi="tandatangani")
    assert t.pengecualian and "menyusul" in t.catatan
    assert sorted(DokumenTertanda.objects.values_list("jenis", flat=True)) == ["e81", "lkj_opd"]
    assert triwulan_terkunci(periode["opd"], 2025, 3, anggaran=True) is not None
    ind = Realisasi.objects.filter(indikator__opd=periode["opd"], tahun=2025, triwulan=3).first().indikator
    with pytest.raises(DataTerkunci, match="LKj .* telah ditandatangani"):
        _simpan(ind, "1", staf)
