import pytest


@pytest.fixture
def demo(db):
    """The Kedungjajang 2025 demo, loaded through the real loader and LRA import."""
    from lkj.demo import demo_muat

    return demo_muat()


@pytest.fixture
def opd(demo):
    return demo["opd"]
