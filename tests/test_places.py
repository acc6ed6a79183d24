"""kit.places: the gazetteer, disambiguation by context, regions and the places table."""
from __future__ import annotations

import os

import pandas as pd

from kit import config, places
from kit.actors import extract_mentions


def _places(make_doc, article, text):
    article["text"] = text
    m = extract_mentions(make_doc(text), article)
    return m[m["type"] == "PLACE"]


def test_gazetteer_knows_settlements_with_coordinates():
    found = places.default_place("Kharkiv")
    assert found.kind == "settlement" and found.country == "Ukraine"
    assert 49.5 < found.lat < 50.5 and 35.5 < found.lon < 37.0


def test_transliteration_variants_find_the_same_place():
    variants = {p.place_id for p, _ in places.candidates("Zaporizhzhya", fuzzy=True)}
    assert places.default_place("Zaporizhzhia").place_id in variants


def test_skeleton_ignores_vowel_and_doubling_differences():
    assert places.skeleton("Dnipropetrovsk") == places.skeleton("Dnipropetrovs'k")
    assert places.skeleton("Khmelnytskyi") == places.skeleton("Khmelnitsky")


def test_ambiguous_name_resolves_by_the_countries_of_the_article(make_doc, article):
    texts = {
        "US": "Police in Texas said the storm hit Paris and Tyler on Sunday.",
        "FR": "French police said the storm hit Paris on Sunday, and Lyon was spared.",
    }
    for code, text in texts.items():
        m = _places(make_doc, dict(article), text)
        paris = m[m["surface"] == "Paris"]
        assert len(paris) == 1
        assert places.by_id(paris["place_id"].iat[0]).country_code == code, text


def test_region_word_makes_a_region_with_coordinates(make_doc, article):
    m = _places(make_doc, article, "Shelling continued in Ukraine's Kharkiv region on Monday.")
    region = m[m["surface"] == "Kharkiv region"]
    assert region["kind"].tolist() == ["region"]
    assert region["name"].tolist() == ["Kharkiv Oblast"]
    assert region["lat"].notna().all()


def test_bare_name_of_a_region_centre_means_the_region_when_the_article_says_so(make_doc, article):
    text = ("Fighting flared in the Kharkiv region on Monday. "
            "Officials said the attacks across Kharkiv had doubled since spring.")
    m = _places(make_doc, article, text)
    assert set(m.loc[m["surface"].str.startswith("Kharkiv"), "kind"]) == {"region"}


def test_curated_regions_have_coordinates():
    region = places.default_place("Golan Heights")
    assert region.kind == "region" and -90 <= region.lat <= 90 and -180 <= region.lon <= 180


def test_places_table_has_coordinates_for_every_row():
    mentions = pd.DataFrame({
        "article_id": ["a", "a", "b"], "surface": ["Kharkiv", "Kharkiv", "Lviv"], "name": ["Kharkiv", "Kharkiv", "Lviv"],
        "type": ["PLACE"] * 3,
        "place_id": [places.default_place("Kharkiv").place_id] * 2 + [places.default_place("Lviv").place_id],
    })
    articles = pd.DataFrame({"article_id": ["a", "b"], "published": pd.to_datetime(["2024-05-01", "2024-06-01"])})
    table = places.places_table(mentions, articles)
    assert list(table.columns) == places.PLACE_COLUMNS
    assert table[["lat", "lon"]].notna().all().all()
    row = table.set_index("name").loc["Kharkiv"]
    assert (row["n_mentions"], row["n_articles"], row["country"]) == (2, 1, "Ukraine")
    assert row["last_published"] == pd.Timestamp("2024-05-01")


def test_adjectives_of_nationality_name_countries():
    assert places.country_code("Ukrainian") == "UA"
    assert places.country_code("German") == "DE"
    assert places.country_code("table") is None


def test_a_capital_wins_over_its_namesakes(make_doc, article):
    m = _places(make_doc, article, "Officials in Washington said the talks would resume.")
    assert places.by_id(m["place_id"].iat[0]).is_capital


def test_a_bare_name_shared_by_a_region_and_its_main_city_is_the_city():
    assert places.default_place("New York").kind == "settlement"


def test_multi_word_places_with_particles_are_found_whole(make_doc, article):
    text = ("Floods hit Rio Grande do Sul on Monday. Aid came from Trinidad and Tobago, "
            "Bosnia and Herzegovina and Port-au-Prince, and a convoy left Sao Paulo.")
    m = _places(make_doc, dict(article), text)
    found = dict(zip(m["surface"], zip(m["kind"], m["country"])))
    assert found["Rio Grande do Sul"] == ("region", "Brazil")
    assert found["Trinidad and Tobago"] == ("country", "Trinidad and Tobago")
    assert found["Bosnia and Herzegovina"] == ("country", "Bosnia and Herzegovina")
    assert found["Port-au-Prince"] == ("settlement", "Haiti")
    assert found["Sao Paulo"] == ("settlement", "Brazil")


def test_regions_carry_their_iso_names_and_lie_in_them():
    south = places.default_place("Rio Grande do Sul")
    north = places.default_place("Rio Grande do Norte")
    assert south.kind == north.kind == "region"
    assert -34 < south.lat < -27 and -58 < south.lon < -49
    assert -7 < north.lat < -4 and -39 < north.lon < -34
    assert places.default_place("São Paulo").place_id == places.default_place("Sao Paulo").place_id


def test_places_frame_ids_round_trip():
    frame = places.places_frame()
    for row in (0, len(frame) // 2, len(frame) - 1):
        assert places.by_id(frame.at[row, "place_id"]).name == frame.at[row, "name"]


def test_tiny_namesake_in_the_article_country_does_not_beat_a_famous_city(make_doc, article):
    text = ("Canberra said on Monday that Australian officials would fly to Geneva for the talks, "
            "and Sydney and Melbourne welcomed the move.")
    m = _places(make_doc, dict(article), text)
    assert m[m["surface"] == "Geneva"].iloc[0]["country"] == "Switzerland"


def test_country_context_still_picks_between_comparable_namesakes(make_doc, article):
    m = _places(make_doc, dict(article), "Police in Texas said the storm hit Paris and Tyler on Sunday.")
    assert m[m["surface"] == "Paris"].iloc[0]["country"] == "United States"


def test_irregular_nationality_adjectives_name_their_country():
    from kit import places

    assert places.country_code("American") == "US"
    assert places.country_code("British") == "GB"
    assert places.country_code("Dutch") == "NL"
    assert places.country_code("Filipino") == "PH"
    assert places.country_code("Nigerian") == "NG"


def test_the_alias_file_names_places_and_an_edit_is_seen(tmp_path, monkeypatch):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,name,type\nThe Big Smoke,London,PLACE\n", encoding="utf-8")
    monkeypatch.setattr(config, "ALIASES", aliases)
    codes = {p.country_code for p, _ in places.candidates("The Big Smoke")}
    assert "GB" in codes and "FR" not in codes
    aliases.write_text("alias,name,type\nThe Big Smoke,Paris,PLACE\n", encoding="utf-8")
    os.utime(aliases, ns=(1_000_000_000, 1_000_000_000))  # a modification time the first file cannot have
    monkeypatch.setattr(places, "ALIAS_RECHECK_SECONDS", 0.0)
    assert "FR" in {p.country_code for p, _ in places.candidates("The Big Smoke")}
