"""People, agencies and jurisdictions mentioned in an article, with their offsets.

The finders live in their own modules: people.py (named people, roles, surnames, speakers) and
places.py (national and local agencies, jurisdictions as GEOIDs); mentions.py holds what they share.
The order of the steps matters (each later step skips text an earlier one claimed):
1. national agencies, 2. named people, 5. surnames, 3. jurisdictions, 4. local agencies.
"""

from __future__ import annotations

from .mentions import Mention, MentionIndex, slug, straight
from .people import PeopleFinder
from .places import PlaceFinder, is_dateline

__all__ = ["ArticleEntities", "Mention", "MentionIndex", "find_entities", "is_dateline", "slug", "straight"]


class ArticleEntities(PeopleFinder, PlaceFinder):
    """Every mention of one article, with the people and places finders' methods."""


def find_entities(article_id: str, text: str, resolver, place_min_population: int) -> ArticleEntities:
    ents = ArticleEntities(article_id, text, resolver, place_min_population)
    ents.find_agencies()
    ents.find_people()
    ents.find_surnames()
    ents.find_jurisdictions()
    ents.find_local_agencies()
    return ents
