"""kit.actors: corrected mentions, canonical names across articles and the actors table."""
from __future__ import annotations

import pandas as pd

from kit.actors import (ACTOR_COLUMNS, MENTION_COLUMNS, acronym, actors_table, corpus_names,
                        extract_mentions, org_keys)


def _mentions(make_doc, article, text, **meta):
    article = {**article, **meta, "text": text}
    return extract_mentions(make_doc(text), article)


def _corpus(make_doc, texts):
    frames = [_mentions(make_doc, {"article_id": f"a{i}"}, t) for i, t in enumerate(texts)]
    m = pd.concat(frames, ignore_index=True)
    names = corpus_names(m)
    m["name"] = m["name"].map(lambda n: names.get(n, n))
    return m


def test_mentions_have_the_documented_columns_and_offsets(make_doc, article):
    text = "Mayor Jane Porter said the bridge in Lyon would reopen."
    m = _mentions(make_doc, article, text)
    assert list(m.columns) == MENTION_COLUMNS
    for row in m.itertuples():
        assert text[row.start:row.end] == row.surface


def test_headings_are_not_tagged(make_doc, article):
    text = "Why Harbour Bridge Matters\n\nThe council voted on Tuesday to close the bridge for repairs."
    m = _mentions(make_doc, article, text)
    assert not (m["start"] < text.index("\n")).any()


def test_credit_lines_and_bylines_are_not_actors(make_doc, article):
    text = ("A firefighter at the scene. Ivan Petrov/Reuters\n\n"
            "Anna Berg visited the plant, where Tom Hale works as an engineer.\n\n"
            "Reporting by Maria Lopez; Editing by Peter Graves.")
    m = _mentions(make_doc, article, text, byline="Anna Berg")
    people = set(m.loc[m["type"] == "PERSON", "name"])
    assert "Tom Hale" in people
    assert not people & {"Anna Berg", "Ivan Petrov", "Maria Lopez", "Peter Graves"}


def test_surname_links_to_the_full_name_within_an_article(make_doc, article):
    text = "Economist Jane Porter warned of inflation. “Prices will rise,” Porter said."
    m = _mentions(make_doc, article, text)
    assert set(m.loc[m["type"] == "PERSON", "name"]) == {"Jane Porter"}


def test_honorifics_and_middle_initials_fold_into_one_person(make_doc):
    m = _corpus(make_doc, ["President John A. Carter spoke on Monday.",
                           "John Carter met reporters. Mr. Carter smiled."])
    assert set(m.loc[m["type"] == "PERSON", "name"]) == {"John Carter"}


def test_transliteration_variants_of_a_person_merge_across_articles(make_doc):
    m = _corpus(make_doc, ["Defence Minister Oleksii Reznikov visited the front on Monday.",
                           "Oleksiy Reznikov said the supplies had arrived. Reznikov thanked allies.",
                           "Oleksii Reznikov spoke in Brussels."])
    assert m.loc[m["type"] == "PERSON", "name"].nunique() == 1
    assert m.loc[m["type"] == "PERSON", "name"].iat[0] == "Oleksii Reznikov"


def test_acronyms_expand_within_and_across_articles(make_doc):
    m = _corpus(make_doc, ["The World Health Organization (WHO) said cases rose. WHO urged calm.",
                           "WHO officials warned on Friday that the outbreak was spreading."])
    orgs = m[m["type"] == "ORG"]
    assert set(orgs["name"]) == {"World Health Organization"}
    assert acronym("Institute for the Study of Things") == "IST"


def test_spacing_case_spelling_and_word_order_variants_of_an_org_merge():
    assert org_keys("Open Lens")[0] == org_keys("OpenLens")[0]
    assert org_keys("German Defence Ministry")[1] == org_keys("Ministry of Defense of Germany")[1]
    m = pd.DataFrame({"article_id": ["a", "b", "c"], "type": ["ORG"] * 3, "place_id": [None] * 3,
                      "name": ["German Defence Ministry", "Ministry of Defense of Germany", "German Defence Ministry"]})
    assert set(corpus_names(m).values()) == {"German Defence Ministry"}


