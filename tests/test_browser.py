"""The explorers in a real browser: Voila serves a notebook on 127.0.0.1 and Debian's Chromium drives it.

Playwright's own browser download needs the network, so the tests drive the system Chromium
(`bash scripts/ensure_browser.sh` installs it). Without it the tests are skipped with the reason,
except when CI=true, where a missing browser is a failure.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from kit import config, explore, load_corpus

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("KIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]
SERVER_START_S = 30
# Bounded waits, generous because a shared machine under load can take a minute to run the notebook.
PAGE_READY_MS = 120_000
SCREENSHOT = config.REPORTS / "screenshots" / "actor_explorer.png"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        reason = (f"Chromium not found at {CHROMIUM}: run `bash scripts/ensure_browser.sh` as root "
                  "(or `apt-get install chromium`)")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def voila(notebook: Path, log: Path) -> Iterator[str]:
    """Serve `notebook` with Voila on a free local port; the server and its kernel always stop."""
    port = _free_port()
    command = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser",
               "--Voila.ip=127.0.0.1", "--show_tracebacks=True"]
    with log.open("w") as out:
        # A new session lets the finally-block stop the server together with its kernel.
        server = subprocess.Popen(command, cwd=notebook.parent, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"Voila exited with {server.returncode}:\n{log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"Voila did not listen on port {port} within {SERVER_START_S} s:\n{log.read_text()}")
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/"
    except Exception:
        # pytest shows captured stderr with the failure: the server's log says what the kernel did.
        print(f"--- Voila log ({log}) ---\n{log.read_text()[-5000:]}", file=sys.stderr)
        raise
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)


def _words(text: str) -> str:
    return " ".join(text.split())


def _statements(corpus, name: str) -> set[str]:
    table = explore.filter_speech(explore.speech(corpus.quotes, corpus.claims, corpus.articles), speaker=name)
    return {_words(t) for t in table["text"].dropna() if _words(t)}


def test_picking_an_actor_shows_that_actors_quotes(browser, tmp_path):
    corpus = load_corpus(config.RAW)
    options = explore.actor_options(corpus.actors)
    assert options, "the actors table is empty: the explorer has nothing to pick"
    first = options[0][1]
    said = {name: _statements(corpus, name) for _, name in options[1:]}
    target = max(said, key=lambda n: (len(said[n] - _statements(corpus, first)), n), default=None)
    assert target and said[target] - _statements(corpus, first), \
        "no actor other than the first has quotes or claims of their own to show"
    label = dict((name, label) for label, name in options)[target]

    with voila(config.NOTEBOOKS / "02_actors.ipynb", tmp_path / "voila.log") as url:
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        page.goto(url, wait_until="commit")
        picker = page.locator(".widget-dropdown", has_text="Actor").locator("select")
        picker.wait_for(timeout=PAGE_READY_MS)
        output = page.locator(".widget-output").first
        output.locator("h4").wait_for(timeout=PAGE_READY_MS)
        assert _words(output.locator("h4").inner_text()) == first

        picker.select_option(label=label)
        page.wait_for_function("name => [...document.querySelectorAll('.widget-output h4')]"
                               ".some(h => h.textContent.trim() === name)", arg=target, timeout=PAGE_READY_MS)
        shown = _words(output.inner_text())
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=False)
        page.close()
    missing = sorted(t for t in said[target] if t not in shown)
    assert not missing, f"quotes of {target} not shown: {missing}"
    stale = sorted(t for t in _statements(corpus, first) - said[target] if t in shown)
    assert not stale, f"quotes of {first} still shown after picking {target}: {stale}"


HOSTILE = ("Officials in Northville said on Monday that the bridge was closed. "
           "A post quoted by the mayor Anna Berg read <script>window.__kit_xss = 'script'; alert('script')</script> "
           "and showed <img src=x onerror=\"window.__kit_xss = 'img'; alert('img')\"> before it was deleted. "
           "Anna Berg said the post was fake.")


def _hostile_notebook(folder: Path, data: Path) -> Path:
    cells = [
        "from kit import explore, load_corpus\n"
        f"corpus = load_corpus({str(data)!r})",
        "explore.ArticleReader(corpus)",
        "explore.ActorExplorer(corpus)",
        "explore.SpeechExplorer(corpus)",
    ]
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                   "source": source} for i, source in enumerate(cells)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    path = folder / "hostile.ipynb"
    path.write_text(json.dumps(notebook))
    return path


def test_markup_in_an_article_is_shown_as_text_and_never_runs(browser, tmp_path):
    data = tmp_path / "raw"
    data.mkdir()
    (data / "hostile.txt").write_text("Bridge closed in Northville\n\n" + HOSTILE + "\n", encoding="utf-8")
    notebook = _hostile_notebook(tmp_path, data)

    with voila(notebook, tmp_path / "voila.log") as url:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url, wait_until="commit")
        reader = page.locator(".widget-output").first
        reader.get_by_text("before it was deleted", exact=False).wait_for(timeout=PAGE_READY_MS)
        page.wait_for_function("() => document.querySelectorAll('.widget-output').length >= 3",
                               timeout=PAGE_READY_MS)
        # An <img> with a broken src fires onerror as soon as it is inserted; give it that moment.
        page.wait_for_timeout(1000)
        flag = page.evaluate("() => window.__kit_xss === undefined ? null : window.__kit_xss")
        injected = page.locator(".widget-output script, .widget-output img[src='x']").count()
        text = _words(reader.inner_text())
        page.close()
    assert "<script>window.__kit_xss = 'script'; alert('script')</script>" in text, "the markup is not shown as text"
    assert "<img src=x onerror=" in text, "the markup is not shown as text"
    assert flag is None, f"article markup ran in the page (window.__kit_xss = {flag!r})"
    assert not dialogs, f"article markup opened dialogs: {dialogs}"
    assert injected == 0, "article markup became <script>/<img> elements"
