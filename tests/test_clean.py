"""kit.clean: each class of page furniture, metadata inference and duplicate flags.

Every text here is made up, from a fictional outlet ("The Harbor Ledger").
"""
from __future__ import annotations

import pandas as pd
import pytest

from kit.clean import articles_frame, clean_body, duplicates
from kit.sources import read_sources

P1 = ("The harbor council of Port Wren voted on Tuesday to rebuild the old ferry pier, "
      "a project that will cost about 4 million dollars, the council clerk said.")
P2 = ("Fishermen have complained for years that the pier is unsafe, and two boats were damaged "
      "there during a storm last winter, according to the harbor master.")
P3 = "Work is expected to start in the spring and to last at least two years, officials said."


def _lines(*parts: str) -> str:
    return "\n\n".join(parts)


def test_paragraphs_are_separated_by_blank_lines():
    out = clean_body(P1 + "\n" + P2 + "\n" + P3)
    assert out["text"] == "\n\n".join([P1, P2, P3])


def test_donation_appeal_block_at_the_end_is_removed_and_names_the_outlet():
    raw = _lines(P1, P2, "Support The Harbor Ledger!", "Dear readers,",
                 "We rely on you. Your gift, however small, keeps our reporters on the waterfront.",
                 "Once", "Monthly", "Annual", "Continue", "Not ready to give today?", "Remind me later.", "Read more")
    out = clean_body(raw)
    assert out["text"] == _lines(P1, P2)
    assert out["outlet"] == "The Harbor Ledger"
    assert "appeal: Dear readers," in out["removed"]


def test_newsletter_signup_inside_the_article_stops_at_the_next_paragraph():
    quote = "“We will finish the pier before the tourist season,” the mayor said."
    raw = _lines(P1, "Sign up for our free weekly newsletter",
                 "Our newsletter brings you the best of the waterfront every Friday.",
                 "Subscribers agree to the Privacy Policy", quote, P2)
    out = clean_body(raw)
    assert out["text"] == _lines(P1, quote, P2)


def test_a_message_from_line_names_the_outlet():
    out = clean_body(_lines(P1, P2, "A Message from The Harbor Ledger:", "Please help us keep reporting."))
    assert out["outlet"] == "The Harbor Ledger"
    assert out["text"] == _lines(P1, P2)


def test_slogan_in_a_support_line_is_not_taken_for_an_outlet():
    out = clean_body(_lines(P1, P2, "Support Independent Journalism!"))
    assert out["outlet"] is None
    assert out["text"] == _lines(P1, P2)


def test_breadcrumb_is_removed_and_its_last_item_is_the_title():
    raw = "+\n  • HOME»\n  • Port Wren Votes to Rebuild Its Ferry Pier\n\n" + _lines(
        "Port Wren Votes to Rebuild Its Ferry Pier", P1, P2)
    out = clean_body(raw)
    assert out["title"] == "Port Wren Votes to Rebuild Its Ferry Pier"
    assert out["text"] == _lines(P1, P2)


def test_section_label_title_line_and_share_prefix():
    raw = _lines("Waterfront", "Council votes to rebuild the ferry pier, clerk says", "Share: " + P1, P2)
    out = clean_body(raw)
    assert out["title"] == "Council votes to rebuild the ferry pier, clerk says"
    assert out["text"] == _lines(P1, P2)
    assert "section label: Waterfront" in out["removed"]
    assert "share label: Share:" in out["removed"]


def test_photo_caption_with_agency_credit_is_removed():
    raw = _lines("Port Wren Votes to Rebuild Its Ferry Pier",
                 "Boats moored at the old ferry pier in Port Wren. Lena Marsh/Coastal Press", P1,
                 "Photo: Harbor Ledger archive", P2)
    out = clean_body(raw)
    assert out["text"] == _lines(P1, P2)
    assert out["title"] == "Port Wren Votes to Rebuild Its Ferry Pier"


def test_heading_printed_twice_is_one_heading_and_not_in_the_text():
    raw = _lines(P1, "Why the Pier Matters", "Why the Pier Matters", P2)
    out = clean_body(raw)
    assert out["text"] == _lines(P1, P2)
    assert out["headings"] == ["Why the Pier Matters"]


def test_in_body_subheadings_are_listed_and_never_glued_to_prose():
    raw = "\n".join([P1, "What Happens Next", P2, "A Long Wait for Fishermen", P3])
    out = clean_body(raw)
    assert out["headings"] == ["What Happens Next", "A Long Wait for Fishermen"]
    assert out["text"] == _lines(P1, P2, P3)


def test_known_title_repeated_as_first_line_is_removed():
    out = clean_body(_lines("Pier vote passes", P1, P2), known_title="Pier Vote Passes")
    assert out["text"] == _lines(P1, P2)


