"""Whether an objective's wording is SMART: it says how much and by when, in English, Spanish or Portuguese."""

from __future__ import annotations

import functools
import re

# SMART wording, in the three languages of the product (the plan's language picks the words: Spanish
# "dos" is two, Portuguese "dos" is "of the"). A year alone is a time frame, not a quantity.
_YEAR = re.compile(r"\b(?:19|20|21)\d\d\b")
_QUANTITY_WORDS = {
    "en": r"percent|per cent|percentage|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|fifty"
          r"|hundred|thousand|million|double|triple|twice|half|halve",
    "es": r"por ciento|porcentaje|porcentual|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|veinte|treinta"
          r"|cincuenta|cien|ciento|cientos|doscient[oa]s|trescient[oa]s|quinient[oa]s|mil|millón|millones|doble"
          r"|duplicar|triplicar|mitad",
    "pt": r"por cento|porcentagem|percentual|dois|duas|três|quatro|cinco|seis|sete|oito|nove|dez|doze|vinte|trinta"
          r"|cinquenta|cem|cento|duzent[oa]s|trezent[oa]s|quinhent[oa]s|mil|milhão|milhões|dobro|dobrar|duplicar"
          r"|triplicar|metade",
}
_TIMEFRAME_WORDS = {
    "en": r"within|deadline|horizon|by the end of|end of the program(?:me)?",
    "es": r"en un plazo|plazo|horizonte|a fines de|al final de|al cierre de|fin del programa|final del programa",
    "pt": r"prazo|horizonte|até o final|até o fim|ao final d[oa]|fim do programa|final do programa",
}
_DURATION = {
    "en": (r"one|two|three|four|five|ten", r"years?|months?|quarters?"),
    "es": (r"un|una|dos|tres|cuatro|cinco|diez", r"años?|meses|mes|trimestres?|semestres?"),
    "pt": (r"um|uma|dois|duas|três|quatro|cinco|dez", r"anos?|meses|mês|trimestres?|semestres?"),
}


@functools.cache
def _words(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    lang = lang if lang in _QUANTITY_WORDS else "en"
    langs = ["en"] if lang == "en" else ["en", lang]
    quantity = re.compile(r"\d|%|\b(?:" + "|".join(_QUANTITY_WORDS[x] for x in langs) + r")\b", re.IGNORECASE)
    counts, units = "|".join(_DURATION[x][0] for x in langs), "|".join(_DURATION[x][1] for x in langs)
    timeframe = re.compile(r"\b(?:" + "|".join(_TIMEFRAME_WORDS[x] for x in langs) + r")\b"
                           r"|(?:\b|(?<=\d))(?:\d+|" + counts + r")\s+(?:" + units + r")\b", re.IGNORECASE)
    return quantity, timeframe


def measurable(text: str, lang: str = "en") -> bool:
    """The wording says how much: a number (a year aside), a percentage or a quantity word of ``lang``."""
    return bool(_words(lang)[0].search(_YEAR.sub(" ", text)))


def has_timeframe(text: str, lang: str = "en") -> bool:
    """The wording says by when: a year (``by 2029``, ``para 2029``), a duration or a horizon, in ``lang``."""
    return bool(_YEAR.search(text) or _words(lang)[1].search(text))
