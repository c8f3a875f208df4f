"""The signing key: configured, or the instance's own random key kept under var/; never one from the code."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from harbin_app.settings import PUBLISHED_SECRETS, instance_secret, load_settings

OLD_DEFAULT = "development-only-secret-do-not-use-in-production"


def test_a_fresh_instance_makes_its_own_key_and_keeps_it(tmp_path: Path) -> None:
    key_file = tmp_path / "var" / "secret_key"
    first = load_settings({"HARBIN_SECRET_FILE": str(key_file)}).secret_key
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 32 and first not in PUBLISHED_SECRETS
    assert load_settings({"HARBIN_SECRET_FILE": str(key_file)}).secret_key == first  # reused on later starts
    other = load_settings({"HARBIN_SECRET_FILE": str(tmp_path / "other" / "secret_key")}).secret_key
    assert other != first  # another instance has another key


def test_the_default_key_file_is_under_var_outside_the_code(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from harbin_app import settings as settings_module

    monkeypatch.setattr(settings_module, "PROJECT_ROOT", tmp_path)
    key = load_settings({}).secret_key
    assert (tmp_path / "var" / "secret_key").read_text().strip() == key


def test_workers_starting_at_once_share_one_key(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    start = threading.Barrier(8)
    keys: list[str] = []

    def worker() -> None:
        start.wait()
        keys.append(instance_secret(key_file))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no scratch file left behind


def test_a_key_file_readable_by_others_is_made_private(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key = instance_secret(key_file)
    key_file.chmod(0o644)
    assert instance_secret(key_file) == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_an_empty_key_file_stops_the_start(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text("")
    with pytest.raises(SystemExit):
        instance_secret(key_file)


def test_a_configured_key_is_used_as_it_is(tmp_path: Path) -> None:
    env = {"HARBIN_SECRET_KEY": "k" * 40, "HARBIN_SECRET_FILE": str(tmp_path / "secret_key")}
    assert load_settings(env).secret_key == "k" * 40
    assert not (tmp_path / "secret_key").exists()


def test_production_needs_a_configured_key(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="HARBIN_SECRET_KEY must be set"):
        load_settings({"HARBIN_ENV": "production", "HARBIN_SECRET_FILE": str(tmp_path / "secret_key")})
    assert not (tmp_path / "secret_key").exists()
    assert load_settings({"HARBIN_ENV": "production", "HARBIN_SECRET_KEY": "p" * 40}).secret_key == "p" * 40


@pytest.mark.parametrize("environment", ["production", "development"])
def test_the_old_default_of_the_code_is_refused(environment: str) -> None:
    assert OLD_DEFAULT in PUBLISHED_SECRETS
    with pytest.raises(SystemExit, match="published"):
        load_settings({"HARBIN_ENV": environment, "HARBIN_SECRET_KEY": OLD_DEFAULT})