def test_credit_line_gives_byline_and_its_wire_format_gives_the_outlet():
    raw = _lines(P1, P2, "Reporting by Jane Doe (Port Wren) and Omar Vale (Tidewater); Editing by Ray Kim")
    out = clean_body(raw)
    assert out["text"] == _lines(P1, P2)
    assert out["byline"] == "Jane Doe, Omar Vale"
    assert out["outlet"] == "Reuters"


def test_credit_line_run_on_at_the_end_of_the_last_paragraph_is_cut():
    out = clean_body(_lines(P1, P2 + " (Reporting by Jane Doe; Editing by Ray Kim)"))
    assert out["text"] == _lines(P1, P2)
    assert out["byline"] == "Jane Doe"


def test_single_reporter_credit_gives_a_byline_but_no_outlet():
    out = clean_body(_lines(P1, P2, "Reporting by Jane Doe"))
    assert out["byline"] == "Jane Doe"
    assert out["outlet"] is None


def test_feed_trailer_gives_title_and_outlet():
    raw = _lines(P1, P2, "The post Port Wren Votes to Rebuild Its Pier appeared first on Harbor Ledger.", "", "")
    out = clean_body(raw)
    assert out["text"] == _lines(P1, P2)
    assert out["title"] == "Port Wren Votes to Rebuild Its Pier"
    assert out["outlet"] == "Harbor Ledger"


def test_advertisement_lines_are_removed_anywhere():
    out = clean_body(_lines(P1, "ADVERTISEMENT", P2, "Advertisement - Scroll to continue", P3))
    assert out["text"] == _lines(P1, P2, P3)


def test_government_site_banner_is_removed():
    raw = _lines("An official website of the United States government", "Here's how you know",
                 "Official websites use .gov", "A .gov website belongs to an official government organization in "
                 "the United States.", P1, P2)
    out = clean_body(raw)
    assert out["text"] == _lines(P1, P2)


def test_byline_and_date_lines_before_the_body():
    raw = _lines("Port Wren Votes to Rebuild Its Ferry Pier", "By Mara Quill", "Published March 5, 2024", P1, P2)
    out = clean_body(raw)
    assert out["byline"] == "Mara Quill"
    assert out["published"] == pd.Timestamp("2024-03-05")
    assert out["text"] == _lines(P1, P2)


def test_wire_dateline_names_the_agency_and_stays_in_the_text():
    first = "PORT WREN, Maine (AP) — " + P1
    out = clean_body(_lines(first, P2))
    assert out["outlet"] == "The Associated Press"
    assert out["text"].startswith("PORT WREN, Maine (AP)")


def test_nothing_is_guessed_without_evidence():
    out = clean_body(_lines(P1, P2, P3))
    assert (out["title"], out["outlet"], out["byline"], out["published"]) == (None, None, None, None)
    assert out["removed"] == []


def test_hard_wrapped_text_is_rejoined_into_paragraphs():
    wrapped = ("The harbor council of Port Wren voted on Tuesday to rebuild the\n"
               "old ferry pier, a project that will cost about 4 million dollars,\n"
               "the council clerk said on Wednesday after the long meeting ended.\n\n"
               "Fishermen have complained for years that the pier is unsafe, and\n"
               "two boats were damaged there during a storm last winter, said the\n"
               "harbor master, who has asked for repairs since the previous year.\n")
    out = clean_body(wrapped)
    paragraphs = out["text"].split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("The harbor council") and "rebuild the old ferry pier" in paragraphs[0]


def test_duplicates_flag_exact_and_near_copies_but_not_other_stories():
    rewrite = P1 + " " + P2 + " " + P3.replace("officials said", "the mayor's office said")
    other = ("A new bakery opened on Main Street in Tidewater on Saturday, drawing a line of customers "
             "around the block before sunrise, the owner said after the first busy morning of sales.")
    texts = [P1 + " " + P2 + " " + P3, P1 + " " + P2 + " " + P3, rewrite, other]
    assert duplicates(texts, ["a", "b", "c", "d"]) == [None, "a", "a", None]


