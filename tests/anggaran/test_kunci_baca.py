"""Reading whether an LRA month is frozen takes no row lock (``anggaran.selectors.kunci_bulan``).

The OPD row lock (``select_for_update``) is what a writer takes so that a save and a signature never
interleave; a page that only shows whether a month may be imported must not take it, or every preview
would queue behind a running import or signature of its OPD. The writers still take it.
"""

import pytest
from django.db.models.query import QuerySet
from django.urls import reverse

from anggaran.selectors import kunci_bulan, triwulan_terkunci
from tests.entri.conftest import operator

LRA = "fixtures/demo/lra-2025-09-kedungjajang.xlsx"


@pytest.fixture
def kunci_baris(monkeypatch):
    """Every ``select_for_update`` asked for, by model."""
    diminta = []
    asli = QuerySet.select_for_update

    def catat(self, *args, **kwargs):
        diminta.append(self.model._meta.label)
        return asli(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", catat)
    return diminta


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LKJ_LRA_DRAF_DIR = tmp_path / "draf"


def test_the_lra_preview_page_takes_no_row_lock(client, operator, opd, kunci_baris):
    client.force_login(operator)
    with open(LRA, "rb") as f:
        r = client.post(reverse("anggaran:unggah"), {"opd": opd.kode, "berkas": f})
    assert r.status_code == 302
    kunci_baris.clear()
    halaman = client.get(r["Location"])
    assert halaman.status_code == 200 and "September 2025" in halaman.content.decode()
    assert kunci_baris == []


def test_the_readers_of_a_months_freeze_take_no_row_lock_and_a_writer_does(opd, kunci_baris):
    assert kunci_bulan(opd, 2025, 9) is None
    assert not triwulan_terkunci(opd, 2025, 3)
    assert kunci_baris == []
    assert kunci_bulan(opd, 2025, 9, untuk_tulis=True) is None
    assert kunci_baris == ["organisasi.PerangkatDaerah"]
