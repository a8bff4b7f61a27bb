"""The entry pages as users meet them: holder edits, atasan reads, others get 404; saves forgive and never lose."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renja.models import BuktiDukung, Indikator, Realisasi

from .conftest import PDF_BYTES, baris_pk, jabatan, png_bytes

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def kasi_pelum(opd):
    return jabatan(opd, "Kasi Pelayanan Umum")


@pytest.fixture
def paten(demo):
    return Indikator.objects.get(kode="k02_204_pelayanan_paten_sesuai_sop")


def url_simpan(jab, ind, tw=3):
    return reverse("entri:baris_simpan", args=[jab.pk, 2025, tw, ind.pk])


def realisasi(ind, tw=3):
    return Realisasi.objects.get(indikator=ind, tahun=2025, triwulan=tw)


def test_anonymous_is_sent_to_login(client, db):
    resp = client.get(reverse("entri:index"))
    assert resp.status_code == 302 and reverse("login") in resp["Location"]


def test_kinerja_saya_shows_every_jabatan_held_including_plt(client, kasubag):
    client.force_login(kasubag)
    html = client.get(reverse("entri:index"), {"tahun": 2025, "triwulan": 3}).content.decode()
    assert "Kasubag Keuangan" in html
    assert "Bendahara" in html
    assert "Plt. Kasi Pemerintahan" in html
    assert "Triwulan III 2025" in html


def test_a_row_shows_target_capaian_and_predikat_from_the_shared_measurement(client, kasi_plt, paten):
    client.force_login(kasi_plt)
    html = client.get(reverse("entri:index")).content.decode()
    assert "Plt. Kasi Pelayanan Umum" in html
    assert "100 %" in re.sub(r"<[^>]+>", "", html)  # target + satuan (the target is its "Asal angka" button)
    assert "60,58%" in html and "Rendah" in html


def test_saving_a_decimal_comma_shows_the_new_capaian_and_predikat(client, kasi_plt, kasi_pelum, paten):
    client.force_login(kasi_plt)
    resp = client.post(url_simpan(kasi_pelum, paten), {"nilai": "76,44", "catatan": "Rekap PATEN", "versi": realisasi(paten).versi}, **HX)
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "Tersimpan" in html and "76,44%" in html and "Tinggi" in html
    assert realisasi(paten).nilai == Decimal("76.44")
    assert "<html" not in html  # only the row comes back; the other rows on the page are untouched


def test_garbage_gets_a_message_at_the_field_and_nothing_is_written(client, kasi_plt, kasi_pelum, paten):
    client.force_login(kasi_plt)
    sebelum = realisasi(paten)
    resp = client.post(url_simpan(kasi_pelum, paten), {"nilai": "enam puluh", "versi": sebelum.versi}, **HX)
    assert resp.status_code == 422
    assert "Isi dengan angka" in resp.content.decode()
    assert realisasi(paten).nilai == sebelum.nilai and realisasi(paten).versi == sebelum.versi


def test_the_second_of_two_tabs_is_told_and_shown_the_newer_value(client, kasi_plt, kasi_pelum, paten):
    client.force_login(kasi_plt)
    v = realisasi(paten).versi
    assert client.post(url_simpan(kasi_pelum, paten), {"nilai": "70", "versi": v}, **HX).status_code == 200
    resp = client.post(url_simpan(kasi_pelum, paten), {"nilai": "90", "versi": v}, **HX)
    html = resp.content.decode()
    assert resp.status_code == 409
    assert "sudah diubah orang lain" in html
    assert 'class="nilai-terbaru">70<' in html
    assert "Isian Anda (90) belum tersimpan" in html
    assert realisasi(paten).nilai == Decimal("70")
    # The re-rendered form carries the newer version, so a deliberate second save goes through.
    assert f'name="versi" value="{v + 1}"' in html


def test_an_aktivitas_row_takes_the_done_counts_and_derives_the_percentage(client, kasubag, opd):
    jab = jabatan(opd, "Kasubag Keuangan")
    b = baris_pk(jab)
    from renja.models import Aktivitas, AktivitasRealisasi

    akt = list(Aktivitas.objects.filter(kegiatan=b.indikator.kegiatan, tahun=2025))
    ada = {ar.aktivitas_id: ar for ar in AktivitasRealisasi.objects.filter(aktivitas__in=akt, triwulan=3)}
    data = {}
    for a in akt:
        data[f"aktivitas_{a.pk}"] = str(a.rencana)
        data[f"versi_{a.pk}"] = str(ada[a.pk].versi if a.pk in ada else 0)
    client.force_login(kasubag)
    resp = client.post(url_simpan(jab, b.indikator), data, **HX)
    html = resp.content.decode()
    assert resp.status_code == 200, html
    assert "100,00%" in html and "Sangat Tinggi" in html


def test_the_atasan_reads_but_cannot_save(client, sekcam, kasubag, opd):
    jab = jabatan(opd, "Kasubag Keuangan")
    client.force_login(sekcam)
    page = client.get(reverse("entri:jabatan", args=[jab.pk, 2025, 3]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Anda melihat sebagai atasan" in html
    assert "entri:baris_simpan" not in html and "hx-post" not in html
    b = baris_pk(jab)
    resp = client.post(url_simpan(jab, b.indikator), {"versi": "0"}, **HX)
    assert resp.status_code == 403


def test_the_camat_two_levels_up_also_reads(client, camat, staf):
    client.force_login(camat)
    jab_indah = staf.pegawai.penugasan.get().jabatan
    resp = client.get(reverse("entri:jabatan", args=[jab_indah.pk, 2025, 3]))
    assert resp.status_code == 200 and "Anda melihat sebagai atasan" in resp.content.decode()


def test_a_colleague_beside_the_holder_gets_404(client, staf_lain, staf):
    jab_indah = staf.pegawai.penugasan.get().jabatan
    client.force_login(staf_lain)
    assert client.get(reverse("entri:jabatan", args=[jab_indah.pk, 2025, 3])).status_code == 404


def test_staff_of_another_opd_gets_404_on_page_save_and_evidence(client, staf_opd_lain, kasi_pelum, paten):
    client.force_login(staf_opd_lain)
    assert client.get(reverse("entri:jabatan", args=[kasi_pelum.pk, 2025, 3])).status_code == 404
    before = realisasi(paten).nilai
    assert client.post(url_simpan(kasi_pelum, paten), {"nilai": "1", "versi": "1"}, **HX).status_code == 404
    assert (
        client.post(
            reverse("entri:bukti_unggah", args=[kasi_pelum.pk, 2025, 3, paten.pk]), {"berkas": SimpleUploadedFile("a.pdf", PDF_BYTES)}
        ).status_code
        == 404
    )
    assert realisasi(paten).nilai == before


def test_an_indicator_outside_the_jabatans_pk_is_a_404(client, kasi_plt, kasi_pelum, demo):
    client.force_login(kasi_plt)
    lain = Indikator.objects.get(kode="s01_201_02_dokumen_rka")
    assert client.post(url_simpan(kasi_pelum, lain), {"nilai": "1", "versi": "1"}, **HX).status_code == 404


def test_an_operator_saves_for_the_holder_and_the_history_says_so(client, operator, kasi_pelum, paten, kasi_plt):
    client.force_login(operator)
    page = client.get(reverse("entri:jabatan", args=[kasi_pelum.pk, 2025, 3])).content.decode()
    assert "sebagai operator atas nama" in page
    resp = client.post(url_simpan(kasi_pelum, paten), {"nilai": "65", "versi": realisasi(paten).versi}, **HX)
    assert resp.status_code == 200
    riwayat = client.get(reverse("entri:riwayat", args=[kasi_pelum.pk, 2025, 3, paten.pk])).content.decode()
    assert f"untuk {kasi_plt.pegawai.nama}" in riwayat
    assert "60,58" in riwayat and "65" in riwayat  # old and new


def test_a_signed_quarter_is_read_only_with_a_message(client, kasi_plt, kasi_pelum, paten, operator):
    import datetime

    from organisasi.models import TriwulanTerkunci

    TriwulanTerkunci.objects.create(  # the OPD LKj of the quarter signed, as the signing service freezes it
        opd=kasi_pelum.opd,
        tahun=2025,
        triwulan=3,
        dokumen="LKj Kecamatan Kedungjajang Triwulan III Tahun 2025",
        memuat_anggaran=True,
        sejak=datetime.datetime(2025, 10, 10, tzinfo=datetime.UTC),
        oleh=operator,
    )
    client.force_login(kasi_plt)
    html = client.get(reverse("entri:index")).content.decode()
    assert "sudah ditandatangani" in html and "hx-post" not in html
    before = realisasi(paten)
    resp = client.post(url_simpan(kasi_pelum, paten), {"nilai": "99", "versi": before.versi}, **HX)
    assert resp.status_code == 403 and "sudah ditandatangani" in resp.content.decode()
    resp = client.post(
        reverse("entri:bukti_unggah", args=[kasi_pelum.pk, 2025, 3, paten.pk]), {"berkas": SimpleUploadedFile("a.pdf", PDF_BYTES)}, **HX
    )
    assert resp.status_code == 403
    assert realisasi(paten).nilai == before.nilai and not BuktiDukung.objects.exists()
    narasi = client.post(reverse("entri:narasi", args=[kasi_pelum.pk, 2025, 3]), {"faktor_pendukung": "x"}, follow=True)
    assert "sudah ditandatangani" in narasi.content.decode()


def test_uploading_evidence_lists_it_and_clears_the_no_evidence_warning(client, kasi_plt, kasi_pelum, paten):
    client.force_login(kasi_plt)
    url = reverse("entri:bukti_unggah", args=[kasi_pelum.pk, 2025, 3, paten.pk])
    page = client.get(reverse("entri:index")).content.decode()
    assert "Belum ada bukti dukung" in page
    bad = client.post(url, {"berkas": SimpleUploadedFile("rekap.pdf", b"just text"), "keterangan": "Rekap"}, **HX)
    assert bad.status_code == 422 and "bukan PDF, JPG, atau PNG" in bad.content.decode()
    ok = client.post(url, {"berkas": SimpleUploadedFile("rekap.png", png_bytes()), "keterangan": "Rekap PATEN"}, **HX)
    html = ok.content.decode()
    assert ok.status_code == 200 and "Rekap PATEN" in html and "Belum ada bukti dukung" not in html
    bk = BuktiDukung.objects.get()
    unduh = client.get(reverse("entri:bukti_unduh", args=[kasi_pelum.pk, 2025, 3, paten.pk, bk.pk]))
    assert unduh.status_code == 200 and unduh["Content-Type"] == "image/png"


def test_warnings_for_a_lower_cumulative_and_a_value_above_target(client, kasubag, opd):
    jab = jabatan(opd, "Bendahara")
    ind = Indikator.objects.get(kode="s01_201_03_dokumen_perubahan_rka")  # target 1, TW III = 1
    client.force_login(kasubag)
    Realisasi.objects.create(indikator=ind, tahun=2025, triwulan=4, nilai=Decimal("0"))
    html = client.get(reverse("entri:jabatan", args=[jab.pk, 2025, 4])).content.decode()
    assert "lebih kecil dari triwulan lalu" in html
    r = Realisasi.objects.get(indikator=ind, tahun=2025, triwulan=4)
    html = client.post(url_simpan(jab, ind, tw=4), {"nilai": "3", "versi": r.versi}, **HX).content.decode()
    assert "melebihi target" in html


def test_the_operator_rekap_shows_empty_rows_and_rows_without_evidence(client, operator, opd, kasubag):
    client.force_login(operator)
    html = client.get(reverse("entri:operator"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3}).content.decode()
    assert "tanpa bukti dukung" in html and "Tanpa bukti" in html
    assert "DHIAN" in html.upper()
    client.force_login(kasubag)
    assert client.get(reverse("entri:operator")).status_code == 404


def test_the_narrative_page_saves_lists_and_photos(client, kasubag, opd):
    jab = jabatan(opd, "Kasubag Keuangan")
    url = reverse("entri:narasi", args=[jab.pk, 2025, 3])
    client.force_login(kasubag)
    resp = client.post(
        url,
        {
            "faktor_pendukung": "SDM memadai\n- Koordinasi baik\n",
            "faktor_penghambat": "",
            "upaya": "",
            "rencana_tindak_lanjut": "Rapat evaluasi",
            "versi": 0,
        },
        follow=True,
    )
    assert "Narasi tersimpan" in resp.content.decode()
    from lkj.models import Narasi

    n = Narasi.objects.get(jabatan=jab, tahun=2025, triwulan=3)
    assert n.faktor_pendukung == ["SDM memadai", "Koordinasi baik"] and n.rencana_tindak_lanjut == ["Rapat evaluasi"]
    resp = client.post(
        url, {"aksi": "foto", "foto": SimpleUploadedFile("f.png", png_bytes()), "keterangan": "Rapat", "tanggal": "17/08/2025"}, follow=True
    )
    html = resp.content.decode()
    assert "Foto dokumentasi ditambahkan" in html and "17 Agustus 2025" in html
    resp = client.post(
        url, {"aksi": "foto", "foto": SimpleUploadedFile("f.png", b"bukan foto"), "keterangan": "Rapat", "tanggal": "2025-08-17"}
    )
    assert "bukan foto JPG atau PNG" in resp.content.decode()


def test_kinerja_saya_is_read_only_once_the_jabatans_own_report_is_signed(client, opd, staf):
    """Only this jabatan's individual report is signed (the OPD LKj is not): its rows are frozen on every page."""
    from django.utils import timezone

    from organisasi.models import TriwulanTerkunci

    jab = staf.pegawai.penugasan.get().jabatan
    client.force_login(staf)
    assert "hx-post" in client.get(reverse("entri:index")).content.decode()
    TriwulanTerkunci.objects.create(
        opd=opd,
        tahun=2025,
        triwulan=3,
        jabatan=jab,
        indikator_ids=[],
        memuat_anggaran=False,
        dokumen=f"Laporan Kinerja Individu {jab.nama}",
        sejak=timezone.now(),
        oleh=staf,
    )
    html = client.get(reverse("entri:index")).content.decode()
    assert "sudah ditandatangani" in html and "hx-post" not in html


