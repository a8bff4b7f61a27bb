"""Every document of the demo quarter, rendered as a server without Liberation Sans would, and read back.

The HTML of each document is built in the test process (it needs the database); the PDFs are
rendered in one child process whose fontconfig sees only the DejaVu fonts
(``FONTCONFIG_FILE``), so a document that relied on a system font would lay out differently
there. ``pdftotext -bbox`` and ``pdffonts`` read the PDFs back.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from django.conf import settings

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""

_ANAK = r"""
import pickle, sys
from pathlib import Path
import django
django.setup()
from lkj import grafik
from lkj.dokumen import render
folder = Path(sys.argv[1])
grafik._TERDAFTAR.update(pickle.loads((folder / "grafik.pickle").read_bytes()))
for nama in sys.argv[2:]:
    f = folder / f"{nama}.html"
    f.with_suffix(".pdf").write_bytes(render.pdf(f.read_text(encoding="utf-8")).isi)
"""


@dataclass
class Halaman:
    lebar: float
    tinggi: float
    kata: list[tuple[float, float, float, float, str]] = field(default_factory=list)  # xMin, yMin, xMax, yMax, word

    @property
    def teks(self) -> str:
        return " ".join(k[4] for k in self.kata)


@dataclass
class Cetakan:
    nama: str
    pdf: Path
    halaman: list[Halaman]
    fon: list[str]

    @property
    def teks(self) -> str:
        return "\n".join(h.teks for h in self.halaman)


def semua_html(opd, tahun=2025, triwulan=3) -> dict[str, str]:
    """The printed HTML of every document of the quarter (OPD LKj, E.81, LRA summary, each individual report and PK)."""
    from lkj.dokumen import data as D
    from lkj.dokumen import render, services
    from lkj.dokumen.jenis import SPESIFIKASI

    tanggal = services.tanggal_baku(tahun, triwulan)
    hasil = {}
    jabatan = D.jabatan_ber_pk(opd, tahun, triwulan)
    for spek in SPESIFIKASI.values():
        for jab in jabatan if spek.per_jabatan else [None]:
            if jab is not None and not spek.untuk_jabatan(jab):
                continue
            d = services.data_dokumen(spek.kode, opd, tahun, triwulan, jab, tanggal)
            nama = spek.kode + (f"-{jab.kode}" if jab is not None else "")
            hasil[nama] = render.html(spek.template, services.konteks(spek.kode, d))
    return hasil


def _kotak(pdf: Path) -> list[Halaman]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    halaman = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        h = Halaman(float(m[1]), float(m[2]))
        for k in re.finditer(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', m[3]):
            h.kata.append((float(k[1]), float(k[2]), float(k[3]), float(k[4]), unescape(k[5])))
        halaman.append(h)
    return halaman


def _fon(pdf: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    return [baris.split()[0] for baris in out.splitlines()[2:] if baris.strip()]


def cetak_dejavu_saja(dokumen: dict[str, str], folder: Path) -> dict[str, Cetakan]:
    """Renders every HTML in a child process that sees only the DejaVu fonts; reads each PDF back."""
    from lkj import grafik

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fc-cache").mkdir(exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(FONTS_CONF.format(cache=folder / "fc-cache"))
    for nama, isi in dokumen.items():
        (folder / f"{nama}.html").write_text(isi, encoding="utf-8")
    with grafik._KUNCI_DAFTAR:
        (folder / "grafik.pickle").write_bytes(pickle.dumps(dict(grafik._TERDAFTAR)))
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "lkj.settings.test"))
    # One child per core, each with every n-th document by size, so the waiting worker's core draws too.
    n = max(1, min(2, os.cpu_count() or 1))
    urut = sorted(dokumen, key=lambda nama: -len(dokumen[nama]))
    anak = [
        subprocess.Popen(
            [sys.executable, "-c", _ANAK, str(folder), *urut[i::n]],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(n)
    ]
    for a in anak:
        _, galat = a.communicate()
        if a.returncode:
            raise RuntimeError(f"render anak gagal ({a.returncode}): {galat.decode(errors='replace')[-2000:]}")
    return baca_kembali(dokumen, folder)


def baca_kembali(nama_nama, folder: Path) -> dict[str, Cetakan]:
    """The PDFs ``cetak_dejavu_saja`` left in ``folder``, read back (words with their boxes, fonts)."""
    return {nama: Cetakan(nama, folder / f"{nama}.pdf", _kotak(folder / f"{nama}.pdf"), _fon(folder / f"{nama}.pdf")) for nama in nama_nama}


_KEPALA_KAKI = re.compile(r"Halaman \d+ dari \d+|Nomor \S+ · kode verifikasi \S+|\bDRAF\b")


def isi_halaman(h: Halaman) -> str:
    """A page's text without its running footer ("Halaman n dari m") and header (a signed copy's number, a draft's DRAF mark)."""
    return _KEPALA_KAKI.sub("", h.teks).strip()


def kata_di_luar(c: Cetakan, toleransi=0.5) -> list[str]:
    """Words whose box is not wholly on its page: "halaman n: word"."""
    salah = []
    for i, h in enumerate(c.halaman, 1):
        for x0, y0, x1, y1, w in h.kata:
            if x0 < -toleransi or y0 < -toleransi or x1 > h.lebar + toleransi or y1 > h.tinggi + toleransi:
                salah.append(f"halaman {i}: {w}")
    return salah
