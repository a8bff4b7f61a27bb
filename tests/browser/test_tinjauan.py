"""Submit → return with a Tanggapan → resubmit → approve → sign, in a real browser."""

from playwright.sync_api import expect

from lkj.tinjauan.models import DokumenTertanda, Laporan
from tests.browser.bantu import potret


def test_staff_submits_atasan_returns_staff_resubmits_atasan_approves_both_sign(page, live_server, masuk, demo):
    from organisasi.models import Jabatan

    jab = Jabatan.objects.get(penugasan__pegawai__user__username="indah")
    url = f"{live_server.url}/tinjauan/laporan/{jab.opd.kode}/2025/3/{jab.pk}/"

    masuk(page, "indah")
    page.goto(url)
    page.get_by_role("button", name="Ajukan").click()
    expect(page.locator("main > .alert-success").first).to_have_text("Laporan diajukan kepada atasan.")
    page.get_by_role("button", name="Keluar").click()

    masuk(page, "dhian")
    page.goto(url)
    expect(page.frame_locator("iframe.pratinjau").locator(".judul").first).to_contain_text("LAPORAN KINERJA INDIVIDU")
    page.get_by_label("Target dan realisasi diteliti ulang").check()
    page.get_by_label("Keterangan").fill("Cek realisasi TW III")
    page.get_by_role("button", name="Kirim tanggapan").click()
    expect(page.locator("main > .alert-success").first).to_have_text("Laporan dikembalikan untuk diperbaiki.")
    page.get_by_role("button", name="Keluar").click()

    masuk(page, "indah")
    page.goto(f"{live_server.url}/tinjauan/saya/?tahun=2025&triwulan=3")
    expect(page.locator("td.tanggapan").first).to_contain_text("Target dan realisasi diteliti ulang")
    expect(page.locator("td.tanggapan").first).to_contain_text("Cek realisasi TW III")
    page.goto(url)
    page.get_by_role("button", name="Ajukan").click()
    page.get_by_role("button", name="Keluar").click()

    masuk(page, "dhian")
    page.goto(url)
    page.get_by_label("Laporan sudah baik").check()
    page.get_by_role("button", name="Kirim tanggapan").click()
    expect(page.locator("main > .alert-success").first).to_have_text("Laporan disetujui.")
    page.get_by_role("button", name="Tandatangani").click()
    expect(page.locator("#status")).to_have_text("Disetujui")
    page.get_by_role("button", name="Keluar").click()

    masuk(page, "indah")
    page.goto(url)
    page.get_by_role("button", name="Tandatangani").click()
    expect(page.locator("#status")).to_have_text("Ditandatangani")
    dok = DokumenTertanda.objects.get()
    expect(page.locator("ul.dokumen")).to_contain_text(dok.nomor)
    potret(page, "tinjauan-ditandatangani")

    # the public verification page, without login
    page.get_by_role("button", name="Keluar").click()
    page.goto(f"{live_server.url}/tinjauan/verifikasi/?kode={dok.kode}")
    expect(page.locator("#sha")).to_have_text(dok.sha256)
    assert Laporan.objects.get(jabatan=jab).versi == 1