def test_removing_evidence_frozen_by_another_signed_report_says_so_instead_of_failing(client, kasi_plt, kasi_pelum, paten, monkeypatch):
    from organisasi.selectors import DataTerkunci
    from renja import realisasi_services

    client.force_login(kasi_plt)
    url = reverse("entri:bukti_unggah", args=[kasi_pelum.pk, 2025, 3, paten.pk])
    client.post(url, {"berkas": SimpleUploadedFile("rekap.png", png_bytes()), "keterangan": "Rekap PATEN"}, **HX)
    bukti = BuktiDukung.objects.get()

    def terkunci(**kw):
        raise DataTerkunci("Data Triwulan 3 Tahun 2025 sudah dibekukan karena Laporan Kinerja Individu Camat telah ditandatangani.")

    monkeypatch.setattr(realisasi_services, "bukti_hapus", terkunci)
    resp = client.post(reverse("entri:bukti_hapus", args=[kasi_pelum.pk, 2025, 3, paten.pk, bukti.pk]), **HX)
    assert resp.status_code == 409 and "sudah dibekukan" in resp.content.decode()
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()


def test_kept_rows_follow_every_write_and_a_rolled_back_delete_leaves_the_evidence_deletable(client, kasi_plt, kasi_pelum, paten, settings):
    """Kinerja Saya keeps a jabatan's rows under the OPD's stamp (``baris_jabatan``): an upload and a saved value show at
    once, and a delete rolled back (another page's transaction) neither hides the file nor breaks its delete button."""
    from django.db import transaction

    assert settings.LKJ_CACHE_TAMPILAN > 0
    client.force_login(kasi_plt)
    halaman = reverse("entri:jabatan", args=[kasi_pelum.pk, 2025, 3])
    assert "rekap-paten.png" not in client.get(halaman).content.decode()
    client.post(
        reverse("entri:bukti_unggah", args=[kasi_pelum.pk, 2025, 3, paten.pk]),
        {"berkas": SimpleUploadedFile("rekap-paten.png", png_bytes())},
        **HX,
    )
    assert "rekap-paten.png" in client.get(halaman).content.decode()  # the upload moved the stamp: the kept rows are not served
    bukti = BuktiDukung.objects.get(nama_asli="rekap-paten.png")
    hapus = reverse("entri:bukti_hapus", args=[kasi_pelum.pk, 2025, 3, paten.pk, bukti.pk])

    class Batal(Exception):
        pass

    with pytest.raises(Batal), transaction.atomic():
        assert client.post(hapus, **HX).status_code == 200
        assert "rekap-paten.png" not in client.get(halaman).content.decode()
        raise Batal
    assert "rekap-paten.png" in client.get(halaman).content.decode()
    resp = client.post(hapus, **HX)
    assert resp.status_code == 200 and "Bukti dukung dihapus." in resp.content.decode()
    assert not BuktiDukung.objects.filter(pk=bukti.pk).exists()
    assert "rekap-paten.png" not in client.get(halaman).content.decode()
