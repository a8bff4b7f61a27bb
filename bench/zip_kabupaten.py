"""The whole kabupaten's ZIP ("Unduh ZIP seluruh kabupaten") at 60 OPDs: what a request to it costs.

    .venv/bin/python bench/zip_kabupaten.py [--opd 60] [--ulang 3]

Setup (not timed): a fresh SQLite database ``bench/out/zip-kabupaten.sqlite3`` (migrated), a pemda with
``--opd`` OPDs and one finished printing of TW III 2025 whose every OPD holds the demo's 40 documents: OPD LKj,
E.81, LRA summary, 18 individual reports and 19 PKs, each a stored file of the size the demo's own render of that
kind has (random bytes: a PDF is compressed already, so the ZIP stores them as they are). Files go under
``bench/out/media-zip``.

Timed, ``--ulang`` times: the download view's work, ``lkj.rekap.cetak.zip_cetak`` (the query, reading every
file from storage, writing the stored ZIP to its temporary file), then reading the ZIP through once, as the
response does. Printed: wall and CPU seconds, median (min–max); the ZIP's size; the process's peak RSS.
"""

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from _ukur import angka, sebaran  # noqa: E402

# (kind, how many per OPD, bytes each): the demo's TW III renders (render_bundle.py) rounded.
ISI_OPD = [("lkj_opd", 1, 214_000), ("e81", 1, 105_000), ("lra", 1, 40_000), ("individu", 18, 45_000), ("pk", 19, 17_000)]


def siapkan(n: int):
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "zip-kabupaten.sqlite3"
    db.unlink(missing_ok=True)
    media = OUT / "media-zip"
    shutil.rmtree(media, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["LKJ_MEDIA_ROOT"] = str(media)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkj.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from lkj.dokumen.models import DokumenRender
    from lkj.rekap.models import CetakKabupaten, CetakOpd
    from organisasi.models import Pemda, PerangkatDaerah

    call_command("migrate", verbosity=0)
    pemda = Pemda.objects.create(kode="3599", nama="Kabupaten Uji Zip")
    cetak = CetakKabupaten.objects.create(pemda=pemda, tahun=2025, triwulan=3)
    jumlah = 0
    for i in range(n):
        opd = PerangkatDaerah.objects.create(
            pemda=pemda, kode=f"7.01.0.00.0.00.{i + 1:02d}.0000", kode_urusan="7.01", nama=f"Kecamatan Uji {i + 1}"
        )
        bagian = CetakOpd.objects.create(cetak=cetak, opd=opd)
        renders = []
        for jenis, banyak, ukuran in ISI_OPD:
            for k in range(banyak):
                r = DokumenRender(
                    jenis=jenis,
                    opd=opd,
                    tahun=2025,
                    triwulan=3,
                    format="pdf",
                    tanggal="2025-10-10",
                    versi_data="0" * 64,
                    kunci=f"zip-{i}-{jenis}-{k}",
                    status=DokumenRender.Status.SELESAI,
                    nama_berkas=f"{jenis}-{k}-2025-tw3.pdf",
                    sha256="0" * 64,
                )
                r.berkas.save(f"{jenis}-{i}-{k}.pdf", ContentFile(os.urandom(ukuran)), save=False)
                renders.append(r)
        DokumenRender.objects.bulk_create(renders)
        bagian.dokumen.set(DokumenRender.objects.filter(opd=opd))
        jumlah += len(renders)
    return cetak, jumlah


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opd", type=int, default=60)
    ap.add_argument("--ulang", type=int, default=3)
    args = ap.parse_args()
    cetak, jumlah = siapkan(args.opd)
    from lkj.rekap.cetak import zip_cetak

    dinding, cpu, ukuran = [], [], 0
    for _ in range(args.ulang):
        t0, c0 = time.monotonic(), time.process_time()
        berkas = zip_cetak(cetak)
        ukuran = 0
        while blok := berkas.read(1024 * 1024):
            ukuran += len(blok)
        berkas.close()
        dinding.append(time.monotonic() - t0)
        cpu.append(time.process_time() - c0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.opd} OPD, {jumlah} dokumen, ZIP {angka(ukuran / 1e6, 1)} MB")
    print(f"wall {sebaran(dinding)} s · CPU {sebaran(cpu)} s · peak RSS {angka(rss, 0)} MiB")


if __name__ == "__main__":
    main()
