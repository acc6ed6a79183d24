"""kit: a research kit for news analysts. See README.md for every table and column."""
from .corpus import Corpus, load_articles, load_corpus
from .ledger import ledger

__all__ = ["Corpus", "load_articles", "load_corpus", "ledger"]
