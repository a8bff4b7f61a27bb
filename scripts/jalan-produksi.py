#!/usr/bin/env python3
"""Walk a running LKj server as a user would: login → E.81 → request a PDF → wait for the worker → download.

    scripts/jalan-produksi.py http://127.0.0.1:PORT HOST USERNAME PASSWORD OPD_KODE

Standard library only, talks to the given loopback address. Every request carries
``X-Forwarded-Proto: https`` and ``Host: HOST``, as the reverse proxy in front of gunicorn
sends them, so the production settings (secure cookies, HSTS, CSRF origin checks) are
exercised as they are in production. Cookies are kept by hand: a client-side cookie jar
would, rightly, not send a Secure cookie back over the plain loopback connection.
Exits non-zero, saying where, at the first step that does not answer as it should.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import sys
import time
from urllib.parse import urlencode, urlsplit

BATAS_RENDER_DETIK = 180


class Gagal(Exception):
    pass


class Peramban:
    def __init__(self, alamat: str, host: str):
        bagian = urlsplit(alamat)
        self.server = (bagian.hostname, bagian.port or 80)
        self.host = host
        self.kue: dict[str, str] = {}

    def minta(self, metode: str, path: str, data: dict | None = None, referer: str | None = None):
        conn = http.client.HTTPConnection(*self.server, timeout=60)
        kepala = {"Host": self.host, "X-Forwarded-Proto": "https", "User-Agent": "lkj-prod-check"}
        if self.kue:
            kepala["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.kue.items())
        isi = None
        if data is not None:
            isi = urlencode(data)
            kepala["Content-Type"] = "application/x-www-form-urlencoded"
            kepala["Origin"] = f"https://{self.host}"
            kepala["Referer"] = f"https://{self.host}{referer or path}"
        mulai = time.perf_counter()
        conn.request(metode, path, body=isi, headers=kepala)
        r = conn.getresponse()
        badan = r.read()
        ms = (time.perf_counter() - mulai) * 1000
        for nama, nilai in r.getheaders():
            if nama.lower() == "set-cookie":
                k, _, sisa = nilai.partition("=")
                v = sisa.split(";", 1)[0]
                if v in ('""', "") or "max-age=0" in nilai.lower():
                    self.kue.pop(k, None)
                else:
                    self.kue[k] = v
        print(f"  {metode:4} {path:50} {r.status}  {len(badan):>8} B  {ms:7.1f} ms")
        return r, badan


def _harus(syarat: bool, pesan: str) -> None:
    if not syarat:
        raise Gagal(pesan)


def _csrf(html: bytes) -> str:
    m = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    _harus(m is not None, "formulir tanpa token CSRF")
    return m.group(1).decode()


def jalan(alamat, host, pengguna, sandi, opd) -> None:
    b = Peramban(alamat, host)

    print("1. kesehatan")
    r, badan = b.minta("GET", "/sehat/")
    sehat = json.loads(badan)
    _harus(r.status == 200 and sehat["status"] == "sehat", f"/sehat/ menjawab {r.status}: {badan[:400]!r}")
    _harus(sehat["periksa"]["basis_data"]["mesin"] == "postgresql", "basis data bukan PostgreSQL")

    print("2. masuk")
    r, badan = b.minta("GET", "/masuk/")
    _harus(r.status == 200, f"/masuk/ menjawab {r.status}")
    css = re.search(rb'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]+\.css)"', badan)
    _harus(css is not None, "halaman tidak menautkan CSS hasil collectstatic (nama berhash)")
    r, _ = b.minta("GET", css.group(1).decode())
    _harus(r.status == 200 and "max-age" in (r.getheader("Cache-Control") or ""), "CSS tidak disajikan whitenoise")
    r, _ = b.minta("POST", "/masuk/", {"csrfmiddlewaretoken": _csrf(badan), "username": pengguna, "password": sandi, "next": "/e81/"})
    _harus(r.status == 302 and r.getheader("Location") == "/e81/", f"login gagal ({r.status})")
    _harus("sessionid" in b.kue, "tidak ada cookie sesi setelah login")

    print("3. Formulir E.81")
    r, badan = b.minta("GET", f"/e81/?opd={opd}&tahun=2025&triwulan=3")
    _harus(r.status == 200 and b"Formulir E.81" in badan, f"halaman E.81 menjawab {r.status}")
    _harus(b"Rata-rata capaian" in badan or b"rata-rata" in badan.lower(), "halaman E.81 tanpa rata-rata capaian")

    print("4. minta PDF E.81")
    r, badan = b.minta("GET", f"/dokumen/?opd={opd}&tahun=2025&triwulan=3")
    _harus(r.status == 200, f"halaman dokumen menjawab {r.status}")
    r, _ = b.minta(
        "POST",
        "/dokumen/minta/",
        {"csrfmiddlewaretoken": _csrf(badan), "opd": opd, "tahun": "2025", "triwulan": "3", "jenis": "e81", "format": "pdf"},
        referer=f"/dokumen/?opd={opd}&tahun=2025&triwulan=3",
    )
    _harus(r.status == 302, f"permintaan dokumen menjawab {r.status}")
    r, badan = b.minta("GET", r.getheader("Location"))
    m = re.search(
        rb'<form[^>]*dokumen/minta/.*?name="jenis" value="e81"><input type="hidden" name="format" value="pdf">'
        rb'(?:(?!</td>).)*?id="status-(\d+)"',
        badan,
        re.S,
    )
    _harus(m is not None, "baris PDF E.81 tanpa status pembuatan")
    pk = m.group(1).decode()

    print(f"5. menunggu pekerja membuat dokumen {pk}")
    mulai = time.monotonic()
    while True:
        r, badan = b.minta("GET", f"/dokumen/{pk}/status/")
        if b"/unduh/" in badan:
            break
        _harus(b"Gagal dibuat" not in badan, f"pembuatan gagal: {badan.decode(errors='replace')[:500]}")
        _harus(time.monotonic() - mulai < BATAS_RENDER_DETIK, f"dokumen belum selesai setelah {BATAS_RENDER_DETIK} detik")
        time.sleep(1)
    print(f"   selesai setelah {time.monotonic() - mulai:.1f} detik")

    print("6. unduh")
    r, badan = b.minta("GET", f"/dokumen/{pk}/unduh/")
    _harus(
        r.status == 200 and r.getheader("Content-Type") == "application/pdf" and badan.startswith(b"%PDF"),
        f"unduhan bukan PDF ({r.status} {r.getheader('Content-Type')})",
    )
    _harus(hashlib.sha256(badan).hexdigest() == r.getheader("X-Content-SHA256"), "SHA-256 unduhan tidak cocok")
    print(f"   PDF {len(badan)} B, SHA-256 {r.getheader('X-Content-SHA256')[:16]}… cocok")

    print("7. header keamanan")
    r, _ = b.minta("GET", "/e81/")
    for nama in ("Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options"):
        _harus(r.getheader(nama) is not None, f"header {nama} tidak ada")

    print("8. keluar")
    r, badan = b.minta("GET", "/e81/")
    r, _ = b.minta("POST", "/keluar/", {"csrfmiddlewaretoken": _csrf(badan)}, referer="/e81/")
    _harus(r.status == 302, f"keluar menjawab {r.status}")
    r, _ = b.minta("GET", "/e81/")
    _harus(r.status == 302 and "/masuk/" in r.getheader("Location", ""), "setelah keluar halaman masih terbuka")


def main(argv: list[str]) -> int:
    if len(argv) != 6:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        jalan(*argv[1:])
    except (Gagal, OSError, http.client.HTTPException, json.JSONDecodeError) as exc:
        print(f"prod-check: GAGAL — {exc}", file=sys.stderr)
        return 1
    print("prod-check: login → E.81 → PDF oleh pekerja → unduh: BERHASIL")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
