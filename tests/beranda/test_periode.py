"""The quarter a page opens on: the open reporting window, else the latest quarter with data (decisions §5)."""

import datetime

import pytest
import time_machine

from dasar.periode import batas_laporan, triwulan_pada, triwulan_sebelum, triwulan_terbuka
from renja.periode import periode_baku


@pytest.mark.parametrize(
    "hari, hasil",
    [
        (datetime.date(2025, 10, 1), (2025, 3)),
        (datetime.date(2025, 10, 15), (2025, 3)),  # the deadline day itself is still open
        (datetime.date(2025, 10, 16), None),
        (datetime.date(2025, 12, 31), None),
        (datetime.date(2026, 1, 10), (2025, 4)),  # TW IV 2025 → 15 Januari 2026
        (datetime.date(2025, 4, 15), (2025, 1)),
    ],
)
def test_the_open_window_is_the_ended_quarter_before_its_deadline(hari, hasil):
    assert triwulan_terbuka(hari, 15) == hasil


def test_quarter_arithmetic():
    assert triwulan_pada(datetime.date(2025, 8, 15)) == (2025, 3)
    assert triwulan_sebelum(2025, 1) == (2024, 4)
    assert batas_laporan(2025, 3, 15) == datetime.date(2025, 10, 15)
    assert batas_laporan(2025, 4, 15) == datetime.date(2026, 1, 15)


@pytest.mark.parametrize(
    "hari, hasil",
    [
        (datetime.date(2025, 10, 5), (2025, 3)),  # window open
        (datetime.date(2026, 1, 5), (2025, 4)),  # TW IV's window is open, even before anyone entered data
        (datetime.date(2025, 12, 1), (2025, 3)),  # between windows: the latest quarter with realisations
        (datetime.date(2026, 11, 29), (2025, 3)),
    ],
)
def test_the_demo_opens_where_its_data_or_the_calendar_says(opd, hari, hasil, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert periode_baku([opd], hari) == hasil


def test_without_any_data_or_window_it_is_the_last_quarter_that_ended(db):
    assert periode_baku([], datetime.date(2027, 5, 20)) == (2027, 1)


def _masuk(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize(
    "hari, judul",
    [
        (datetime.datetime(2026, 11, 29, 9, tzinfo=datetime.UTC), "Triwulan III 2025"),
        (datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), "Triwulan IV 2025"),
    ],
)
def test_kinerja_saya_opens_on_the_default_quarter_of_today(client, opd, hari, judul):
    _masuk(client, "indah")
    with time_machine.travel(hari, tick=False):
        html = client.get("/kinerja/").content.decode()
    assert f"Kinerja Saya — {judul}" in html


def test_e81_and_the_review_pages_follow_the_same_default(client, opd):
    _masuk(client, "samsul")
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), tick=False):
        e81 = client.get("/e81/").content.decode()
        tinjauan = client.get("/tinjauan/")
    assert 'value="2025"' in e81 and '<option value="4" selected>' in e81
    assert tinjauan.url.endswith("/2025/4/")


def test_a_chosen_period_wins_over_the_default(client, opd):
    _masuk(client, "indah")
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), tick=False):
        html = client.get("/kinerja/?tahun=2025&triwulan=2").content.decode()
    assert "Kinerja Saya — Triwulan II 2025" in html


def test_a_report_signed_half_an_hour_into_the_day_after_its_deadline_is_one_day_late_by_the_office_clock():
    """Lateness reads the signature's local date (WIB): 16 Oktober 00.30 WIB is 15 Oktober in UTC."""
    import datetime as _dt

    from django.utils import timezone

    from dasar.periode import hari_terlambat

    batas = _dt.date(2025, 10, 15)
    ditandatangani = _dt.datetime(2025, 10, 15, 17, 30, tzinfo=_dt.UTC)  # 16-10-2025 00.30 WIB
    assert hari_terlambat(batas, timezone.localdate(ditandatangani), _dt.date(2026, 1, 1)) == 1
    assert hari_terlambat(batas, None, _dt.date(2025, 10, 15)) == 0
    assert hari_terlambat(batas, None, _dt.date(2025, 10, 18)) == 3
