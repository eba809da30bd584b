"""Загрузить отчёт: drop files, see what would be loaded, confirm, watch it load."""

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics.i18n import fmt_int, t
from loaders.build import BuildLocked, build
from loaders.limits import max_file_mb
from loaders.preview import Preview, health_message, preview_file
from ui.auth import ADMIN, current_role
from ui.data import ROOT, db_path
from ui.page import start
from ui.widgets import data_table

MAX_FILES = 20
UPLOADS = ROOT / "data" / "uploads"

L, _ = start("page.upload", filtered=False)
if current_role() != ADMIN:
    st.info(t("upload.denied", L))
    st.stop()

st.caption(t("upload.hint", L))
round_no = st.session_state.setdefault("upload_round", 0)
files = st.file_uploader(t("upload.drop", L), type=["xlsx", "docx"], accept_multiple_files=True,
                         key=f"uploader_{round_no}")
if st.session_state.get("upload_done"):
    st.success(st.session_state.pop("upload_done"))
if not files:
    st.stop()
if len(files) > MAX_FILES:
    st.error(t("upload.too_many", L, n=len(files), max=MAX_FILES))
    st.stop()


def staged(upload) -> Path:
    """Save an uploaded file under data/uploads/<sha256 prefix>/<its name>."""
    data = upload.getvalue()
    folder = UPLOADS / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(upload.name).name
    if not path.exists():
        path.write_bytes(data)
    return path


previews: list[tuple[Path, Preview]] = []
limit_mb = max_file_mb()
for upload in files:
    if upload.size > limit_mb * 1024 * 1024:
        previews.append((Path(upload.name), Preview(upload.name, False,
                                                    error=t("upload.too_big", L, name=upload.name, max=int(limit_mb)))))
        continue
    path = staged(upload)
    previews.append((path, preview_file(path, db_path(), display_name=upload.name)))

st.subheader(t("upload.preview", L))
for _, p in previews:
    with st.container(border=True):
        if not p.ok:
            st.error(p.error)
            continue
        st.markdown(f"**{p.file_name}**")
        warning = health_message(p, L)
        if warning:
            st.error("\n\n".join([f"**{warning[0]}**", *(f"- {line}" for line in warning[1:-1]), warning[-1]]))
        st.text(p.title)
        st.markdown(f"{t('upload.period', L)}: **{p.period or '—'}** · {t('upload.template', L)}: "
                    f"**{t(f'template.{p.template}', L)}** · {t('upload.events', L)}: **{fmt_int(p.events)}**")
        if p.replaces:
            st.warning(t("upload.replaces", L, old=p.replaces, added=len(p.added), removed=len(p.removed)))
        else:
            st.caption(t("upload.new", L))
        if p.columns:
            with st.expander(t("upload.columns", L), expanded=bool(warning)):
                data_table(pd.DataFrame(
                    [(n, head, t(f"fld.{fld or 'none'}", L), t(f"basis.{basis}", L), conf, why)
                     for n, head, fld, basis, conf, why in p.columns],
                    columns=[t("col.col_no", L), t("col.header_text", L), t("col.detected_field", L),
                             t("col.basis", L), t("src.confidence", L), t("col.why", L)]), hide_index=True)
        if p.rejects:
            st.markdown(f"{t('upload.rejects', L)}: {len(p.rejects)}")
            data_table(pd.DataFrame(p.rejects, columns=[t("col.source_ref", L), t("col.reason", L),
                                                          t("col.raw_text", L)]), hide_index=True)
        if p.issues:
            st.markdown(f"{t('upload.issues', L)}: {len(p.issues)}")
            data_table(pd.DataFrame(p.issues, columns=[t("col.source_ref", L), t("col.field", L),
                                                         t("col.reason", L)]), hide_index=True)

loadable = [path for path, p in previews if p.ok]
if not loadable:
    st.info(t("upload.nothing", L))
    st.stop()
if st.button(t("upload.confirm", L, n=len(loadable)), type="primary"):
    bar = st.progress(0.0, text=t("upload.loading", L))
    done = []

    def step(path: Path) -> None:
        done.append(path)
        bar.progress(len(done) / len(loadable), text=f"{t('upload.loading', L)} {path.name}")

    try:
        results = build(loadable, db_path(), on_file=step)
    except BuildLocked:
        st.error(t("upload.locked", L))
        st.stop()
    bar.progress(1.0)
    failed = [r.message for r in results if not r.ok]
    for message in failed:
        st.error(message)
    for r in results:
        if not r.ok:
            shutil.rmtree(r.path.parent, ignore_errors=True)
    if not failed:
        st.session_state["upload_done"] = t("upload.done", L) + " " + "; ".join(r.message for r in results)
        st.session_state["upload_round"] = round_no + 1  # a fresh, empty uploader
        st.rerun()
