"""Reminders: who gets which mail when, a notice on the Beranda, no mail twice, the email switch."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from lkj.pengingat.models import Pemberitahuan, Preferensi
from lkj.pengingat.services import beri_tahu_tenggat, beri_tahu_transisi
from lkj.tinjauan import services
from lkj.tinjauan.models import Transisi


def _kepada(mailoutbox):
    return sorted((m.to[0].split("@")[0], m.subject) for m in mailoutbox)


def _jalan(callbacks, fn, **kw):
    """A review act as the view runs it: its on_commit hooks (the worker's queue) run after it."""
    with callbacks(execute=True):
        return fn(**kw)


def test_submitting_tells_the_atasan_not_the_one_who_submitted(
    periode, jab_indah, staf, kasubag, mailoutbox, django_capture_on_commit_callbacks
):
    _jalan(django_capture_on_commit_callbacks, services.laporan_ajukan, **periode, jabatan=jab_indah, oleh=staf, catatan="Mohon diperiksa")
    assert _kepada(mailoutbox) == [("dhian", f"[LKj] Laporan diajukan: Laporan Kinerja Individu {jab_indah.nama} Triwulan III 2025")]
    badan = mailoutbox[0].body
    assert "INDAH KURNIA, SE mengajukan" in badan and "15 Oktober 2025" in badan and "Mohon diperiksa" in badan
    assert f"/tinjauan/laporan/{periode['opd'].kode}/2025/3/{jab_indah.pk}/" in badan
    assert "berhenti menerima surel" in badan
    [p] = Pemberitahuan.objects.all()
    assert p.user == kasubag and p.surel_dikirim_pada is not None


def test_return_approve_and_sign_each_tell_the_other_party(
    periode, jab_indah, staf, kasubag, mailoutbox, django_capture_on_commit_callbacks
):
    cb = django_capture_on_commit_callbacks
    _jalan(cb, services.laporan_ajukan, **periode, jabatan=jab_indah, oleh=staf)
    _jalan(cb, services.laporan_tanggapi, **periode, jabatan=jab_indah, oleh=kasubag, tanggapan="target_realisasi", keterangan="Cek TW III")
    assert _kepada(mailoutbox)[-1][0] == "indah" and "dikembalikan" in mailoutbox[-1].subject
    assert "Target dan realisasi diteliti ulang — Cek TW III" in mailoutbox[-1].body
    _jalan(cb, services.laporan_ajukan, **periode, jabatan=jab_indah, oleh=staf)
    _jalan(cb, services.laporan_tanggapi, **periode, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik")
    assert mailoutbox[-1].to == ["indah@kedungjajang.example"] and "disetujui" in mailoutbox[-1].subject
    _jalan(cb, services.laporan_tandatangani, **periode, jabatan=jab_indah, oleh=kasubag)
    n = len(mailoutbox)  # the first signature is no transition: nobody is told yet
    _jalan(cb, services.laporan_tandatangani, **periode, jabatan=jab_indah, oleh=staf)
    assert len(mailoutbox) == n + 1 and mailoutbox[-1].to == ["dhian@kedungjajang.example"]
    assert "ditandatangani" in mailoutbox[-1].subject
    assert [m.to[0][:5] for m in mailoutbox] == ["dhian", "indah", "dhian", "indah", "dhian"]


def test_the_opd_lkj_goes_to_the_camat_and_back_to_the_sekcam(periode, sekcam, camat, mailoutbox, django_capture_on_commit_callbacks):
    cb = django_capture_on_commit_callbacks
    _jalan(cb, services.laporan_ajukan, **periode, oleh=sekcam)
    assert _kepada(mailoutbox) == [("samsul", "[LKj] Laporan diajukan: LKj Kecamatan Kedungjajang dan Formulir E.81 Triwulan III 2025")]
    _jalan(cb, services.laporan_tanggapi, **periode, oleh=camat, tanggapan="diperbaiki", keterangan="Lengkapi BAB III")
    assert mailoutbox[-1].to == ["bambang@kedungjajang.example"]


def test_the_same_event_never_mails_twice(periode, jab_indah, staf, mailoutbox, django_capture_on_commit_callbacks):
    _jalan(django_capture_on_commit_callbacks, services.laporan_ajukan, **periode, jabatan=jab_indah, oleh=staf)
    t = Transisi.objects.get()
    assert beri_tahu_transisi(t.pk) == 0  # a second worker, or the same job run again
    assert len(mailoutbox) == 1 and Pemberitahuan.objects.count() == 1


def test_a_rolled_back_act_sends_nothing(periode, jab_indah, staf, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                services.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
                raise RuntimeError("gagal setelahnya")
    assert mailoutbox == [] and not Pemberitahuan.objects.exists()


def test_with_mail_turned_off_the_notice_still_shows_but_no_mail_goes(
    client, periode, jab_indah, staf, kasubag, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(kasubag)
    r = client.post("/pemberitahuan/", {"email": "dhian@kedungjajang.example"})  # box unticked
    assert r.status_code == 302 and Preferensi.objects.get(user=kasubag).surel is False
    _jalan(django_capture_on_commit_callbacks, services.laporan_ajukan, **periode, jabatan=jab_indah, oleh=staf)
    assert mailoutbox == []
    html = client.get("/").content.decode()
    assert "Pemberitahuan baru" in html and "Laporan diajukan: Laporan Kinerja Individu" in html
    client.post("/pemberitahuan/dibaca/", {"kembali": "/"})
    assert "Pemberitahuan baru" not in client.get("/").content.decode()
    assert "Laporan diajukan" in client.get("/pemberitahuan/").content.decode()


def test_no_address_no_mail(periode, jab_indah, staf, kasubag, mailoutbox, django_capture_on_commit_callbacks):
    kasubag.email = ""
    kasubag.save()
    _jalan(django_capture_on_commit_callbacks, services.laporan_ajukan, **periode, jabatan=jab_indah, oleh=staf)
    assert mailoutbox == [] and Pemberitahuan.objects.get().user == kasubag


def test_a_failed_mail_keeps_the_notice_and_the_daily_check_sends_it_once(
    periode, jab_indah, staf, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    import lkj.pengingat.services as svc

    asli = svc.send_mail

    def mati(*a, **kw):
        raise OSError("Connection refused")

    monkeypatch.setattr(svc, "send_mail", mati)
    _jalan(django_capture_on_commit_callbacks, services.laporan_ajukan, **periode, jabatan=jab_indah, oleh=staf)
    p = Pemberitahuan.objects.get()
    assert p.surel_dikirim_pada is None and "Connection refused" in p.surel_gagal
    monkeypatch.setattr(svc, "send_mail", asli)
    call_command("pengingat_tenggat", "--langsung", "--tanggal", "2025-12-01")  # no window open: only the resend
    call_command("pengingat_tenggat", "--langsung", "--tanggal", "2025-12-01")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["dhian@kedungjajang.example"]


def _tenggat(hari, mailoutbox):
    sebelum = len(mailoutbox)
    with time_machine.travel(datetime.datetime.combine(hari, datetime.time(7), tzinfo=datetime.UTC), tick=False):
        call_command("pengingat_tenggat")  # queued for the worker; the test backend runs it at once
    return mailoutbox[sebelum:]


def test_deadline_reminders_go_7_days_and_1_day_before_to_those_whose_act_is_pending(
    periode, jab_indah, staf, kasubag, mailoutbox, django_capture_on_commit_callbacks
):
    _jalan(django_capture_on_commit_callbacks, services.laporan_ajukan, **periode, jabatan=jab_indah, oleh=staf)
    mailoutbox.clear()

    assert _tenggat(datetime.date(2025, 10, 7), mailoutbox) == []  # 8 days left
    tujuh = _tenggat(datetime.date(2025, 10, 8), mailoutbox)
    kepada = {m.to[0].split("@")[0] for m in tujuh}
    assert "indah" not in kepada  # she submitted; her atasan's answer is pending
    assert "dhian" in kepada and "bambang" in kepada  # dhian answers indah and drafts her own; bambang the OPD's LKj
    dhian = [m for m in tujuh if m.to == ["dhian@kedungjajang.example"]]
    assert any("memberi tanggapan" in m.body for m in dhian) and any("mengajukan laporan" in m.body for m in dhian)
    assert all(m.subject.startswith("[LKj] Tenggat 7 hari lagi: ") for m in tujuh)
    assert "Batas penyampaian LKj Triwulan III 2025 adalah 15 Oktober 2025 (7 hari lagi)." in tujuh[0].body

    assert _tenggat(datetime.date(2025, 10, 8), mailoutbox) == []  # run twice the same day
    assert _tenggat(datetime.date(2025, 10, 9), mailoutbox) == []  # the 7-day reminder went already
    satu = _tenggat(datetime.date(2025, 10, 14), mailoutbox)
    assert {m.to[0] for m in satu} == {m.to[0] for m in tujuh}
    assert all(m.subject.startswith("[LKj] Tenggat besok: ") for m in satu)
    assert _tenggat(datetime.date(2025, 10, 15), mailoutbox) == []
    assert _tenggat(datetime.date(2025, 10, 16), mailoutbox) == []  # the window has closed


def test_a_signed_report_gets_no_deadline_reminder(periode, jab_indah, staf, kasubag, mailoutbox):
    services.laporan_ajukan(**periode, jabatan=jab_indah, oleh=staf)
    services.laporan_tanggapi(**periode, jabatan=jab_indah, oleh=kasubag, tanggapan="sudah_baik")
    services.laporan_tandatangani(**periode, jabatan=jab_indah, oleh=staf)  # indah signed; dhian has not
    beri_tahu_tenggat(datetime.date(2025, 10, 8))
    untuk = {(m.to[0].split("@")[0], "menandatangani" in m.body) for m in mailoutbox}
    assert ("dhian", True) in untuk and ("indah", True) not in untuk and ("indah", False) not in untuk


def test_the_command_says_what_it_did(capsys, db):
    call_command("pengingat_tenggat", "--langsung", "--tanggal", "2025-10-08")
    assert "Pengingat tenggat 08-10-2025:" in capsys.readouterr().out
