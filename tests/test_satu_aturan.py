"""Small rules written once (conventions: "plain Python under every layer: one copy of each rule"), checked on
the source like the layer order: the quarters' Roman numerals, the house wording "Triwulan III" (never
"Triwulan 3" where a user reads it), and the reading of a Renstra period "2025-2029". A second copy drifts:
one module said "Triwulan 3" in every refusal while the documents said "Triwulan III".
"""

import ast
import re
from pathlib import Path

import pytest

from dasar.periode import periode_renstra, tahun_periode

AKAR = Path(__file__).resolve().parent.parent
APP = ("dasar", "organisasi", "renja", "anggaran", "perjanjian", "perencanaan", "lkj")


def _sumber():
    for app in APP:
        for path in sorted((AKAR / app).rglob("*.py")):
            rel = str(path.relative_to(AKAR))
            if "/migrations/" not in rel:
                teks = path.read_text()
                yield rel, teks, ast.parse(teks)


def test_the_roman_numerals_of_the_quarters_are_written_once():
    tempat = []
    for rel, _teks, pohon in _sumber():
        for node in ast.walk(pohon):
            if isinstance(node, (ast.Dict, ast.Tuple, ast.List, ast.Set)):
                isi = node.values if isinstance(node, ast.Dict) else node.elts
                teks = {n.value for n in isi if isinstance(n, ast.Constant)}
                if {"III", "IV"} <= teks:
                    tempat.append(f"{rel}:{node.lineno}")
    assert [t.split(":")[0] for t in tempat] == ["dasar/format.py"], tempat


def _angka_triwulan(node: ast.JoinedStr, teks: str) -> bool:
    """An f-string printing "Triwulan {x}" / "TW {x}" with x a quarter number as stored."""
    for sebelum, nilai in zip(node.values, node.values[1:], strict=False):
        if isinstance(sebelum, ast.Constant) and isinstance(nilai, ast.FormattedValue):
            if re.search(r"(Triwulan|TW) $", str(sebelum.value)):
                ekspresi = ast.get_source_segment(teks, nilai.value) or ""
                if re.fullmatch(r"[\w.]*(triwulan|tw)", ekspresi):
                    return True
    return False


def test_no_user_facing_text_says_triwulan_with_a_digit():
    tempat = []
    for rel, teks, pohon in _sumber():
        for node in ast.walk(pohon):
            if isinstance(node, ast.JoinedStr) and _angka_triwulan(node, teks):
                tempat.append(f"{rel}:{node.lineno}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"Triwulan [1-4]\b", node.value):
                tempat.append(f"{rel}:{node.lineno}")
    for path in sorted((AKAR / "templates").rglob("*.*")):
        for n, baris in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"(Triwulan|TW) (\{\{ *[\w.]*(triwulan|tw) *\}\}|[1-4]\b)", baris):
                tempat.append(f"{path.relative_to(AKAR)}:{n}")
    assert tempat == [], tempat


def test_a_renstra_period_is_read_in_one_place():
    tempat = []
    for rel, teks, pohon in _sumber():
        if rel == "dasar/periode.py":
            continue
        for node in ast.walk(pohon):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("split", "partition"):
                if node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == "-":
                    if "periode" in (ast.get_source_segment(teks, node.func.value) or ""):
                        tempat.append(f"{rel}:{node.lineno}")
            elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
                if "periode" in (ast.get_source_segment(teks, node.value) or ""):
                    tempat.append(f"{rel}:{node.lineno}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and r"\d{4})-(\d{4}" in node.value:
                tempat.append(f"{rel}:{node.lineno}")
    assert tempat == [], tempat


@pytest.mark.parametrize(
    "teks, hasil",
    [
        ("2025-2029", (2025, 2029)),
        ("2025-2025", (2025, 2025)),
        ("2029-2025", None),
        ("2025", None),
        ("2025-29", None),
        ("", None),
        (None, None),
    ],
)
def test_a_renstra_period_reads_as_its_first_and_last_year(teks, hasil):
    assert periode_renstra(teks) == hasil
    assert tahun_periode(teks) == (list(range(hasil[0], hasil[1] + 1)) if hasil else [None])
