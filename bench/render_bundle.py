"""Render the demo's whole TW III bundle the way the worker does, against a bare WeasyPrint reference table.

    .venv/bin/python bench/render_bundle.py [--ulang 3] [--ulang-unduh 10]
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/render_bundle.py

Setup (not timed): migrate the database and load the demo (``lkj.demo.demo_muat``). Without
``DATABASE_URL`` a fresh ``bench/out/render.sqlite3`` is used; with it, the given database is used
as it is, and the demo OPD's unsigned TW III renders (cache rows, never signed ones) are dropped
first, so use a throw-away database. Files go under ``bench/out/media-render`` unless
``LKJ_MEDIA_ROOT`` is set. ``DJANGO_DEBUG`` defaults to off, as in the worker in production
(no query log).

Measured, each ``--ulang`` times, wall seconds and CPU seconds side by side (the machine is shared):

* our documents — OPD LKj, E.81, 18 individual reports, 19 PKs. Each is requested with
  ``dokumen_siapkan`` (the request path, not timed), then ``dokumen_render`` is timed: the whole
  worker path from the database to a stored PDF — the quarter's measurement (``pengukuran_opd``,
  for the E.81 every earlier quarter too), the data builder, the HTML and its hash, charts,
  WeasyPrint, writing the file. The row and file are deleted afterwards, so every repeat renders.
* the reference — a dense 660-row × 13-column A4 landscape table with a repeated header, laid out
  naturally (no forced row height), rendered by bare WeasyPrint from HTML to PDF bytes.
* a cached download (goal < 100 ms): request + download of the OPD LKj while the OPD's data stamp has
  not moved, ``--ulang-unduh`` times; and, for comparison, after the stamp moved without any printed
  figure changing (rebuilt, hashed, found identical, same file served).

Each figure is printed as median (min–max) over the repeats. The first repeat pays for cold caches
(imports, fonts, templates); it shows as the maximum.
"""

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from _ukur import Waktu, angka, ringkas, sebaran  # noqa: E402

TAHUN, TRIWULAN = 2025, 3
REFERENSI_BARIS, REFERENSI_KOLOM = 660, 13


