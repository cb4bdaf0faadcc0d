"""Words a reader may not know: uncommon words, unexplained abbreviations, rare characters.

Frequencies come from ``wordfreq`` (offline word lists for en, es, fr, ar and zh, Chinese
segmented by jieba).  A word is *hard* when its Zipf frequency is below
:data:`HARD_ZIPF` (fewer than one use per million words), unless the text explains it: the
word is in the text of a link to a glossary (the NCI Dictionary of Cancer Terms, or the
project glossary), or follows "called", "known as", "means" (or the same words in the
text's language).  Names (words only ever written with a capital letter inside a sentence)
are left out: they are not jargon.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from carted_export.readability.model import WordUse
from carted_export.readability.text import Sentence, han_characters, is_number, quiet_jieba, words

HARD_ZIPF = 3.0
#: Chinese: the most frequent characters count as common; the Ministry of Education's
#: list of common characters (现代汉语常用字表, 1988) has 2,500.
COMMON_HAN = 2500
GLOSSARY_LINK = re.compile(r"/publications/dictionaries/cancer-terms/def/|#glossary-", re.I)
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]*[A-Z0-9](?:s)?$")
_DEFINING = {
    "en": re.compile(r"\b(?:called|known as|means|stands for)\s+([^.,;:()]+)", re.I),
    "es": re.compile(r"\b(?:llamad[oa]s?|conocid[oa]s? como|significa)\s+([^.,;:()]+)", re.I),
    "fr": re.compile(r"\b(?:appelée?s?|connue?s? sous le nom de|signifie)\s+([^.,;:()]+)", re.I),
}


def wordfreq_language(language: str) -> str:
    return "zh" if language == "zh" else language


def zipf(word: str, language: str) -> float:
    import wordfreq

    quiet_jieba()
    return float(wordfreq.zipf_frequency(word, wordfreq_language(language)))


def explained_words(
    sentences: Iterable[Sentence], language: str, glossary: Iterable[str]
) -> set[str]:
    """Words the text explains: glossary link texts, glossary terms, "called X"."""
    explained = {term.casefold() for term in glossary}
    pattern = _DEFINING.get(language)
    for sentence in sentences:
        for text, url in _LINK.findall(sentence.markdown):
            if GLOSSARY_LINK.search(url):
                explained.update(word.casefold() for word in words(text, language))
        if pattern:
            for match in pattern.finditer(sentence.text):
                explained.update(word.casefold() for word in words(match.group(1), language)[:4])
    return {word for term in explained for word in (term, *term.split())}


def hard_words(
    sentences: list[Sentence], language: str, glossary: Iterable[str] = ()
) -> list[WordUse]:
    """Uncommon words not explained by the text, in order of first use."""
    explained = explained_words(sentences, language, glossary)
    names = _names(sentences)
    counts: Counter[str] = Counter()
    first_line: dict[str, int] = {}
    for sentence in sentences:
        for word in sentence.words:
            key = word.casefold()
            if _skip(word, key, explained, names) or zipf(word, language) >= HARD_ZIPF:
                continue
            counts[key] += 1
            first_line.setdefault(key, sentence.line)
    return [WordUse(word, counts[word], first_line[word]) for word in first_line]


def _skip(word: str, key: str, explained: set[str], names: set[str]) -> bool:
    return (
        len(word) < 3
        or is_number(word)
        or any(char.isdigit() for char in word)
        or key in explained
        or key in names
        or bool(_ACRONYM.match(word))
    )


def _names(sentences: list[Sentence]) -> set[str]:
    """Words never written in lower case and capitalized somewhere inside a sentence."""
    lower: set[str] = set()
    capital_inside: set[str] = set()
    for sentence in sentences:
        for index, word in enumerate(sentence.words):
            if word[:1].islower():
                lower.add(word.casefold())
            elif index > 0 and word[:1].isupper():
                capital_inside.add(word.casefold())
    return capital_inside - lower


def abbreviations(sentences: list[Sentence], glossary: Iterable[str] = ()) -> list[WordUse]:
    """Acronyms ("FDA", "CD19") whose first use does not spell them out.

    Spelled out: in parentheses right after words whose initials contain its letters in
    order ("Food and Drug Administration (FDA)"), followed by parentheses ("CRS (cytokine
    release syndrome)"), or explained ("CAR means ...").  Glossary terms count as explained.
    """
    known = {term.casefold() for term in glossary}
    seen: set[str] = set()
    found: list[WordUse] = []
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for index, word in enumerate(sentence.words):
            if not _ACRONYM.match(word) or len(word.rstrip("s")) < 2:
                continue
            key = word.rstrip("s") if word.endswith("s") and word[:-1].isupper() else word
            counts[key] += 1
            if key in seen:
                continue
            seen.add(key)
            if key.casefold() not in known and not _spelled_out(key, sentence, index):
                found.append(WordUse(key, 0, sentence.line))
    return [WordUse(use.word, counts[use.word], use.line) for use in found]


def _spelled_out(acronym: str, sentence: Sentence, index: int) -> bool:
    text = sentence.text
    if re.search(rf"\({re.escape(acronym)}s?\)", text):
        before = sentence.words[max(0, index - len(acronym) - 3) : index]
        initials = "".join(word[0] for word in before).upper()
        return _in_order(acronym.upper(), initials)
    after = re.search(rf"\b{re.escape(acronym)}s?\s*\(([^)]+)\)", text)
    if after and len(after.group(1).split()) >= 2:
        return True
    return bool(re.search(rf"\b{re.escape(acronym)}s?\s+(?:means|stands for|significa)\b", text))


def _in_order(letters: str, initials: str) -> bool:
    remaining = iter(initials)
    return all(letter in remaining for letter in letters if letter.isalpha())


@functools.cache
def common_han() -> frozenset[str]:
    """The :data:`COMMON_HAN` most frequent Chinese characters, by their share of all
    words in wordfreq's Chinese list (each word's frequency added to each of its characters)."""
    import wordfreq

    totals: dict[str, float] = {}
    for word, frequency in wordfreq.get_frequency_dict("zh").items():
        for char in han_characters(word):
            totals[char] = totals.get(char, 0.0) + frequency
    ranked = sorted(totals, key=totals.__getitem__, reverse=True)
    return frozenset(ranked[:COMMON_HAN])


def uncommon_han_share(text: str) -> float:
    chars = han_characters(text)
    if not chars:
        return 0.0
    common = common_han()
    return sum(char not in common for char in chars) / len(chars)
