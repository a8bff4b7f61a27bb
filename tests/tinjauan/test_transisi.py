"""The transition table: random walks never leave it; every allowed step is recorded."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkj.tinjauan.models import TRANSISI, Laporan, Status, TransisiDitolak


@given(st.lists(st.sampled_from(Status.values), max_size=30))
@settings(max_examples=200, deadline=None)
def test_a_random_walk_only_moves_along_the_table_and_raises_on_anything_else(langkah):
    import unittest.mock as m

    lap = Laporan(status=Status.DRAF)
    dicatat = []
    with (
        m.patch.object(Laporan, "save", lambda self, **kw: None),
        m.patch("lkj.tinjauan.models.Transisi.objects.create", side_effect=lambda **kw: dicatat.append((kw["dari"], kw["ke"]))),
    ):
        for ke in langkah:
            sebelum = lap.status
            if (sebelum, ke) in TRANSISI:
                lap.set_status(ke, oleh=None)
                assert lap.status == ke
            else:
                with pytest.raises(TransisiDitolak):
                    lap.set_status(ke, oleh=None)
                assert lap.status == sebelum
    # every recorded step is in the table, and exactly the allowed steps were recorded
    assert all(pasangan in TRANSISI for pasangan in dicatat)
    diharapkan, s = [], Status.DRAF
    for ke in langkah:
        if (s, ke) in TRANSISI:
            diharapkan.append((s, ke))
            s = ke
    assert dicatat == diharapkan


def test_the_table_reaches_signed_only_through_approval():
    masuk = {dari for (dari, ke) in TRANSISI if ke == Status.DITANDATANGANI}
    assert masuk == {Status.DISETUJUI}
    assert (Status.DRAF, Status.DISETUJUI) not in TRANSISI
    assert (Status.DIKEMBALIKAN, Status.DISETUJUI) not in TRANSISI


def test_a_refusal_names_both_states_in_indonesian():
    with pytest.raises(TransisiDitolak, match="Draf tidak dapat diubah menjadi Ditandatangani"):
        Laporan(status=Status.DRAF).set_status(Status.DITANDATANGANI, oleh=None)
