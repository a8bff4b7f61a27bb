"""Render the whole TW III bundle of the demo and a bare WeasyPrint reference table in one run.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/render_bundle.py

Reports seconds per page for our documents (OPD LKj, 18 individual reports,
E.81, 19 PKs) and for a reference dense landscape table (13 columns, ~22 rows a
page, 30 pages), and the time of a cached download (goal < 100 ms): served straight
from the cache while the OPD's data stamp has not moved, and — for comparison —
after the stamp moved without any printed figure changing (rebuilt, hashed, same file).
"""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkj.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402


def referensi() -> tuple[float, int]:
    from weasyprint import HTML

    baris = "".join(
        "<tr>" + "".join((f'<td>Baris {i}</td>' if c == 0 else f'<td>{c * i * 1000:,}</td>') for c in range(13)) + "</tr>"
        for i in range(22 * 30)
    )
    html = ("<style>@page{size:A4 landscape;margin:10mm} table{border-collapse:collapse;width:100%;font:8pt sans-serif}"
            "td,th{border:.5pt solid #000;padding:2pt 3pt;height:22pt} thead{display:table-header-group}</style>"
            "<table><thead><tr>" + "".join(f"<th>Kolom {c}</th>" for c in range(13)) + f"</tr></thead><tbody>{baris}</tbody></table>")
    t = time.perf_counter()
    doc = HTML(string=html).render()
    doc.write_pdf()
    return time.perf_counter() - t, len(doc.pages)


def main():
    call_command("migrate", verbosity=0)
    from lkj.demo import demo_muat

    demo = demo_muat()
    opd = demo["opd"]
    from lkj.dokumen import data as D
    from lkj.dokumen import render, services
    from lkj.dokumen.models import DokumenRender
    from lkj.selectors import pengukuran_opd

    J = DokumenRender.Jenis
    tanggal = services.tanggal_baku(2025, 3)
    u = pengukuran_opd(opd, 2025, 3)
    kerja = [(J.LKJ_OPD, None), (J.E81, None)]
    jabatan = D.jabatan_ber_pk(opd, 2025, 3)
    kerja += [(J.INDIVIDU, j) for j in jabatan if j.jenis != "kepala_opd"]
    kerja += [(J.PK, j) for j in jabatan]

    total_detik = total_halaman = 0
    per_jenis = {}
    for jenis, jab in kerja:
        t = time.perf_counter()
        d = services.data_dokumen(jenis, opd, 2025, 3, jab, tanggal, u=u)
        hasil = render.pdf(render.html(services.SPESIFIKASI[jenis].template, services.konteks(jenis, d)))
        dt = time.perf_counter() - t
        total_detik += dt
        total_halaman += hasil.halaman
        a = per_jenis.setdefault(jenis, [0, 0, 0.0])
        a[0] += 1
        a[1] += hasil.halaman
        a[2] += dt
    ref_detik, ref_halaman = referensi()

    # Cached download: the document exists for this data version; request + serve it.
    r = services.dokumen_siapkan(jenis=J.LKJ_OPD, opd=opd, tahun=2025, triwulan=3, antrekan=False)
    services.dokumen_render(dokumen_id=r.pk)
    from django.contrib.auth import get_user_model

    c = Client(SERVER_NAME="localhost")
    c.force_login(get_user_model().objects.get(username="samsul"))
    form = {"opd": opd.kode, "tahun": 2025, "triwulan": 3, "jenis": "lkj_opd", "format": "pdf"}
    waktu = []
    for _ in range(5):
        t = time.perf_counter()
        resp = c.post(reverse("dokumen:minta"), form)
        assert resp.status_code == 302 and "/unduh/" in resp["Location"], resp["Location"]
        isi = b"".join(c.get(resp["Location"]).streaming_content)
        waktu.append(time.perf_counter() - t)
        assert isi.startswith(b"%PDF")

    # The stamp moves (a write elsewhere in the OPD) but nothing this document prints changed:
    # the document is rebuilt as HTML, found identical by its hash, and the same file is served.
    from organisasi.versi_data import naikkan_opd

    waktu_ulang = []
    for _ in range(5):
        naikkan_opd(opd.pk)
        t = time.perf_counter()
        resp = c.post(reverse("dokumen:minta"), form)
        isi = b"".join(c.get(resp["Location"]).streaming_content)
        waktu_ulang.append(time.perf_counter() - t)
        assert isi.startswith(b"%PDF")

    print(f"Bundel TW III: {len(kerja)} dokumen, {total_halaman} halaman, {total_detik:.2f} s "
          f"→ {total_detik / total_halaman:.3f} s/halaman")
    for jenis, (n, hal, dt) in per_jenis.items():
        print(f"  {J(jenis).label}: {n} dokumen, {hal} halaman, {dt:.2f} s ({dt / hal:.3f} s/halaman)")
    print(f"Referensi WeasyPrint (13 kolom, lanskap): {ref_halaman} halaman, {ref_detik:.2f} s "
          f"→ {ref_detik / ref_halaman:.3f} s/halaman")
    print(f"Unduhan dari cache (minta + unduh, 5×): min {min(waktu) * 1000:.0f} ms, median {sorted(waktu)[2] * 1000:.0f} ms")
    print(f"Unduhan setelah stempel data bergeser tanpa perubahan isi (dibangun ulang dan dibandingkan, 5×): "
          f"min {min(waktu_ulang) * 1000:.0f} ms, median {sorted(waktu_ulang)[2] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
