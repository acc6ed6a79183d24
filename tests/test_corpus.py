"""kit.corpus: lazy tables, rejected files, identical tables for any number of workers or on Dask."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kit import corpus, extract, nlp
from corpus_helpers import assert_same_tables, write_articles

ARTICLES = {
    "harbour.txt": (
        "Harbour repairs delayed again\n\n"
        "The port director, Helen Marsh, said on Tuesday that repairs to the north pier would cost "
        "about $4.2 million. “We cannot open the pier before winter,” Marsh told reporters in Bristol.\n\n"
        "Some 300 fishing boats use the harbour every year, according to the Harbour Trust."
    ),
    "schools.txt": (
        "Teachers vote to strike\n\n"
        "Members of the National Teachers Union voted to strike over pay, the union said on Friday. "
        "Its leader, Omar Haddad, said 12,000 teachers in Leeds and Sheffield would walk out."
    ),
    "rail.txt": (
        "New rail line approved\n\n"
        "The city council in Lyon approved a 40-kilometre tram extension. Mayor Claire Dubois "
        "said the work would take three years and cost 600 million euros."
    ),
    "floods.txt": (
        "Floods close roads\n\n"
        "Heavy rain closed 15 roads near Cork on Sunday, police said. "
        "A spokesperson for the county council, Sean Walsh, said crews were working through the night."
    ),
}


def test_tables_are_extracted_once_on_first_use(tmp_path, monkeypatch):
    calls = []
    real = extract.extract_rows
    monkeypatch.setattr(extract, "extract_rows", lambda a, d: calls.append(a["article_id"]) or real(a, d))
    c = corpus.load_corpus(write_articles(tmp_path / "raw", ARTICLES), cache=False, workers=1)
    assert len(c.articles) == len(ARTICLES) and calls == []
    assert set(c.mentions["article_id"]) <= set(c.articles["article_id"])
    assert sorted(calls) == sorted(c.articles["article_id"])
    for name in corpus.CORPUS_TABLES:
        assert isinstance(getattr(c, name), pd.DataFrame)
    assert len(calls) == len(ARTICLES)


def test_unreadable_files_are_listed_as_rejected_not_extracted(tmp_path):
    raw = write_articles(tmp_path / "raw", ARTICLES)
    (raw / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not an article")
    c = corpus.load_corpus(raw, cache=False, workers=1)
    assert "photo.jpg" in c.rejected["file"].tolist()
    assert len(c.articles) == len(ARTICLES)
    assert set(c.sentences["article_id"]) == set(c.articles["article_id"])


def test_rows_follow_article_order(tmp_path):
    c = corpus.load_corpus(write_articles(tmp_path / "raw", ARTICLES), cache=False, workers=1)
    order = {aid: i for i, aid in enumerate(c.articles["article_id"])}
    positions = c.sentences["article_id"].map(order)
    assert positions.is_monotonic_increasing
    first = c.sentences[c.sentences["article_id"] == c.articles["article_id"].iat[0]]
    assert first["sentence_id"].tolist() == list(range(len(first)))


def test_worker_count_does_not_change_any_table(tmp_path):
    articles = corpus.load_corpus(write_articles(tmp_path / "raw", ARTICLES), cache=False).articles
    one = corpus.build(articles, workers=1, cache=False)
    two = corpus.build(articles, workers=2, batch_size=1, cache=False)
    assert_same_tables(one, two)
    assert len(one["mentions"]) > 0


def test_articles_cleaned_in_worker_processes_are_the_same(tmp_path, monkeypatch):
    raw = write_articles(tmp_path / "raw", ARTICLES | {"copy.txt": ARTICLES["rail.txt"]})
    here = corpus.load_corpus(raw, cache=False, workers=1).articles
    calls = []
    real = corpus.ProcessPoolExecutor
    monkeypatch.setattr(corpus, "ProcessPoolExecutor", lambda *a, **k: calls.append(a) or real(*a, **k))
    monkeypatch.setattr(corpus, "PARALLEL_CLEAN_MIN_ARTICLES", 2)
    pooled = corpus.load_corpus(raw, cache=False, workers=2).articles
    assert calls, "the articles were not cleaned in worker processes"
    pd.testing.assert_frame_equal(here, pooled)
    assert pooled["duplicate_of"].notna().sum() == 1


def test_a_build_leaves_the_model_vocabulary_as_it_found_it(tmp_path):
    # Otherwise every new name and number stays in the model's vocabulary: a worker's memory
    # grows with every distinct word of the corpus.
    strings = nlp.load_model().vocab.strings
    before = len(strings)
    invented = {"zorblax.txt": "Counting resumes\n\nZorblax Quendimar said 48,317 gribbets were counted on Monday.\n"}
    c = corpus.load_corpus(write_articles(tmp_path / "raw", invented), cache=False, workers=1)
    assert c.figures["value"].tolist() == [48317]
    assert "Quendimar" in " ".join(c.mentions["surface"])
    assert len(strings) == before
    assert "Quendimar" not in strings


def test_an_empty_folder_gives_empty_tables_with_their_columns(tmp_path):
    (tmp_path / "raw").mkdir()
    empty = corpus.load_corpus(tmp_path / "raw", cache=False)
    full = corpus.load_corpus(write_articles(tmp_path / "full", ARTICLES), cache=False, workers=1)
    for name in ("sentences", "mentions", "quotes", "claims", "figures"):
        assert getattr(empty, name).empty, name
        assert list(getattr(empty, name).columns) == list(getattr(full, name).columns), name


def test_load_articles_matches_the_corpus_articles(tmp_path):
    raw = write_articles(tmp_path / "raw", ARTICLES)
    pd.testing.assert_frame_equal(corpus.load_articles(raw), corpus.load_corpus(raw, cache=False).articles)


def test_the_dask_build_equals_the_local_build(tmp_path):
    distributed = pytest.importorskip("distributed")
    raw = write_articles(tmp_path / "raw", ARTICLES)
    local = corpus.load_corpus(raw, cache=False, workers=1).tables()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        on_dask = corpus.load_corpus(raw, engine="dask", client=client, cache=False, batch_size=1).tables()
        from_frame = corpus.build(local["articles"], client=client, cache=False, batch_size=2)
    assert_same_tables(local, on_dask)
    assert_same_tables({n: local[n] for n in corpus.CORPUS_TABLES}, from_frame)
