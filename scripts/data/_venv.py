"""Run a data generator inside its own virtual environment.

The generators need a few PyPI packages (see requirements.txt). Rather than
touch the system Python, `ensure_venv()` creates `target/data-venv` at the
repository root the first time, installs the pinned requirements, and re-runs
the calling script with that interpreter. `COPYDESK_DATA_VENV` overrides the
location (any directory; a temporary one works).
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REQUIREMENTS = HERE / "requirements.txt"


def venv_dir() -> Path:
    return Path(os.environ.get("COPYDESK_DATA_VENV", REPO / "target" / "data-venv"))


def ensure_venv() -> None:
    """Re-exec the running script under the data venv, creating it if needed."""
    venv = venv_dir()
    python = venv / "bin" / "python"
    if Path(sys.prefix).resolve() == venv.resolve():
        return
    stamp = venv / ".requirements"
    wanted = REQUIREMENTS.read_text(encoding="utf-8")
    if not python.exists() or not stamp.exists() or stamp.read_text(encoding="utf-8") != wanted:
        print(f"[data] setting up {venv} from {REQUIREMENTS.name}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "-r", str(REQUIREMENTS)],
            check=True,
        )
        stamp.write_text(wanted, encoding="utf-8")
    os.execv(str(python), [str(python), *sys.argv])


def package_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def debian_package_version(name: str) -> str:
    """Version of an installed Debian package, or raise with an install hint."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", name],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    if not out:
        sys.exit(f"[data] Debian package {name!r} is missing: run `apt-get install {name}` first")
    return out
