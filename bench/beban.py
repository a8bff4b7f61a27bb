#!/usr/bin/env python3
"""Load on a running LKj server: logged-in users requesting a mix of pages (standard library only).

    bench/beban.py http://127.0.0.1:PORT --host lkj.contoh.go.id --opd 60 --pengguna 50 \\
        --terbuka 20 --durasi 60 --tertutup 50 --durasi-tertutup 60 [--json bench/out/beban.json]

1. **Log in** ``--pengguna`` users spread over the synthetic kabupaten's OPDs (``manage.py demo --kabupaten N``:
   samsul, bambang, dhian, fitri, indah, then samsul01 … of OPD 1, and so on), each with its own session, and
   find each user's pages by following the links the app gives him: his entry page (``/kinerja/jabatan/…``)
   from Kinerja Saya, his report page (``/tinjauan/laporan/…``) from "Laporan Saya" or the overview, and his
   OPD's code for the E.81. Logging in is not measured (PBKDF2 on purpose costs a third of a second).
2. **Open loop** (``--terbuka R``): requests are sent at R per second on a fixed schedule whatever the server
   does, each by a free thread of a large pool; a response's time counts from its *scheduled* start, so a
   server that falls behind shows it in the percentiles instead of slowing the sender (no coordinated omission).
3. **Closed loop** (run first) (``--tertutup C``): C users each send the next request as soon as the last answered, for the
   throughput the server reaches.

Before either, ``--pemanasan N`` requests of each page, and with ``--pemanasan-detik S`` the closed loop for S
seconds unmeasured: every gunicorn worker keeps its own caches (the quarters' measurements under the OPDs' data
stamps), so a short run just after the server started measures mostly their filling; ``--pemanasan-detik 60``
measures the steady state of a server that has been serving for a while.

The mix includes the pemda recap (``dasbor``, 3 %), opened by the pemda readers ``--pengguna-dasbor``
(ortala, bappeda) at ``--dasbor``. Every request picks a user and a page by the mix's weights (``--campuran``),
with a fixed seed. Each request
carries ``X-Forwarded-Proto: https`` and ``Host`` as the reverse proxy sends them, so the production settings
(secure cookies, CSRF origins) hold as in production; cookies are kept by hand per user (a Secure cookie
over plain loopback). Reports per page: requests, errors (status ≠ 200 or a connection error), p50/p95/p99 and
the server's share; then req/s. This process's own CPU is printed too: on a 2-core machine the generator
takes a share the server does not get.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import resource
import statistics
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

TAHUN, TRIWULAN = 2025, 3
SANDI = "lkj-demo-2025"
PERAN = ["samsul", "bambang", "dhian", "fitri", "indah"]  # camat, sekcam, kasubag, staff ×2
CAMPURAN_BAKU = "beranda=25,kinerja_saya=25,entri=20,e81=15,laporan=15,dasbor=3"
# The pemda recap ("dasbor"), opened by the pemda's own readers: a handful of accounts (Bagian Organisasi,
# Bappeda; decisions §8) among a kabupaten's ~2.000, who open it a few times a day while OPD users enter and
# read their own pages; about 3 % of the requests (3 of 103 weights). ``--dasbor ''`` leaves it out.
DASBOR_BAKU = "/pemda/3508/{tahun}/{triwulan}/"
PENGGUNA_DASBOR_BAKU = "ortala,bappeda"


class Gagal(Exception):
    pass


@dataclass
class Pengguna:
    nama: str
    kue: dict[str, str] = field(default_factory=dict)
    halaman: dict[str, str] = field(default_factory=dict)
    kunci: threading.Lock = field(default_factory=threading.Lock)


class Klien:
    def __init__(self, alamat: str, host: str, batas_waktu: float = 60):
        b = urlsplit(alamat)
        self.server = (b.hostname, b.port or 80)
        self.host = host
        self.batas_waktu = batas_waktu

    def minta(self, u: Pengguna, metode: str, path: str, data: dict | None = None) -> tuple[int, bytes, dict]:
        kepala = {"Host": self.host, "X-Forwarded-Proto": "https", "User-Agent": "lkj-beban"}
        with u.kunci:
            if u.kue:
                kepala["Cookie"] = "; ".join(f"{k}={v}" for k, v in u.kue.items())
        isi = None
        if data is not None:
            isi = urlencode(data)
            kepala["Content-Type"] = "application/x-www-form-urlencoded"
            kepala["Origin"] = f"https://{self.host}"
            kepala["Referer"] = f"https://{self.host}{path}"
        conn = http.client.HTTPConnection(*self.server, timeout=self.batas_waktu)
        try:
            conn.request(metode, path, body=isi, headers=kepala)
            r = conn.getresponse()
            badan = r.read()
        finally:
            conn.close()
        with u.kunci:
            for nama, nilai in r.getheaders():
                if nama.lower() == "set-cookie":
                    k, _, sisa = nilai.partition("=")
                    v = sisa.split(";", 1)[0]
                    if v in ('""', "") or "max-age=0" in nilai.lower():
                        u.kue.pop(k, None)
                    else:
                        u.kue[k] = v
        return r.status, badan, {k.lower(): v for k, v in r.getheaders()}


def _cari(pola: str, html: bytes) -> str | None:
    m = re.search(pola.encode(), html)
    return m.group(1 if m.groups() else 0).decode().replace("&amp;", "&") if m else None


def masuk(k: Klien, u: Pengguna, dasbor: str | None) -> None:
    status, badan, _ = k.minta(u, "GET", "/masuk/")
    token = _cari(r'name="csrfmiddlewaretoken" value="([^"]+)"', badan)
    if status != 200 or token is None:
        raise Gagal(f"{u.nama}: halaman masuk menjawab {status}")
    status, _, kepala = k.minta(u, "POST", "/masuk/", {"csrfmiddlewaretoken": token, "username": u.nama, "password": SANDI, "next": "/"})
    if status != 302 or "sessionid" not in u.kue:
        raise Gagal(f"{u.nama}: login gagal ({status})")
    u.halaman["beranda"] = "/"
    if dasbor:  # a pemda user (Bagian Organisasi, Bappeda, Inspektorat): the Beranda and the kabupaten's recap
        u.halaman["dasbor"] = dasbor.format(tahun=TAHUN, triwulan=TRIWULAN)
        return
    u.halaman.update(halaman_pengguna(lambda path: k.minta(u, "GET", path)[1]))
    if "entri" not in u.halaman or "laporan" not in u.halaman:
        raise Gagal(f"{u.nama}: halaman entri ({u.halaman.get('entri')}) atau laporan ({u.halaman.get('laporan')}) tidak ditemukan")


def halaman_pengguna(ambil) -> dict[str, str]:
    """An OPD user's pages of the mix, found by following the app's links: ``ambil(path)`` returns a page's body.
    Kinerja Saya; its first entry page; the user's own report (camat and sekcam: the OPD's, from the overview);
    that OPD's E.81. A page not found is left out. Shared with ``halaman_cpu.py``."""
    periode = f"?tahun={TAHUN}&triwulan={TRIWULAN}"
    h = {"kinerja_saya": f"/kinerja/{periode}"}
    entri = _cari(rf'href="(/kinerja/jabatan/\d+/{TAHUN}/{TRIWULAN}/)"', ambil(h["kinerja_saya"]))
    laporan = _cari(rf'href="(/tinjauan/laporan/[0-9.]+/{TAHUN}/{TRIWULAN}/(?:\d+/)?)"', ambil(f"/tinjauan/saya/{periode}"))
    if laporan is None:  # camat and sekcam: the OPD's report from the overview
        laporan = _cari(rf"(/tinjauan/laporan/[0-9.]+/{TAHUN}/{TRIWULAN}/)", ambil(f"/tinjauan/{periode}"))
    if entri is not None:
        h["entri"] = entri
    if laporan is not None:
        h["laporan"] = laporan
        kode = re.search(r"/tinjauan/laporan/([0-9.]+)/", laporan).group(1)
        h["e81"] = f"/e81/?opd={kode}&tahun={TAHUN}&triwulan={TRIWULAN}"
    return h


