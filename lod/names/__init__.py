"""Name authority: normalise spellings, load the curated authority file, resolve names to entities.

>>> from lod.names import Resolver
>>> r = Resolver()
>>> r.resolve("S H T Y K O V") is r.resolve("Shtykov")
True
"""
from lod.names.authority import AuthorityError, Entity, load_authority
from lod.names.normalise import KINDS, clean, display_case, match_key, split_variants, token_keys
from lod.names.name_kinds import guess_kind
from lod.names.name_order import uninvert
from lod.names.parts import PersonName, name_parts
from lod.names.resolver import Mention, Resolver
from lod.names.positions import PositionMention, find_positions

__all__ = [
    "KINDS", "AuthorityError", "Entity", "Mention", "PersonName", "PositionMention", "Resolver", "clean",
    "display_case", "find_positions", "guess_kind", "load_authority", "match_key", "name_parts",
    "split_variants", "token_keys", "uninvert",
]
