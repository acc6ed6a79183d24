"""Shared test set-up: caches inside a temporary folder, one spaCy model, small docs from sentences."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Jupyter, IPython and matplotlib write caches under HOME by default; tests must not touch the
# real home directory, so every such location points into one temporary folder for the session.
_CACHE = Path(tempfile.mkdtemp(prefix="kit-test-cache-"))
for _var, _sub in {
    "MPLCONFIGDIR": "matplotlib",
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
    "IPYTHONDIR": "ipython",
    "XDG_CACHE_HOME": "xdg-cache",
}.items():
    os.environ.setdefault(_var, str(_CACHE / _sub))
os.environ.setdefault("MPLBACKEND", "Agg")
# Tests that build a corpus must not fill the repository's own table cache.
os.environ.setdefault("KIT_CACHE_DIR", str(_CACHE / "kit-cache"))


@pytest.fixture(scope="session")
def nlp():
    from kit.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def make_doc(nlp):
    """Parse a sentence written in a test into a spaCy Doc."""
    return lambda text: nlp(text)


@pytest.fixture
def article():
    """Metadata of a one-off article built in a test; add 'text' before use."""
    return {"article_id": "t1", "outlet": "Test Outlet", "title": "Test", "published": None}