def test_a_near_copy_is_found_among_many_stories_sharing_boilerplate():
    # 200 distinct stories share a standard sign-off, whose shingles become too common to find
    # candidates with; a rewritten copy of one story is still found through its own words.
    signoff = " Reporting by the newsroom staff; editing by the night desk; all rights reserved worldwide."
    towns = [f"{a}{b}" for a in ("Ash", "Birch", "Cedar", "Elm", "Fir", "Oak", "Pine", "Yew")
             for b in ("ford", "ham", "ton", "wick", "by", "stead", "mouth", "bury", "field", "well",
                       "combe", "ley", "thorpe", "worth", "haven", "cliff", "dale", "gate", "holm", "brook",
                       "wood", "moor", "ridge", "port", "mere")]
    stories = [f"The council of {t} met on day {k} and voted {k % 7 + 2} to {k % 5} to repair the {t} "
               f"library roof, which has leaked since the storm of {1990 + k % 30}, at a cost of "
               f"{k * 13 + 100} pounds, the clerk of {t} said after the meeting." + signoff
               for k, t in enumerate(towns)]
    copy = stories[137].replace("the clerk of", "a spokesperson for the clerk of")
    found = duplicates(stories + [copy], [f"s{k}" for k in range(len(stories) + 1)])
    assert found[:-1] == [None] * len(stories)
    assert found[-1] == "s137"


def test_articles_frame_columns_sources_and_duplicates(tmp_path):
    story = _lines("Port Wren Votes to Rebuild Its Ferry Pier", P1, P2, P3, "Support The Harbor Ledger!")
    (tmp_path / "a.txt").write_text(story, encoding="utf-8")
    (tmp_path / "b.txt").write_text(story, encoding="utf-8")
    (tmp_path / "c.txt").write_text(_lines(P1, P2), encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,outlet,title,published,url,byline,notes\n"
                                           "b.txt,The Ledger Weekly,,2024-03-05,,,\n", encoding="utf-8")
    records, _ = read_sources(tmp_path)
    df = articles_frame(records).set_index("article_id")
    assert str(df["published"].dtype).startswith("datetime64")
    assert df["published"].dt.tz is None
    assert df.loc["b", "published"] == pd.Timestamp("2024-03-05") and pd.isna(df.loc["a", "published"])
    assert (df.loc["a", "outlet"], df.loc["a", "outlet_source"]) == ("The Harbor Ledger", "inferred")
    assert (df.loc["b", "outlet"], df.loc["b", "outlet_source"]) == ("The Ledger Weekly", "manifest")
    assert df.loc["b", "title_source"] == "inferred"
    assert pd.isna(df.loc["c", "title"]) and df.loc["c", "title_source"] == "missing"
    assert df.loc["a", "text"] == _lines(P1, P2, P3)
    assert df.loc["a", "n_words"] == len(df.loc["a", "text"].split())
    assert pd.isna(df.loc["a", "duplicate_of"]) and df.loc["b", "duplicate_of"] == "a"
    assert len(df) == 3  # duplicates are flagged, never dropped


def test_articles_frame_of_nothing_has_the_columns():
    df = articles_frame([])
    assert len(df) == 0
    assert {"article_id", "text", "published", "duplicate_of", "title_source"} <= set(df.columns)


def test_feed_trailer_outranks_a_wire_credit_line_for_the_outlet():
    raw = _lines(P1, P2, "Reporting by Jane Doe; Editing by Ray Kim",
                 "The post Pier Vote Passes appeared first on Harbor Ledger.")
    out = clean_body(raw)
    assert out["outlet"] == "Harbor Ledger"
    assert out["byline"] == "Jane Doe"


def test_by_phrases_that_are_not_names_are_not_bylines():
    out = clean_body(_lines(P1, "By The Numbers", P2))
    assert out["byline"] is None
    assert out["headings"] == ["By The Numbers"]


def test_prose_that_mentions_a_newsletter_is_kept():
    line = ("The harbor master announced the closure in the port's monthly newsletter, "
            "which we obtained on Friday, and said repairs would take weeks.")
    out = clean_body(_lines(P1, line, P2))
    assert out["text"] == _lines(P1, line, P2)


def test_headline_is_the_last_headline_like_line_after_site_name_and_navigation():
    raw = "\n".join(["Harbor Ledger Online", "Home", "News", "Pier Vote Passes After Long Debate", P1, P2])
    out = clean_body(raw)
    assert out["title"] == "Pier Vote Passes After Long Debate"
    assert out["text"] == _lines(P1, P2)


def test_short_headline_right_after_a_support_line_is_not_swallowed_by_the_appeal():
    out = clean_body(_lines("Support The Harbor Ledger!", "Pier Vote Passes", P1, P2))
    assert out["title"] == "Pier Vote Passes"
    assert out["outlet"] == "The Harbor Ledger"


def test_capitalised_byline_with_affiliation_and_contributor_line():
    raw = _lines("Storm floods the harbor", "By JANE DOE and OMAR VALE Harbor Ledger", P1, P2,
                 "Ledger writer Kim Ray in Tidewater contributed to this report.")
    out = clean_body(raw)
    assert out["byline"] == "Jane Doe, Omar Vale"
    assert out["outlet"] == "Harbor Ledger"
    assert out["text"] == _lines(P1, P2)


