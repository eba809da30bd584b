"""Загрузить отчёт: drop files, see what would be loaded, confirm, watch it load.

Who may see this page: ui.auth (dashboard.py leaves it out otherwise, and the server refuses the file PUTs
of other sessions: ui.guard). Every preview is parsed in a separate process with a time and memory limit
(loaders.isolated); dropped files wait in a per-session staging folder that is emptied of everything not
confirmed (ui.staging). User text (file names, titles, messages quoting them) is shown as text (ui.safe).
"""

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from analytics.stored_answers import STORED
from analytics.uploads import loaded_as
from loaders.build import BuildLocked, build
from loaders.isolated import Outcome, preview_isolated
from loaders.preview import Preview
from loaders.read import REPORT_SUFFIXES
from loaders.read.limits import max_file_mb
from ui.auth import ADMIN, current_role, current_user
from ui.data import ROOT, connection, db_path, db_version
from ui.health import health_message
from ui.i18n import t
from ui.labels import fmt_int
from ui.page import start
from ui.row_words import in_words
from ui.safe import text
from ui.staging import Staging, safe_name, sha16
from ui.turns import released
from ui.widgets import data_table

MAX_FILES = 20
UPLOADS = ROOT / "data" / "uploads"
SUFFIXES = tuple(sorted(REPORT_SUFFIXES))  # every format the loader reads (loaders/read/detect.py)

L, _ = start("page.upload", filtered=False)
if current_role() != ADMIN:
    st.info(t("upload.denied", L))
    st.stop()

st.caption(t("upload.hint", L))
round_no = st.session_state.setdefault("upload_round", 0)
# no `type=`: Streamlit's own refusal of other types is an icon with an English tooltip; ours is a message
files = st.file_uploader(t("upload.drop", L), accept_multiple_files=True, key=f"uploader_{round_no}")
if st.session_state.get("upload_done"):
    st.success(text(st.session_state.pop("upload_done")))
ctx = get_script_run_ctx()
staging = Staging(UPLOADS, ctx.session_id if ctx else "local")
staging.sweep()
files = files or []
staging.keep_only({sha16(f.getvalue()) for f in files if f.name.lower().endswith(SUFFIXES)})
if not files:
    st.caption(t("upload.undo_hint", L))
    st.stop()
if len(files) > MAX_FILES:
    st.error(t("upload.too_many", L, n=len(files), max=MAX_FILES))
    st.stop()


def loaded_under(data: bytes) -> str | None:
    """The file name these exact bytes are already loaded as (None: not loaded, or no database yet)."""
    conn = connection()
    if conn is None:
        return None
    try:
        return loaded_as(conn, hashlib.sha256(data).hexdigest())
    finally:
        conn.close()


def previewed(path: Path, name: str) -> Outcome:
    """One parse per file and database version (a click on the page reruns it; the parse is not redone)."""
    cache = st.session_state.setdefault("upload_previews", {})
    key = (path.parent.name, name, db_version())
    if key not in cache:
        with released():  # the parse runs in a child process: other sessions' runs go on meanwhile
            cache[key] = preview_isolated(path, db_path(), display_name=name)
    return cache[key]


