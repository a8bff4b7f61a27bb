"""Fingerprints of what a database serves: pages per persona, signed PDFs and their verification.

Run in a fresh process against whatever ``DATABASE_URL`` and ``LKJ_MEDIA_ROOT`` name (the restore
drill runs it on the original and on the restored copy and compares the two outputs)::

    python -m tests.operasi.sidik_halaman OPD_KODE sidik.json
"""

import hashlib
import json
import os
import re
import sys


def _normal(isi: bytes) -> bytes:
    """A page without what differs per request by design (the CSRF token)."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", isi)


def sidik(opd: str) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from lkj.tinjauan.models import DokumenTertanda

    periode = f"opd={opd}&tahun=2025&triwulan=3"
    halaman = {
        "bambang": ["/e81/?" + periode, "/dokumen/?" + periode, "/tinjauan/saya/", "/kinerja/", f"/tinjauan/laporan/{opd}/2025/3/"],
        "samsul": [f"/tinjauan/ikhtisar/{opd}/2025/3/", f"/tinjauan/audit/{opd}/", "/e81/?" + periode],
        "operator": [f"/anggaran/lra/?opd={opd}", "/perencanaan/", "/admin/", "/admin/renja/indikator/"],
    }
    hasil = {"halaman": {}, "tertanda": {}}
    U = get_user_model().objects
    for nama, daftar in halaman.items():
        c = Client()
        c.force_login(U.get(username=nama))
        for url in daftar:
            r = c.get(url)
            hasil["halaman"][f"{nama} {url}"] = [r.status_code, hashlib.sha256(_normal(r.content)).hexdigest()]
    c = Client()
    c.force_login(U.get(username="samsul"))
    anonim = Client()
    for dok in DokumenTertanda.objects.order_by("nomor"):
        unduh = c.get(f"/tinjauan/unduh/{dok.pk}/")
        isi = b"".join(unduh.streaming_content)
        r = anonim.get(f"/tinjauan/verifikasi/{dok.kode}/")
        cek = anonim.post(f"/tinjauan/verifikasi/{dok.kode}/", {"berkas": SimpleUploadedFile("d.pdf", isi)})
        hasil["tertanda"][dok.nomor] = {
            "sha256_tercatat": dok.sha256,
            "sha256_berkas": hashlib.sha256(isi).hexdigest(),
            "halaman_verifikasi": [r.status_code, hashlib.sha256(_normal(r.content)).hexdigest()],
            "verifikasi_sama": "Berkas ini SAMA dengan dokumen yang ditandatangani" in cek.content.decode(),
        }
    return hasil


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkj.settings.dev")
    import django

    django.setup()
    with open(sys.argv[2], "w") as f:  # not stdout: the application logs there
        json.dump(sidik(sys.argv[1]), f, indent=1, sort_keys=True)
