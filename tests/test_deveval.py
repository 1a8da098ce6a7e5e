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
