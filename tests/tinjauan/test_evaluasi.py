"""Bappeda's evaluation of the signed E.81 (issue 16 point 2; decisions §6, §8).

Personas: ``camat`` (samsul, kepala) signs the OPD LKj and E.81; ``bappeda`` (the demo's Bappeda account of
Kabupaten Lumajang) returns or countersigns it; ``ortala`` (Bagian Organisasi) reads the pemda but does not
evaluate; ``bappeda_lain`` is Bappeda of another pemda.
"""

import hashlib
import subprocess
import tempfile

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dasar import format as fmt
from lkj.demo import KEPALA_BAPPEDA
from lkj.pengingat.models import Pemberitahuan
from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda, EvaluasiE81, Laporan, Status
from organisasi.models import Pemda, Penugasan, PeranPemda

TAHUN, TW = 2025, 3


def _akun(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def bappeda(demo):
    return _akun("bappeda")


@pytest.fixture
def ortala(demo):
    return _akun("ortala")


@pytest.fixture
def bappeda_lain(demo):
    pemda = Pemda.objects.create(kode="9.99", nama="Kabupaten Sumberwangi", ibukota="Sumberwangi")
    user = get_user_model().objects.create_user("bappeda_lain", first_name="Bappeda Sumberwangi")
    PeranPemda.objects.create(user=user, pemda=pemda, peran=PeranPemda.Peran.BAPPEDA)
    return user


def _tandatangani_opd(p, sekcam, camat):
    svc.laporan_ajukan(**p, oleh=sekcam)
    svc.laporan_tanggapi(**p, oleh=camat, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=camat, alasan_pengecualian="Laporan individu menyusul.")
    lap = Laporan.objects.get(opd=p["opd"], jabatan=None, tahun=TAHUN, triwulan=TW)
    return DokumenTertanda.objects.get(laporan=lap, versi=lap.versi, jenis="e81")


@pytest.fixture
def e81(periode, sekcam, camat):
    """The OPD LKj and its E.81 signed by the camat (version 1)."""
    return _tandatangani_opd(periode, sekcam, camat)


def _teks_pdf(dok) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(dok.render.berkas.open("rb").read())
        fh.flush()
        return subprocess.run(["pdftotext", "-layout", fh.name, "-"], capture_output=True, text=True, check=True).stdout


def _daftar(opd):
    return reverse("tinjauan:evaluasi", args=[opd.pemda.kode, TAHUN, TW])


def test_a_signed_e81_arrives_at_bappeda_who_is_told(client, periode, sekcam, camat, bappeda, opd, django_capture_on_commit_callbacks):
    client.force_login(bappeda)
    assert "Belum ada Formulir E.81 bertanda tangan" in client.get(_daftar(opd)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        dok = _tandatangani_opd(periode, sekcam, camat)

    halaman = client.get(_daftar(opd)).content.decode()
    assert opd.nama in halaman and dok.nomor in halaman and "Menunggu evaluasi" in halaman
    assert camat.pegawai.nama in halaman  # signed by whom
    assert reverse("tinjauan:evaluasi_e81", args=[dok.pk]) in halaman
    [p] = Pemberitahuan.objects.filter(user=bappeda)
    assert p.jenis == "e81_masuk" and opd.nama in p.isi and p.tautan == reverse("tinjauan:evaluasi_e81", args=[dok.pk])

    rinci = client.get(reverse("tinjauan:evaluasi_e81", args=[dok.pk])).content.decode()
    assert reverse("tinjauan:unduh", args=[dok.pk]) in rinci  # the kept PDF
    assert f"?opd={opd.kode}&amp;tahun={TAHUN}&amp;triwulan={TW}" in rinci  # the E.81 page
    assert "Kembalikan" in rinci and "Tandatangani (Dievaluasi)" in rinci and KEPALA_BAPPEDA["pegawai"] in rinci
    assert client.get(reverse("tinjauan:unduh", args=[dok.pk])).status_code == 200
    # "Tinjauan" in the menu brings a Bappeda user to the E.81s that reached him
    r = client.get(reverse("tinjauan:index") + f"?tahun={TAHUN}&triwulan={TW}")
    assert r.status_code == 302 and r.url == reverse("tinjauan:evaluasi_index")


def test_bappeda_returns_with_notes_the_opd_is_told_and_sees_them(
    client, e81, bappeda, camat, sekcam, opd, django_capture_on_commit_callbacks
):
    client.force_login(bappeda)
    url = reverse("tinjauan:evaluasi_aksi", args=[e81.pk, "kembalikan"])
    catatan = "Realisasi program 7.01.01 tidak sesuai bukti; periksa kembali."
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, {"tanggapan": "target_realisasi", "keterangan": catatan}, follow=True)
    assert "dikembalikan kepada perangkat daerah" in r.content.decode()
    ev = EvaluasiE81.objects.get(dokumen=e81)
    assert (ev.status, ev.tanggapan, ev.catatan, ev.oleh) == ("dikembalikan", "target_realisasi", catatan, bappeda)
    lap = Laporan.objects.get(pk=e81.laporan_id)
    assert lap.status == Status.DITANDATANGANI and lap.versi == 1  # stays signed until the kepala reopens it
    penerima = {p.user.username: p for p in Pemberitahuan.objects.filter(jenis="e81_dikembalikan")}
    assert set(penerima) == {camat.username, sekcam.username}
    assert catatan in penerima[camat.username].isi and "Target dan realisasi diteliti ulang" in penerima[camat.username].isi

    client.force_login(camat)
    halaman = client.get(reverse("tinjauan:laporan_opd", args=[opd.kode, TAHUN, TW])).content.decode()
    assert "dikembalikan Bappeda" in halaman and catatan in halaman and "Target dan realisasi diteliti ulang" in halaman

    # a second click, or the countersign from a page loaded before: refused, saying what happened
    client.force_login(bappeda)
    r = client.post(url, {"tanggapan": "capaian", "keterangan": "lagi"}, follow=True)
    assert "sudah dikembalikan bappeda oleh" in r.content.decode() and "sudah usang" in r.content.decode()
    with pytest.raises(svc.TransisiDitolak, match="sudah dikembalikan bappeda"):
        svc.e81_evaluasi(dokumen=e81, oleh=bappeda)
    assert EvaluasiE81.objects.get(dokumen=e81).catatan == catatan
    assert not DokumenTertanda.objects.filter(jenis="e81eval").exists()


def test_a_return_needs_a_reason_and_a_note_and_writes_nothing_without(client, e81, bappeda):
    with pytest.raises(ValidationError, match="alasan pengembalian"):
        svc.e81_kembalikan(dokumen=e81, oleh=bappeda, tanggapan="sudah_baik", keterangan="baik")
    with pytest.raises(ValidationError, match="Tulis catatan"):
        svc.e81_kembalikan(dokumen=e81, oleh=bappeda, tanggapan="lain", keterangan="   ")
    client.force_login(bappeda)
    r = client.post(reverse("tinjauan:evaluasi_aksi", args=[e81.pk, "kembalikan"]), {"tanggapan": "capaian"}, follow=True)
    assert "Tulis catatan untuk perangkat daerah" in r.content.decode()
    assert not EvaluasiE81.objects.exists()


def test_only_bappeda_of_the_same_pemda_evaluates(client, e81, bappeda, ortala, bappeda_lain, camat, opd, jab_indah, staf, kasubag):
    rinci = reverse("tinjauan:evaluasi_e81", args=[e81.pk])
    aksi = reverse("tinjauan:evaluasi_aksi", args=[e81.pk, "tandatangani"])
    kembali = reverse("tinjauan:evaluasi_aksi", args=[e81.pk, "kembalikan"])
    data = {"tanggapan": "lain", "keterangan": "x"}
    assert client.get(rinci).status_code == 302  # to the login page

    client.force_login(camat)  # the OPD's own kepala: no pemda role, the pages do not exist for him
    assert client.get(_daftar(opd)).status_code == 404
    assert client.get(rinci).status_code == 404 and client.post(aksi).status_code == 404

    client.force_login(ortala)  # reads the pemda, does not evaluate
    assert client.get(_daftar(opd)).status_code == 403
    assert client.get(rinci).status_code == 403 and client.post(kembali, data).status_code == 403

    client.force_login(bappeda_lain)  # Bappeda of another pemda: another pemda's E.81 is not found
    assert client.get(_daftar(opd)).status_code == 404
    assert client.get(rinci).status_code == 404 and client.post(aksi).status_code == 404 and client.post(kembali, data).status_code == 404

    for orang in (camat, ortala, bappeda_lain):
        with pytest.raises(PermissionDenied, match="dievaluasi oleh Bappeda"):
            svc.e81_kembalikan(dokumen=e81, oleh=orang, tanggapan="lain", keterangan="x")
        with pytest.raises(PermissionDenied):
            svc.e81_evaluasi(dokumen=e81, oleh=orang)
    assert not EvaluasiE81.objects.exists()

    # an individual report's signed file is not an E.81 Bappeda evaluates
    p = {"opd": opd, "tahun": TAHUN, "triwulan": TW}
    svc.laporan_buka_kembali(**p, oleh=camat, alasan="individu dulu")
    svc.laporan_ajukan(**p, jabatan=jab_indah, oleh=staf)
    svc.laporan_tanggapi(**p, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, jabatan=jab_indah, oleh=staf)
    svc.laporan_tandatangani(**p, jabatan=jab_indah, oleh=kasubag)
    individu = DokumenTertanda.objects.get(laporan__jabatan=jab_indah)
    client.force_login(bappeda)
    assert client.get(reverse("tinjauan:evaluasi_e81", args=[individu.pk])).status_code == 404
    assert client.post(reverse("tinjauan:evaluasi_aksi", args=[individu.pk, "tandatangani"])).status_code == 404


def test_a_reopened_version_cannot_be_evaluated_and_the_new_signature_arrives_again(client, e81, bappeda, sekcam, camat, periode, opd):
    client.force_login(bappeda)
    rinci = reverse("tinjauan:evaluasi_e81", args=[e81.pk])
    assert "Tandatangani (Dievaluasi)" in client.get(rinci).content.decode()  # the page Bappeda has open
    svc.laporan_buka_kembali(**periode, oleh=camat, alasan="Koreksi realisasi TW III")

    r = client.post(reverse("tinjauan:evaluasi_aksi", args=[e81.pk, "tandatangani"]), follow=True)
    teks = r.content.decode()
    assert "sudah dibuka kembali oleh kepala perangkat daerah" in teks and "Koreksi realisasi TW III" in teks
    assert "Tandatangani (Dievaluasi)" not in teks and "Digantikan (dibuka kembali)" in teks
    with pytest.raises(svc.TransisiDitolak, match="digantikan"):
        svc.e81_kembalikan(dokumen=e81, oleh=bappeda, tanggapan="lain", keterangan="x")
    assert not EvaluasiE81.objects.exists() and not DokumenTertanda.objects.filter(jenis="e81eval").exists()

    v2 = _tandatangani_opd(periode, sekcam, camat)
    assert v2.versi == 2
    halaman = client.get(_daftar(opd)).content.decode()
    assert halaman.index(v2.nomor) < halaman.index(e81.nomor)  # newest first
    assert halaman.count('keadaan">Menunggu evaluasi<') == 1 and 'keadaan">Digantikan (dibuka kembali)<' in halaman


def test_the_countersigned_e81_prints_the_kepala_bappeda_and_verifies(
    client, e81, bappeda, camat, sekcam, opd, django_capture_on_commit_callbacks
):
    client.force_login(bappeda)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("tinjauan:evaluasi_aksi", args=[e81.pk, "tandatangani"]), follow=True)
    assert "Formulir E.81 dievaluasi dan ditandatangani" in r.content.decode()
    ev = EvaluasiE81.objects.select_related("tertanda__render", "penilai").get(dokumen=e81)
    dok = ev.tertanda
    assert ev.status == "dievaluasi" and ev.penilai.nip == KEPALA_BAPPEDA["nip"] and dok.jenis == "e81eval"
    assert dok.nomor.startswith(f"LKJ/{TAHUN}/TW{TW}/E81-EV/") and dok.kode != e81.kode

    teks = _teks_pdf(dok)
    hari_ini = fmt.tanggal(timezone.localdate())
    blok = teks[teks.index("Dievaluasi") :]
    assert f"Lumajang, {hari_ini}" in blok and "KEPALA BAPPEDA KABUPATEN LUMAJANG" in blok
    assert KEPALA_BAPPEDA["pegawai"] in blok and f"NIP. {KEPALA_BAPPEDA['nip']}" in blok
    assert "............" not in blok.split("Ditandatangani secara elektronik")[0]  # no dotted line left
    assert camat.pegawai.nama in teks and dok.kode in teks  # the kepala's block stays, its own code is printed
    assert fmt.tanggal(timezone.localtime(e81.ditandatangani_pada).date()) in teks
    assert "............" in _teks_pdf(e81)  # the kepala's signed file keeps its empty Dievaluasi block

    isi = dok.render.berkas.open("rb").read()
    assert hashlib.sha256(isi).hexdigest() == dok.sha256
    verifikasi = client.get(reverse("tinjauan:verifikasi_kode", args=[dok.kode])).content.decode()
    assert "dievaluasi Bappeda" in verifikasi and KEPALA_BAPPEDA["pegawai"] in verifikasi and dok.sha256 in verifikasi
    cocok = client.post(reverse("tinjauan:verifikasi"), {"berkas": _berkas(isi)})
    assert "SAMA dengan dokumen yang ditandatangani" in cocok.content.decode() and dok.nomor in cocok.content.decode()

    # the OPD is told and its documents list the countersigned file with the E.81
    assert {p.user.username for p in Pemberitahuan.objects.filter(jenis="e81_dievaluasi")} == {camat.username, sekcam.username}
    client.force_login(camat)
    daftar = client.get(reverse("dokumen:index") + f"?opd={opd.kode}&tahun={TAHUN}&triwulan={TW}").content.decode()
    assert "Dievaluasi" in daftar and reverse("tinjauan:unduh", args=[dok.pk]) in daftar
    laporan = client.get(reverse("tinjauan:laporan_opd", args=[opd.kode, TAHUN, TW])).content.decode()
    assert "Dievaluasi</strong> oleh " + KEPALA_BAPPEDA["pegawai"] in laporan

    # a second click after the countersign
    client.force_login(bappeda)
    r = client.post(reverse("tinjauan:evaluasi_aksi", args=[e81.pk, "tandatangani"]), follow=True)
    assert "sudah dievaluasi oleh" in r.content.decode()
    assert DokumenTertanda.objects.filter(jenis="e81eval").count() == 1


