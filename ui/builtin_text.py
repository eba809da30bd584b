"""Streamlit's own interface text in Russian: what the app cannot set through a widget parameter.

Streamlit 1.67 has no locale setting: the file uploader ("Drag and drop files here", "Upload",
"20MB per file", "text/plain files are not allowed"), the dropdowns' "No results", the "Page not
found" dialog, "Press Enter to apply" and the status widget are English strings in its frontend.
What can be configured is configured elsewhere: `select_all=False` on the sidebar's multiselects
(no "Select all"), `client.toolbarMode = "minimal"` (no ⋮ menu with "Print / Record screen / Made
with Streamlit"). For the rest, one small script (st.html with JavaScript, in this page, no network)
rewrites exactly these strings in the page text while the interface is Russian, and puts the
English back when it is switched to English. Anything not listed here stays untouched.
"""

from __future__ import annotations

import json

import streamlit as st

# Whole text nodes (trimmed) → Russian.
EXACT_RU: dict[str, str] = {
    "Drag and drop files here": "Перетащите файлы сюда",
    "Drag and drop a file here": "Перетащите файл сюда",
    "Upload": "Выбрать файлы",
    "Add files": "Добавить файлы",
    "Upload directories": "Выбрать папки",
    "No results": "Ничего не найдено",
    "Page not found": "Страница не найдена",
    "Press Enter to apply": "Нажмите Enter, чтобы применить",
    "Press Enter to submit form": "Нажмите Enter, чтобы отправить",
    "Running...": "Выполняется…",
    "Stop": "Остановить",
    "Connecting": "Подключение",
    "Only one file is allowed.": "Можно выбрать только один файл.",
    "Too many files": "Слишком много файлов",
    "Click to retry upload": "Нажмите, чтобы повторить загрузку",
    "Error uploading file": "Ошибка при загрузке файла",
    "Error:": "Ошибка:",  # before an uploader's message (role=alert)
}
# (JavaScript regular expression, replacement with $1…) for texts with a value inside.
PATTERNS_RU: list[tuple[str, str]] = [
    (r"^(\d+(?:[.,]\d+)?)\s*MB per file$", "до $1 МБ на файл"),
    (r"^(\d+(?:[.,]\d+)?)\s*KB per file$", "до $1 КБ на файл"),
    (r"^(\d+(?:[.,]\d+)?)\s*GB per file$", "до $1 ГБ на файл"),
    (r"^(.+) files are not allowed\.?$", "Файлы типа $1 не принимаются."),
    (r"^File must be (.+) or smaller\.?$", "Файл должен быть не больше $1."),
    (r"^You have requested page /(.*), but no corresponding file was found in the app's pages/ directory\. "
     r"Running the app's main page\.$", "Страницы /$1 нет. Открыта главная страница."),
    (r"^The page that you have requested does not seem to exist\. Running the app's main page\.$",
     "Такой страницы нет. Открыта главная страница."),
]

_SCRIPT = """<script id="coop-builtin-text">
(() => {
  const lang = %(lang)s, exact = %(exact)s, patterns = %(patterns)s.map(([p, r]) => [new RegExp(p), r]);
  const w = window;
  w.__coopLang = lang;
  if (!w.__coopText) {
    const originals = new Map();  // text node → its English text
    const russian = (text) => {
      const key = text.trim();
      if (!key) return null;
      if (Object.prototype.hasOwnProperty.call(exact, key)) return text.replace(key, exact[key]);
      for (const [re, rep] of patterns) if (re.test(key)) return text.replace(key, key.replace(re, rep));
      return null;
    };
    const fix = (node) => {
      if (w.__coopLang !== "ru") return;
      const ru = russian(node.nodeValue || "");
      if (ru !== null && ru !== node.nodeValue) { originals.set(node, node.nodeValue); node.nodeValue = ru; }
    };
    const walk = (root) => {
      if (root.nodeType === Node.TEXT_NODE) { fix(root); return; }
      const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = it.nextNode(); n; n = it.nextNode()) fix(n);
    };
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "characterData") fix(r.target);
        else r.addedNodes.forEach(walk);
      }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
    w.__coopText = {
      apply: () => walk(document.body),
      restore: () => { for (const [node, en] of originals) if (node.isConnected) node.nodeValue = en;
                       originals.clear(); },
    };
  }
  if (lang === "ru") w.__coopText.apply(); else w.__coopText.restore();
})();
</script>"""

# the element holding the script takes no room in the sidebar
_HIDE = "<style>.stElementContainer:has(#coop-builtin-text){display:none}</style>"


def script(lang: str) -> str:
    """The page script for this language (pure: unit-tested)."""
    return _SCRIPT % {"lang": json.dumps(lang), "exact": json.dumps(EXACT_RU, ensure_ascii=False),
                      "patterns": json.dumps(PATTERNS_RU, ensure_ascii=False)}


def localise_builtins(lang: str) -> None:
    """Call once per run, before the page: Streamlit's own strings follow the interface language."""
    st.html(_HIDE)
    st.sidebar.html(script(lang), unsafe_allow_javascript=True)
