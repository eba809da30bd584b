"""Who may do what. Authentication is off unless `[auth]` is configured in .streamlit/secrets.toml.

- no `[auth]` section (local use): everyone is an admin (may upload reports);
- `[auth]` configured: a visitor must log in (st.login); logged-in users whose e-mail is in
  `[coop] admin_emails` are admins, everyone else is a viewer (no upload page).
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

ADMIN, VIEWER, ANONYMOUS = "admin", "viewer", "anonymous"


def role_for(auth_configured: bool, logged_in: bool, email: str | None, admin_emails: Iterable[str]) -> str:
    """The role of a visitor (a pure function, so the rules are testable without a login provider)."""
    if not auth_configured:
        return ADMIN
    if not logged_in:
        return ANONYMOUS
    admins = {e.strip().lower() for e in admin_emails if e and e.strip()}
    return ADMIN if email and email.strip().lower() in admins else VIEWER


def _secrets() -> dict:
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no secrets file: local use
        return {}


def auth_configured() -> bool:
    return "auth" in _secrets()


def current_role() -> str:
    secrets = _secrets()
    configured = "auth" in secrets
    if not configured:
        return ADMIN
    user = st.user
    logged_in = bool(getattr(user, "is_logged_in", False))
    email = user.get("email") if logged_in else None
    admins = (secrets.get("coop") or {}).get("admin_emails", [])
    return role_for(configured, logged_in, email, admins)