def test_curated_alias_file_wins(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,name,type\nThe Firm,Acme Holdings,ORG\n", encoding="utf-8")
    m = pd.DataFrame({"article_id": ["a"], "type": ["ORG"], "place_id": [None], "name": ["The Firm"]})
    assert corpus_names(m, aliases)["The Firm"] == "Acme Holdings"


def test_names_the_gazetteer_knows_become_places_whatever_the_model_said(make_doc, article):
    text = ("Shelling hit Kramatorsk, Druzhkivka and Kostiantynivka in Ukraine's Donetsk region, "
            "officials said.")
    m = _mentions(make_doc, article, text)
    places = m[m["type"] == "PLACE"]
    assert {"Kramatorsk", "Druzhkivka", "Kostiantynivka"} <= set(places["surface"])
    assert places["lat"].notna().all()


def test_possessive_capital_is_a_place_without_the_suffix(make_doc, article):
    text = "Kyiv’s counterattacks slowed the advance, while Moscow insists its losses are small."
    m = _mentions(make_doc, article, text)
    kyiv = m[m["name"] == "Kyiv"]
    assert kyiv["surface"].tolist() == ["Kyiv"]
    assert kyiv["acting"].tolist() == [True]
    assert m.loc[m["name"] == "Moscow", "acting"].tolist() == [True]


def test_a_place_where_things_happen_is_not_acting(make_doc, article):
    m = _mentions(make_doc, article, "Heavy fighting continued near Kharkiv in Ukraine's east.")
    assert not m.loc[m["type"] == "PLACE", "acting"].any()


def test_collectives_are_groups(make_doc, article):
    text = "Russian troops advanced overnight, while local officials urged residents to leave."
    m = _mentions(make_doc, article, text)
    groups = set(m.loc[m["type"] == "GROUP", "name"])
    assert {"Russian troops", "local officials"} <= groups


def test_roles_come_from_titles_and_appositions(make_doc, article):
    text = ("President Emmanuel Macron arrived on Monday. Maria Lopez, a senior fellow at the "
            "Brookings Institution, said the visit mattered.")
    m = _mentions(make_doc, article, text).set_index("name")
    assert m.at["Emmanuel Macron", "role"] == "President"
    assert m.at["Maria Lopez", "role"] == "senior fellow at the Brookings Institution"


def test_a_name_after_a_long_title_is_recovered(make_doc, article):
    text = ("The Commander-in-Chief of the Polish Armed Forces Wieslaw Kukula emphasizes "
            "the need for more training.")
    m = _mentions(make_doc, article, text)
    person = m[m["type"] == "PERSON"]
    assert person["name"].tolist() == ["Wieslaw Kukula"]
    assert person["role"].iat[0].startswith("Commander-in-Chief")


def test_a_platform_where_something_is_posted_is_not_an_actor(make_doc, article):
    m = _mentions(make_doc, article, "The monitoring group Open Lens wrote in a post on Telegram.")
    assert "Telegram" not in set(m["name"])


def test_actors_table_counts_mentions_articles_and_acting_countries():
    mentions = pd.DataFrame({
        "article_id": ["a", "a", "b", "b"], "surface": ["Jane Porter", "Porter", "Jane Porter", "Russia"],
        "name": ["Jane Porter", "Jane Porter", "Jane Porter", "Russia"], "type": ["PERSON"] * 3 + ["PLACE"],
        "role": ["mayor", None, None, None], "acting": [False, False, False, True],
    })
    articles = pd.DataFrame({"article_id": ["a", "b"], "published": pd.to_datetime(["2024-01-02", "2024-03-04"])})
    table = actors_table(mentions, articles).set_index("name")
    assert list(table.reset_index().columns) == ACTOR_COLUMNS
    porter = table.loc["Jane Porter"]
    assert (porter["n_mentions"], porter["n_articles"]) == (3, 2)
    assert porter["aliases"] == ["Jane Porter", "Porter"] and porter["roles"] == ["mayor"]
    assert porter["first_published"] == pd.Timestamp("2024-01-02")
    assert table.loc["Russia", "type"] == "PLACE"


def test_an_actor_takes_the_type_it_is_most_often_given_ties_alphabetically():
    mentions = pd.DataFrame({
        "article_id": ["a", "a", "b", "b", "b"], "surface": ["Apex", "Apex", "Apex", "Nova", "Nova"],
        "name": ["Apex", "Apex", "Apex", "Nova", "Nova"], "type": ["PERSON", "ORG", "ORG", "PERSON", "ORG"],
        "role": [None] * 5, "acting": [False] * 5,
    })
    articles = pd.DataFrame({"article_id": ["a", "b"], "published": pd.to_datetime(["2024-01-02", "2024-03-04"])})
    table = actors_table(mentions, articles).set_index("name")
    assert table.loc["Apex", "type"] == "ORG" and table.loc["Nova", "type"] == "ORG"
    assert table.loc["Nova", "roles"] == [] and table.loc["Apex", "n_mentions"] == 3


def test_a_surname_that_is_also_a_town_stays_a_person(make_doc, article):
    text = "Mr. Jackson told reporters in Mississippi that the plan would work. Jackson smiled."
    m = _mentions(make_doc, article, text)
    assert "Jackson" not in set(m.loc[m["type"] == "PLACE", "surface"])


def test_a_qualified_place_name_loses_its_qualifier_when_nothing_else_shares_it():
    m = pd.DataFrame({"article_id": ["a", "b"], "type": ["PLACE"] * 2, "place_id": ["geonames:1", "geonames:2"],
                      "name": ["Paris (United States)", "Lyon"]})
    assert corpus_names(m)["Paris (United States)"] == "Paris"
    both = pd.concat([m, pd.DataFrame({"article_id": ["c"], "type": ["PLACE"], "place_id": ["geonames:3"],
                                       "name": ["Paris"]})])
    assert corpus_names(both)["Paris (United States)"] == "Paris (United States)"


def test_an_acronym_defined_in_brackets_names_the_organisation(make_doc, article):
    text = "The German Weather Service (DWD) warned of rain. DWD said rivers could rise."
    m = _mentions(make_doc, article, text)
    assert set(m.loc[m["type"] == "ORG", "name"]) == {"German Weather Service"}


def test_a_family_name_written_first_links_to_the_full_name(make_doc, article):
    text = "Premier Li Qiang met the delegation on Sunday. Li said trade would grow."
    m = _mentions(make_doc, article, text)
    assert set(m.loc[m["type"] == "PERSON", "name"]) == {"Li Qiang"}


def test_an_organisation_that_is_also_a_town_stays_an_organisation(make_doc, article):
    text = "BEIJING, March 3 (Xinhua) -- Officials in Beijing and Shanghai met on Sunday."
    m = _mentions(make_doc, article, text)
    assert "Xinhua" not in set(m.loc[m["type"] == "PLACE", "surface"])


def test_a_person_the_model_calls_an_organisation_is_recovered_after_a_title(make_doc, article):
    text = "Chancellor Olaf Scholz visited the flooded towns on Monday."
    m = _mentions(make_doc, article, text)
    assert m.loc[m["name"] == "Olaf Scholz", "type"].tolist() == ["PERSON"]


def test_the_agency_of_a_dateline_is_not_an_actor(make_doc, article):
    text = "NAIROBI, May 2 (Reuters) - Kenya's central bank held rates, Governor Kamau Thugge said."
    m = _mentions(make_doc, article, text)
    assert "Reuters" not in set(m["name"])
    assert "Kamau Thugge" in set(m["name"])


def test_generational_suffix_is_not_a_surname(make_doc, article):
    text = ("Energy Secretary Thomas R. Caldwell Jr. toured the plant on Monday. "
            "Caldwell said the reactor would restart. Judge Ellen Marsh III also spoke, and Marsh left early.")
    m = _mentions(make_doc, article, text)
    people = m[m["type"] == "PERSON"]
    assert set(people["name"]) == {"Thomas Caldwell", "Ellen Marsh"}


def test_inner_word_of_a_long_name_links_to_it(make_doc, article):
    text = ("President Jose Maria Ferreira dos Santos opened the summit in Lisbon. "
            "Ferreira said the region needed rain.")
    m = _mentions(make_doc, article, text)
    people = m[m["type"] == "PERSON"]
    assert set(people["name"]) == {"Jose Maria Ferreira dos Santos"}
    assert len(people) == 2


def test_inner_word_shared_by_two_long_names_stays_unlinked(make_doc, article):
    text = ("Ana Paula Costa Reis met Joao Costa Lima in Porto. Costa said nothing.")
    m = _mentions(make_doc, article, text)
    costa = m[m["surface"] == "Costa"]
    assert costa.empty or (costa["name"] == "Costa").all()


def test_portfolio_word_of_a_title_is_not_an_organisation(make_doc, article):
    text = "Defense Secretary Mary Collins and Interior Minister Hanna Berg met reporters in Oslo."
    m = _mentions(make_doc, article, text)
    assert not m["surface"].isin(["Defense", "Interior"]).any()
    roles = dict(zip(m["name"], m["role"]))
    assert roles["Mary Collins"] == "Defense Secretary" and roles["Hanna Berg"] == "Interior Minister"


def test_title_after_a_region_is_that_region_title(make_doc, article):
    text = "Santa Catarina Governor Paulo Mendes said the dam in Brazil was safe."
    m = _mentions(make_doc, article, text)
    person = m[m["type"] == "PERSON"].iloc[0]
    assert person["name"] == "Paulo Mendes" and person["role"] == "Governor of Santa Catarina"
    place = m[m["surface"] == "Santa Catarina"].iloc[0]
    assert place["type"] == "PLACE" and place["kind"] == "region" and place["country"] == "Brazil"


def test_acting_capital_names_its_government(make_doc, article):
    text = "Paris insists that the treaty is still valid. Tourists in Lyon were calm."
    m = _mentions(make_doc, article, text)
    gov = dict(zip(m["surface"], m["government"]))
    assert gov["Paris"] == "France"
    assert pd.isna(gov["Lyon"])


def test_surname_the_model_reads_as_an_organisation_is_the_person(make_doc, article):
    text = 'The minister, Kari Vik, spoke in Bergen. "This is the strictest limit in twenty years," Vik said.'
    m = _mentions(make_doc, article, text)
    vik = m[m["surface"] == "Vik"]
    assert len(vik) == 1 and vik.iloc[0]["type"] == "PERSON" and vik.iloc[0]["name"] == "Kari Vik"


def test_who_heads_gives_a_role(make_doc, article):
    text = "Olav Brekke, who heads the Coastal Fishermen's Union, said the limits were harsh."
    m = _mentions(make_doc, article, text)
    person = m[m["name"] == "Olav Brekke"].iloc[0]
    assert person["role"] == "head of the Coastal Fishermen's Union"


def test_title_after_a_place_with_particles_is_that_place_title(make_doc, article):
    text = "Rio Grande do Norte Governor Clara Nunes said the roads were closed."
    m = _mentions(make_doc, article, text)
    person = m[m["type"] == "PERSON"].iloc[0]
    assert person["name"] == "Clara Nunes" and person["role"] == "Governor of Rio Grande do Norte"
    assert (m["surface"] == "Rio Grande do Norte").any()


def test_object_of_a_visit_is_a_place(make_doc, article):
    text = "The minister visited Porto Alegre in Brazil on Monday."
    m = _mentions(make_doc, article, text)
    row = m[m["surface"] == "Porto Alegre"].iloc[0]
    assert row["type"] == "PLACE" and row["country"] == "Brazil"


def test_surname_the_gazetteer_knows_as_a_town_is_the_person(make_doc, article):
    text = ('Trade Minister Rachel Hughes spoke in Canberra. "We are cautiously optimistic," Hughes said.')
    m = _mentions(make_doc, article, text)
    hughes = m[m["surface"] == "Hughes"].iloc[0]
    assert hughes["type"] == "PERSON" and hughes["name"] == "Rachel Hughes"


def test_apposition_role_keeps_its_for_phrase(make_doc, article):
    text = "A spokesperson for the Port Authority, Mary Okafor, said the terminal would close."
    m = _mentions(make_doc, article, text)
    assert m[m["name"] == "Mary Okafor"].iloc[0]["role"] == "spokesperson for the Port Authority"


def test_untagged_surname_after_a_quote_is_the_person(make_doc, article):
    text = ('Police spokesman Musa Adamu said the arrests followed clashes near the port. '
            '"Officers acted with restraint," Adamu said.')
    m = _mentions(make_doc, article, text)
    people = m[m["type"] == "PERSON"]
    assert list(people["surface"]) == ["Musa Adamu", "Adamu"]
    assert set(people["name"]) == {"Musa Adamu"}
