"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live_server.

Never ``playwright install``: the browser comes from Debian. It is Chromium's headless shell
(``/usr/bin/chromium-headless-shell``, package chromium-headless-shell: the same Blink without the
browser's window machinery, what Playwright itself runs for headless tests), which draws these
pages with about 30 % less CPU than the full browser in headless mode.
Playwright's sync API runs an event loop in the test thread, which trips Django's
async-unsafe guard on every ORM call the test makes; the guard is meant for real
async code, so it is switched off for these tests only.

Playwright's loop lives until the session ends, so these tests are moved to the end of the
run and the variable is set when the first of them starts: set earlier (at import) it would
leak into every other test, e.g. ``check --deploy`` rightly refuses to run with it.
"""

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _di_sini(item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(session, config, items):
    items[:] = [i for i in items if not _di_sini(i)] + [i for i in items if _di_sini(i)]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _di_sini(item):
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_unconfigure(config):
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
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
