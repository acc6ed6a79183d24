"""kit.cache: an unchanged corpus reloads without language processing; changes are re-extracted."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from kit import cache, corpus, nlp
from corpus_helpers import assert_same_tables, write_articles

ARTICLES = {
    "harbour.txt": (
        "Harbour repairs delayed\n\n"
        "The port director, Helen Marsh, said on Tuesday that repairs would cost about $4.2 million. "
        "“We cannot open the pier before winter,” Marsh told reporters in Bristol."
    ),
    "schools.txt": (
        "Teachers vote to strike\n\n"
        "Members of the National Teachers Union voted to strike over pay. "
        "Its leader, Omar Haddad, said 12,000 teachers in Leeds would walk out."
    ),
    "rail.txt": (
        "New rail line approved\n\n"
        "The city council in Lyon approved a 40-kilometre tram extension. Mayor Claire Dubois "
        "said the work would take three years."
    ),
}


@pytest.fixture
def stable_code(monkeypatch):
    """Pin the kit-code key: others may edit kit/*.py while these tests run in a shared checkout."""
    monkeypatch.setattr(corpus, "code_id", lambda: "kit-code")


@pytest.fixture
def parsed(monkeypatch):
    """The texts the kit sends to spaCy during the test."""
    texts: list[str] = []
    real = nlp.parse

    def counting(batch, *args, **kwargs):
        batch = list(batch)
        texts.extend(batch)
        return real(batch, *args, **kwargs)

    monkeypatch.setattr(nlp, "parse", counting)
    return texts


def test_reloading_an_unchanged_corpus_does_no_language_processing(tmp_path, stable_code, parsed):
    raw = write_articles(tmp_path / "raw", ARTICLES)
    first = corpus.load_corpus(raw, cache_dir=tmp_path / "cache", workers=1).tables()
    assert len(parsed) == len(ARTICLES)
    parsed.clear()
    second = corpus.load_corpus(raw, cache_dir=tmp_path / "cache").tables()
    assert parsed == []
    assert_same_tables(first, second)


def test_the_same_files_in_another_folder_reuse_the_cache(tmp_path, stable_code, parsed):
    raw = write_articles(tmp_path / "raw", ARTICLES)
    first = corpus.load_corpus(raw, cache_dir=tmp_path / "cache", workers=1)
    first.mentions
    parsed.clear()
    copy = corpus.load_corpus(shutil.copytree(raw, tmp_path / "copy"), cache_dir=tmp_path / "cache")
    pd.testing.assert_frame_equal(copy.mentions, first.mentions)
    assert parsed == []
    assert copy.articles["path"].str.contains("copy").all()


def test_an_edited_article_alone_is_processed_again(tmp_path, stable_code, parsed):
    raw = write_articles(tmp_path / "raw", ARTICLES)
    corpus.load_corpus(raw, cache_dir=tmp_path / "cache", workers=1).mentions
    parsed.clear()
    edited = ARTICLES["rail.txt"].replace("Claire Dubois", "Paul Girard")
    (raw / "rail.txt").write_text(edited, encoding="utf-8")
    c = corpus.load_corpus(raw, cache_dir=tmp_path / "cache", workers=1)
    mentions = c.mentions
    assert len(parsed) == 1 and "Paul Girard" in parsed[0]
    rail = c.articles.loc[c.articles["text"].str.contains("Paul Girard"), "article_id"].iat[0]
    surfaces = mentions.loc[mentions["article_id"] == rail, "surface"].tolist()
    assert any("Girard" in s for s in surfaces) and not any("Dubois" in s for s in surfaces)
    fresh = corpus.load_corpus(raw, cache=False, workers=1).tables()
    assert_same_tables({n: fresh[n] for n in corpus.CORPUS_TABLES}, {n: getattr(c, n) for n in corpus.CORPUS_TABLES})


def test_a_new_article_is_added_without_reprocessing_the_others(tmp_path, stable_code, parsed):
    raw = write_articles(tmp_path / "raw", {k: ARTICLES[k] for k in ("harbour.txt", "schools.txt")})
    corpus.load_corpus(raw, cache_dir=tmp_path / "cache", workers=1).sentences
    parsed.clear()
    write_articles(raw, {"rail.txt": ARTICLES["rail.txt"]})
    c = corpus.load_corpus(raw, cache_dir=tmp_path / "cache", workers=1)
    assert c.sentences["article_id"].nunique() == 3
    assert len(parsed) == 1 and "tram" in parsed[0]


def test_cache_false_writes_nothing(tmp_path):
    raw = write_articles(tmp_path / "raw", ARTICLES)
    corpus.load_corpus(raw, cache=False, cache_dir=tmp_path / "cache", workers=1).mentions
    assert not (tmp_path / "cache").exists()


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "elsewhere"))
    assert cache.cache_dir() == tmp_path / "elsewhere"
    assert cache.cache_dir(tmp_path / "given") == tmp_path / "given"
    corpus.load_corpus(write_articles(tmp_path / "raw", ARTICLES), workers=1).sentences
    assert list((tmp_path / "elsewhere" / "builds").glob("*/sentences.parquet"))


def test_editing_the_kit_code_changes_the_key(tmp_path, monkeypatch):
    (tmp_path / "module.py").write_text("RULE = 1\n")
    monkeypatch.setattr(cache, "_KIT_DIR", tmp_path)
    before = cache.code_id()
    (tmp_path / "module.py").write_text("RULE = 22\n")
    assert cache.code_id() != before


def test_article_key_sees_text_and_metadata():
    article = {"article_id": "a1", "text": "Rain in Cork.", "published": pd.Timestamp("2024-05-01")}
    key = cache.article_key(article, "code")
    assert cache.article_key(dict(article), "code") == key
    assert cache.article_key({**article, "text": "Rain in Cork!"}, "code") != key
    assert cache.article_key({**article, "published": pd.Timestamp("2024-05-02")}, "code") != key
    assert cache.article_key(article, "other code") != key


def test_normalize_gives_what_parquet_gives_back(tmp_path):
    frame = pd.DataFrame({"name": ["Ann Lee", None], "aliases": [("Lee", "Ann Lee"), []], "n": [1, 2]})
    normal = cache.normalize(frame)
    assert normal["aliases"].tolist() == [["Lee", "Ann Lee"], []]
    store = cache.Store(tmp_path)
    store.write_sources("k", normal, normal)
    articles, _ = store.read_sources("k")
    pd.testing.assert_frame_equal(articles, normal)
    pd.testing.assert_frame_equal(cache.normalize(normal), normal)


def test_a_table_parquet_cannot_store_is_named_in_the_error():
    with pytest.raises(TypeError, match="odd"):
        cache.normalize(pd.DataFrame({"odd": [object()], "fine": [1]}))
