"""The peer's virtualenv: var/bench-peer-venv with requirements.txt installed (once; again when the
requirements change)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
VENV = ROOT / "var" / "bench-peer-venv"
REQUIREMENTS = Path(__file__).with_name("requirements.txt")


def python() -> Path:
    """The peer venv's python, installing it first when needed."""
    exe = VENV / "bin" / "python"
    stamp = VENV / ".installed"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if exe.exists() and stamp.exists() and stamp.read_text() == wanted:
        return exe
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(exe), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(wanted)
    return exe


if __name__ == "__main__":
    print(python())
