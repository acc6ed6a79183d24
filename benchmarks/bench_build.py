"""Benchmark: plain spaCy `nlp.pipe` against the kit's full build, the cached reload, peak memory.

    .venv/bin/python benchmarks/bench_build.py            # 1,000 generated articles
    .venv/bin/python benchmarks/bench_build.py --n 5000

The corpus is generated: news-like sentences recombined from templates with varied names,
organisations, places and numbers, so no two articles are alike. The measurements run in the
same process, plain `nlp.pipe` before and after the kit's build (A-B-A), because the speed of a
shared machine drifts by 20% within minutes: the ratio compares the kit with the mean of the two
plain runs, which cancels a steady drift, and both plain runs are printed. Memory is the peak of
this process plus its worker processes, sampled every 250 ms (psutil): PSS (proportional set size:
pages shared by forked workers, such as the model, count once) and, as an upper bound, the sum of
their RSS. Reading PSS walks each process's page tables: sampled every 20 ms it took 40% of a core
(17 CPU s during a 43 s run), which slowed the runs it measured on this 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import corpus, nlp  # noqa: E402

FIRST = ["Maria", "James", "Aisha", "Tomasz", "Elena", "David", "Priya", "Kwame", "Sofia", "Liam",
         "Chen", "Fatima", "Oleg", "Grace", "Mateo", "Hannah", "Yusuf", "Ingrid", "Carlos", "Mei",
         "Samuel", "Nadia", "Peter", "Amara", "Lucas", "Olga", "Rahul", "Emma", "Diego", "Zainab"]
LAST = ["Novak", "Okafor", "Lindqvist", "Ramirez", "Kowalski", "Haddad", "Tanaka", "Brennan",
        "Petrov", "Mensah", "Fischer", "Santos", "Nguyen", "Walsh", "Ibrahim", "Moreau", "Kaur",
        "Jensen", "Rossi", "Adeyemi", "Hughes", "Costa", "Schmidt", "Yilmaz", "Dubois", "Olsen"]
PLACES = ["Lyon", "Nairobi", "Krakow", "Osaka", "Porto", "Lagos", "Denver", "Leeds", "Tampere",
          "Valencia", "Accra", "Busan", "Gdansk", "Bristol", "Cordoba", "Mombasa", "Bergen",
          "Quebec", "Adelaide", "Tucson", "Brno", "Medellin", "Durban", "Lille", "Graz"]
COUNTRIES = ["France", "Kenya", "Poland", "Japan", "Portugal", "Nigeria", "Norway", "Canada",
             "Spain", "Ghana", "South Korea", "Austria", "Colombia", "Australia", "Brazil"]
ORG_HEAD = ["National", "Regional", "Federal", "Central", "Northern", "United", "Independent"]
ORG_TAIL = ["Health Agency", "Transport Authority", "Bank", "Electoral Commission", "Farmers Union",
            "Teachers Association", "Water Board", "Port Authority", "Energy Company", "Red Cross"]
ROLES = ["the finance minister", "a spokesperson for the ministry", "the mayor", "the chief executive",
         "a senior analyst", "the police chief", "an opposition lawmaker", "the union leader"]
THINGS = ["the new bridge", "the budget", "the vaccination campaign", "the strike", "the flood defences",
          "the election", "the rail line", "the trade deal", "the housing plan", "the reform"]
UNITS = ["kilometres", "tonnes", "people", "homes", "jobs", "schools", "vehicles", "hectares"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "April", "June", "August", "October", "November", "December"]
TEMPLATES = [
    "{person}, {role}, said on {day} that {thing} would cost about {money}.",
    "“We will not accept {thing} in its current form,” {person} told reporters in {place}.",
    "According to the {org}, some {count} {unit} were affected in {place} last {month}.",
    "{person} said the {org} had spent {money} on {thing} since {year}.",
    "Officials in {place} estimated that up to {count} {unit} could be lost by {year}.",
    "“This is a difficult moment for {country},” said {person}, {role}.",
    "The {org} reported a rise of {pct} percent in the first half of {year}.",
    "Residents of {place} gathered on {day} to protest against {thing}.",
    "{person} claimed that at least {count} {unit} had already been moved to {place}.",
    "The government of {country} approved {money} for {thing} on {day}.",
    "Analysts at the {org} warned that prices might rise by {pct} percent.",
    "In {month}, {person} travelled to {place} to meet representatives of the {org}.",
    "“We have done everything we could,” {person} said, adding that {thing} was delayed.",
    "The talks between {country} and {country2} ended without agreement on {thing}.",
    "Nearly {count} {unit} were reported in the region around {place}, the {org} said.",
    "{person} denied the report, saying the figure of {money} was exaggerated.",
    "Local media in {place} said that {count} {unit} had been damaged.",
    "The {org} expects {thing} to be finished by {month} {year}, {person} said.",
    "Critics, including {person}, argue that {thing} benefits only {place}.",
    "The plan, first announced in {year}, was backed by {pct} percent of voters in {place}.",
]


def _fill(template: str, rnd: random.Random) -> str:
    return template.format(
        person=f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", role=rnd.choice(ROLES), day=rnd.choice(DAYS),
        thing=rnd.choice(THINGS), money=f"${rnd.randint(2, 950)}.{rnd.randint(0, 9)} million",
        place=rnd.choice(PLACES), org=f"{rnd.choice(ORG_HEAD)} {rnd.choice(ORG_TAIL)}",
        count=f"{rnd.randint(3, 99_000):,}", unit=rnd.choice(UNITS), month=rnd.choice(MONTHS),
        year=rnd.randint(1998, 2026), country=rnd.choice(COUNTRIES), country2=rnd.choice(COUNTRIES),
        pct=rnd.randint(2, 85))


def make_article(i: int, rnd: random.Random) -> str:
    """One article: a title line and 3-10 paragraphs of 1-4 sentences."""
    title = _fill(rnd.choice(TEMPLATES), rnd).rstrip(".")
    paragraphs = [" ".join(_fill(rnd.choice(TEMPLATES), rnd) for _ in range(rnd.randint(1, 4)))
                  for _ in range(rnd.randint(3, 10))]
    return "\n\n".join([title] + paragraphs) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"article_{i:05d}.txt").write_text(make_article(i, rnd), encoding="utf-8")


class PeakMemory:
    """Peak memory (PSS and RSS, bytes) of this process plus all its children, sampled in a thread."""

    def __init__(self, interval: float = 0.25):
        self.interval, self.pss, self.rss, self._stop = interval, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            pss = rss = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    info = proc.memory_full_info()
                except psutil.Error:
                    continue
                pss, rss = pss + info.pss, rss + info.rss
            self.pss, self.rss = max(self.pss, pss), max(self.rss, rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _plain_pipe(texts: list[str], n_process: int, batch_size: int) -> float:
    start = time.perf_counter()
    for doc in nlp.load_model().pipe(texts, batch_size=batch_size, n_process=n_process):
        del doc  # count only; keeping Docs would measure memory we do not use
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="number of generated articles")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for both runs")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size of the baseline")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        raw, cache_dir = Path(tmp) / "raw", Path(tmp) / "cache"
        write_corpus(raw, args.n)
        articles = corpus.load_corpus(raw, cache=False).articles
        texts, words = articles["text"].tolist(), int(articles["n_words"].sum())
        nlp.load_model()  # both runs start with the model loaded
        print(f"corpus: {len(texts)} articles, {words:,} words; {args.workers} processes; "
              f"model {nlp.model_name()}; cpu load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

        with PeakMemory() as pipe_mem:
            before_s = _plain_pipe(texts, args.workers, args.batch_size)
        with PeakMemory() as kit_mem:
            start = time.perf_counter()
            tables = corpus.load_corpus(raw, workers=args.workers, cache_dir=cache_dir).tables()
            kit_s = time.perf_counter() - start
        rows = {name: len(frame) for name, frame in tables.items()}
        del tables
        start = time.perf_counter()
        corpus.load_corpus(raw, cache_dir=cache_dir).tables()
        reload_s = time.perf_counter() - start
        with PeakMemory() as after_mem:
            after_s = _plain_pipe(texts, args.workers, args.batch_size)

    pipe_s = (before_s + after_s) / 2
    pipe_wps, kit_wps = words / pipe_s, words / kit_s
    mb = 2**20
    for label, seconds, mem in (("before", before_s, pipe_mem), ("after", after_s, after_mem)):
        print(f"plain nlp.pipe ({label + '):':8} {seconds:7.1f} s  {words / seconds:8,.0f} words/s  "
              f"peak memory {mem.pss / mb:5.0f} MB PSS ({mem.rss / mb:.0f} MB summed RSS)")
    print(f"kit full build:          {kit_s:7.1f} s  {kit_wps:8,.0f} words/s  "
          f"peak memory {kit_mem.pss / mb:5.0f} MB PSS ({kit_mem.rss / mb:.0f} MB summed RSS)")
    print(f"ratio kit / plain nlp.pipe (mean of both runs, {pipe_wps:,.0f} words/s): {kit_wps / pipe_wps:.2f}")
    print(f"cached reload (load_corpus + every table): {reload_s:.2f} s")
    print("rows: " + ", ".join(f"{name} {n:,}" for name, n in rows.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
