"""Write the rendered site: the only step that touches the output folder."""

import os
import shutil
import tempfile
from pathlib import Path


class UnsafePath(Exception):
    """An output path would land outside the output folder."""


def safe_join(folder, relative):
    """Join `relative` onto `folder`, refusing paths that escape it."""
    target = (folder / relative).resolve()
    if target != folder.resolve() and folder.resolve() not in target.parents:
        raise UnsafePath(f"refusing to write outside {folder}: {relative}")
    return target


def write_site(outputs, static_dir, out, before_swap=None):
    """Write static files and outputs to a new folder beside `out`, call `before_swap` on it, then swap it in."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        if Path(static_dir).is_dir():
            shutil.copytree(static_dir, staging, dirs_exist_ok=True)
        for relative, content in sorted(outputs.items()):
            target = safe_join(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if before_swap:
            before_swap(staging)
        os.chmod(staging, 0o755)
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_in(staging, out):
    """Replace `out` with `staging`, keeping the old folder until the new one is in place."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    staging.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
