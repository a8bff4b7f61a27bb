"""The Beranda per role: staff, atasan, camat/sekcam, operator; and the count of waiting reports in the nav."""

import datetime
import re

import pytest
import time_machine

from lkj.beranda import menunggu_saya
from lkj.tinjauan import services
from organisasi.models import Jabatan

# TW III 2025's window: the deadline is 15 Oktober 2025; on 08 Oktober it is 7 days away.
HARI = datetime.datetime(2025, 10, 8, 9, tzinfo=datetime.UTC)


def _beranda(client, user):
    client.force_login(user)
    with time_machine.travel(HARI, tick=False):
        r = client.get("/")
    assert r.status_code == 200
    return r, r.content.decode()


def test_staff_sees_what_is_missing_her_report_state_the_days_left_and_one_button(client, staf, jab_indah):
    r, html = _beranda(client, staf)
    b = r.context["b"]
    assert [s.jabatan for s in b.staf] == [jab_indah]
    s = b.staf[0]
    assert s.sisa_hari == 7 and "7 hari lagi" in html
    assert s.laporan.status == "draf" and "Draf" in html
    assert s.tanpa_bukti and "Belum ada bukti dukung" in html  # the demo's rows carry no evidence
    label, url = s.lanjut
    assert label == "Lanjutkan mengisi" and url.startswith("/kinerja/?tahun=2025&triwulan=3#baris-")
    assert 'class="btn btn-success lanjut"' in html
    assert not b.menunggu and not b.pimpinan and not b.operator


def test_staff_with_everything_filled_is_sent_to_submit(client, staf, jab_indah, monkeypatch):
    from lkj.entri.selectors import RekapJabatan

    monkeypatch.setattr(RekapJabatan, "tanpa_bukti", property(lambda self: []))
    r, html = _beranda(client, staf)
    assert r.context["b"].staf[0].lanjut[0] == "Periksa dan ajukan laporan"
    assert "Semua indikator sudah berisi realisasi dan bukti dukung." in html


def test_a_returned_report_shows_the_tanggapan_and_asks_for_a_fix(client, periode, staf, kasubag, jab_indah):
    services.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
    services.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=kasubag, tanggapan="capaian", keterangan="Cek capaian")
    r, html = _beranda(client, staf)
    assert r.context["b"].staf[0].lanjut[0] == "Perbaiki laporan"
    assert "Capaian diteliti ulang" in html and "Cek capaian" in html


def test_the_atasan_sees_reports_waiting_for_him_oldest_first_and_the_count_on_every_page(
    client, periode, staf, staf_lain, kasubag, jab_indah
):
    jab_dwi = staf_lain.pegawai.penugasan.select_related("jabatan").get().jabatan
    with time_machine.travel(HARI - datetime.timedelta(days=2)):
        services.laporan_ajukan(**periode, jabatan=jab_dwi, oleh=staf_lain)
    with time_machine.travel(HARI - datetime.timedelta(days=1)):
        services.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
    r, html = _beranda(client, kasubag)
    menunggu = r.context["b"].menunggu
    assert [m.laporan.jabatan for m in menunggu] == [jab_dwi, jab_indah]
    assert {m.aksi for m in menunggu} == {"tanggapi"}
    assert "Beri tanggapan" in html and "Menunggu tindakan Anda" in html
    with time_machine.travel(HARI, tick=False):  # the same working day: the session is still open
        e81 = client.get("/e81/").content.decode()
    assert "menunggu-jumlah" in e81 and "menunggu tindakan Anda: </span>2</span>" in e81


def test_after_approval_both_signers_are_waited_for_until_each_signed(periode, staf, kasubag, jab_indah):
    services.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
    services.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik")
    assert [m.aksi for m in menunggu_saya(kasubag)] == ["tandatangani"]
    assert [m.aksi for m in menunggu_saya(staf)] == ["tandatangani"]
    services.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=kasubag)
    assert menunggu_saya(kasubag) == []
    assert [m.aksi for m in menunggu_saya(staf)] == ["tandatangani"]


