"""Nobody reviews himself (decisions §7): a Plt. Kasi who also holds a pelaksana jabatan under himself.

In the demo LUQMAN is Plt. Kasi Pemberdayaan Masyarakat dan Desa and also holds a Pengolah Data
jabatan below it; the PK of that jabatan names him on both sides. Review and co-signature pass
to the next jabatan up held by someone else: the camat.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda, Status
from organisasi.models import Penugasan


@pytest.fixture
def kasi_plt_pmd(demo):
    """luqman: Plt. Kasi PMD and, at once, holder of a pelaksana jabatan whose atasan is that Kasi."""
    user = get_user_model().objects.get(username="luqman")
    tugas = {p.jabatan.kode: p for p in Penugasan.objects.filter(pegawai=user.pegawai).select_related("jabatan")}
    kasi = next(p for p in tugas.values() if p.plt)
    pelaksana = next(p for p in tugas.values() if not p.plt)
    assert kasi.jabatan.nama.startswith("Kasi") and pelaksana.jabatan.atasan_id == kasi.jabatan_id
    return user


@pytest.fixture
def jab_pelaksana(kasi_plt_pmd):
    return Penugasan.objects.get(pegawai=kasi_plt_pmd.pegawai, plt=False).jabatan


def _url(opd, jab, aksi=None):
    if aksi:
        return reverse("tinjauan:aksi", args=[opd.kode, 2025, 3, jab.pk, aksi])
    return reverse("tinjauan:laporan", args=[opd.kode, 2025, 3, jab.pk])


def test_the_plt_kasi_does_not_find_his_own_pelaksana_report_among_the_ones_he_reviews(client, opd, kasi_plt_pmd, jab_pelaksana):
    client.force_login(kasi_plt_pmd)
    teks = client.get(reverse("tinjauan:saya"), {"tahun": 2025, "triwulan": 3}).content.decode()
    dibuat, ditinjau = teks.split("Laporan bawahan yang saya tinjau")
    assert f"LKj Individu — {jab_pelaksana.nama}" in dibuat
    assert "AWANG EKO CAHYONO" in ditinjau  # his real subordinate stays his to review
    assert "LUQMAN" not in ditinjau


def test_review_and_cosignature_pass_to_the_camat_and_the_pages_say_why(client, opd, kasi_plt_pmd, jab_pelaksana, camat):
    p = {"opd": opd, "tahun": 2025, "triwulan": 3, "jabatan": jab_pelaksana}
    client.force_login(kasi_plt_pmd)
    halaman = client.get(_url(opd, jab_pelaksana)).content.decode()
    assert (
        "ditinjau oleh SAMSUL NURUL HUDA, SE (Camat Kedungjajang) karena LUQMAN HADI PURNAMA, S.H sendiri memegang "
        "jabatan atasannya (Plt. Kasi Pemberdayaan Masyarakat dan Desa)" in halaman.replace("Ditinjau", "ditinjau")
    )
    client.post(_url(opd, jab_pelaksana, "ajukan"))
    # he may not answer his own report: no form, and the act is refused
    halaman = client.get(_url(opd, jab_pelaksana)).content.decode()
    assert "Kirim tanggapan" not in halaman
    assert client.post(_url(opd, jab_pelaksana, "tanggapi"), {"tanggapan": "sudah_baik"}).status_code == 403

    # the camat finds it among the reports he reviews, with the reason, and on the overview
    client.force_login(camat)
    saya = client.get(reverse("tinjauan:saya"), {"tahun": 2025, "triwulan": 3}).content.decode()
    assert f"LKj Individu — {jab_pelaksana.nama}" in saya.split("Laporan bawahan yang saya tinjau")[1]
    ikhtisar = client.get(reverse("tinjauan:ikhtisar", args=[opd.kode, 2025, 3])).content.decode()
    assert "Ditinjau oleh SAMSUL NURUL HUDA, SE (Camat Kedungjajang) karena LUQMAN" in ikhtisar
    assert "SAMSUL NURUL HUDA, SE (menanggapi)" in ikhtisar
    r = client.post(_url(opd, jab_pelaksana, "tanggapi"), {"tanggapan": "sudah_baik"}, follow=True)
    assert "Laporan disetujui." in r.content.decode()

    # signed by the holder and the camat; one person never signs both roles
    svc.laporan_tandatangani(**p, oleh=kasi_plt_pmd)
    lap = svc.laporan_tandatangani(**p, oleh=camat)
    assert lap.status == Status.DITANDATANGANI
    dok = DokumenTertanda.objects.get(laporan=lap)
    assert [(x["peran"], x["nama"], x["jabatan"]) for x in dok.penanda] == [
        ("Yang melaporkan", "LUQMAN HADI PURNAMA, S.H", jab_pelaksana.nama),
        ("Atasan langsung", "SAMSUL NURUL HUDA, SE", "Camat Kedungjajang"),
    ]
    assert {t.pegawai.nama for t in lap.tandatangan.all()} == {"LUQMAN HADI PURNAMA, S.H", "SAMSUL NURUL HUDA, SE"}


def test_the_printed_report_names_the_camat_under_mengetahui(opd, jab_pelaksana):
    from lkj.dokumen.data import data_individu

    d = data_individu(opd, 2025, 3, jab_pelaksana)
    assert d.pk.pihak_kedua.nama == "LUQMAN HADI PURNAMA, S.H"  # the PK itself may show him on both sides
    assert (d.mengetahui.nama, d.mengetahui.jabatan) == ("SAMSUL NURUL HUDA, SE", "Camat Kedungjajang")


def test_an_ordinary_report_keeps_its_pk_atasan(opd, jab_indah, kasubag):
    from lkj.tinjauan.selectors import pihak_semua

    ph = pihak_semua(opd, 2025, 3, [jab_indah.pk])[jab_indah.pk]
    assert ph.atasan.pk == kasubag.pegawai.pk and not ph.dialihkan
