"""User text (file names, report titles, messages that quote them) shown as text, never as markup.

st.success / st.warning / st.error / st.info / st.markdown / st.caption render Markdown (and Streamlit's
extensions: `:red[…]`, `$…$`, emoji shortcodes). A stored file name such as `![t](http:&#47;&#47;HOST/x.png)`
would become an image the browser fetches. `text()` backslash-escapes every ASCII punctuation character
(CommonMark lets any of them be escaped), so entities, links, images, HTML, emphasis, LaTeX and directives are
all shown literally; line breaks are kept.
"""

from __future__ import annotations

import re
import string

_PUNCT = re.compile("([" + re.escape(string.punctuation) + "])")


def text(value: object) -> str:
    """`value` as Markdown that renders exactly as the text."""
    lines = str(value).splitlines() or [""]
    return "  \n".join(_PUNCT.sub(r"\\\1", line) for line in lines)
