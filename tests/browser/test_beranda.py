"""The Beranda of each role in a real browser, on 08 Oktober 2025 (TW III's window: 7 days left);
screenshots at 1366×768 and 390×844 go to /tmp/lkj-layar (LKJ_LAYAR)."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.bantu import DESKTOP, PONSEL, axe, lebar, potret

HARI = datetime.datetime(2025, 10, 8, 8, tzinfo=datetime.UTC)


@pytest.fixture
def pada_hari(settings):
    # The browser keeps its own (real) clock: cookies must not carry an expiry date the travel put in its past.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(HARI, tick=True):
        yield


def _jabatan(username):
    from organisasi.models import Penugasan

    return [p.jabatan for p in Penugasan.objects.filter(pegawai__user__username=username).select_related("jabatan__opd")]


def _kedua_ukuran(page, nama):
    for ukuran, label in ((DESKTOP, "1366"), (PONSEL, "390")):
        page.set_viewport_size(ukuran)
        page.reload()
        sw, iw = lebar(page)
        assert sw <= iw, f"{nama} {label}: {sw} > {iw}"
        potret(page, f"beranda-{nama}-{label}")
    page.set_viewport_size(DESKTOP)
    page.reload()
    assert axe(page) == []


def test_staff_beranda_tells_what_is_missing_and_continues_to_the_first_row(page, live_server, masuk, demo, pada_hari):
    masuk(page, "indah")
    expect(page.get_by_role("heading", name="Beranda — Triwulan III 2025")).to_be_visible()
    kartu = page.locator("section.staf")
    expect(kartu).to_have_count(1)
    expect(kartu.locator(".sisa")).to_have_text("7 hari lagi")
    expect(kartu).to_contain_text("Draf")
    expect(kartu).to_contain_text("Belum ada bukti dukung")
    _kedua_ukuran(page, "staf")
    kartu.get_by_role("link", name="Lanjutkan mengisi").click()
    expect(page).to_have_url(
        f"{live_server.url}/kinerja/?tahun=2025&triwulan=3#baris-{_jabatan('indah')[0].pk}-" + page.url.rsplit("-", 1)[1]
    )
    expect(page.get_by_role("heading", name="Kinerja Saya — Triwulan III 2025")).to_be_visible()


def test_atasan_beranda_lists_what_waits_for_him_and_the_nav_counts_it_on_every_page(page, live_server, masuk, demo, pada_hari):
    from django.contrib.auth import get_user_model

    from lkj.tinjauan.services import laporan_ajukan

    [jab] = _jabatan("indah")
    laporan_ajukan(opd=jab.opd, tahun=2025, triwulan=3, jabatan=jab, oleh=get_user_model().objects.get(username="indah"))
    masuk(page, "dhian")
    tunggu = page.locator("section.menunggu")
    expect(tunggu.get_by_role("link", name=f"LKj Individu — {jab.nama}")).to_be_visible()
    expect(tunggu.get_by_role("link", name="Beri tanggapan")).to_be_visible()
    expect(page.locator("section.staf")).to_have_count(3)  # Kasubag Keuangan, Bendahara, Plt. Kasi Pemerintahan
    _kedua_ukuran(page, "atasan")
    page.goto(f"{live_server.url}/e81/")
    expect(page.locator(".navbar .nav-link .menunggu-jumlah")).to_contain_text("1")
    page.set_viewport_size(PONSEL)
    expect(page.locator("a.menunggu-jumlah.d-lg-none")).to_be_visible()  # the count shows with the menu folded
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    tunggu.get_by_role("link", name="Beri tanggapan").click()
    expect(page.get_by_role("button", name="Kirim tanggapan")).to_be_visible()


@pytest.mark.parametrize("username, nama", [("samsul", "camat"), ("bambang", "sekcam")])
def test_camat_and_sekcam_beranda_shows_the_office_toward_the_deadline(page, live_server, masuk, demo, pada_hari, username, nama):
    masuk(page, username)
    kartu = page.locator("section.pimpinan")
    expect(kartu.get_by_role("heading", name="Kemajuan Kecamatan Kedungjajang")).to_be_visible()
    expect(kartu.locator(".sisa").first).to_have_text("7 hari lagi")
    expect(kartu).to_contain_text("Laporan individu disetujui atau ditandatangani: 0 dari")
    expect(kartu.get_by_role("progressbar")).to_have_count(2)
    _kedua_ukuran(page, nama)
    kartu.get_by_role("link", name="Buka ikhtisar lengkap").click()
    expect(page.get_by_role("heading", name="Ikhtisar laporan Kecamatan Kedungjajang — Triwulan III 2025")).to_be_visible()


def test_operator_beranda_shows_lra_months_and_the_planning_state(page, live_server, masuk, demo, pada_hari):
    masuk(page, "operator")
    kartu = page.locator("section.operator")
    bulan = kartu.locator("table.lra-bulan")
    expect(bulan.locator("tr.lra-diimpor")).to_have_count(1)
    expect(bulan.locator("tr.lra-diimpor")).to_contain_text("September")
    expect(bulan.locator("tr.lra-belum")).to_have_count(8)
    expect(kartu).to_contain_text("5 program, 12 kegiatan, 31 sub kegiatan")
    _kedua_ukuran(page, "operator")
    kartu.get_by_role("link", name="Impor LRA").click()
    expect(page.get_by_role("heading", name="Laporan Realisasi Anggaran (LRA)")).to_be_visible()
