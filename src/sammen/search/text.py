"""How Danish text becomes searchable: normalised words plus their Snowball stems, on both databases.

The same functions prepare the indexed text and the query, so that what is stored and what is asked for can
never drift apart.
"""

import functools
import re
import unicodedata

import snowballstemmer

# Letters and digits; everything else (punctuation, hyphens, underscores) separates words.
_WORD = re.compile(r"[^\W_]+")

# Snowball's Danish stop words, less "have" (it is also "garden"); they are left out of queries so that
# "gåtur i Herning" asks for "gåtur" and "herning", not for every text with an "i".
STOP_WORDS = frozenset(
    """ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din disse dog du efter
    eller en end er et for fra ham han hans har havde hende hendes her hos hun hvad hvis hvor i ikke ind jeg jer jo
    kunne man mange med meget men mig min mine mit mod ned noget nogle nu når og også om op os over på selv sig sin
    sine sit skal skulle som sådan thi til ud under var vi vil ville vor være været""".split()
)

# Shorter fragments would match almost everything as substrings, and trigram indexes cannot look them up; they
# must match a whole word instead.
MIN_FRAGMENT_LENGTH = 3
MAX_QUERY_WORDS = 8

_stemmer = snowballstemmer.stemmer("danish")


def normalize_search_term(q: str) -> str:
    """Lower-case words separated by single spaces, without punctuation: "Gåtur, i  Herning!" → "gåtur i herning"."""
    return " ".join(words(q))


def words(text: str) -> list[str]:
    # NFKC folds the two ways of typing "å" (one character, or "a" plus a combining ring) into one.
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").lower())


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def index_terms(*texts: str) -> str:
    """The text that is indexed: each word and, where it differs, its stem, once each, with a space at both ends.

    The words themselves let a fragment find a compound ("ven" finds "besøgsven"); the stems let an inflected
    query find another inflection ("gåture" finds "gåturen", both stemmed to "gåtur"). The spaces at the ends
    let a short query word be matched as a whole word (" is ").
    """
    terms: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            terms[word] = None
            terms[stem(word)] = None
    return " " + " ".join(terms) + " "


def query_fragments(query: str) -> list[str]:
    """What each query word must be found as in the indexed terms; all of them must be found.

    A stem of three letters or more may occur anywhere (as a prefix, inside a compound, or as the stem itself);
    a shorter one must be a whole word, so it is returned with a space on each side.
    """
    found = words(query)
    meaningful = [word for word in found if word not in STOP_WORDS] or found
    fragments: dict[str, None] = {}
    for word in meaningful[:MAX_QUERY_WORDS]:
        stemmed = stem(word)
        fragments[stemmed if len(stemmed) >= MIN_FRAGMENT_LENGTH else f" {stemmed} "] = None
    return list(fragments)