@dataclass
class Hasil:
    halaman: str
    status: int
    ms: float
    mulai: float


def _satu(k: Klien, u: Pengguna, halaman: str, jadwal: float, catat: list) -> None:
    try:
        status, _, _ = k.minta(u, "GET", u.halaman[halaman])
    except (OSError, http.client.HTTPException):
        status = 0
    selesai = time.perf_counter()
    catat.append(Hasil(halaman, status, (selesai - jadwal) * 1000, jadwal))


def _pilih(rng: random.Random, pengguna: list[Pengguna], campuran: dict[str, int]) -> tuple[Pengguna, str]:
    """A page by the mix's weights, then one of the users who have that page."""
    h = rng.choices(list(campuran), weights=list(campuran.values()))[0]
    return rng.choice([u for u in pengguna if h in u.halaman]), h


def terbuka(k: Klien, pengguna, campuran, laju: float, durasi: float, benih: int) -> tuple[list[Hasil], float]:
    rng = random.Random(benih)
    catat: list[Hasil] = []
    n = int(laju * durasi)
    with ThreadPoolExecutor(max_workers=max(64, int(laju * 10))) as pool:
        awal = time.perf_counter()
        for i in range(n):
            jadwal = awal + i / laju
            tunggu = jadwal - time.perf_counter()
            if tunggu > 0:
                time.sleep(tunggu)
            u, h = _pilih(rng, pengguna, campuran)
            pool.submit(_satu, k, u, h, jadwal, catat)
    return catat, time.perf_counter() - awal


