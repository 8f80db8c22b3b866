"""The build cache in .cache/: what a step made, filed under a hash of everything it was made from.

A key is a hash of the step's inputs and of the generator itself (its code and the versions of
the libraries that shape the output), so an entry can only ever be found by the very inputs that
made it: nothing is invalidated by hand, and a stale entry is simply never asked for. Each entry
starts with a hash of its own bytes; one that does not match, or does not load, is a miss, is
deleted and is made again. The folder is safe to delete at any time; `--no-cache` ignores it.
Entries no build has used for PRUNE_AFTER_DAYS are deleted (looked for at most once a day),
so the folder does not grow with every edit.
"""

import dataclasses
import datetime
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from .versions import library_version

CACHE_DIR = ".cache"
SITEGEN = Path(__file__).resolve().parent
CHECKSUM_BYTES = 32
PRUNE_AFTER_DAYS = 14
DAY = 24 * 60 * 60
OUTPUT_LIBRARIES = (("jinja2", "Jinja2"), ("markupsafe", "MarkupSafe"), ("markdown", "Markdown"), ("yaml", "PyYAML"))


@lru_cache(maxsize=None)
def generator_version():
    """A hash of this generator's code and of the libraries that shape its output."""
    # Versions from the packages' metadata: importing them would cost a warm build what the cache saves.
    versions = "|".join(library_version(module, name) for module, name in OUTPUT_LIBRARIES)
    digest = hashlib.sha256(f"{sys.version}|{versions}".encode())
    for path in sorted(SITEGEN.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest(*parts):
    """A hex hash of values, the same in every process (sets and mappings are hashed in order)."""
    hasher = hashlib.sha256()
    for part in parts:
        feed(hasher, part)
    return hasher.hexdigest()


def page_entry_key(base, relative, data):
    """The key a loaded page is filed under: `base` (a hash of the generator, the base path and the layout's
    ids), the page file's path under the project, and its bytes."""
    return digest(base, relative, data)


def feed(hasher, value):
    """Add one value to a hash, tagged by its type so that different values never hash alike."""
    if isinstance(value, bytes):
        hasher.update(b"b%d:" % len(value) + value)
    elif isinstance(value, str):
        feed(hasher, value.encode("utf-8", "surrogatepass"))
    elif value is None or isinstance(value, (bool, int, float, datetime.date)):
        hasher.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, (tuple, list)):
        hasher.update(b"(%d" % len(value))
        for item in value:
            feed(hasher, item)
    elif isinstance(value, (set, frozenset)):
        feed(hasher, ("set", sorted(digest(item) for item in value)))
    elif isinstance(value, dict):
        feed(hasher, ("dict", type(value).__name__, sorted((digest(k), digest(v)) for k, v in value.items())))
    elif dataclasses.is_dataclass(value):
        fields = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
        feed(hasher, ("dataclass", type(value).__qualname__, fields))
    elif isinstance(value, Path):
        feed(hasher, ("path", str(value)))
    else:
        raise TypeError(f"cannot hash a {type(value).__name__} for the build cache")


class DiskCache:
    """Values filed in `.cache/<kind>/` under a key; anything unreadable counts as not there."""

    def __init__(self, root):
        self.folder = Path(root) / CACHE_DIR

    def get(self, kind, key):
        """Return the value filed under `key`, or None when there is none to trust."""
        path = self.path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        payload = data[CHECKSUM_BYTES:]
        try:
            if hashlib.sha256(payload).digest() == data[:CHECKSUM_BYTES]:
                value = pickle.loads(payload)
                os.utime(path)  # used: not to be pruned
                return value
        except Exception:  # a half-written or foreign file: unpickling can raise almost anything
            pass
        self.forget(path)
        return None

    def has(self, kind, key):
        """Whether an entry is filed under `key` (get() still checks it)."""
        return self.path(kind, key).is_file()

    def put(self, kind, key, value):
        """File `value` under `key` (written whole, then renamed into place, so no reader sees half)."""
        path = self.path(kind, key)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.mark_ignored()
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".new-")
            with os.fdopen(handle, "wb") as file:
                file.write(hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only or full disk makes the cache useless, not the build wrong

    def prune(self, now=None):
        """Delete entries unused for PRUNE_AFTER_DAYS; look at most once a day (a marker file says when)."""
        now = time.time() if now is None else now
        marker = self.folder / ".pruned"
        try:
            if now - marker.stat().st_mtime < DAY:
                return
        except OSError:
            if not self.folder.is_dir():
                return
        for path in self.folder.glob("*/*"):
            try:
                if now - path.stat().st_mtime > PRUNE_AFTER_DAYS * DAY:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()  # a Pagefind bundle is a folder
            except OSError:
                pass
        try:
            marker.touch()
            os.utime(marker, (now, now))
        except OSError:
            pass

    def bundles(self):
        """The Pagefind bundles kept beside the other entries (sitegen/search.py)."""
        from .search import BundleCache

        try:
            self.folder.mkdir(exist_ok=True)
            self.mark_ignored()
        except OSError:
            pass
        return BundleCache(self.folder)

    def path(self, kind, key):
        """Where the entry for `key` lives."""
        return self.folder / kind / key  # one folder a kind: each extra folder costs a build time to make

    def mark_ignored(self):
        """Keep the cache out of version control even where .gitignore does not mention it."""
        marker = self.folder / ".gitignore"
        if not marker.exists():
            marker.write_text("*\n", encoding="utf-8")

    @staticmethod
    def forget(path):
        """Delete an entry that cannot be trusted."""
        try:
            path.unlink()
        except OSError:
            pass


class NoCache:
    """The cache `--no-cache` uses: finds nothing, keeps nothing."""

    def get(self, kind, key):
        """Nothing is ever there."""
        return None

    def prune(self, now=None):
        """Nothing to prune."""

    def bundles(self):
        """No Pagefind bundles are kept."""
        return None

    def has(self, kind, key):
        """Nothing is ever there."""
        return False

    def put(self, kind, key, value):
        """Keep nothing."""
