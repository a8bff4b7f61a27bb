"""The camat signs the OPD LKj in a real browser: the confirm step, the required reason, the feedback while it renders."""

import time

from playwright.sync_api import expect

from lkj.dokumen import render
from lkj.tinjauan.models import DokumenTertanda, Laporan, Status


def test_the_camat_sees_what_freezes_must_give_a_reason_and_is_told_while_the_signature_renders(
    page, live_server, masuk, demo, monkeypatch
):
    from django.contrib.auth import get_user_model

    from lkj.tinjauan import services as svc

    opd = demo["opd"]
    U = get_user_model().objects
    p = {"opd": opd, "tahun": 2025, "triwulan": 3}
    svc.laporan_ajukan(**p, oleh=U.get(username="bambang"))
    svc.laporan_tanggapi(**p, oleh=U.get(username="samsul"), tanggapan="sudah_baik")

    def pelan(isi):  # a signature that takes a while to render, as the real one does (seconds)
        time.sleep(3)
        return render.HasilPdf(b"%PDF-1.4\n% tiruan\n" + str(hash(isi)).encode(), 1)

    monkeypatch.setattr(render, "pdf", pelan)

    laporan = f"{live_server.url}/tinjauan/laporan/{opd.kode}/2025/3/"
    masuk(page, "samsul")
    page.goto(laporan)
    page.get_by_role("link", name="Tandatangani…").click()
    expect(page).to_have_url(laporan + "tandatangani/")
    expect(page.get_by_role("heading", name="Laporan Kinerja Individu yang belum ditandatangani: 18 dari 18")).to_be_visible()
    expect(page.locator("table.belum-tertanda tbody tr")).to_have_count(18)
    expect(page.locator("table.belum-tertanda")).to_contain_text("INDAH KURNIA, SE")
    expect(page.locator(".dibekukan")).to_contain_text("semua jabatan")

    tombol = page.get_by_role("button", name="Tandatangani LKj dan Formulir E.81")
    tombol.click()  # no reason: the browser keeps the form (required), nothing is sent
    expect(page).to_have_url(laporan + "tandatangani/")
    assert Laporan.objects.get(opd=opd, jabatan=None).status == Status.DISETUJUI

    page.get_by_label("Alasan menandatangani dengan pengecualian").fill("Batas waktu Bupati; laporan individu menyusul.")
    # What the page shows while the server renders (the browser keeps it on screen until the answer
    # arrives, and Playwright cannot query a page that is navigating away): noted in sessionStorage
    # as the form is sent and a second later, read back after the navigation.
    page.evaluate("""() => {
        const catat = (kunci) => {
            const b = document.querySelector("form.konfirmasi button");
            sessionStorage.setItem(kunci, JSON.stringify({teks: b.textContent, mati: b.disabled,
                tampak: !document.querySelector("form.konfirmasi .sedang").hidden}));
        };
        window.addEventListener("submit", () => { catat("saat_kirim"); setTimeout(() => catat("sedetik_kemudian"), 1000); });
    }""")
    tombol.click(no_wait_after=True)

    page.wait_for_url(laporan, timeout=60_000)
    expect(page.locator("#status")).to_have_text("Ditandatangani")
    expect(page.locator("main > .alert-success").first).to_have_text("Tanda tangan tercatat.")
    for kunci in ("saat_kirim", "sedetik_kemudian"):
        assert page.evaluate(f"JSON.parse(sessionStorage.getItem('{kunci}'))") == {
            "teks": "Sedang menandatangani…",
            "mati": True,
            "tampak": True,
        }, kunci
    dok = DokumenTertanda.objects.get(laporan__jabatan=None, jenis="lkj_opd")
    assert dok.alasan_pengecualian == "Batas waktu Bupati; laporan individu menyusul."

    page.get_by_role("button", name="Keluar").click()
    page.goto(f"{live_server.url}/tinjauan/verifikasi/{dok.kode}/")
    expect(page.locator(".pengecualian")).to_contain_text("Batas waktu Bupati; laporan individu menyusul.")
