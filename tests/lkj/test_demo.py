"""The demo: loads through the real services, stores inputs only, and loads idempotently."""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings

from lkj.demo import DEMO_JSON, demo_muat


def _snapshot():
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "contenttypes", "auth"} and model._meta.model_name != "user":
            continue
        state[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return state


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _snapshot()
    demo_muat()
    assert _snapshot() == before


def test_the_demo_has_the_kedungjajang_organisation(demo):
    from organisasi.models import Pegawai, Penugasan
    from perjanjian.models import PerjanjianKinerja

    assert PerjanjianKinerja.objects.count() == 19
    assert Pegawai.objects.filter(user__isnull=False).count() == 15
    assert Penugasan.objects.filter(plt=True).count() == 3
    dhian = Pegawai.objects.get(user__username="dhian")
    assert dhian.penugasan.count() == 3  # Kasubag Keuangan, Bendahara, Plt. Kasi Pemerintahan
    assert Pegawai.objects.get(user__username="indah").nip_cetak == "NIP. -"


def test_the_demo_budget_comes_from_the_lra_file_not_from_the_fixture(demo):
    from anggaran.models import LraImport

    data = Path(DEMO_JSON).read_text(encoding="utf-8")
    assert "2014894365" not in data and "2.014.894.365" not in data
    lra = LraImport.objects.get(aktif=True)
    assert (lra.tahun, lra.bulan) == (2025, 9)
    assert lra.baris.count() > 31  # kode rekening lines, not one total per sub kegiatan, each with its budget


def test_the_demo_fixture_stores_no_computed_figure():
    data = json.loads(Path(DEMO_JSON).read_text(encoding="utf-8"))
    text = json.dumps(data)
    for key in ("capaian", "efisiensi", "predikat", "pagu", "anggaran_setelah"):
        assert f'"{key}' not in text
    for figure in ("76.44", "110.44", "86.70", "59.14"):
        assert figure not in text


def test_the_demo_lra_is_a_copy_of_the_shared_export():
    shared = Path(settings.BASE_DIR).parent / "shared" / "data" / "lra" / "lra-2025-09-kedungjajang.xlsx"
    ours = Path(settings.BASE_DIR) / "fixtures" / "demo" / "lra-2025-09-kedungjajang.xlsx"
    if shared.exists():  # ../shared is laid beside every checkout and CI clone
        assert shared.read_bytes() == ours.read_bytes()