limit_mb = max_file_mb()
loadable: list[Path] = []
st.subheader(t("upload.preview", L))
for upload in files:
    with st.container(border=True):
        name = upload.name
        if not name.lower().endswith(SUFFIXES):
            st.error(text(t("upload.bad_type", L, name=name)))
            continue
        if upload.size > limit_mb * 1024 * 1024:
            st.error(text(t("upload.too_big", L, name=name, max=int(limit_mb))))
            continue
        data = upload.getvalue()
        path = staging.stage(name, data)
        outcome = previewed(path, name)
        p: Preview | None = outcome.preview
        if p is None:
            key = "upload.preview_killed" if outcome.stopped in ("timeout", "memory") else "upload.preview_failed"
            st.error(text(t(key, L, name=name, seconds=int(outcome.timeout_s), mb=outcome.memory_mb)))
            staging.discard(path)
            continue
        if not p.ok:
            st.error(text(p.error))
            staging.discard(path)
            continue
        st.markdown(f"**{text(p.file_name)}**")
        if safe_name(name) != name:
            st.caption(text(t("upload.name_cut", L, name=safe_name(name))))
        warning = health_message(p, L)
        if warning:  # the loader is unsure about this report: said in red before any confirm button
            st.error(text("\n".join([warning[0], *(f"- {line}" for line in warning[1:-1]), warning[-1]])))
        st.text(p.title)
        st.markdown(f"{t('upload.period', L)}: **{text(p.period or '—')}** · {t('upload.template', L)}: "
                    f"**{t(f'template.{p.template}', L)}** · {t('upload.events', L)}: **{fmt_int(p.events)}**")
        same = loaded_under(data)
        if same:
            st.info(text(t("upload.same_file", L, old=same)))
            continue
        if p.replaces and not p.events:
            st.error(text(t("upload.empty_replaces", L, old=p.replaces)))
            continue
        if p.replaces and len(p.removed) > len(p.added):
            st.warning(text(t("upload.shrinks", L, added=len(p.added), removed=len(p.removed))))
            if not st.checkbox(text(t("upload.confirm_shrink", L, old=p.replaces, removed=len(p.removed))),
                               key=f"shrink_{path.parent.name}_{round_no}"):
                st.caption(t("upload.needs_confirm", L))
                loadable_now = False
            else:
                loadable_now = True
        else:
            if p.replaces:
                st.warning(text(t("upload.replaces", L, old=p.replaces, added=len(p.added), removed=len(p.removed))))
            else:
                st.caption(t("upload.new", L))
            loadable_now = True
        if p.columns:
            with st.expander(t("upload.columns", L), expanded=bool(warning)):
                data_table(pd.DataFrame(
                    [(n, head, t(f"fld.{fld or 'none'}", L), t(f"basis.{basis}", L), conf, why)
                     for n, head, fld, basis, conf, why in p.columns],
                    columns=[t("col.col_no", L), t("col.header_text", L), t("col.detected_field", L),
                             t("col.basis", L), t("src.confidence", L), t("col.why", L)]), hide_index=True)
        if p.rejects:
            st.markdown(f"{t('upload.rejects', L)}: {len(p.rejects)}")
            rejected = in_words(pd.DataFrame(p.rejects, columns=["source_ref", "reason", "raw_text"]), L)
            data_table(rejected, hide_index=True, column_config={
                "source_ref": t("col.source_ref", L), "reason": t("col.reason", L), "raw_text": t("col.raw_text", L)})
        if p.issues:
            st.markdown(f"{t('upload.issues', L)}: {len(p.issues)}")
            unparsed = in_words(pd.DataFrame(p.issues, columns=["source_ref", "field", "reason"]), L)
            data_table(unparsed, hide_index=True, column_config={
                "source_ref": t("col.source_ref", L), "field": t("col.field", L), "reason": t("col.reason", L)})
        if loadable_now:
            loadable.append(path)

if not loadable:
    st.info(t("upload.nothing", L))
    st.stop()
st.caption(t("upload.undo_hint", L))
if st.button(t("upload.confirm", L, n=len(loadable)), type="primary"):
    bar = st.progress(0.0, text=t("upload.loading", L))
    done = []

    def step(path: Path) -> None:
        done.append(path)
        bar.progress(len(done) / len(loadable), text=f"{t('upload.loading', L)} {text(path.name)}")

    try:
        with released():  # the build parses in worker processes and writes another file
            results = build(loadable, db_path(), on_file=step, uploaded_by=current_user(), stored=STORED)
    except BuildLocked:
        st.error(t("upload.locked", L))
        st.stop()
    bar.progress(1.0)
    failed = [r.message for r in results if not r.ok]
    for message in failed:
        st.error(text(message))
    for r in results:
        if r.ok:
            staging.keep_loaded(r.path)
        else:
            staging.discard(r.path)
    st.session_state.pop("upload_previews", None)
    if not failed:
        st.session_state["upload_done"] = t("upload.done", L) + " " + "; ".join(r.message for r in results)
        st.session_state["upload_round"] = round_no + 1  # a fresh, empty uploader
        st.rerun()
