"""The second wall of every HTML page the project writes: a Content-Security-Policy that runs no script.

Text from documents is escaped before it reaches a page (``notebook.md_text``, ``notebook.escape_frame``);
this policy makes a page inert even if some text slipped through. Kept apart from ``notebook`` so the
renderer can apply it without importing pandas.
"""

from __future__ import annotations

import html
import re

#: the rendered pages run no script at all (not even the template's CDN MathJax and require.js) and load
#: nothing from elsewhere: a second wall behind the escaping, should some text ever slip through
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def with_csp(page: str, policy: str = CONTENT_SECURITY_POLICY) -> str:
    """``page`` with a Content-Security-Policy ``<meta>`` as the first element of its ``<head>``.

    For the code that writes the HTML pages (``render``): ``body = with_csp(body)`` before writing.
    """
    tag = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">'
    found = re.search(r"<head\b[^>]*>", page, flags=re.IGNORECASE)
    if found:
        return page[: found.end()] + tag + page[found.end() :]
    return f"<head>{tag}</head>" + page
