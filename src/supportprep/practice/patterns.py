"""Tokens an insight rule's phrase may contain, for open classes of words no list can hold.

Shared by the rule engine (``insights``) and the point judge (``points``, whose "commits to a
time" is the same notion of a time as the next-step rule's).
"""

from __future__ import annotations

# Tokens a rule phrase may be or contain, for what no list of words can hold. Each is a regular
# expression matched case-insensitively unless it says otherwise with (?-i:...).
_NUMBER_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|ninety|a|an|a\s+few|few|several|a\s+couple\s+of|couple\s+of"
)
_WEEKDAY = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTH = r"january|february|march|april|may|june|july|august|september|october|november|december"
_UNIT = r"minutes?|mins?|hours?|hrs?|days?|business\s+days?|working\s+days?|weeks?|months?"
_CLOCK = (
    r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)"  # 3pm, 3:30 pm
    r"|\d{1,2}:\d{2}(?:\s*(?:utc|gmt|[a-z]{2,4}t))?"  # 15:30, 15:30 CET
    r"|\d{3,4}\s*(?:utc|gmt|hrs)"  # 1500 UTC
)
_DATE = (
    r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)(?:\s+of\s+\w+)?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    rf"|(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+(?:{_MONTH})"
    r"|\[date[^\]]*\]"  # a template's placeholder for the date, in a written reply
)
# A person's name: a capitalised word that is not one of the words that start sentences.
_NAME = (
    r"(?-i:(?!(?:Some|Every|No|Any)(?:one|body)\b|(?:We|They|It|This|That|The|There|He|She|You|"
    r"Our|Their|Support|Engineering|Team|If|So|And|But)\b)[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
)
TOKENS = {
    "{clock}": _CLOCK,
    "{date}": _DATE,
    # A time a next step can be held to: a clock time, a day or date, a deadline, a cadence.
    # Not "first", "then", "soon" or "once": an order or a hope is not a time.
    "{time}": (
        rf"{_CLOCK}|{_DATE}"
        rf"|(?:by|on|before|until|till|at|from|next|this|every|each|coming)\s+(?:the\s+)?"
        rf"(?:(?:{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?|end\s+of\s+\w+|"
        rf"noon|midday|midnight|close\s+of\s+\w+|(?:{_MONTH})|morning|afternoon|evening|"
        rf"week|month|quarter|day|shift|sprint|release|standup|stand-up)"
        r"|every\s+year"
        rf"|today|tonight|tomorrow(?:\s+(?:morning|afternoon|evening|noon))?"
        rf"|this\s+(?:morning|afternoon|evening)|(?:the\s+)?same\s+day"
        rf"|(?:within|in|for|after|every|each)\s+(?:the\s+(?:next|first)\s+)?"
        rf"(?:\d+|{_NUMBER_WORD})?[\s-]*(?:{_UNIT})"
        rf"|(?:the\s+)?(?:next|first)\s+(?:\d+|{_NUMBER_WORD})[\s-]+(?:{_UNIT}|quarters?)"
        r"|daily|weekly|fortnightly|monthly|quarterly|hourly|nightly"
        r"|eod|end\s+of\s+(?:day|play|week|month|business)|right\s+away|straight\s+away"
        r"|immediately|deadline"
    ),
    "{number}": rf"\d[\d,.]*%?|{_NUMBER_WORD}",
    # Someone other than the speaker whom an answer can blame: the customer, users, a team or a
    # vendor, or a person named with a capital letter.
    "{party}": (
        r"(?:the\s+|our\s+|their\s+|your\s+|that\s+|this\s+)?(?:customers?|users?|clients?|"
        r"people|they|he|she|merchants?|patients?|admins?|agents?|engineering|engineers|"
        r"product(?:\s+team)?|devs?|developers|legal|sales|finance|marketing|it|ops|"
        r"the\s+vendor|vendors?|the\s+bpo|partners?|management|leadership|the\s+business|"
        r"(?:other|night|day|tier-?\d|l\d|payments|risk|platform|billing|security)\s+team|"
        rf"(?-i:IT)|{_NAME})"
    ),
    "{name}": _NAME,
    # One to twelve words of anything, so "depends on {words} so" reaches the plan after it.
    "{words}": r"\S+?(?:[\s-]+\S+?){0,11}?",
    # A named person, or the speaker, who can own a step.
    "{owner}": (
        rf"i|i'll|i'd|i'm|me|myself|{_NAME}(?:\s+(?-i:[A-Z][a-z]+))?"
        r"|my\s+(?:team\s+)?(?:lead|manager|colleague|analyst)"
    ),
}
