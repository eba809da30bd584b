"""Who may do what. Authentication is off unless `[auth]` is configured in .streamlit/secrets.toml.

- no `[auth]` section: everyone may view; uploading (the admin role) only from a local request (the
  browser on this machine, no proxy in between) while the server listens on loopback only. On any other
  bind without a login the upload page is absent and the sidebar says uploads need a login.
- `[auth]` configured: a visitor must log in (st.login); logged-in users whose e-mail is in
  `[coop] admin_emails` **and verified** by the provider (`email_verified`) are admins, everyone else is a
  viewer (no upload page).
"""

from __future__ import annotations

import getpass
import ipaddress
from collections.abc import Iterable, Mapping

import streamlit as st

from ui import guard
from ui.i18n import t

ADMIN, VIEWER, ANONYMOUS = "admin", "viewer", "anonymous"
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host")


def role_for(auth_configured: bool, logged_in: bool, email: str | None, admin_emails: Iterable[str], *,
             email_verified: bool = False, local: bool = False, loopback: bool = False) -> str:
    """The role of a visitor (a pure function, so the rules are testable without a login provider)."""
    if not auth_configured:
        return ADMIN if local and loopback else VIEWER
    if not logged_in:
        return ANONYMOUS
    admins = {e.strip().lower() for e in admin_emails if e and e.strip()}
    return ADMIN if email_verified and email and email.strip().lower() in admins else VIEWER


def is_loopback(address: str | None) -> bool:
    """Does a server bound to `address` listen on this machine only? (unset = every interface)"""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def is_local_request(ip_address: str | None, headers: Mapping[str, str]) -> bool:
    """The request comes from this machine directly: a loopback peer (Streamlit reports it as None) and no
    proxy headers (a reverse proxy on this machine forwards remote visitors from a loopback address)."""
    lowered = {k.lower() for k in headers}
    return ip_address is None and not any(h in lowered for h in FORWARDING_HEADERS)


def _secrets() -> dict:
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no secrets file: local use
        return {}


def auth_configured() -> bool:
    return "auth" in _secrets()


def bind_address() -> str | None:
    return st.get_option("server.address")


def _request_is_local() -> bool:
    try:
        headers = dict(st.context.headers)
    except Exception:
        headers = {}
    ip = st.context.ip_address
    if ip is not None and not isinstance(ip, str):  # no real connection (AppTest): not known to be local
        return False
    return is_local_request(ip, headers)


def _verified(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def current_role() -> str:
    secrets = _secrets()
    configured = "auth" in secrets
    if not configured:
        return role_for(False, False, None, (), local=_request_is_local(), loopback=is_loopback(bind_address()))
    user = st.user
    logged_in = bool(getattr(user, "is_logged_in", False))
    email = user.get("email") if logged_in else None
    admins = (secrets.get("coop") or {}).get("admin_emails", [])
    return role_for(configured, logged_in, email, admins,
                    email_verified=_verified(user.get("email_verified")) if logged_in else False)


def current_user() -> str:
    """Who is uploading, for the `uploads` table: the verified e-mail, or `local:<os user>` without a login."""
    if auth_configured() and getattr(st.user, "is_logged_in", False):
        return str(st.user.get("email") or "?")
    try:
        return f"local:{getpass.getuser()}"
    except Exception:
        return "local"


def apply(role: str, language: str) -> None:
    """dashboard.py, every run: tell the server's upload gate whether this session may PUT files, and say in
    the sidebar why uploading is off when it is off only for want of a login."""
    ctx = st.runtime.scriptrunner.get_script_run_ctx()
    if ctx is not None:
        guard.allow_uploads(ctx.session_id, role == ADMIN)
    if role != ADMIN and not auth_configured():
        st.sidebar.caption(t("auth.uploads_need_login", language))