def tertutup(k: Klien, pengguna, campuran, c: int, durasi: float, benih: int) -> tuple[list[Hasil], float]:
    catat: list[Hasil] = []
    akhir = time.perf_counter() + durasi

    def jalan(i):
        rng = random.Random(benih + i)
        while time.perf_counter() < akhir:
            u, h = _pilih(rng, pengguna, campuran)
            _satu(k, u, h, time.perf_counter(), catat)

    awal = time.perf_counter()
    with ThreadPoolExecutor(max_workers=c) as pool:
        list(pool.map(jalan, range(c)))
    return catat, time.perf_counter() - awal


def _persentil(urut: list[float], p: float) -> float:
    if not urut:
        return float("nan")
    return urut[min(len(urut) - 1, max(0, round(p / 100 * len(urut)) - 1))]


def ringkas(judul: str, catat: list[Hasil], detik: float) -> dict:
    per: dict[str, list[Hasil]] = defaultdict(list)
    for h in catat:
        per[h.halaman].append(h)
    total_ms = sum(h.ms for h in catat) or 1
    baris = {}
    print(f"\n{judul}: {len(catat)} permintaan dalam {detik:.1f} s = {len(catat) / detik:.1f} req/s")
    print(f"  {'halaman':<14}{'n':>6}{'galat':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'rerata':>9}{'porsi':>8}")
    for nama in sorted(per, key=lambda n: -sum(h.ms for h in per[n])) + ["SEMUA"]:
        hs = catat if nama == "SEMUA" else per[nama]
        ms = sorted(h.ms for h in hs)
        galat = sum(1 for h in hs if h.status != 200)
        b = {
            "n": len(hs),
            "galat": galat,
            "p50": _persentil(ms, 50),
            "p95": _persentil(ms, 95),
            "p99": _persentil(ms, 99),
            "rerata": statistics.fmean(ms) if ms else float("nan"),
            "porsi": sum(ms) / total_ms,
        }
        baris[nama] = b
        print(f"  {nama:<14}{b['n']:>6}{galat:>7}{b['p50']:>9.0f}{b['p95']:>9.0f}{b['p99']:>9.0f}{b['rerata']:>9.0f}{b['porsi']:>8.0%}")
    status = defaultdict(int)
    for h in catat:
        if h.status != 200:
            status[h.status] += 1
    if status:
        print("  galat per status:", dict(status), "(0 = koneksi gagal / habis waktu)")
    return {"req_s": len(catat) / detik, "detik": detik, "halaman": baris, "galat_status": dict(status)}


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


_TIK = os.sysconf("SC_CLK_TCK")


def cpu_pohon(pid: int) -> float:
    """CPU seconds of a process and all its descendants, living or reaped (``/proc``: a process's own
    utime + stime, plus cutime + cstime of the children it waited for; gunicorn recycles its workers)."""
    anak: dict[int, list[int]] = defaultdict(list)
    stat = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                bidang = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stat[int(d)] = bidang
        anak[int(bidang[1])].append(int(d))
    total, antre = 0.0, [pid]
    while antre:
        p = antre.pop()
        if p in stat:
            b = stat[p]  # fields after the name: state ppid … utime(11) stime(12) cutime(13) cstime(14)
            total += sum(int(x) for x in b[11:15]) / _TIK
        antre += anak.get(p, [])
    return total


def _cpu_server(pids: list[int]) -> dict[int, float]:
    return {p: cpu_pohon(p) for p in pids}


