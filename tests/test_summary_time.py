"""The summary line says how long the person waited: the whole process, start-up included."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_process(*argv, before=""):
    """Run build.py's main in a new process (after the Python statement `before`); return its stderr."""
    script = f"import sys; {before}; from sitegen.cli import main; sys.exit(main(sys.argv[1:]))" if before else None
    command = [sys.executable, "-c", script, *argv] if script else [sys.executable, str(REPO / "build.py"), *argv]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True).stderr


def test_summary_counts_the_whole_process_not_just_the_build(tmp_path):
    err = run_process("--out", str(tmp_path / "site"), before="import time; time.sleep(1.0)")
    seconds = float(err.strip().splitlines()[-1].split(" in ")[1].split("s")[0])
    assert seconds >= 1.0
