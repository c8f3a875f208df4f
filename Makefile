# The two commands a newcomer runs: `make run` and `make test`. Both are idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := $(CURDIR)/.tools
BUN_VERSION := 1.4.5
AXE_VERSION := 4.14.1

export PATH := $(TOOLS)/bun/bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_DIR := $(TOOLS)/reflex
export REFLEX_TELEMETRY_ENABLED := false
export BUN_INSTALL_CACHE_DIR := $(TOOLS)/bun-cache
export NPM_CONFIG_REGISTRY := https://registry.npmjs.org/
export PYTHONDONTWRITEBYTECODE := 1
export REFLEX_USE_GRANIAN := true  # production's server, whatever else is installed

PORT ?= 3000

.PHONY: run run-prod dev test bench install install-dev bun axe chromium office nginx redis db demo clean

## make run: install everything, migrate the SQLite database, create the demo accounts, serve on :$(PORT)
run: install office db
	rm -rf .states/views  # views were kept there until 2026-12-03: Reflex's start-up cannot empty a folder holding one
	reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

## make run-prod: production (README「生产部署」): PostgreSQL, Redis, several workers, migrated, no demo accounts.
## HARBIN_SECRET_KEY is required; the database and Redis default to this machine's only when unset.
run-prod: export HARBIN_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/harbin
run-prod: export HARBIN_REDIS_URL ?= redis://127.0.0.1:6379/0
run-prod: install office
	$(PY) -m harbin_app.production --port $(PORT)

## make dev: the same with hot reload (frontend :3000, backend :8000)
dev: install office db
	rm -rf .states/views
	reflex run

## make test: install what the tests need (Chromium from Debian included) and run the whole suite
test: install-dev axe chromium office nginx redis
	$(PY) -m pytest

## make bench: the performance figures (printed, never asserted)
bench: install-dev chromium office
	$(PY) -m tests.bench.peer.venv >/dev/null  # the Django peer's own virtualenv (var/bench-peer-venv)
	$(PY) -m tests.bench

install: $(VENV)/.installed bun

install-dev: $(VENV)/.installed-dev bun

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

# Reflex would download bun from the internet; take it from the npm registry instead.
bun:
	@if ! $(TOOLS)/bun/bin/bun --version 2>/dev/null | grep -qx '$(BUN_VERSION)'; then \
		npm install -g --prefix $(TOOLS)/bun --registry $(NPM_CONFIG_REGISTRY) bun@$(BUN_VERSION); \
	fi

# axe-core for the accessibility test (tests/browser/test_accessibility.py), from the npm registry.
axe:
	@if ! grep -qs '"version": "$(AXE_VERSION)"' $(TOOLS)/axe/node_modules/axe-core/package.json; then \
		npm install --prefix $(TOOLS)/axe --registry $(NPM_CONFIG_REGISTRY) --no-save --no-package-lock axe-core@$(AXE_VERSION) >/dev/null; \
	fi

# Playwright cannot download its browser here: use Debian's Chromium (and a CJK font for screenshots).
chromium:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'wqy\|noto.*cjk'; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; \
	fi

# The print-ready PDFs (docgen/pdf.py): LibreOffice without its GUI, and the Noto CJK fonts that
# docgen/fonts.conf gives the documents' 宋体/黑体 (≈ 340 MB, once).
office:
	@if ! command -v soffice >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Serif CJK SC'; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends \
			libreoffice-writer-nogui fonts-noto-cjk >/dev/null; \
	fi

# The multi-server test (tests/browser/test_two_instances.py) puts Debian's nginx in front of two app instances.
nginx:
	@if ! command -v nginx >/dev/null && ! test -x /usr/sbin/nginx; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx-light >/dev/null 2>&1 \
			|| $$SUDO apt-get install -y -qq nginx >/dev/null; \
	fi

# The fault tests start a redis-server of their own (never the machine's shared one).
redis:
	@if ! command -v redis-server >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq redis-server >/dev/null; \
	fi

db: install
	$(PY) -m harbin_app.migrate
	$(PY) -m harbin_app.services.seed

## make demo: load the demo set once (development only; refused with HARBIN_ENV=production), then `make run`
demo: db
	$(PY) -m harbin_app.services.demo

clean:
	rm -rf .web .states var/test-*
