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
import sqlite3
import sys
import time
from functools import lru_cache
from pathlib import Path

from .versions import library_version

CACHE_DIR = ".cache"
SITEGEN = Path(__file__).resolve().parent
CHECKSUM_BYTES = 32
DATABASE = "entries.sqlite"
BATCH = 64  # entries waiting in memory at most (each page's HTML is a few kilobytes)
BUSY_SECONDS = 30  # how long to wait for another process writing to the cache (a preview and a build)
DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")  # the file itself is bad, not just busy, full or read-only
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


def cache_key(kind, inputs):
    """What the disk cache files a value of `kind` made from `inputs` under, for this generator."""
    return digest(generator_version(), kind, inputs)


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
    """Values filed in .cache/entries.sqlite under (kind, key); anything unreadable counts as not there.

    One SQLite file, not a file an entry: making a file costs this disk about 0.65 ms, and a cold
    1,000-page build filed 2,000 entries (1.3 s); SQLite writes a batch of entries in one transaction
    (about 0.06 ms an entry). Entries wait in memory, BATCH at most, until flush() writes them: each
    build, and each worker task, ends with one. A connection is never used across fork: a forked
    worker opens its own. A database that cannot be read is deleted and started again."""

    def __init__(self, root):
        self.folder = Path(root) / CACHE_DIR
        self.pid = os.getpid()  # the process the connection and the waiting entries belong to
        self.database = None    # the connection, opened on first use; False when the cache cannot be used
        self.pending = {}       # (kind, key) → entry bytes, not yet written
        self.used = set()       # (kind, key) of entries found, last used before today

    def __getstate__(self):
        """What a worker is sent: the folder, never a connection or the entries waiting to be written."""
        return {"folder": self.folder, "pid": None, "database": None, "pending": {}, "used": set()}

    def get(self, kind, key):
        """Return the value filed under `key`, or None when there is none to trust."""
        self.own()
        data = self.pending.get((kind, key))
        if data is None:
            row = self.query("SELECT value, used FROM entries WHERE kind = ? AND key = ?", (kind, key))
            if row is None:
                return None
            data, used = row
            if used < today_number():
                self.used.add((kind, key))  # not to be pruned: written with the next batch
        try:
            if hashlib.sha256(data[CHECKSUM_BYTES:]).digest() == data[:CHECKSUM_BYTES]:
                return pickle.loads(data[CHECKSUM_BYTES:])
        except Exception:  # a damaged or foreign entry: unpickling can raise almost anything
            pass
        self.pending.pop((kind, key), None)
        self.query("DELETE FROM entries WHERE kind = ? AND key = ?", (kind, key))
        return None

    def has(self, kind, key):
        """Whether an entry is filed under `key` (get() still checks it)."""
        self.own()
        return (kind, key) in self.pending or \
            self.query("SELECT 1 FROM entries WHERE kind = ? AND key = ?", (kind, key)) is not None

    def put(self, kind, key, value):
        """File `value` under `key`: kept in memory, written with the next batch."""
        self.own()
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.pending[(kind, key)] = hashlib.sha256(payload).digest() + payload
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self):
        """Write the entries waiting in memory, in one transaction (a read-only or full disk keeps none)."""
        self.own()
        if not self.pending and not self.used:
            return
        today = today_number()
        rows = [(kind, key, data, today) for (kind, key), data in self.pending.items()]
        used = [(today, kind, key) for kind, key in self.used]
        self.pending, self.used = {}, set()
        connection = self.connection()
        if connection is None:
            return
        try:
            with connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)
                connection.executemany("UPDATE entries SET used = ? WHERE kind = ? AND key = ?", used)
        except sqlite3.Error as error:
            self.failed(error)

    def close(self):
        """Write what is waiting and close the database (a later use opens it again)."""
        self.flush()
        if self.database:
            self.database.close()
        self.database = None

    def own(self):
        """In a forked worker, forget the parent's connection and waiting entries: the worker opens its own."""
        if self.pid != os.getpid():
            self.pid, self.database, self.pending, self.used = os.getpid(), None, {}, set()

    def query(self, sql, parameters):
        """Run one statement; return its first row, or None (also when the database cannot be read)."""
        connection = self.connection()
        if connection is None:
            return None
        try:
            return connection.execute(sql, parameters).fetchone()
        except sqlite3.Error as error:
            self.failed(error)
            return None

    def connection(self):
        """This process's connection, opened on first use; None when the cache cannot be used."""
        self.own()
        if self.database is None:
            self.database = self.open() or False
        return self.database or None

    def open(self):
        """Open (making it if need be) the database; one that is not a database is deleted and made again."""
        for attempt in range(2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.mark_ignored()
                connection = sqlite3.connect(self.folder / DATABASE, timeout=BUSY_SECONDS,
                                             isolation_level=None, check_same_thread=False)  # the preview's threads take turns
            except (OSError, sqlite3.Error):
                return None  # e.g. a read-only disk: no cache, the same site
            try:
                connection.execute("PRAGMA journal_mode = WAL")  # readers and one writer at once: a preview and a build
                connection.execute("PRAGMA synchronous = OFF")  # a lost entry is made again; a damaged file is deleted
                connection.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT, key TEXT, value BLOB, used INTEGER,"
                                   " PRIMARY KEY (kind, key))")
                return connection
            except sqlite3.Error as error:
                connection.close()
                if attempt or getattr(error, "sqlite_errorname", None) not in DAMAGED:
                    return None  # e.g. locked for longer than BUSY_SECONDS: no cache this time, the same site
                self.delete_database()
        return None

    def failed(self, error):
        """After an SQLite error, a damaged database is deleted, so that the next use starts an empty one;
        any other (locked too long, disk full, read-only) costs only what this use would have read or kept."""
        if getattr(error, "sqlite_errorname", None) in DAMAGED:
            if self.database:
                self.database.close()
            self.database, self.pending, self.used = None, {}, set()
            self.delete_database()

    def delete_database(self):
        """Delete the database and SQLite's files beside it."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                (self.folder / f"{DATABASE}{suffix}").unlink()
            except OSError:
                pass

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
        self.query("DELETE FROM entries WHERE used < ?", (today_number(now) - PRUNE_AFTER_DAYS,))
        for path in self.folder.glob("*/*"):  # Pagefind's bundles, one file each
            try:
                if now - path.stat().st_mtime > PRUNE_AFTER_DAYS * DAY:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()  # a bundle kept by an older generator is a folder
            except OSError:
                pass
        try:
            marker.touch()
            os.utime(marker, (now, now))
        except OSError:
            pass

    def folder_for_bundles(self):
        """The folder Pagefind's bundles are kept in, beside the other entries (search.BundleCache)."""
        try:
            self.folder.mkdir(exist_ok=True)
            self.mark_ignored()
        except OSError:
            pass
        return self.folder

    def mark_ignored(self):
        """Keep the cache out of version control even where .gitignore does not mention it."""
        marker = self.folder / ".gitignore"
        if not marker.exists():
            marker.write_text("*\n", encoding="utf-8")


def today_number(now=None):
    """Days since 1970: when an entry was last used, to the day (enough for pruning, and rarely written)."""
    return int((time.time() if now is None else now) // DAY)


class NoCache:
    """The cache `--no-cache` uses: finds nothing, keeps nothing."""

    def get(self, kind, key):
        """Nothing is ever there."""
        return None

    def prune(self, now=None):
        """Nothing to prune."""

    def folder_for_bundles(self):
        """No Pagefind bundles are kept: no folder."""
        return None

    def has(self, kind, key):
        """Nothing is ever there."""
        return False

    def put(self, kind, key, value):
        """Keep nothing."""

    def flush(self):
        """Nothing to write."""

    def close(self):
        """Nothing to close."""
