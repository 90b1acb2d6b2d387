"""The HTML a letter body may hold. The analyst's draft is cleaned to it when saved
and the signed letter again when laid out, so both must use the same set."""

LETTER_TAGS = frozenset(
    {
        "p",
        "br",
        "ol",
        "ul",
        "li",
        "strong",
        "em",
        "u",
        "b",
        "i",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
    }
)
