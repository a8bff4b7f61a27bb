"""The pemda recap in a real browser, read by Bappeda: filters, the drill-down into an OPD's E.81, both charts drawn, no sideways
scroll at 390 px, WCAG 2.1 AA by axe; screenshots at 1366×768 and 390×844 go to /tmp/lkj-layar (LKJ_LAYAR)."""

from playwright.sync_api import expect

from tests.browser.bantu import DESKTOP, PONSEL, axe, lebar, potret


def test_the_recap_filters_drills_down_and_fits_a_phone(page, live_server, masuk, demo):
    from organisasi.models import PerangkatDaerah

    opd = demo["opd"]
    PerangkatDaerah.objects.create(
        pemda=opd.pemda, kode="2.16.0.00.0.00.01.0000", kode_urusan="2.16", nama="Dinas Komunikasi dan Informatika"
    )
    masuk(page, "bappeda")
    page.get_by_role("link", name="Rekap Pemda").click()
    page.goto(f"{live_server.url}/pemda/?pemda={opd.pemda.kode}&tahun=2025&triwulan=3")
    expect(
        page.get_by_role("heading", name="Rekap Capaian Kinerja Perangkat Daerah Kabupaten Lumajang Triwulan III Tahun 2025")
    ).to_be_visible()
    baris = page.locator("table.rekap tbody tr")
    expect(baris).to_have_count(2)
    expect(baris.first).to_contain_text("86,70%")
    for img in page.locator("img.grafik-rekap").all():
        img.scroll_into_view_if_needed()
        expect(img).to_have_js_property("complete", True)
        assert img.evaluate("i => i.naturalWidth") > 0
    for ukuran, label in ((DESKTOP, "1366"), (PONSEL, "390")):
        page.set_viewport_size(ukuran)
        page.reload()
        sw, iw = lebar(page)
        assert sw <= iw, f"rekap {label}: {sw} > {iw}"
        potret(page, f"rekap-pemda-{label}")
        assert axe(page) == []
    page.set_viewport_size(DESKTOP)

    page.get_by_label("Jenis perangkat daerah").select_option("dinas")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(f"{live_server.url}/pemda/{opd.pemda.kode}/2025/3/?jenis=dinas")
    expect(baris).to_have_count(1)
    expect(baris.first).to_contain_text("Dinas Komunikasi dan Informatika")

    page.get_by_label("Jenis perangkat daerah").select_option("kecamatan")
    page.get_by_role("button", name="Tampilkan").click()
    page.get_by_role("link", name="Kecamatan Kedungjajang").click()
    expect(page.get_by_role("heading", name="Formulir E.81 — Evaluasi terhadap Hasil Renja Perangkat Daerah")).to_be_visible()
    expect(page.locator("tfoot")).to_contain_text("86,70%")
