"""The Beranda's one button never offers "Periksa dan ajukan" for a report the submit rule would refuse: it says
which required sections are still empty (the same completeness check as submitting), with a link where the
holder can fill it."""

import datetime

import time_machine
from django.urls import reverse

from lkj.models import Narasi

HARI = datetime.datetime(2025, 10, 8, 9, tzinfo=datetime.UTC)


def _beranda(client, user):
    client.force_login(user)
    with time_machine.travel(HARI, tick=False):
        r = client.get("/")
    assert r.status_code == 200
    return r, r.content.decode()


def test_a_report_with_every_row_filled_but_an_empty_narrative_says_what_is_missing(client, staf, jab_indah, monkeypatch):
    from lkj.entri.selectors import RekapJabatan

    monkeypatch.setattr(RekapJabatan, "tanpa_bukti", property(lambda self: []))
    Narasi.objects.filter(jabatan=jab_indah, tahun=2025, triwulan=3).update(faktor_penghambat=[], upaya=[])
    r, html = _beranda(client, staf)
    s = r.context["b"].staf[0]
    label, url = s.lanjut
    narasi = reverse("entri:narasi", args=[jab_indah.pk, 2025, 3])
    assert label == "Lengkapi laporan" and url == narasi
    assert "Periksa dan ajukan" not in html
    assert "Bagian wajib yang masih kosong" in html
    assert f'<a href="{narasi}">2.3 Faktor penghambat</a>' in html and "2.3 Upaya / solusi" in html
