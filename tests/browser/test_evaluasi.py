"""Bappeda evaluates a signed E.81 in a real browser: returns it with notes, the camat reads them, reopens and
signs again, Bappeda countersigns the new version and the E.81 shows "Dievaluasi" with the Kepala Bappeda."""

from playwright.sync_api import expect

from lkj.demo import KEPALA_BAPPEDA
from lkj.tinjauan.models import DokumenTertanda, EvaluasiE81
from tests.browser.bantu import DESKTOP, PONSEL, axe, lebar, potret

CATATAN = "Capaian program 7.01.01 belum sesuai bukti dukung; periksa realisasi TW III."


def _periksa(page, nama):
    """No WCAG 2.1 AA violation and no sideways scroll, at both sizes; a screenshot of each."""
    for ukuran, akhiran in ((DESKTOP, "desktop"), (PONSEL, "ponsel")):
        page.set_viewport_size(ukuran)
        assert axe(page) == [], nama
        assert lebar(page)[0] <= lebar(page)[1], nama
        potret(page, f"evaluasi-{nama}-{akhiran}")
    page.set_viewport_size(DESKTOP)


def test_bappeda_returns_the_camat_reopens_and_resigns_bappeda_countersigns(page, live_server, masuk, demo):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from lkj.tinjauan import services as svc

    opd = demo["opd"]
    U = get_user_model().objects
    p = {"opd": opd, "tahun": 2025, "triwulan": 3}
    svc.laporan_ajukan(**p, oleh=U.get(username="bambang"))
    svc.laporan_tanggapi(**p, oleh=U.get(username="samsul"), tanggapan="sudah_baik")
    svc.laporan_tandatangani(**p, oleh=U.get(username="samsul"), alasan_pengecualian="Batas waktu; laporan individu menyusul.")
    page.set_viewport_size(DESKTOP)

    # Bappeda finds the E.81 through "Tinjauan" and returns it with notes
    masuk(page, "bappeda")
    page.get_by_role("link", name="Tinjauan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Formulir E.81 masuk — Bappeda Kabupaten Lumajang")
    expect(page.locator("table.evaluasi tbody tr")).to_have_count(1)
    expect(page.locator("table.evaluasi .keadaan")).to_have_text("Menunggu evaluasi")
    _periksa(page, "daftar")
    page.get_by_role("link", name=opd.nama).click()
    expect(page.get_by_role("link", name="PDF bertanda tangan")).to_be_visible()
    _periksa(page, "rinci")
    page.get_by_label("Capaian diteliti ulang").check()
    page.get_by_label("Catatan untuk perangkat daerah").fill(CATATAN)
    page.get_by_role("button", name="Kembalikan").click()
    expect(page.locator(".alert-success").first).to_contain_text("dikembalikan kepada perangkat daerah dengan catatan")
    expect(page.locator(".evaluasi-catatan")).to_contain_text(CATATAN)
    expect(page.get_by_role("button", name="Tandatangani (Dievaluasi)")).to_have_count(0)

    # the camat reads the notes on his report page, reopens, and (submitted and approved again) signs again
    page.context.clear_cookies()
    masuk(page, "samsul")
    laporan = f"{live_server.url}/tinjauan/laporan/{opd.kode}/2025/3/"
    page.goto(laporan)
    expect(page.locator("#evaluasi-bappeda")).to_contain_text("dikembalikan Bappeda")
    expect(page.locator("#evaluasi-bappeda")).to_contain_text(f"Capaian diteliti ulang — {CATATAN}")
    _periksa(page, "laporan-dikembalikan")
    page.get_by_label("Alasan membuka kembali").fill("Perbaikan sesuai catatan Bappeda")
    page.get_by_role("button", name="Buka kembali (versi baru)").click()
    expect(page.locator("#status")).to_have_text("Draf")
    svc.laporan_ajukan(**p, oleh=U.get(username="bambang"))
    svc.laporan_tanggapi(**p, oleh=U.get(username="samsul"), tanggapan="sudah_baik")
    page.goto(laporan)
    page.get_by_role("link", name="Tandatangani…").click()
    page.get_by_label("Alasan menandatangani dengan pengecualian").fill("Batas waktu; laporan individu menyusul.")
    page.get_by_role("button", name="Tandatangani LKj dan Formulir E.81").click()
    page.wait_for_url(laporan, timeout=60_000)
    expect(page.locator("#status")).to_have_text("Ditandatangani")

    # version 2 arrives at Bappeda, who countersigns it
    page.context.clear_cookies()
    masuk(page, "bappeda")
    page.goto(f"{live_server.url}/tinjauan/evaluasi/")
    baris = page.locator("table.evaluasi tbody tr")
    expect(baris).to_have_count(2)
    expect(baris.nth(0).locator(".keadaan")).to_have_text("Menunggu evaluasi")
    expect(baris.nth(0)).to_contain_text("V2")
    expect(baris.nth(1).locator(".keadaan")).to_have_text("Dikembalikan")
    baris.nth(0).get_by_role("link", name=opd.nama).click()
    expect(page.locator(".riwayat-evaluasi")).to_contain_text(CATATAN)  # version 1's notes beside version 2
    page.get_by_role("button", name="Tandatangani (Dievaluasi)").click()
    expect(page.locator(".alert-success").first).to_contain_text("Formulir E.81 dievaluasi dan ditandatangani")
    hari_ini = timezone.localdate()
    dievaluasi = page.locator(".alert.dievaluasi")
    expect(dievaluasi).to_contain_text(KEPALA_BAPPEDA["pegawai"])
    expect(dievaluasi).to_contain_text(f"NIP. {KEPALA_BAPPEDA['nip']}")
    expect(dievaluasi).to_contain_text(hari_ini.strftime("%d-%m-%Y"))
    _periksa(page, "rinci-dievaluasi")
    ev = EvaluasiE81.objects.get(status="dievaluasi")
    assert ev.dokumen.versi == 2 and DokumenTertanda.objects.filter(jenis="e81eval").count() == 1

    # the OPD's report page and its documents show the E.81 "Dievaluasi" with name, NIP and date
    page.context.clear_cookies()
    masuk(page, "samsul")
    page.goto(laporan)
    blok = page.locator("#evaluasi-bappeda")
    expect(blok).to_contain_text("Formulir E.81 versi 2 Dievaluasi")
    expect(blok).to_contain_text(f"{KEPALA_BAPPEDA['pegawai']} (NIP. {KEPALA_BAPPEDA['nip']}), {hari_ini.strftime('%d-%m-%Y')}")
    page.goto(f"{live_server.url}/dokumen/?opd={opd.kode}&tahun=2025&triwulan=3")
    expect(page.get_by_role("link", name="PDF dievaluasi Bappeda V2")).to_be_visible()
    _periksa(page, "dokumen-dievaluasi")
