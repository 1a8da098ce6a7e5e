"""The development-corpus scorer compares speaker and claimant names as the lead decided (FORMAT D11)."""

from scripts.lib.extraction.deveval import same_name


def test_agency_names_compare_through_lexicon_aliases():
    assert same_name("Department of Homeland Security", "U.S. Department of Homeland Security")
    assert same_name("DHS", "U.S. Department of Homeland Security")
    assert same_name("ICE", "U.S. Immigration and Customs Enforcement")
    assert not same_name("ICE", "U.S. Department of Homeland Security")


def test_case_apostrophes_and_leading_article_are_ignored():
    assert same_name("a spokesperson", "spokesperson")
    assert same_name("The Sheriff’s Office", "sheriff's office")
    assert same_name("an ICE spokeswoman", "ICE  spokeswoman")
    assert not same_name("a spokesperson", "a DSD spokesperson")
    assert not same_name("Anna Lopez", "Lopez")


def test_values_compare_as_gold_writes_them():
    from scripts.lib.extraction.deveval import same_value

    assert same_value({"value": 0.333}, {"value": "0.3333"})  # "a third", to three decimals as gold writes it
    assert same_value({"value": 1000}, {"value": "1000"})
    assert not same_value({"value": 0.333}, {"value": "0.5"})
    assert not same_value({"value": 1000}, {"value": "1001"})


def test_rate_and_form_compare_with_their_defaults():
    from scripts.lib.extraction.deveval import field_agrees

    assert field_agrees("rate", {}, {"rate": ""})  # a total: no rate on either side
    assert not field_agrees("rate", {"rate": "day"}, {"rate": ""})
    assert field_agrees("form", {}, {"form": "count"})  # gold's form defaults to count
    assert not field_agrees("form", {"form": "bound"}, {"form": "count"})
