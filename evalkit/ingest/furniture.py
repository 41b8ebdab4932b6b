"""Recognise lines that are page or site furniture rather than the text itself.

Patterns are general (families of site chrome, print furniture) in French and
English, not one page's strings. Each rule returns the reason recorded on the
segment, so a reviewer can see why a line was set apart.
"""

from __future__ import annotations

import re

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|"
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
DATE = re.compile(
    rf"\b(?:(?:{_DAYS}),?\s+)?(?:\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{_MONTHS})\.?|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?)\s+\d{{4}}\b",
    re.IGNORECASE,
)

# (reason, pattern) for web pages and paste sites; matched against a whole stripped line.
_WEB_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("cookie notice", re.compile(r"\bcookies?\b.*\b(use|utilis|accept|agree|consent|policy|politique|continu)", re.I)),
    (
        "paste-site chrome",
        re.compile(
            r"^(raw paste data|not a member of \w+ yet\b.*|sign up,? it unlocks.*|a guest\b.*|paste(bin)?\b.*\b(views?|expires?|never)\b.*)$",
            re.I,
        ),
    ),
    (
        "paste-site metadata",
        re.compile(rf"^(a guest|guest|anonymous)\s+(?:{_MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b.*$", re.I),
    ),
    (
        "related-article link",
        re.compile(
            r"^((article\s+)?(réservé|reserved)\s+(à nos|aux|for our)\s+(abonnés|subscribers)\s*)?(lire aussi|lire la suite|read also|read more|see also|voir aussi|related|à lire aussi|also read)\b",
            re.I,
        ),
    ),
    (
        "subscriber notice",
        re.compile(r"^(article\s+)?(réservé|reserved)\s+(à nos|aux|for our|to)\s+(abonnés|subscribers)\b", re.I),
    ),
    (
        "advertising",
        re.compile(r"^(publicité|advertisement|advertising|sponsored( content)?|contenu sponsorisé|annonce)$", re.I),
    ),
    (
        "share/follow buttons",
        re.compile(
            r"^((share|partager|tweet|imprimer|print|email|e-mail|facebook|twitter|linkedin|whatsapp|copy link|copier le lien)[\s|•·,/]*){1,8}$",
            re.I,
        ),
    ),
    (
        "sign-in/subscription chrome",
        re.compile(
            r"^(se connecter|s'abonner|sign in|log in|subscribe( now)?|newsletter|inscrivez-vous.*newsletter.*|sign up for .*newsletter.*|menu|search|rechercher|accueil|home|skip to (main )?content)$",
            re.I,
        ),
    ),
    ("copyright", re.compile(r"^(©|\(c\)|copyright\b|tous droits réservés|all rights reserved)", re.I)),
    (
        "photo credit",
        re.compile(
            r"^(photo|crédit photo|credit|image|illustration)\s*:?\s*[^.]{0,60}$|^(supplied|getty images|afp|reuters|ap photo)\.?$",
            re.I,
        ),
    ),
    (
        "dateline",
        re.compile(
            rf"^(?:(?:{_DAYS}),?\s+)?\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}(\s+(à\s+)?\d{{1,2}}[:h]\d{{2}})?$|^(?:(?:{_DAYS}),?\s+)?(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}(\s+\d{{1,2}}:\d{{2}}\s*(am|pm)?)?$",
            re.I,
        ),
    ),
    (
        "byline",
        re.compile(
            r"^(?:[Pp]ar|[Bb]y|PAR|BY)\s*$|^(?:[Pp]ar|[Bb]y|PAR|BY)\s+[A-ZÀ-Ý][\w'’.-]+"
            r"(?:,?\s+(?:[A-ZÀ-Ý][\w'’.-]+|de|du|des|van|von|der|le|la|et|and|&)){0,7}$"
        ),
    ),
    ("byline", re.compile(r"^(publié|mis à jour|published|updated)\b.{0,60}$", re.I)),
    (
        "comments section",
        re.compile(
            r"^(laisser un commentaire|laissez un commentaire|leave a (comment|reply)|recent comments|commentaires récents|\d+\s+(comments?|commentaires?|réactions?)|(show|voir les|afficher les) (comments|commentaires)|comments?|commentaires?|réagir)$",
            re.I,
        ),
    ),
    (
        "comments section",
        re.compile(
            r"^(vous devez (être connecté|vous connecter)|you must be logged in|log in to (comment|reply)|connectez-vous pour).{0,60}(comment|commentaire|réagir|reply)",
            re.I,
        ),
    ),
    (
        "related/most-read box",
        re.compile(
            r"^(related (articles?|posts?|stories|content)|(articles?|contenus?) (liés|associés|similaires)|most (read|popular|viewed)|les plus (lus|partagés|commentés)|à lire (aussi|également)|you may also like|recommended( for you)?|sur le même sujet|tags?|mots-clés)\s*:?$",
            re.I,
        ),
    ),
    (
        "call to action",
        re.compile(
            r"^(download now|click here|learn more|register now|sign up now|buy now|shop now|try it free|get started|en savoir plus|cliquez ici|télécharger( maintenant)?|inscrivez-vous|je m'abonne|abonnez-vous)\s*[!.]*$",
            re.I,
        ),
    ),
    ("label", re.compile(r"^(featured|à la une|exclusive|exclusif|live|en direct|video|vidéo|audio|podcast)$", re.I)),
]


def web_furniture(line: str) -> str | None:
    """Reason a line of a web page is site chrome, or None if it is text."""
    s = line.strip()
    if not s:
        return None
    for reason, pat in _WEB_RULES:
        if pat.search(s):
            return reason
    return None


_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(/|sur|of)\s*\d{1,4})?$", re.I)


def print_furniture(line: str) -> str | None:
    """Reason a line of extracted print text is page furniture, or None."""
    s = line.strip()
    if not s:
        return None
    if _PAGE_NUMBER.match(s):
        return "page number or masthead"
    if DATE.search(s) and (re.search(r"[|•·]|\s[–—-]\s|\bpage\s*\d", s, re.I) or len(s.split()) <= 10):
        return "running header (page, section, date)"
    if re.match(
        r"^(suite (page|en page)|lire la suite|suite de la (première|une)|continued (on|from) page)\b", s, re.I
    ):
        return "page jump"
    return web_furniture(s)
