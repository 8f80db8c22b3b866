"""Installed libraries' versions, read without importing them or importlib.metadata (both cost a warm build time)."""

import importlib.util
import os
from pathlib import Path


def library_version(module, distribution):
    """An installed library's version, read from its metadata folder's name (importlib.metadata takes longer)."""
    spec = importlib.util.find_spec(module)  # finds the library without running it
    if spec is None or not spec.origin:
        return f"{distribution}=none"
    folder = Path(spec.origin).parent.parent
    prefix = distribution.lower().replace("-", "_") + "-"
    found = sorted(name for name in os.listdir(folder) if name.lower().startswith(prefix) and name.endswith(".dist-info"))
    return "|".join(found) or f"{distribution}={spec.origin}"