def siapkan_lingkungan():
    OUT.mkdir(parents=True, exist_ok=True)
    if "DATABASE_URL" not in os.environ:
        db = OUT / "render.sqlite3"
        db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("LKJ_MEDIA_ROOT", str(OUT / "media-render"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkj.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()


def html_referensi() -> str:
    sel = lambda i, c: f"<td>Baris {i}</td>" if c == 0 else f"<td>{c * i * 1000:,}</td>"
    baris = "".join("<tr>" + "".join(sel(i, c) for c in range(REFERENSI_KOLOM)) + "</tr>" for i in range(REFERENSI_BARIS))
    kepala = "".join(f"<th>Kolom {c}</th>" for c in range(REFERENSI_KOLOM))
    return (
        "<style>@page{size:A4 landscape;margin:10mm} table{border-collapse:collapse;width:100%;font:8pt sans-serif}"
        "td,th{border:.5pt solid #000;padding:2pt 3pt} thead{display:table-header-group}</style>"
        f"<table><thead><tr>{kepala}</tr></thead><tbody>{baris}</tbody></table>"
    )


def referensi(html: str) -> tuple[Waktu, int]:
    from weasyprint import HTML

    with Waktu() as w:
        doc = HTML(string=html).render()
        isi = doc.write_pdf()
    assert isi.startswith(b"%PDF")
    return w, len(doc.pages)


def hapus_render(qs):
    """Delete cache rows and their files (never a signed render: those carry no stamp)."""
    for r in qs.exclude(stempel=""):
        if r.berkas:
            r.berkas.delete(save=False)
        r.delete()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ulang", type=int, default=3, help="repeats of the bundle and the reference (default 3)")
    ap.add_argument("--ulang-unduh", type=int, default=10, help="repeats of each download figure (default 10)")
    args = ap.parse_args()
    siapkan_lingkungan()

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    from lkj.demo import demo_muat
    from lkj.dokumen import data as D
    from lkj.dokumen import services
    from lkj.dokumen.models import DokumenRender
    from organisasi.versi_data import naikkan_opd

    opd = demo_muat()["opd"]
    J = DokumenRender.Jenis
    periode = DokumenRender.objects.filter(opd=opd, tahun=TAHUN, triwulan=TRIWULAN)
    hapus_render(periode)

    jabatan = D.jabatan_ber_pk(opd, TAHUN, TRIWULAN)
    kerja = [(J.LKJ_OPD, None), (J.E81, None)]
    kerja += [(J.INDIVIDU, j) for j in jabatan if j.jenis != "kepala_opd"]
    kerja += [(J.PK, j) for j in jabatan]

    # Our documents: per repeat, per kind, (count, pages, time).
    per_ulang: list[dict] = []
    html_ref = html_referensi()
    ref: list[Waktu] = []
    ref_halaman = 0
    for u in range(args.ulang):
        per_jenis = defaultdict(lambda: [0, 0, Waktu()])
        for jenis, jab in kerja:
            obj = services.dokumen_siapkan(jenis=jenis, opd=opd, tahun=TAHUN, triwulan=TRIWULAN, jabatan=jab, antrekan=False)
            assert obj.status == DokumenRender.Status.ANTRE, (jenis, jab, obj.status)
            with Waktu() as w:
                obj = services.dokumen_render(dokumen_id=obj.pk)
            assert obj.status == DokumenRender.Status.SELESAI, obj.pesan
            a = per_jenis[jenis]
            a[0] += 1
            a[1] += obj.halaman
            a[2] = a[2] + w
            hapus_render(DokumenRender.objects.filter(pk=obj.pk))
        per_ulang.append(per_jenis)
        # The reference is interleaved with the bundle, so both see the same neighbours on the machine.
        w, ref_halaman = referensi(html_ref)
        ref.append(w)
        total = sum((a[2] for a in per_jenis.values()), Waktu())
        print(
            f"  ulang {u + 1}/{args.ulang}: bundel dinding {angka(total.dinding)} s, CPU {angka(total.cpu)} s; "
            f"referensi dinding {angka(w.dinding)} s, CPU {angka(w.cpu)} s",
            flush=True,
        )

    # Cached download: the document exists for this data version; request + serve it.
    r = services.dokumen_siapkan(jenis=J.LKJ_OPD, opd=opd, tahun=TAHUN, triwulan=TRIWULAN, antrekan=False)
    services.dokumen_render(dokumen_id=r.pk)
    c = Client(SERVER_NAME="localhost")
    c.force_login(get_user_model().objects.get(username="samsul"))
    form = {"opd": opd.kode, "tahun": TAHUN, "triwulan": TRIWULAN, "jenis": "lkj_opd", "format": "pdf"}

    def unduh() -> Waktu:
        with Waktu() as w:
            resp = c.post(reverse("dokumen:minta"), form)
            assert resp.status_code == 302 and "/unduh/" in resp["Location"], resp["Location"]
            isi = b"".join(c.get(resp["Location"]).streaming_content)
        assert isi.startswith(b"%PDF")
        return w

    unduh()  # first request of this client: session, URLconf, template loading
    cache = [unduh() for _ in range(args.ulang_unduh)]
    # The stamp moves (a write elsewhere in the OPD) but nothing this document prints changed:
    # the document is rebuilt as HTML, found identical by its hash, and the same file is served.
    ulang_stempel = []
    for _ in range(args.ulang_unduh):
        naikkan_opd(opd.pk)
        ulang_stempel.append(unduh())
    hapus_render(periode)

    n = args.ulang
    halaman = sum(a[1] for a in per_ulang[0].values())
    total = [sum((a[2] for a in p.values()), Waktu()) for p in per_ulang]
    print()
    print(f"Bundel TW III ({n}× diulang; median (min–max)): {len(kerja)} dokumen, {halaman} halaman, dari data sampai PDF tersimpan")
    print(f"  total: {ringkas(total)}")
    print(f"  per halaman: {ringkas(total, per=halaman, desimal=3)}")
    for jenis in per_ulang[0]:
        jumlah, hal, _ = per_ulang[0][jenis]
        w = [p[jenis][2] for p in per_ulang]
        print(f"  {J(jenis).label}: {jumlah} dokumen, {hal} halaman — {ringkas(w)}; per halaman {ringkas(w, per=hal, desimal=3)}")
    print(
        f"Referensi WeasyPrint ({REFERENSI_BARIS} baris × {REFERENSI_KOLOM} kolom, A4 lanskap, tinggi baris alami; "
        f"{n}×): {ref_halaman} halaman"
    )
    print(f"  total: {ringkas(ref)}")
    print(f"  per halaman: {ringkas(ref, per=ref_halaman, desimal=3)}")
    rasio_dinding = [t.dinding / halaman / (r.dinding / ref_halaman) for t, r in zip(total, ref)]
    rasio_cpu = [t.cpu / halaman / (r.cpu / ref_halaman) for t, r in zip(total, ref)]
    print(f"Dokumen kita / referensi, per halaman (ulang yang sama): dinding {sebaran(rasio_dinding)}×, CPU {sebaran(rasio_cpu)}×")
    print(f"Unduhan dari cache (minta + unduh, {args.ulang_unduh}×): {ringkas(cache, desimal=0, kali=1000, satuan='ms')} (tujuan < 100 ms)")
    print(
        f"Unduhan setelah stempel data bergeser tanpa perubahan isi (dibangun ulang dan dibandingkan, "
        f"{args.ulang_unduh}×): {ringkas(ulang_stempel, desimal=0, kali=1000, satuan='ms')}"
    )


if __name__ == "__main__":
    main()