def test_no_kepala_bappeda_in_office_refuses_the_countersign_and_writes_nothing(e81, bappeda):
    Penugasan.objects.filter(jabatan__kode=KEPALA_BAPPEDA["kode"]).update(selesai=KEPALA_BAPPEDA["mulai"])
    with pytest.raises(ValidationError, match="Belum ada pejabat Kepala Bappeda Kabupaten Lumajang"):
        svc.e81_evaluasi(dokumen=e81, oleh=bappeda)
    assert not EvaluasiE81.objects.exists() and not DokumenTertanda.objects.filter(jenis="e81eval").exists()


def _berkas(isi: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("e81.pdf", isi, content_type="application/pdf")


@pytest.mark.pdf_asli
def test_the_dievaluasi_block_prints_beside_disusun_on_the_page_of_the_signatures(periode, sekcam, camat, bappeda, monkeypatch):
    """With the real renderer: both blocks filled, on one landscape page with the e-signature box."""
    from lkj.dokumen import render
    from tests import pdf_ringan

    asli = render.pdf
    with monkeypatch.context() as m:  # the kepala's own signature is not what is looked at here
        m.setattr(render, "pdf", lambda isi: render.HasilPdf(*pdf_ringan.pdf_teks(pdf_ringan.teks_html(isi))))
        e81 = _tandatangani_opd(periode, sekcam, camat)
    assert render.pdf is asli
    dok = svc.e81_evaluasi(dokumen=e81, oleh=bappeda).tertanda
    halaman = _teks_pdf(dok).split("\f")
    [akhir] = [h for h in halaman if "Dievaluasi" in h]
    for teks in (
        "Disusun",
        camat.pegawai.nama,
        KEPALA_BAPPEDA["pegawai"],
        f"NIP. {KEPALA_BAPPEDA['nip']}",
        "Ditandatangani secara elektronik",
        dok.kode,
        "i. Tindak lanjut yang diperlukan dalam Renja",  # the closing rows stay with the signatures (decisions §6)
    ):
        assert teks in akhir, teks
    with tempfile.TemporaryDirectory() as d:
        berkas = f"{d}/e81.pdf"
        with open(berkas, "wb") as fh:
            fh.write(dok.render.berkas.open("rb").read())
        info = subprocess.run(["pdfinfo", berkas], capture_output=True, text=True, check=True).stdout
        lebar, tinggi = (float(x) for x in info.split("Page size:")[1].split("pts")[0].split(" x "))
        assert lebar > tinggi  # landscape, as the kepala's E.81
        import os

        if os.environ.get("LKJ_LAYAR"):  # to look at it: LKJ_LAYAR=/tmp/x pytest …
            subprocess.run(["pdftoppm", "-png", "-r", "70", berkas, f"{os.environ['LKJ_LAYAR']}/e81-dievaluasi"], check=True)


def _blok_ttd_xlsx(opd, capture):
    """The two signature blocks of the E.81 XLSX a user downloads now (the cached render path), column by column."""
    from io import BytesIO

    from openpyxl import load_workbook

    from lkj.dokumen import services as ds

    with capture(execute=True):
        obj = ds.dokumen_siapkan(jenis="e81", opd=opd, tahun=TAHUN, triwulan=TW, format="xlsx")
    obj.refresh_from_db()
    ws = load_workbook(BytesIO(obj.berkas.open("rb").read()))["Formulir E.81"]
    awal = next(c for baris in ws.iter_rows() for c in baris if c.value == "Disusun")
    kiri = [ws.cell(row=awal.row + i, column=awal.column).value for i in range(8)]
    kanan = [ws.cell(row=awal.row + i, column=22).value for i in range(8)]
    return kiri, kanan


def test_the_e81_xlsx_prints_the_signature_blocks_the_pdf_of_the_same_state_prints(
    client, periode, sekcam, camat, bappeda, opd, django_capture_on_commit_callbacks
):
    cap = django_capture_on_commit_callbacks
    titik = f"{opd.pemda.ibukota}, ............................ {TAHUN}"
    kiri, kanan = _blok_ttd_xlsx(opd, cap)  # a draft: dotted dates and dotted Bappeda lines, as the draft PDF
    assert kiri[:2] == ["Disusun", titik] and kanan[:3] == ["Dievaluasi", titik, "KEPALA BAPPEDA KABUPATEN LUMAJANG"]
    assert set(kanan[6]) == {"."} and kanan[7].startswith("NIP. ....")

    e81 = _tandatangani_opd(periode, sekcam, camat)
    tgl_kepala = fmt.tanggal(timezone.localtime(e81.ditandatangani_pada).date())
    kiri, kanan = _blok_ttd_xlsx(opd, cap)  # signed by the kepala: his date; Bappeda's block still empty
    assert kiri[1] == f"{opd.pemda.ibukota}, {tgl_kepala}" and kiri[6] == camat.pegawai.nama
    assert kanan[1] == titik and set(kanan[6]) == {"."}

    client.force_login(bappeda)
    with cap(execute=True):
        client.post(reverse("tinjauan:evaluasi_aksi", args=[e81.pk, "tandatangani"]))
    ev = EvaluasiE81.objects.select_related("tertanda__render").get(dokumen=e81)
    assert ev.status == "dievaluasi"
    kiri, kanan = _blok_ttd_xlsx(opd, cap)  # countersigned: the Kepala Bappeda's block, as the countersigned PDF
    hari_ini = fmt.tanggal(timezone.localtime(ev.pada).date())
    assert kiri[1] == f"{opd.pemda.ibukota}, {tgl_kepala}"
    assert kanan[:3] == ["Dievaluasi", f"{opd.pemda.ibukota}, {hari_ini}", "KEPALA BAPPEDA KABUPATEN LUMAJANG"]
    assert kanan[6] == KEPALA_BAPPEDA["pegawai"] and kanan[7] == f"NIP. {KEPALA_BAPPEDA['nip']}"
    pdf = _teks_pdf(ev.tertanda)
    blok = pdf[pdf.index("Dievaluasi") :]
    assert all(teks in blok for teks in kanan[1:3] + kanan[6:8])  # the same lines the countersigned PDF prints

    # reopened by the kepala: the form is a draft again, its XLSX dotted again
    svc.laporan_buka_kembali(**periode, oleh=camat, alasan="Koreksi realisasi setelah evaluasi Bappeda.")
    kiri, kanan = _blok_ttd_xlsx(opd, cap)
    assert kiri[1] == titik and kanan[1] == titik and set(kanan[6]) == {"."}
