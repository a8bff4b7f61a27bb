"""What the signer returns is what is kept: stored, hashed, served and verified.

A BSrE provider returns a PAdES-signed file, not the render it was given; these tests use a
signer that changes the bytes the same way (an incremental update appended to the PDF) and
hold the services to keeping the signer's file, never the render's.
"""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lkj.dokumen.services import DokumenTidakTersedia
from lkj.tinjauan import penandatangan
from lkj.tinjauan import services as svc
from lkj.tinjauan.models import DokumenTertanda, Laporan, Status, Tandatangan


class PenandatanganUji:
    """Appends an incremental update (a comment and a second %%EOF) as a PAdES signer appends its signature."""

    kode = "uji"
    nama = "Penanda tangan uji"

    def __init__(self):
        self.masuk, self.keluar = [], []

    def tandatangani(self, *, pdf, penanda, nomor):
        tertanda = pdf + f"\n% ditandatangani penguji {nomor}\n%%EOF\n".encode()
        self.masuk.append(pdf)
        self.keluar.append(tertanda)
        return penandatangan.HasilTandatangan(tertanda, {"metode": self.kode, "nomor": nomor, "sertifikat": "UJI-01"})


@pytest.fixture
def penanda_uji(settings, monkeypatch):
    uji = PenandatanganUji()
    monkeypatch.setitem(penandatangan.PENYEDIA, "uji", lambda: uji)
    settings.LKJ_PENANDATANGAN = "uji"
    return uji


def _tandatangani(periode, jab, staf, kasubag):
    svc.laporan_ajukan(**periode, jabatan=jab, oleh=staf)
    svc.laporan_tanggapi(**periode, jabatan=jab, oleh=kasubag, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**periode, jabatan=jab, oleh=staf)
    svc.laporan_tandatangani(**periode, jabatan=jab, oleh=kasubag)


def test_the_signers_bytes_are_stored_hashed_served_and_verified(client, periode, jab_indah, staf, kasubag, penanda_uji):
    _tandatangani(periode, jab_indah, staf, kasubag)
    dok = DokumenTertanda.objects.select_related("render").get()
    [render_asli], [tertanda] = penanda_uji.masuk, penanda_uji.keluar
    assert render_asli.startswith(b"%PDF") and tertanda != render_asli

    disimpan = dok.render.berkas.open("rb").read()
    assert disimpan == tertanda
    assert dok.sha256 == dok.render.sha256 == hashlib.sha256(tertanda).hexdigest()
    assert dok.render.ukuran == len(tertanda)
    for t in Tandatangan.objects.filter(laporan=dok.laporan):  # the signer's proof is kept on both signatures
        assert t.penyedia == "uji" and t.bukti[dok.nomor] == {"metode": "uji", "nomor": dok.nomor, "sertifikat": "UJI-01"}

    client.force_login(staf)
    for url in (reverse("tinjauan:unduh", args=[dok.pk]), reverse("dokumen:unduh", args=[dok.render.pk])):
        resp = client.get(url)
        assert resp.status_code == 200 and b"".join(resp.streaming_content) == tertanda
        assert resp["X-Content-SHA256"] == hashlib.sha256(tertanda).hexdigest()

    client.logout()
    url = reverse("tinjauan:verifikasi_kode", args=[dok.kode])
    teks = client.post(url, {"berkas": SimpleUploadedFile("lkj.pdf", tertanda, "application/pdf")}).content.decode()
    assert "SAMA dengan dokumen" in teks
    teks = client.post(url, {"berkas": SimpleUploadedFile("lkj.pdf", render_asli, "application/pdf")}).content.decode()
    assert "BERBEDA dari dokumen" in teks


def test_a_signer_that_returns_no_pdf_signs_nothing(periode, jab_indah, staf, kasubag, penanda_uji, monkeypatch):
    svc.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
    svc.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik")
    svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=staf)
    monkeypatch.setattr(penanda_uji, "tandatangani", lambda **kw: penandatangan.HasilTandatangan(b'{"galat": "sertifikat kedaluwarsa"}'))
    with pytest.raises(DokumenTidakTersedia, match="tidak mengembalikan berkas PDF"):
        svc.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=kasubag)
    assert Laporan.objects.get(jabatan=jab_indah).status == Status.DISETUJUI
    assert not DokumenTertanda.objects.exists()
    assert not Tandatangan.objects.filter(peran="atasan").exists()  # the whole act rolled back
