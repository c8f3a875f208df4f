"""The minimal Django + htmx-style peer of the load bench: a form POST that saves the 入库申请 draft
(the same row of the same database the app saves) and returns an HTML fragment; served by gunicorn.
It runs in its own virtualenv (var/bench-peer-venv, requirements.txt here), see venv.py."""
