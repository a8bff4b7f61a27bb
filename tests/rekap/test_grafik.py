"""The recap's capaian chart stays legible with many OPDs: numbered points whose labels never cover each
other, OPDs on one spot sharing a label, and every point either numbered or named as unnumbered."""

import random
import re
from decimal import Decimal

from lkj.rekap import grafik

JUDUL = "Capaian kinerja dan anggaran per perangkat daerah, Triwulan III 2025"


def _label(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The point labels (9 px, dark grey) with their approximate boxes in SVG units, from the anchor and baseline."""
    hasil = []
    for gaya, x, y, teks in re.findall(
        r'<text style="([^"]*font-size: 9px[^"]*fill: #222222)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg
    ):
        lebar = 0.56 * 9 * len(teks)
        x, y = float(x), float(y)
        x0 = x - lebar / 2 if "middle" in gaya else (x - lebar if "end" in gaya else x)
        hasil.append((teks, (x0, y - 7, x0 + lebar, y + 1.5)))
    return hasil


def _kerumunan(n, seed=16):
    """n OPDs crowded like a kabupaten's: two clusters around the demo's figures."""
    acak = random.Random(seed)
    return [
        (i, Decimal(str(round(acak.choice([86.7, 75.4]) + acak.uniform(-8, 8), 2))), Decimal(str(round(57.35 + acak.uniform(-10, 10), 2))))
        for i in range(1, n + 1)
    ]


def test_sixty_crowded_opds_get_numbers_that_never_cover_each_other():
    svg = grafik.sebaran_capaian(_kerumunan(60), JUDUL)
    label = _label(svg)
    for i, (a, ka) in enumerate(label):
        for b, kb in label[i + 1 :]:
            assert not (ka[0] < kb[2] and kb[0] < ka[2] and ka[1] < kb[3] and kb[1] < ka[3]), (a, b)
    bernomor = {int(n) for t, _ in label for n in t.split(", ")}
    teks = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    kalimat = re.search(r"terlalu rapat untuk diberi nomor: ([\d, ]+)", teks)
    tanpa = {int(n) for n in kalimat.group(1).replace(" ", "").split(",") if n} if kalimat else set()
    assert bernomor | tanpa == set(range(1, 61)) and not bernomor & tanpa  # each point once: numbered or named
    assert len(bernomor) >= 45  # most points carry their number
    assert not re.search(r"Kecamatan|Dinas", svg)  # no OPD name on the chart: the list under it names them


def test_opds_on_the_same_point_share_one_label():
    sama = (Decimal("86.70"), Decimal("57.35"))
    svg = grafik.sebaran_capaian([(1, *sama), (2, *sama), (3, Decimal("70.00"), Decimal("40.00"))], JUDUL)
    assert sorted(t for t, _ in _label(svg)) == ["1, 2", "3"]
