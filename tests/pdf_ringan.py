"""A light PDF for the tests that sign, render or serve documents but do not test the printing itself.

WeasyPrint takes seconds per document (an OPD signature renders the OPD LKj and the E.81, about
15 s of CPU). Most tests that sign check who may sign, what freezes, which version is served or
which figure the signed document holds, never the layout. For them the renderer is replaced by
this one: a real, small PDF (``pdftotext`` reads it) whose pages carry the visible text of the
document's HTML, in the order it is written, one block per line. So "the signed LKj shows 97,31"
is still read from the signed file, and a changed figure still changes its bytes and hash.

The printing itself (layout, fonts, page edge, page count, the QR box, the signature block as
WeasyPrint draws it) is tested on real renders: tests marked ``pdf_asli`` and the shared renders
of every demo document (``tests/dokumen``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_DIAM = {"head", "script", "style", "template", "title"}
BARIS_PER_HALAMAN = 60
LEBAR_BARIS = 160


class _Teks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.baris: list[str] = [""]
        self._diam = 0

    def handle_starttag(self, tag, attrs):
        if tag in _DIAM:
            self._diam += 1
        elif tag in _BLOK:
            self.baris.append("")

    def handle_endtag(self, tag):
        if tag in _DIAM:
            self._diam = max(0, self._diam - 1)
        elif tag in _BLOK:
            self.baris.append("")

    def handle_data(self, data):
        if not self._diam:
            self.baris[-1] += data


def teks_html(isi_html: str) -> list[str]:
    """The visible text of the HTML, one line per block, blank lines dropped, long lines wrapped."""
    p = _Teks()
    p.feed(isi_html)
    p.close()
    hasil = []
    for b in p.baris:
        b = re.sub(r"\s+", " ", b).strip()
        while b:
            hasil.append(b[:LEBAR_BARIS])
            b = b[LEBAR_BARIS:]
    return hasil


def _lit(s: str) -> bytes:
    b = s.encode("cp1252", errors="replace")
    return b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_teks(baris: list[str]) -> tuple[bytes, int]:
    """A valid PDF 1.4 (A4, Helvetica, WinAnsi) with these lines; returns (bytes, pages)."""
    halaman = [baris[i : i + BARIS_PER_HALAMAN] for i in range(0, len(baris), BARIS_PER_HALAMAN)] or [[]]
    n = len(halaman)
    # objects: 1 catalog, 2 pages, 3 font, then per page: page, content
    obj = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    kids = []
    for i, isi in enumerate(halaman):
        no_hal, no_isi = 4 + 2 * i, 5 + 2 * i
        kids.append(f"{no_hal} 0 R".encode())
        aliran = b"BT /F1 7 Tf 9 TL 28 810 Td " + b" ".join(_lit(s) + b" '" for s in isi) + b" ET"
        obj[no_hal] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents "
            + f"{no_isi} 0 R".encode()
            + b" >>"
        )
        obj[no_isi] = f"<< /Length {len(aliran)} >>\nstream\n".encode() + aliran + b"\nendstream"
    obj[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + f"] /Count {n} >>".encode()
    keluar = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    letak = {}
    for no in sorted(obj):
        letak[no] = len(keluar)
        keluar += f"{no} 0 obj\n".encode() + obj[no] + b"\nendobj\n"
    xref = len(keluar)
    jumlah = max(obj) + 1
    keluar += f"xref\n0 {jumlah}\n0000000000 65535 f \n".encode()
    for no in range(1, jumlah):
        keluar += f"{letak[no]:010d} 00000 n \n".encode()
    keluar += f"trailer\n<< /Size {jumlah} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(keluar), n
