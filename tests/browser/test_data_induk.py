"""The operator exports the pegawai list, adds a row in it and imports it back in a real browser: every step
in Indonesian, a preview before anything is written, and no script the page's CSP would refuse."""

import pytest
from playwright.sync_api import expect

from organisasi.models import Pegawai
from tests.browser.bantu import potret
from tests.organisasi.impor_admin import baca, xlsx


@pytest.fixture(autouse=True)
def draf(settings, tmp_path):
    settings.LKJ_DATA_INDUK_DRAF_DIR = tmp_path / "draf"


def test_the_operator_exports_edits_previews_and_confirms_the_pegawai_list_in_indonesian(page, live_server, masuk, demo):
    ditolak = []
    page.on(
        "console",
        lambda m: ditolak.append((page.url, m.text, m.location)) if "Content Security Policy" in m.text or "Refused" in m.text else None,
    )
    masuk(page, "operator")
    page.goto(f"{live_server.url}/admin/organisasi/pegawai/")

    page.get_by_role("link", name="Ekspor", exact=True).click()
    expect(page.get_by_role("heading", name="Ekspor", exact=True)).to_be_visible()
    with page.expect_download() as unduh:
        page.get_by_role("button", name="Lanjutkan").click()
    assert unduh.value.suggested_filename.startswith("pegawai-") and unduh.value.suggested_filename.endswith(".xlsx")
    with open(unduh.value.path(), "rb") as f:
        baris = baca(f.read())
    assert baris[0] == ["Kode pemda", "NIP", "Nama dan gelar"] and len(baris) == Pegawai.objects.count() + 1

    page.goto(f"{live_server.url}/admin/organisasi/pegawai/")
    page.get_by_role("link", name="Impor", exact=True).click()
    expect(page.get_by_role("heading", name="Impor", exact=True)).to_be_visible()
    expect(page.get_by_text("Berkas yang diimpor")).to_be_visible()
    isi = xlsx(baris[0], [*baris[1:], ["3508", "19900101 201503 1 001", "PEGAWAI BARU, S.Kom"]])
    page.locator("#id_import_file").set_input_files({"name": "pegawai.xlsx", "mimeType": "application/octet-stream", "buffer": isi})
    page.get_by_role("button", name="Lanjutkan").click()

    expect(page.get_by_role("heading", name="Pratinjau")).to_be_visible()
    expect(page.locator("p.data-induk-ringkas")).to_contain_text(f"1 baru, 0 diubah, {len(baris) - 1} tidak berubah")
    expect(page.locator("tr.new td.import-type")).to_have_text("Baru")
    potret(page, "data-induk-pratinjau")
    assert not Pegawai.objects.filter(nama="PEGAWAI BARU, S.Kom").exists()  # the preview writes nothing

    page.get_by_role("button", name="Konfirmasi impor").click()
    expect(page.get_by_text(f"Impor pegawai selesai: 1 baru, 0 diubah, {len(baris) - 1} tidak berubah.")).to_be_visible()
    potret(page, "data-induk-selesai")
    assert Pegawai.objects.get(nip="19900101 201503 1 001").nama == "PEGAWAI BARU, S.Kom"
    assert ditolak == []
