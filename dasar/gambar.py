"""Images refused by their declared size before a single pixel is decoded (plain Python over Pillow).

``Image.open`` reads only the header; decoding happens on ``verify()``, ``load()``, resizing. A
PNG of 13.000 × 13.000 pixels is a few kilobytes on disk and 1,6 GB in memory once decoded, and
Pillow's own guard (``Image.MAX_IMAGE_PIXELS``) only warns up to twice its 89 megapixels. So every
upload is opened through :func:`buka`, which checks width × height against ``PIKSEL_MAKS`` first.
"""

from __future__ import annotations

from PIL import Image

from dasar.format import angka

#: 50 megapixels: every phone photo at its default setting (12–50 MP) passes; 8.160 × 6.120 decodes to ~150 MB.
PIKSEL_MAKS = 50_000_000


class GambarTerlaluBesar(ValueError):
    def __init__(self, lebar: int, tinggi: int, maks: int):
        self.lebar, self.tinggi, self.maks = lebar, tinggi, maks
        super().__init__(
            f"Gambar berukuran {angka(lebar)} × {angka(tinggi)} piksel ({angka(lebar * tinggi // 1_000_000)} megapiksel), "
            f"melebihi batas {angka(maks // 1_000_000)} megapiksel; perkecil lalu unggah lagi."
        )


def buka(berkas, *, piksel_maks: int = PIKSEL_MAKS):
    """``PIL.Image.open(berkas)`` that raises :class:`GambarTerlaluBesar` above ``piksel_maks``, before decoding.

    Other failures are Pillow's own (``UnidentifiedImageError``, ``OSError``, its
    ``DecompressionBombError``); the caller turns them into its message.
    """
    img = Image.open(berkas)
    lebar, tinggi = img.size
    if lebar * tinggi > piksel_maks:  # not img.close(): that would close the caller's upload too
        raise GambarTerlaluBesar(lebar, tinggi, piksel_maks)
    return img
