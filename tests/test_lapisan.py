"""The layer order of docs/architecture.md, checked on the source: an import never points up.

No exemptions: a lower app's views, urls, admin and management commands keep its layer too
(the access rules and the upload drafts they use live in ``organisasi``). And every import sits at
the top of its module, where this test sees it and where an import cycle fails at once, not on the
first call: an import inside a function is allowed only in the few places named below.
"""

import ast
import os
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


# The only places an import may sit inside a function, each for its reason. Nothing else: a cycle
# is broken by moving the code to the module or layer where it belongs, never by a late import.
BUKAN_MODUL_APLIKASI = {"tests", "bench", "migrations", "node_modules", "__pycache__"}  # besides hidden dirs (.venv, .git)


def _modul_aplikasi():
    """Every .py file of the project outside the tests, the benchmarks and the migrations."""
    for akar, dirs, files in os.walk(AKAR):
        dirs[:] = sorted(d for d in dirs if d not in BUKAN_MODUL_APLIKASI and not d.startswith("."))
        yield from (Path(akar) / f for f in sorted(files) if f.endswith(".py"))


def _impor_di_dalam_fungsi_dibolehkan(path: Path, fungsi: ast.FunctionDef, kelas: ast.ClassDef | None) -> bool:
    if path.name == "tasks.py":
        # A django-tasks task module: the services import it at their top to enqueue, so the task
        # reaches those services when it runs, not when its module loads.
        return True
    if path.relative_to(AKAR) == Path("manage.py"):
        # Django's entry point: it sets DJANGO_SETTINGS_MODULE before it may import Django's command runner.
        return True
    if fungsi.name == "ready" and kelas is not None and any(getattr(b, "id", getattr(b, "attr", "")) == "AppConfig" for b in kelas.bases):
        # AppConfig.ready(): Django's documented place to connect signals, once every app's models are loaded.
        return True
    return False


def _impor_di_dalam_fungsi(path: Path) -> list[str]:
    temuan = []

    def jalan(node, kelas, fungsi):
        for anak in ast.iter_child_nodes(node):
            if isinstance(anak, (ast.Import, ast.ImportFrom)) and fungsi is not None:
                if not _impor_di_dalam_fungsi_dibolehkan(path, fungsi, kelas):
                    nama = anak.module if isinstance(anak, ast.ImportFrom) else anak.names[0].name
                    temuan.append(f"{path.relative_to(AKAR)}:{anak.lineno} {fungsi.name}(): import {nama}")
            elif isinstance(anak, ast.ClassDef):
                jalan(anak, anak, fungsi)
            elif isinstance(anak, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # A nested function keeps the outermost one's verdict (ready() may define a helper).
                jalan(anak, kelas, fungsi or anak)
            else:
                jalan(anak, kelas, fungsi)

    jalan(ast.parse(path.read_text()), None, None)
    return temuan


def test_no_import_inside_a_function_outside_task_modules_manage_and_ready():
    temuan = [t for path in _modul_aplikasi() for t in _impor_di_dalam_fungsi(path)]
    assert temuan == []