def test_the_nav_count_runs_the_same_queries_for_one_and_for_many_waiting_reports(
    periode, staf, kasubag, sekcam, django_assert_num_queries
):
    from django.contrib.auth import get_user_model

    from lkj.tinjauan.selectors import pihak_semua

    bawahan = [j for j, ph in pihak_semua(periode["opd"], 2025, 3).items() if ph.atasan and ph.atasan.pk == kasubag.pegawai.pk]
    assert len(bawahan) >= 3
    pemegang = {jid: get_user_model().objects.get(pegawai=ph.pemegang) for jid, ph in pihak_semua(periode["opd"], 2025, 3, bawahan).items()}
    jabatan = {j.pk: j for j in Jabatan.objects.filter(pk__in=bawahan)}

    def hitung():
        user = get_user_model().objects.select_related("pegawai").get(pk=kasubag.pk)
        # pending reports; their OPD's data stamp; holder, atasan and the signing tree (pihak_semua: its
        # own reading of the stamp, then 3)
        with django_assert_num_queries(6) as q:
            n = len(menunggu_saya(user))
        with django_assert_num_queries(2):  # asked again, nothing written: pending reports, the stamp
            assert len(menunggu_saya(user)) == n
        return n, len(q.captured_queries)

    services.laporan_ajukan(**periode, jabatan=jabatan[bawahan[0]], oleh=pemegang[bawahan[0]])
    satu = hitung()
    for jid in bawahan[1:]:
        if pemegang[jid].pk != kasubag.pk:
            services.laporan_ajukan(**periode, jabatan=jabatan[jid], oleh=pemegang[jid])
    banyak = hitung()
    assert satu[0] == 1 and banyak[0] > 1 and satu[1] == banyak[1]


def test_nothing_waiting_costs_one_query(kasubag, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_related("pegawai").get(pk=kasubag.pk)
    with django_assert_num_queries(1):
        assert menunggu_saya(user) == []


@pytest.mark.parametrize("nama", ["camat", "sekcam"])
def test_camat_and_sekcam_see_the_office_progress_toward_the_deadline(client, request, nama, opd):
    r, html = _beranda(client, request.getfixturevalue(nama))
    [p] = r.context["b"].pimpinan
    assert p.opd == opd and p.ikhtisar["sisa_hari"] == 7
    assert p.selesai == 0 and len(p.individu) > 10 and len(p.belum) == len(p.individu)
    assert p.terisi == len(p.baris) > 0
    assert "Kemajuan Kecamatan Kedungjajang" in html and "Buka ikhtisar lengkap" in html
    assert f"Laporan individu disetujui atau ditandatangani: <strong>0 dari {len(p.individu)}</strong>" in html


def test_the_operator_sees_the_lra_months_and_the_planning_state(client, operator, opd):
    r, html = _beranda(client, operator)
    [o] = r.context["b"].operator
    keadaan = {m.nama: m.keadaan for m in o.bulan}
    assert keadaan["September"] == "diimpor"
    assert keadaan["Agustus"] == "belum"  # ended by 08 Oktober 2025, not imported
    assert keadaan["Oktober"] == "belum_waktunya" and keadaan["Desember"] == "belum_waktunya"
    assert [m.nama for m in o.belum] == ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus"]
    rencana = o.perencanaan
    assert rencana.program == 5 and rencana.indikator == 52 and rencana.tanpa_target == 0 and rencana.jabatan_ber_pk == 19
    assert "5 program, 12 kegiatan, 31 sub kegiatan" in html and "Impor LRA" in html


def test_a_user_without_jabatan_is_told_so_and_still_has_the_e81(client, db, django_user_model):
    user = django_user_model.objects.create_user("tamu", password="x-sangat-panjang-1")
    r, html = _beranda(client, user)
    assert r.context["b"].kosong
    assert "Anda tidak memegang jabatan" in html and 'href="/e81/' in html


def test_the_e81_stays_one_click_away(client, staf):
    r, html = _beranda(client, staf)
    assert 'href="/e81/?tahun=2025&amp;triwulan=3"' in html


def test_the_office_overview_and_the_nav_count_follow_every_write_at_once(client, periode, staf, kasubag, camat, jab_indah):
    """Both are kept by the process under the OPD's data stamp; each write moves it, so no page shows the state before."""

    def status_indah():
        r, _ = _beranda(client, camat)
        [p] = r.context["b"].pimpinan
        return p, next(b.laporan.status for b in p.individu if b.jabatan == jab_indah)

    def nav_kasubag():
        client.force_login(kasubag)
        with time_machine.travel(HARI, tick=False):
            html = client.get("/e81/").content.decode()
        m = re.search(r"menunggu tindakan Anda: </span>(\d+)</span>", html)
        return m.group(1) if m else None

    pertama, status = status_indah()
    assert status == "draf" and status_indah()[0] is pertama  # kept: the second Beranda reuses it
    assert nav_kasubag() is None  # nothing waits on him
    services.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
    assert status_indah()[1] == "diajukan"
    assert nav_kasubag() == "1"
    services.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik")
    assert status_indah()[1] == "disetujui"
    assert nav_kasubag() == "1"  # now his signature
    services.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=kasubag)
    assert nav_kasubag() is None
    assert [m.aksi for m in menunggu_saya(staf)] == ["tandatangani"]
