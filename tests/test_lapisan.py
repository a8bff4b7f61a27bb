"""The layer order of docs/architecture.md, checked on the source: an import never points up.

No exemptions: a lower app's views, urls, admin and management commands keep its layer too
(the access rules and the upload drafts they use live in ``organisasi``).
"""

import ast
from pathlib import Path

AKAR = Path(__file__).resolve().parent.parent
TINGKAT = {"dasar": 0, "organisasi": 1, "renja": 2, "anggaran": 2, "perjanjian": 3, "perencanaan": 4, "lkj": 5}


def test_no_module_imports_a_layer_above_its_own():
    naik = []
    for app, tingkat in TINGKAT.items():
        for path in sorted((AKAR / app).rglob("*.py")):
            rel = str(path.relative_to(AKAR))
            if "/migrations/" in rel:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                nama = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else ([node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
                )
                for n in nama:
                    atas = n.split(".")[0]
                    if TINGKAT.get(atas, -1) > tingkat:
                        naik.append(f"{rel}: import {n}")
    assert naik == []


def test_the_plain_python_base_imports_no_django_and_no_app():
    for path in (AKAR / "dasar").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mod = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                assert not (mod or "").startswith(("django", *TINGKAT)) or (mod or "").startswith("dasar"), (path, mod)
