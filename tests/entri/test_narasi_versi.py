"""Lost narrative: two people open the narrative page; the second save is refused with both texts (409)."""

from django.urls import reverse

from lkj.models import Narasi
from tests.entri.conftest import jabatan


def _isi(teks, versi):
    return {"faktor_pendukung": teks, "faktor_penghambat": "", "upaya": "", "rencana_tindak_lanjut": "", "versi": versi}


def _versi_di_halaman(resp) -> int:
    import re

    return int(re.search(r'name="versi" value="(\d+)"', resp.content.decode()).group(1))


def test_the_second_of_two_narrative_saves_is_refused_with_both_texts(client, kasubag, operator, opd):
    jab = jabatan(opd, "Kasubag Keuangan")
    url = reverse("entri:narasi", args=[jab.pk, 2025, 3])
    client.force_login(kasubag)
    versi_dhian = _versi_di_halaman(client.get(url))
    from django.test import Client

    lain = Client()
    lain.force_login(operator)  # the operator opens the same page at the same moment
    versi_operator = _versi_di_halaman(lain.get(url))
    assert versi_dhian == versi_operator

    r = client.post(url, _isi("Koordinasi dengan desa lancar", versi_dhian), follow=True)
    assert "Narasi tersimpan" in r.content.decode()
    r = lain.post(url, _isi("Anggaran cair tepat waktu", versi_operator))
    teks = r.content.decode()
    assert r.status_code == 409
    assert "Narasi belum tersimpan." in teks and "DHIAN PUSPITASARI" in teks
    assert "Koordinasi dengan desa lancar" in teks and "Anggaran cair tepat waktu" in teks  # both texts shown
    assert Narasi.objects.get(jabatan=jab, tahun=2025, triwulan=3).faktor_pendukung == ["Koordinasi dengan desa lancar"]
    # the page came back at the newer version: saving again (after reading) is accepted
    r = lain.post(url, _isi("Koordinasi dengan desa lancar\nAnggaran cair tepat waktu", _versi_di_halaman(r)), follow=True)
    assert "Narasi tersimpan" in r.content.decode()
    assert Narasi.objects.get(jabatan=jab, tahun=2025, triwulan=3).faktor_pendukung == [
        "Koordinasi dengan desa lancar",
        "Anggaran cair tepat waktu",
    ]


def test_the_service_refuses_a_save_against_a_newer_version(opd, kasubag):
    import pytest

    from lkj.entri.services import narasi_simpan
    from renja.realisasi_services import KonflikVersi

    jab = jabatan(opd, "Kasubag Keuangan")
    p = {"opd": opd, "jabatan": jab, "tahun": 2025, "triwulan": 3, "oleh": kasubag}
    n = Narasi.objects.filter(jabatan=jab, tahun=2025, triwulan=3).first()
    awal = n.versi if n else 0
    narasi_simpan(**p, daftar={"upaya": ["Pertama"]}, versi_diharapkan=awal)
    with pytest.raises(KonflikVersi) as e:
        narasi_simpan(**p, daftar={"upaya": ["Kedua"]}, versi_diharapkan=awal)
    assert e.value.terbaru.upaya == ["Pertama"] and e.value.terbaru.versi == awal + 1