@pytest.mark.parametrize("line, kind", [
    ("Image source, Harbor Ledger archive", "photo caption"),
    ("Boats at the pier on Monday. (AP Photo/Lena Marsh, File)", "photo caption"),
    ("Tags: piers, ferries, council", "tags"),
    ("Our Standards: The Harbor Ledger Trust Principles.", "site notice"),
    ("3 of 12", "site notice"),
    ("Enter your email address", "site notice"),
    ("Leave a Reply", "button"),
    ("Share this:", "button"),
    ("* * *", "symbols"),
])
def test_more_page_furniture_lines_are_removed(line, kind):
    out = clean_body(_lines(P1, P2, line))
    assert out["text"] == _lines(P1, P2)
    assert out["removed"] == [f"{kind}: {line}"]


@pytest.mark.parametrize("line, outlet", [
    ("© 2024 Harbor Ledger Media. All rights reserved.", "Harbor Ledger Media"),
    ("This article was originally published on Coastal Wire.", "Coastal Wire"),
    ("Source: Harbor Ledger", "Harbor Ledger"),
])
def test_copyright_origin_and_source_lines_name_the_outlet(line, outlet):
    out = clean_body(_lines(P1, P2, line))
    assert out["outlet"] == outlet
    assert out["text"] == _lines(P1, P2)


def test_a_short_quoted_question_stays_in_the_body():
    question = "“Why now?”"
    out = clean_body(_lines(P1, question, P2))
    assert out["text"] == _lines(P1, question, P2)


def test_short_one_line_paragraphs_are_not_mistaken_for_wrapped_text():
    short = ["The pier will close on Monday for repairs, officials said.",
             "Ferries will dock at the north quay until the work is done.",
             "Fishermen said they had waited years for the council to act.",
             "The Cost of Waiting",
             "Repairs are expected to cost about 4 million dollars in total.",
             "The council will vote on the final budget in the spring."]
    out = clean_body("\n".join(short))
    assert out["headings"] == ["The Cost of Waiting"]
    assert out["text"].split("\n\n") == short[:3] + short[4:]


def test_labelled_captions_go_but_prose_starting_with_photo_words_stays():
    caption = "Photo: Boats at the pier on Monday. Credit: Lena Marsh."
    prose = "Photo-op politics returned to the waterfront on Monday, critics of the council said."
    out = clean_body(_lines(P1, caption, prose, "Photo by Lena Marsh", P2))
    assert out["text"] == _lines(P1, prose, P2)


def test_html_page_title_from_metadata_is_not_repeated_in_the_body(tmp_path):
    html = (f"<html><head><title>Pier Vote Passes</title></head><body><article><h1>Pier Vote Passes</h1>"
            f"<p>{P1}</p><p>{P2}</p><p>Advertisement</p></article></body></html>")
    (tmp_path / "pier.html").write_text(html, encoding="utf-8")
    records, _ = read_sources(tmp_path)
    row = articles_frame(records).iloc[0]
    assert (row["title"], row["title_source"]) == ("Pier Vote Passes", "file")
    assert row["text"] == _lines(P1, P2)


def test_head_with_labels_standfirst_name_byline_and_timestamp():
    raw = "\n".join(["Local", "Coast", "Storm surge swamps Port Wren as hundreds leave",
                     "Officials warn more rain is on the way as the river nears its record level",
                     "Mara Quill in Tidewater", "Tue 5 Mar 2024 14.20 GMT", P1, P2,
                     "Explore more on these topics", "Storms", "news"])
    out = clean_body(raw)
    assert out["title"] == "Storm surge swamps Port Wren as hundreds leave"
    assert out["byline"] == "Mara Quill"
    assert out["published"] == pd.Timestamp("2024-03-05")
    assert out["text"] == _lines(P1, P2)


def test_date_line_with_time_and_reading_time():
    out = clean_body(_lines("Pier Vote Passes After Long Debate", "March 5th, 2024 4:12 PM 2 min read", P1, P2))
    assert out["published"] == pd.Timestamp("2024-03-05")
    assert out["text"] == _lines(P1, P2)


def test_a_plea_to_readers_just_above_a_support_button_is_part_of_the_appeal():
    plea = "We rely on readers like you to keep local reporting alive. Consider supporting us."
    out = clean_body(_lines(P1, P2, plea, "Become a member"))
    assert out["text"] == _lines(P1, P2)


def test_trailing_photo_credit_after_a_caption_sentence():
    out = clean_body(_lines(P1, "Boats at the pier. Photo: Harbor Ledger", P2))
    assert out["text"] == _lines(P1, P2)
