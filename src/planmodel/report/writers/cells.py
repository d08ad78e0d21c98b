"""Text cells that a spreadsheet cannot mistake for a formula (CSV/formula injection).

A scenario's names, notes and sources end up in ``results.xlsx`` and the CSV files. Text starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel, WPS and LibreOffice as
a formula (``=HYPERLINK("http://…","点击")`` becomes a live link, ``=cmd|…`` worse). OWASP's advice
(https://owasp.org/www-community/attacks/CSV_Injection) is to prefix such a cell with a single
quote, which every spreadsheet reads as "this is text". Both writers go through
:func:`neutralise`; the workbook writer additionally stores every text cell as text, never as a
formula. Numbers are never touched: ``-0.5`` stays a number.
"""

from __future__ import annotations

from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet read a text cell as a formula (OWASP list)."""


def formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def neutralise(value: Any) -> Any:
    r"""``value`` with a leading ``'`` if it is formula-like text, else unchanged.

    Examples
    --------
    >>> neutralise('=HYPERLINK("http://example.com/x","点击")')
    '\\'=HYPERLINK("http://example.com/x","点击")'
    >>> neutralise(-0.5), neutralise("人均GDP")
    (-0.5, '人均GDP')
    """
    return "'" + value if formula_like(value) else value
