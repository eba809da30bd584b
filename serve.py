"""What `make run` starts: the dashboard (dashboard.py) behind ui.guard's Host check and upload gate.

`streamlit run serve.py --server.address 127.0.0.1 --server.port 8501` serves this ASGI app (Streamlit's
`st.App`), so every request, websocket included, passes the guard before Streamlit sees it.
"""

import streamlit as st
from starlette.middleware import Middleware

from ui.first_visit import visit_in_background
from ui.guard import Guard
from ui.warmup import warm

warm()  # every module the pages import, before the first session (not inside it)
visit_in_background()  # every page opened once before the health check says ready (ui.first_visit)

app = st.App("dashboard.py", middleware=[Middleware(Guard)])
