"""Playwright fixtures for browser tests: one headless Chromium, a context per page.

Chromium is Debian's (/usr/bin/chromium); ``playwright install`` is never needed.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in this thread, so Django would refuse
# ORM calls made from the test itself (SynchronousOnlyOperation). The calls are in
# fact synchronous; the live server answers from its own threads.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    Page,
    sync_playwright,
)

CHROMIUM = os.environ.get("ADUAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 768}
# Pages people may want to look at after a run (receipt.png and the like).
SCREENSHOTS_DIR = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# Each step waits at most this long: a test that hangs fails fast instead.
TIMEOUT_MS = 5_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context (its own cookies): one per person in a test.

    Keyword arguments go to ``browser.new_context`` (e.g. a phone's viewport).
    """
    contexts: list[BrowserContext] = []

    def make(**options) -> Page:
        settings = {
            "viewport": DESKTOP,
            "locale": "id-ID",
            "timezone_id": "Asia/Jakarta",
            "accept_downloads": True,
            **options,
        }
        context = browser.new_context(**settings)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A desktop page (1366x768) in its own context: nothing shared between tests."""
    return new_page()


@pytest.fixture
def screenshots_dir() -> Path:
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS_DIR
