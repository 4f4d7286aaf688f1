"""Run a bench or training script inside its own virtual environment.

`ensure_venv()` creates `target/bench-venv` at the repository root the first time, installs
the pinned requirements (requirements.txt next to this file) from PyPI, and re-runs the calling
script with that interpreter. `COPYDESK_BENCH_VENV` overrides the location.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REQUIREMENTS = HERE / "requirements.txt"


def venv_dir() -> Path:
    return Path(os.environ.get("COPYDESK_BENCH_VENV", REPO / "target" / "bench-venv"))


def ensure_venv() -> None:
    """Re-exec the running script under the bench venv, creating it if needed."""
    venv = venv_dir()
    python = venv / "bin" / "python"
    if Path(sys.prefix).resolve() == venv.resolve():
        return
    stamp = venv / ".requirements"
    wanted = REQUIREMENTS.read_text(encoding="utf-8")
    if not python.exists() or not stamp.exists() or stamp.read_text(encoding="utf-8") != wanted:
        print(f"[bench] setting up {venv} from {REQUIREMENTS.name}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "-r", str(REQUIREMENTS)],
            check=True,
        )
        stamp.write_text(wanted, encoding="utf-8")
    os.execv(str(python), [str(python), *sys.argv])
