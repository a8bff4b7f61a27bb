"""Helpers of the browser tests: axe-core (vendored from the npm registry, injected into the page, no
network), the overflow check at phone width, screenshots, and the main pages of each role."""

from __future__ import annotations

import os
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
LAYAR = Path(os.environ.get("LKJ_LAYAR", "/tmp/lkj-layar"))
DESKTOP = {"width": 1366, "height": 768}
PONSEL = {"width": 390, "height": 844}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


_AXE_JS = AXE.read_text(encoding="utf-8")


def axe(page) -> list[dict]:
    """WCAG 2.1 A/AA violations of the page as it is now: [{id, impact, help, nodes: [target…]}]."""
    # Evaluated through the DevTools protocol: the page's Content-Security-Policy refuses an injected <script>.
    # Once per document: a page that already holds axe (the same document after an htmx swap) keeps it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_AXE_JS)
    hasil = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in hasil["violations"]
    ]


def lebar(page) -> tuple[int, int]:
    """(document.documentElement.scrollWidth, innerWidth): the first may not exceed the second."""
    return tuple(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))


def bingkai(page) -> None:
    """Wait until the page has drawn a frame since the last change (two animation frames)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def potret(page, nama: str) -> Path:
    """A full-page screenshot. Chromium's headless shell can refuse one ("Unable to capture screenshot") when it
    has not drawn a frame since a reload or a resize, so it waits for one first, and once more on that refusal."""
    from playwright.sync_api import Error

    LAYAR.mkdir(parents=True, exist_ok=True)
    path = LAYAR / f"{nama}.png"
    for percobaan in (1, 2, 3):
        bingkai(page)
        try:
            page.screenshot(path=str(path), full_page=True)
        except Error as e:
            if "Unable to capture screenshot" not in str(e) or percobaan == 3:
                raise
        else:
            return path


def halaman_utama(peran: str, opd, jabatan: dict[str, int]) -> list[str]:
    """The main pages of each role (what the menu and the Beranda lead to)."""
    k = opd.kode
    umum = ["/", "/kinerja/", "/e81/", "/dokumen/", "/tinjauan/saya/", "/pemberitahuan/"]
    return {
        "staf": umum
        + [
            f"/tinjauan/laporan/{k}/2025/3/{jabatan['indah']}/",
            f"/kinerja/jabatan/{jabatan['indah']}/2025/3/narasi/",
            f"/kinerja/jabatan/{jabatan['indah']}/2025/3/indikator/{jabatan['indah_indikator']}/riwayat/",
        ],
        "atasan": umum + [f"/kinerja/jabatan/{jabatan['indah']}/2025/3/", f"/tinjauan/laporan/{k}/2025/3/{jabatan['indah']}/"],
        "sekcam": umum + [f"/tinjauan/ikhtisar/{k}/2025/3/", f"/tinjauan/laporan/{k}/2025/3/", f"/tinjauan/audit/{k}/"],
        "camat": umum + [f"/tinjauan/ikhtisar/{k}/2025/3/", f"/tinjauan/laporan/{k}/2025/3/", f"/tinjauan/audit/{k}/"],
        "operator": umum
        + [
            "/anggaran/lra/",
            "/perencanaan/",
            "/kinerja/operator/",
            f"/tinjauan/ikhtisar/{k}/2025/3/",
            f"/tinjauan/audit/{k}/",
            "/tinjauan/verifikasi/",
        ],
    }[peran]
