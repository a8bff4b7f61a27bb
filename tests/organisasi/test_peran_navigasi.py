"""The menu's entries come from the access rules themselves, in one query for the three."""

import pytest
from django.contrib.auth import get_user_model

from organisasi.akses import adalah_operator_mana_pun, pemda_dikelola, pemda_untuk_user, peran_navigasi


@pytest.mark.parametrize("nama", ["samsul", "indah", "operator", "ortala", "bappeda", "inspektorat", "adminpemda"])
def test_the_menu_asks_the_access_rules_in_one_query(opd, nama, django_assert_num_queries):
    user = get_user_model().objects.get(username=nama)
    with django_assert_num_queries(1):
        menu = peran_navigasi(user)
    assert menu == {
        "pembaca_pemda": pemda_untuk_user(user).exists(),
        "mengelola_pemda": pemda_dikelola(user).exists(),
        "operator": adalah_operator_mana_pun(user),
    }


def test_an_inactive_account_is_offered_nothing(opd, django_assert_num_queries):
    user = get_user_model().objects.get(username="adminpemda")
    user.is_active = False
    with django_assert_num_queries(0):
        assert peran_navigasi(user) == {"pembaca_pemda": False, "mengelola_pemda": False, "operator": False}
