"""Organisations: one name per organisation, whatever form a row writes it in.

The forum's organisation sheet gives each member a full name and an acronym;
other sheets write "YRK", "Yayasan Rimba Kapus", "BPBD Kab. Sintang",
"Dinas LH" or "KPH Stg. Timur". :class:`OrgIndex` resolves such forms to the
full name with a confidence, and leaves names it cannot place as written (an
organisation that is not on the sheet is still an organisation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from landscape import settings
from landscape._text import fold_org
from landscape.model import Organisation
from landscape.normalise.fuzzy import Match, best_match, closest

ORG_TYPES: tuple[str, ...] = (
    "Pemerintah", "LSM", "Masyarakat/CSO", "Mitra Pembangunan", "Swasta", "Akademisi", "Lainnya",
)

_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "Pemerintah": ("pemerintah", "government", "gov", "opd", "instansi", "dinas", "badan",
                   "pemda", "public"),
    "LSM": ("lsm", "ngo", "ornop", "yayasan", "perkumpulan", "non government"),
    "Masyarakat/CSO": ("masyarakat", "cso", "community", "komunitas", "kelompok", "koperasi",
                       "adat", "civil society", "ormas", "masyarakat cso"),
    "Mitra Pembangunan": ("mitra pembangunan", "development partner", "donor", "donatur",
                          "lembaga donor", "program", "bilateral", "multilateral"),
    "Swasta": ("swasta", "private", "business", "perusahaan", "company", "bumn", "bumd",
               "private sector", "sektor swasta"),
    "Akademisi": ("akademisi", "academia", "academic", "universitas", "university",
                  "perguruan tinggi", "research", "penelitian", "peneliti"),
}

# Words that say what kind of body a name is, used when a name is not on the sheet.
_NAME_HINTS: tuple[tuple[str, str], ...] = (
    (r"^(pt|cv|tbk)\b|\bpt\b", "Swasta"),
    (r"^(dinas|badan|kph|bappeda|setda|bpbd|dlh|dpmd|kantor|upt|balai|camat|pemerintah)\b",
     "Pemerintah"),
    (r"^(yayasan|perkumpulan|lsm)\b", "LSM"),
    (r"^(kelompok|kth|mpa|koperasi|gapoktan|lphd|lembaga pengelola|masyarakat|komunitas)\b",
     "Masyarakat/CSO"),
    (r"^(universitas|institut|politeknik|lembaga penelitian|pusat penelitian)\b", "Akademisi"),
    (r"^(program|proyek|project)\b", "Mitra Pembangunan"),
)

GENERIC_TOKENS = frozenset({"kab", "kabupaten", "kota", "prov", "provinsi", "the", "of", "dan"})


def clean_name(text: object) -> str:
    """Collapse the whitespace of a name as written, keeping its case and punctuation."""
    return " ".join(str(text).replace("\u00a0", " ").split())


def normalise_org_type(value: object) -> str | None:
    """Map a written organisation type to one of :data:`ORG_TYPES`, or ``None``.

    Examples
    --------
    >>> normalise_org_type("NGO")
    'LSM'
    >>> normalise_org_type("Masyarakat")
    'Masyarakat/CSO'
    """
    folded = fold_org(value)
    if not folded:
        return None
    for org_type in ORG_TYPES:
        if folded == fold_org(org_type):
            return org_type
    for org_type, words in _TYPE_WORDS.items():
        if folded in words or any(folded.startswith(w + " ") for w in words):
            return org_type
    return None


def guess_org_type(name: str) -> str | None:
    """Guess an organisation's type from its name ("PT ..." is business)."""
    folded = fold_org(name)
    for pattern, org_type in _NAME_HINTS:
        if re.search(pattern, folded):
            return org_type
    return None


@dataclass(frozen=True, slots=True)
class OrgMatch:
    """How a written organisation name was resolved.

    ``org`` is ``None`` when the name is not on the organisation sheet.
    """

    written: str
    org: Organisation | None
    confidence: float
    method: str


