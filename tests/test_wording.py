"""Small wording rules shared by pages, PDFs and downloads (util/wording.py)."""

from __future__ import annotations

from migration_profiles.sources import all_sources
from migration_profiles.util.wording import first_sentence


def test_a_caveats_point_is_its_first_sentence_and_no_figure_or_abbreviation_cuts_it():
    assert first_sentence("Rounded to 2.5 per 1,000. Small areas move a lot.") == "Rounded to 2.5 per 1,000."
    assert first_sentence("Counted on one day (e.g. 31 March). Not over a year.") == (
        "Counted on one day (e.g. 31 March).")
    assert first_sentence("One sentence only.") == "One sentence only."
    assert first_sentence("Is it? 'Yes' said ONS.") == "Is it?"


def test_every_declared_caveat_keeps_a_whole_first_sentence():
    for source in all_sources():
        for caveat in source.caveats:
            point = first_sentence(caveat.text)
            assert caveat.text.startswith(point) and point.endswith((".", "?", "!")), caveat.id
            assert len(point.split()) >= 4, caveat.id  # a sentence, not a fragment