def _cetak_cpu_server(h: dict, server: dict[int, float], n: int) -> None:
    h["cpu_server_s"] = {str(p): c for p, c in server.items()}
    for p, c in server.items():
        print(f"  CPU proses {p} dan anaknya: {c:.1f} s = {c / max(n, 1) * 1000:.1f} ms per permintaan")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("alamat")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--opd", type=int, default=60, help="OPD di kabupaten sintetis (demo --kabupaten N)")
    ap.add_argument("--pengguna", type=int, default=50)
    ap.add_argument("--terbuka", type=float, default=20, help="laju loop terbuka, req/s (0: lewati)")
    ap.add_argument("--durasi", type=float, default=60)
    ap.add_argument("--tertutup", type=int, default=50, help="pengguna serentak loop tertutup (0: lewati)")
    ap.add_argument("--durasi-tertutup", type=float, default=60)
    ap.add_argument("--campuran", default=CAMPURAN_BAKU)
    ap.add_argument("--dasbor", default=DASBOR_BAKU, help="URL rekap kabupaten ('' = tanpa rekap); baku %(default)s")
    ap.add_argument("--pengguna-dasbor", default=PENGGUNA_DASBOR_BAKU, help="login pemda yang membukanya; baku %(default)s")
    ap.add_argument("--pemanasan", type=int, default=10, help="permintaan per halaman sebelum diukur")
    ap.add_argument(
        "--pemanasan-detik",
        type=float,
        default=0,
        help="lalu loop tertutup sekian detik yang tidak diukur, sampai cache setiap worker terisi (keadaan tunak)",
    )
    ap.add_argument("--benih", type=int, default=16)
    ap.add_argument("--pid-server", type=int, action="append", default=[], help="PID gunicorn / postmaster: CPU per permintaan")
    ap.add_argument("--json")
    a = ap.parse_args(argv)

    k = Klien(a.alamat, a.host)
    campuran = {n: int(w) for n, w in (x.split("=") for x in a.campuran.split(","))}
    nama = []
    for i in range(a.pengguna):
        opd, peran = i % a.opd, PERAN[(i // a.opd) % len(PERAN)]
        nama.append(peran if opd == 0 else f"{peran}{opd:02d}")
    pengguna = [Pengguna(n) for n in nama]
    mulai = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda u: masuk(k, u, None), pengguna))
    for n in filter(None, a.pengguna_dasbor.split(",")) if a.dasbor else []:
        u = Pengguna(n)
        masuk(k, u, a.dasbor)
        pengguna.append(u)
    campuran = {h: w for h, w in campuran.items() if any(h in u.halaman for u in pengguna)}
    print(f"{len(pengguna)} pengguna masuk dalam {time.perf_counter() - mulai:.1f} s; campuran {campuran}")

    hasil = {"pengguna": len(pengguna), "campuran": campuran}
    # a few requests per page first (--pemanasan each): every gunicorn worker loads its templates and caches
    pemanasan: list[Hasil] = []
    awal_panas = time.perf_counter()
    rng = random.Random(a.benih - 1)
    with ThreadPoolExecutor(max_workers=4) as pool:
        for h in campuran:
            for _ in range(a.pemanasan):
                u = rng.choice([u for u in pengguna if h in u.halaman])
                pool.submit(_satu, k, u, h, time.perf_counter(), pemanasan)
    if pemanasan:
        ringkas(f"Pemanasan ({a.pemanasan} per halaman; waktu termasuk antre di pembangkit)", pemanasan, time.perf_counter() - awal_panas)
    # then, for the steady state, the closed loop itself unmeasured until every worker has measured the quarters its
    # users open: each gunicorn worker keeps its own caches, so a short run after a start is mostly their filling
    if a.pemanasan_detik:
        catat, detik = tertutup(k, pengguna, campuran, a.tertutup or 50, a.pemanasan_detik, a.benih - 2)
        ringkas(f"Pemanasan loop tertutup ({a.pemanasan_detik:.0f} s, tidak diukur)", catat, detik)
    # closed loop first: an overloaded open loop leaves a backlog the server is still working through
    if a.tertutup:
        cpu = _cpu()
        server = _cpu_server(a.pid_server)
        catat, detik = tertutup(k, pengguna, campuran, a.tertutup, a.durasi_tertutup, a.benih)
        server = {p: c - server[p] for p, c in _cpu_server(a.pid_server).items()}
        hasil["tertutup"] = ringkas(f"Loop tertutup {a.tertutup} pengguna serentak", catat, detik)
        hasil["tertutup"]["serentak"] = a.tertutup
        hasil["tertutup"]["cpu_pembangkit_s"] = _cpu() - cpu
        print(f"  CPU pembangkit beban: {hasil['tertutup']['cpu_pembangkit_s']:.1f} s")
        _cetak_cpu_server(hasil["tertutup"], server, len(catat))
    if a.terbuka:
        cpu = _cpu()
        server = _cpu_server(a.pid_server)
        catat, detik = terbuka(k, pengguna, campuran, a.terbuka, a.durasi, a.benih)
        server = {p: c - server[p] for p, c in _cpu_server(a.pid_server).items()}
        hasil["terbuka"] = ringkas(f"Loop terbuka {a.terbuka:g} req/s ditawarkan", catat, detik)
        hasil["terbuka"]["laju_ditawarkan"] = a.terbuka
        hasil["terbuka"]["cpu_pembangkit_s"] = _cpu() - cpu
        print(f"  CPU pembangkit beban: {hasil['terbuka']['cpu_pembangkit_s']:.1f} s")
        _cetak_cpu_server(hasil["terbuka"], server, len(catat))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(hasil, f, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Gagal as e:
        print(f"beban: GAGAL — {e}", file=sys.stderr)
        sys.exit(1)
