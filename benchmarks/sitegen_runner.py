#!/usr/bin/env python3
"""Run `build.py` on another project folder: `sitegen_runner.py FOLDER [build.py options]`.

build.py always builds the project it sits in; the benchmark needs the same command, as a
process, on generated sites in a temporary folder.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen import cli  # noqa: E402

if __name__ == "__main__":
    cli.ROOT = Path(sys.argv[1]).resolve()
    sys.exit(cli.main(sys.argv[2:]))