def _token_fits(word: str, token: str) -> bool:
    """Whether a written word may stand for a name's token (equal, prefix or abbreviation)."""
    if word == token:
        return True
    if len(word) >= 3 and token.startswith(word):
        return True
    return len(word) >= 2 and word[0] == token[0] and _is_subsequence(word, token)


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _aligns(words: list[str], tokens: list[str]) -> bool:
    """Whether every written word stands, in order, for one token or the initials of several.

    Tokens of the full name may be skipped ("Pelita Gambut" for "Perkumpulan
    Pelita Gambut Sintang"); written words may not.
    """
    if not words:
        return True
    if not tokens:
        return False
    word = words[0]
    for i in range(len(tokens)):
        if _token_fits(word, tokens[i]) and _aligns(words[1:], tokens[i + 1:]):
            return True
        span = len(word)
        initials = "".join(t[0] for t in tokens[i:i + span])
        if span > 1 and initials == word and _aligns(words[1:], tokens[i + span:]):
            return True
    return False


class OrgIndex:
    """Resolve written organisation names against the organisation sheet.

    Parameters
    ----------
    orgs : sequence of Organisation
        The organisations of the forum.
    place_words : iterable of str, optional
        Names of the district and its places ("sintang"), ignored as name
        suffixes ("BPBD Kab. Sintang" is BPBD).
    """

    def __init__(self, orgs: list[Organisation], *, place_words: set[str] | None = None) -> None:
        self.orgs = list(orgs)
        self._generic = GENERIC_TOKENS | {fold_org(w) for w in (place_words or set())}
        self._exact: dict[str, Organisation] = {}
        for org in self.orgs:
            for form in (org.name, org.acronym):
                if fold_org(form):
                    self._exact.setdefault(fold_org(form), org)

    def _core(self, folded: str) -> list[str]:
        return [t for t in folded.split() if t not in self._generic]

    def resolve(self, written: object) -> OrgMatch:
        """Resolve one written name.

        Parameters
        ----------
        written : object
            The cell value.

        Returns
        -------
        OrgMatch
            With ``org`` set when the name was recognised.
        """
        text = clean_name(written)
        folded = fold_org(text)
        if folded in self._exact:
            return OrgMatch(text, self._exact[folded], 1.0, "exact")
        core = " ".join(self._core(folded))
        if core in self._exact:
            return OrgMatch(text, self._exact[core], 0.95, "exact")
        for finder in (self._by_tokens, self._by_spelling):
            found = finder(folded)
            if found is not None:
                return OrgMatch(text, found[0], found[1], found[2])
        return OrgMatch(text, None, 0.0, "none")

    def _by_tokens(self, folded: str) -> tuple[Organisation, float, str] | None:
        words = self._core(folded)
        if not words or (len(words) == 1 and len(words[0]) < 4):
            return None
        hits = [o for o in self.orgs if _aligns(words, fold_org(o.name).split())]
        if len(hits) == 1:
            return hits[0], 0.9, "abbreviation"
        return None

    def _by_spelling(self, folded: str) -> tuple[Organisation, float, str] | None:
        """Match a misspelt name or acronym (:func:`landscape.normalise.fuzzy.best_match`)."""
        forms = ((form, i) for i, org in enumerate(self.orgs)
                 for form in (fold_org(org.name), fold_org(org.acronym)) if form)
        found = best_match(folded, forms, cutoff=settings.NAME_MATCH_CUTOFF,
                           margin=settings.NAME_MATCH_MARGIN)
        if not isinstance(found, Match):
            return None
        return self.orgs[found.item], round(found.score, 3), "fuzzy"

    def suggest(self, written: object) -> str:
        """Return a fairly close organisation name for a message, or ``""``."""
        names = sorted((o.name for o in self.orgs), reverse=True)
        near = closest(fold_org(written), ((fold_org(name), name) for name in names),
                       cutoff=settings.ORG_SUGGEST_CUTOFF)
        return near[0][0] if near else ""
