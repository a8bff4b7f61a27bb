"""Writes of realisations, evidence and narrative: versions, history, content checks, all-or-nothing."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lkj.entri import services as narasi_services
from renja import realisasi_services as svc
from renja.models import Aktivitas, AktivitasRealisasi, BuktiDukung, Indikator, Realisasi

from .conftest import PDF_BYTES, png_bytes


@pytest.fixture
def paten(demo):
    return Indikator.objects.get(kode="k02_204_pelayanan_paten_sesuai_sop")


def test_saving_a_realisation_bumps_its_version_and_records_who(paten, kasi_plt):
    lama = Realisasi.objects.get(indikator=paten, tahun=2025, triwulan=3)
    r = svc.realisasi_simpan(
        indikator=paten, tahun=2025, triwulan=3, nilai=Decimal("76.44"), catatan="Rekap PATEN", oleh=kasi_plt, versi_diharapkan=lama.versi
    )
    assert r.versi == lama.versi + 1
    assert r.nilai == Decimal("76.44")
    h = r.history.latest()
    assert h.history_user == kasi_plt and h.nilai == Decimal("76.44")


def test_a_save_against_an_older_version_is_refused_with_the_newer_row(paten, kasi_plt, operator):
    v = Realisasi.objects.get(indikator=paten, tahun=2025, triwulan=3).versi
    svc.realisasi_simpan(indikator=paten, tahun=2025, triwulan=3, nilai=Decimal("70"), oleh=operator, versi_diharapkan=v)
    with pytest.raises(svc.KonflikVersi) as e:
        svc.realisasi_simpan(indikator=paten, tahun=2025, triwulan=3, nilai=Decimal("80"), oleh=kasi_plt, versi_diharapkan=v)
    assert e.value.terbaru.nilai == Decimal("70")
    assert Realisasi.objects.get(indikator=paten, tahun=2025, triwulan=3).nilai == Decimal("70")


def test_a_first_save_expects_version_zero_and_a_second_first_save_conflicts(paten, kasi_plt):
    svc.realisasi_simpan(indikator=paten, tahun=2025, triwulan=4, nilai=Decimal("80"), oleh=kasi_plt, versi_diharapkan=0)
    with pytest.raises(svc.KonflikVersi):
        svc.realisasi_simpan(indikator=paten, tahun=2025, triwulan=4, nilai=Decimal("81"), oleh=kasi_plt, versi_diharapkan=0)


def test_an_operator_acting_for_the_holder_is_recorded_as_such(paten, operator, kasi_plt):
    v = Realisasi.objects.get(indikator=paten, tahun=2025, triwulan=3).versi
    r = svc.realisasi_simpan(
        indikator=paten, tahun=2025, triwulan=3, nilai=Decimal("61"), oleh=operator, atas_nama=kasi_plt.pegawai, versi_diharapkan=v
    )
    reason = r.history.latest().history_change_reason
    assert reason.startswith("oleh operator") and kasi_plt.pegawai.nama in reason


def test_a_ratio_is_only_for_percentages_and_nothing_is_written_on_refusal(demo, kasubag):
    jumlah = Indikator.objects.get(kode="s01_201_02_dokumen_rka")
    before = list(Realisasi.objects.filter(indikator=jumlah).values_list("nilai", "versi"))
    with pytest.raises(ValidationError):
        svc.realisasi_simpan(
            indikator=jumlah, tahun=2025, triwulan=3, pembilang=Decimal(1), penyebut=Decimal(2), oleh=kasubag, versi_diharapkan=1
        )
    assert list(Realisasi.objects.filter(indikator=jumlah).values_list("nilai", "versi")) == before


def test_aktivitas_counts_are_saved_all_or_nothing(demo, kasubag):
    ind = Indikator.objects.get(pk=Aktivitas.objects.filter(tahun=2025).first().kegiatan.indikator.get(sumber_realisasi="aktivitas").pk)
    akt = list(Aktivitas.objects.filter(kegiatan=ind.kegiatan, tahun=2025).order_by("urutan", "id")[:2])
    ada = {ar.aktivitas_id: ar for ar in AktivitasRealisasi.objects.filter(aktivitas__in=akt, triwulan=3)}
    versi = {a.pk: (ada[a.pk].versi if a.pk in ada else 0) for a in akt}
    before = {a.pk: (ada[a.pk].terlaksana if a.pk in ada else None) for a in akt}
    with pytest.raises(ValidationError):
        svc.aktivitas_realisasi_simpan(
            indikator=ind,
            tahun=2025,
            triwulan=3,
            oleh=kasubag,
            versi_diharapkan=versi,
            terlaksana={akt[0].pk: 0, akt[1].pk: akt[1].rencana + 1},
        )
    after = {ar.aktivitas_id: ar.terlaksana for ar in AktivitasRealisasi.objects.filter(aktivitas__in=akt, triwulan=3)}
    assert {k: v for k, v in before.items() if v is not None} == after
    hasil = svc.aktivitas_realisasi_simpan(
        indikator=ind,
        tahun=2025,
        triwulan=3,
        oleh=kasubag,
        versi_diharapkan=versi,
        terlaksana={akt[0].pk: 0 if before[akt[0].pk] else akt[0].rencana, akt[1].pk: 0},
    )
    assert hasil[akt[0].pk].terlaksana == (0 if before[akt[0].pk] else akt[0].rencana)
    assert hasil[akt[0].pk].history.latest().history_user == kasubag


def test_evidence_is_judged_by_content_not_by_name(paten, kasi_plt):
    palsu = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    with pytest.raises(ValidationError) as e:
        svc.bukti_tambah(indikator=paten, tahun=2025, triwulan=3, berkas=palsu, oleh=kasi_plt)
    assert "bukan PDF, JPG, atau PNG" in " ".join(e.value.messages)
    foto = SimpleUploadedFile("scan.pdf", png_bytes(), content_type="application/pdf")  # a PNG wearing a .pdf name
    bk = svc.bukti_tambah(indikator=paten, tahun=2025, triwulan=3, berkas=foto, oleh=kasi_plt)
    assert bk.jenis_isi == "image/png" and bk.berkas.name.endswith(".png") and bk.nama_asli == "scan.pdf"
    pdf = svc.bukti_tambah(indikator=paten, tahun=2025, triwulan=3, berkas=SimpleUploadedFile("ba.pdf", PDF_BYTES), oleh=kasi_plt)
    assert pdf.jenis_isi == "application/pdf" and pdf.realisasi is not None
    assert BuktiDukung.objects.filter(indikator=paten, tahun=2025, triwulan=3).count() == 2


def test_a_truncated_image_is_refused(paten, kasi_plt):
    rusak = SimpleUploadedFile("foto.png", png_bytes()[:40])
    with pytest.raises(ValidationError):
        svc.bukti_tambah(indikator=paten, tahun=2025, triwulan=3, berkas=rusak, oleh=kasi_plt)


def test_evidence_above_the_size_limit_is_refused(paten, kasi_plt, monkeypatch):
    monkeypatch.setattr(svc, "BUKTI_UKURAN_MAKS", 10)
    with pytest.raises(ValidationError) as e:
        svc.bukti_tambah(indikator=paten, tahun=2025, triwulan=3, berkas=SimpleUploadedFile("ba.pdf", PDF_BYTES), oleh=kasi_plt)
    assert "terlalu besar" in " ".join(e.value.messages)
    assert not BuktiDukung.objects.exists()


def test_evidence_before_the_first_value_attaches_once_the_value_is_saved(paten, kasi_plt):
    bk = svc.bukti_tambah(indikator=paten, tahun=2025, triwulan=4, berkas=SimpleUploadedFile("ba.pdf", PDF_BYTES), oleh=kasi_plt)
    assert bk.realisasi is None
    r = svc.realisasi_simpan(indikator=paten, tahun=2025, triwulan=4, nilai=Decimal("80"), oleh=kasi_plt, versi_diharapkan=0)
    bk.refresh_from_db()
    assert bk.realisasi == r


def test_narrative_lists_are_saved_as_lists(opd, kasubag):
    from organisasi.models import Jabatan

    jab = Jabatan.objects.get(opd=opd, nama="Kasubag Keuangan")
    n = narasi_services.narasi_simpan(
        opd=opd,
        jabatan=jab,
        tahun=2025,
        triwulan=3,
        oleh=kasubag,
        daftar={"faktor_pendukung": ["SDM cukup", "  "], "upaya": ["Rapat rutin"]},
    )
    assert n.faktor_pendukung == ["SDM cukup"] and n.upaya == ["Rapat rutin"] and n.faktor_penghambat == []


def test_a_photo_is_resized_and_loses_its_exif(opd, kasubag):
    import datetime

    from PIL import Image

    from organisasi.models import Jabatan

    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x0131] = "Perangkat lunak"
    foto = SimpleUploadedFile("kegiatan.jpg", png_bytes(size=(3200, 1000), exif=exif.tobytes()))
    jab = Jabatan.objects.get(opd=opd, nama="Kasubag Keuangan")
    dok = narasi_services.dokumentasi_tambah(
        opd=opd,
        jabatan=jab,
        tahun=2025,
        triwulan=3,
        foto=foto,
        keterangan="Rapat koordinasi",
        tanggal=datetime.date(2025, 8, 17),
        oleh=kasubag,
    )
    with Image.open(io.BytesIO(dok.foto.read())) as img:
        assert max(img.size) == 1600
        assert not img.getexif()
    assert b"KameraRahasia" not in dok.foto.open("rb").read()


def test_a_non_image_photo_is_refused(opd, kasubag):
    import datetime

    from organisasi.models import Jabatan

    jab = Jabatan.objects.get(opd=opd, nama="Kasubag Keuangan")
    with pytest.raises(ValidationError) as e:
        narasi_services.dokumentasi_tambah(
            opd=opd,
            jabatan=jab,
            tahun=2025,
            triwulan=3,
            foto=SimpleUploadedFile("x.jpg", PDF_BYTES),
            keterangan="x",
            tanggal=datetime.date(2025, 8, 17),
            oleh=kasubag,
        )
    assert "foto" in e.value.message_dict


def test_two_first_saves_racing_past_the_lock_end_in_a_conflict_not_a_crash(paten, kasi_plt, monkeypatch):
    """If another request inserts the row between our read and our insert, the database refuses the
    duplicate and the user is told about the conflict (simulated by hiding the existing row from the read)."""
    svc.realisasi_simpan(indikator=paten, tahun=2025, triwulan=4, nilai=Decimal("80"), oleh=kasi_plt, versi_diharapkan=0)
    asli = Realisasi.objects.select_for_update

    class TanpaBaris:
        def filter(self, **kw):
            return Realisasi.objects.none()

    monkeypatch.setattr(Realisasi.objects, "select_for_update", lambda: TanpaBaris())
    with pytest.raises(svc.KonflikVersi) as e:
        svc.realisasi_simpan(indikator=paten, tahun=2025, triwulan=4, nilai=Decimal("81"), oleh=kasi_plt, versi_diharapkan=0)
    monkeypatch.setattr(Realisasi.objects, "select_for_update", asli)
    assert e.value.terbaru.nilai == Decimal("80")
