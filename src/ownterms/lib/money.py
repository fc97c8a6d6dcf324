"""Money as integer pence: the one parser of amounts typed in pounds and the one formatter.

Accepted: "1234.50", "£1,234.50", "1,234", "0.5" (a pound sign, commas between groups of three
digits, at most two decimal places). Anything else ("£1,2,3", "12.345", "1e5", "", "abc") is
refused with the same message, so every form and the API say the same thing. Only ASCII
digits: a regex digit class would let other scripts' digits through.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

#: The largest amount accepted (£10 million): fits every pence column with room for sums.
MAX_PENCE = 1_000_000_000

_AMOUNT = re.compile(
    r"(?P<minus>-)?£?(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<fraction>[0-9]{1,2}))?"
)


def parse_pounds(text: str, *, negative: bool = False) -> int:
    """Pence for an amount in pounds; ``ValueError`` with a message for people otherwise.

    A minus sign (before the pound sign) is refused unless ``negative`` is allowed.
    """
    match = _AMOUNT.fullmatch(text.strip().replace("-£", "-").replace("£-", "-"))
    if match is None:
        raise ValueError(_("Enter an amount in pounds, like 1,234.50"))
    if match["minus"] and not negative:
        raise ValueError(_("Enter an amount of £0 or more"))
    whole = int(match["whole"].replace(",", ""))
    fraction = int((match["fraction"] or "0").ljust(2, "0"))
    pence = whole * 100 + fraction
    if pence > MAX_PENCE:
        raise ValueError(_("Enter an amount of %(max)s or less") % {"max": pounds(MAX_PENCE)})
    return -pence if match["minus"] else pence


def pounds(pence: int) -> str:
    """ "£1,234.50" for 123450 pence; "-£3.05" for -305."""
    sign = "-" if pence < 0 else ""
    whole, fraction = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{fraction:02d}"
