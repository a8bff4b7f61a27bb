"""Browser tests: pytest-playwright driving Debian's chromium against pytest-django's live_server.

Never ``playwright install``: the browser comes from Debian (``/usr/bin/chromium``).
Playwright's sync API runs an event loop in the test thread, which trips Django's
async-unsafe guard on every ORM call the test makes; the guard is meant for real
async code, so it is switched off for these tests only.
"""
import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
PASSWORD = "lkj-demo-2025"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def masuk(live_server):
    """Log a user in through the real login form."""

    def _masuk(page, username, password=PASSWORD):
        page.goto(f"{live_server.url}/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main form button")
        page.wait_for_url(lambda url: "/masuk/" not in url)
        return page

    return _masuk
