"""kit: a research kit for news analysts. See README.md for every table and column."""
from .corpus import Corpus, load_articles, load_corpus

__all__ = ["Corpus", "load_articles", "load_corpus"]
