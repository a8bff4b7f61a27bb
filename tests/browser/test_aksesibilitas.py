"""WCAG 2.1 AA and the phone, page by page and role by role.

Every main page of each role: axe-core (vendored, injected) finds no violation at 1366×768, and
nothing is wider than the screen at 390×844 (wide tables scroll inside their own box). Then the
behaviours axe cannot see: the skip link, focus back on the row after an htmx save with its message
announced, the character counter instead of a silent cut, the Indonesian file button.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.bantu import DESKTOP, PONSEL, axe, halaman_utama, lebar, potret

PERAN = {"staf": "indah", "atasan": "dhian", "sekcam": "bambang", "camat": "samsul", "operator": "operator"}


def _jabatan(demo):
    from organisasi.models import Penugasan
    from perjanjian.models import PKBaris

    indah = Penugasan.objects.get(pegawai__user__username="indah").jabatan
    baris = PKBaris.objects.filter(versi__perjanjian__jabatan=indah).order_by("nomor").first()
    return {"indah": indah.pk, "indah_indikator": baris.indikator_id}


@pytest.mark.parametrize("peran", list(PERAN))
def test_every_main_page_passes_axe_and_fits_a_phone(page, live_server, masuk, demo, peran):
    masuk(page, PERAN[peran])
    gagal = {}
    for path in halaman_utama(peran, demo["opd"], _jabatan(demo)):
        page.set_viewport_size(DESKTOP)
        r = page.goto(live_server.url + path)
        assert r.status == 200, (path, r.status)  # goto returns after the load event: no page fetches more on load
        temuan = axe(page)
        page.set_viewport_size(PONSEL)
        page.wait_for_timeout(100)
        sw, iw = lebar(page)
        if temuan or sw > iw:
            gagal[path] = {"axe": temuan, "lebar": (sw, iw)}
    assert gagal == {}


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page, live_server, masuk, demo):
    masuk(page, "indah")
    page.keyboard.press("Tab")
    lompat = page.get_by_role("link", name="Langsung ke isi halaman")
    expect(lompat).to_be_focused()
    expect(lompat).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#isi")).to_be_focused()


def test_the_phone_menu_folds_and_opens(page, live_server, masuk, demo):
    page.set_viewport_size(PONSEL)
    masuk(page, "indah")
    menu = page.get_by_role("link", name="Formulir E.81", exact=True)
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Buka atau tutup menu").click()
    expect(menu).to_be_visible()


def test_after_an_htmx_save_focus_is_back_on_the_row_and_the_outcome_is_announced(page, live_server, masuk, demo):
    masuk(page, "indah")
    page.goto(f"{live_server.url}/kinerja/?tahun=2025&triwulan=3")
    row = page.locator("article.baris").first
    rid = row.get_attribute("id")
    nilai = row.get_by_label("Realisasi s.d. Triwulan III")
    nilai.fill("9,5x")
    nilai.press("Enter")
    row = page.locator(f"#{rid}")
    salah = row.get_by_label("Realisasi s.d. Triwulan III")
    expect(salah).to_have_attribute("aria-invalid", "true")
    expect(salah).to_be_focused()  # the first invalid field, not <body>
    uraian = salah.get_attribute("aria-describedby").split()
    for i in uraian:
        assert page.locator(f"[id='{i}']").count() == 1, i  # every id it points to exists
    expect(page.locator("#pengumuman-galat")).to_contain_text("Setelah koma hanya boleh angka")
    assert axe(page) == []

    salah.fill("10")
    salah.press("Enter")
    row = page.locator(f"#{rid}")
    expect(row.locator(".pesan")).to_have_text("Tersimpan.")
    expect(row).to_be_focused()
    expect(page.locator("#pengumuman")).to_have_text("Tersimpan.")


def test_a_limited_field_counts_and_says_when_it_is_too_long_instead_of_cutting(page, live_server, masuk, demo):
    masuk(page, "indah")
    page.goto(f"{live_server.url}/kinerja/?tahun=2025&triwulan=3")
    row = page.locator("article.baris").first
    catatan = row.get_by_label("Catatan sumber data")
    penghitung = row.locator(".penghitung").first
    expect(penghitung).to_have_text("0 / 2.000 karakter")
    catatan.fill("a" * 2150)  # as a paste: nothing is cut
    assert len(catatan.input_value()) == 2150
    expect(penghitung).to_have_text("Terlalu panjang: 2.150 dari batas 2.000 karakter. Kurangi 150 karakter.")
    expect(page.locator("#pengumuman-galat")).to_contain_text("Kurangi 150 karakter")
    assert catatan.evaluate("el => el.validationMessage").startswith("Terlalu panjang")
    catatan.fill("Rekap kegiatan")
    expect(penghitung).to_have_text("14 / 2.000 karakter")


def test_the_file_input_speaks_indonesian(page, live_server, masuk, demo):
    masuk(page, "indah")
    page.goto(f"{live_server.url}/kinerja/?tahun=2025&triwulan=3")
    row = page.locator("article.baris").first
    expect(row.locator(".tombol-berkas")).to_have_text("Pilih berkas")
    expect(row.locator(".nama-berkas")).to_have_text("Belum ada berkas dipilih")
    row.locator("input[type=file]").set_input_files({"name": "notulen.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"})
    expect(row.locator(".nama-berkas")).to_have_text("notulen.pdf")


def test_the_operators_import_previews_and_refusals_pass_axe_and_fit_a_phone(page, live_server, masuk, demo):
    from django.conf import settings

    from perencanaan.selectors import workbook_ekspor
    from perencanaan.workbook import tulis_workbook
    from tests.perencanaan.test_workbook import _ubah

    masuk(page, "operator")
    lra = settings.BASE_DIR / "fixtures" / "demo" / "lra-2025-09-kedungjajang.xlsx"
    buku = tulis_workbook(workbook_ekspor(demo["opd"], 2025))
    rusak = _ubah(_ubah(buku, "Unit", 2, "Nama", "U" * 121), "Target", 2, "Target", -1)
    langkah = [
        ("/anggaran/lra/", {"name": "lra.xlsx", "buffer": lra.read_bytes()}, "Pratinjau impor LRA"),
        (
            "/perencanaan/",
            {"name": "perencanaan.xlsx", "buffer": _ubah(buku, "Target", 2, "Target", 90.5)},
            "Pratinjau workbook perencanaan",
        ),
        ("/perencanaan/", {"name": "rusak.xlsx", "buffer": rusak}, "Workbook perencanaan"),
    ]
    gagal = {}
    for path, berkas, judul in langkah:
        page.set_viewport_size(DESKTOP)
        page.goto(live_server.url + path)
        page.locator("input[type=file]").set_input_files(
            {**berkas, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        )
        page.get_by_role("button", name="Pratinjau").click()
        expect(page.get_by_role("heading", name=judul, exact=True)).to_be_visible()
        temuan = axe(page)
        page.set_viewport_size(PONSEL)
        page.wait_for_timeout(100)
        sw, iw = lebar(page)
        if temuan or sw > iw:
            gagal[berkas["name"]] = {"axe": temuan, "lebar": (sw, iw)}
    expect(page.locator("tr.kesalahan")).to_have_count(2)
    assert gagal == {}


# The pemda's own accounts (decisions §8): the pages each reaches from its menu and Beranda.
PERAN_PEMDA = {
    "ortala": ["/", "/pemda/{pemda}/2025/3/"],
    "bappeda": ["/", "/pemda/{pemda}/2025/3/", "/tinjauan/evaluasi/{pemda}/2025/3/", "/tinjauan/evaluasi/e81/{e81}/"],
    "adminpemda": [
        "/",
        "/pemda/{pemda}/2025/3/",
        "/anggaran/lra/kabupaten/",
        "/organisasi/buku-pemda/",
        "/admin/",
        "/admin/organisasi/perangkatdaerah/",
        "/admin/organisasi/perangkatdaerah/add/",
        "/admin/organisasi/operatoropd/",
        "/admin/organisasi/operatoropd/add/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
    ],
}

# Screenshots at 390 × 844 (bantu.LAYAR) of the pages a phone makes hardest.
POTRET_PEMDA = {
    "/tinjauan/evaluasi/e81/{e81}/": "pemda-bappeda-rinci",
    "/admin/organisasi/perangkatdaerah/": "pemda-admin-perangkatdaerah",
    "/admin/organisasi/operatoropd/add/": "pemda-admin-operatoropd-tambah",
}


def _periksa_halaman(page, url, gagal, nama, potret_nama=None):
    page.set_viewport_size(DESKTOP)
    temuan = axe(page)
    page.set_viewport_size(PONSEL)
    page.wait_for_timeout(100)
    sw, iw = lebar(page)
    if potret_nama:
        potret(page, potret_nama)
    if temuan or sw > iw:
        gagal[nama] = {"axe": temuan, "lebar": (sw, iw)}


@pytest.mark.parametrize("peran", list(PERAN_PEMDA))
def test_every_pemda_page_passes_axe_and_fits_a_phone(page, live_server, masuk, demo, peran, tmp_path):
    """Bagian Organisasi, Bappeda and the pemda's administrator: their recap, Bappeda's list and detail of a signed
    E.81, the kabupaten LRA with a preview shown (a known and an unknown organisation code), the admin pages."""
    from django.contrib.auth import get_user_model

    from lkj.tinjauan import services as svc
    from lkj.tinjauan.models import DokumenTertanda
    from tests.anggaran.test_lra_kabupaten import KODE_ASING, bagian, satu_sheet
    from tests.anggaran.test_lra_reader import K

    opd = demo["opd"]
    isian = {"pemda": opd.pemda.kode, "e81": 0}
    if peran == "bappeda":
        U = get_user_model().objects
        p = {"opd": opd, "tahun": 2025, "triwulan": 3}
        svc.laporan_ajukan(**p, oleh=U.get(username="bambang"))
        svc.laporan_tanggapi(**p, oleh=U.get(username="samsul"), tanggapan="sudah_baik")
        svc.laporan_tandatangani(**p, oleh=U.get(username="samsul"), alasan_pengecualian="Laporan individu menyusul.")
        isian["e81"] = DokumenTertanda.objects.get(jenis="e81", laporan__opd=opd).pk
    masuk(page, peran)
    gagal = {}
    for path in PERAN_PEMDA[peran]:
        url = path.format(**isian)
        page.set_viewport_size(DESKTOP)
        r = page.goto(live_server.url + url)
        assert r.status == 200, (url, r.status)
        nama = POTRET_PEMDA.get(path)
        _periksa_halaman(page, url, gagal, url, nama)
    if peran == "adminpemda":
        isi = satu_sheet(
            tmp_path, bagian(opd.kode, opd.nama.upper(), K), bagian(KODE_ASING, "KECAMATAN ASING", "7 01 7 01 99"), judul_bulan="SEPTEMBER"
        )
        page.set_viewport_size(DESKTOP)
        page.goto(live_server.url + "/anggaran/lra/kabupaten/")
        page.locator("input[type=file]").set_input_files(
            {"name": "lra-kabupaten.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "buffer": isi}
        )
        if page.locator("#id_tahun").count():
            page.fill("#id_tahun", "2025")
            page.select_option("#id_bulan", "9")
        page.get_by_role("button", name="Pratinjau").click()
        expect(page.get_by_role("heading", name="Kode organisasi yang tidak cocok dengan perangkat daerah mana pun")).to_be_visible()
        _periksa_halaman(page, "pratinjau", gagal, "LRA kabupaten, pratinjau", "pemda-lra-kabupaten-pratinjau")
    assert gagal == {}
