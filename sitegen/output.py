"""Write the rendered site: the only step that touches the output folder.

The output folder is replaced whole on every build, so the build writes only into a folder
that is new, empty, or one it made itself (it leaves STAMP in each); never into a folder of
the project, a git checkout or anything else that happens to be there (issue 11).
"""

import functools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import MutableMapping
from pathlib import Path

from .files import project_files

# A '/** … */' note on a line of its own in a script: for whoever edits the script, not for readers to download
# (two fifths of the finder's scripts, gzipped). tests/test_build.py checks that every one starts its line.
DOC_COMMENT = re.compile(rb"^[ \t]*/\*\*.*?\*/[ \t]*\r?\n", re.S | re.M)
STAMP = ".sitegen-output"
STAMP_TEXT = ("This folder was made by the site generator (python build.py).\n"
              "Every build replaces all of it: keep nothing here that you want to keep.\n")


class UnsafePath(Exception):
    """An output path would land outside the output folder."""


def safe_join(folder, relative):
    """Join `relative` onto `folder`, refusing paths that escape it."""
    target = (folder / relative).resolve()
    if target != folder.resolve() and folder.resolve() not in target.parents:
        raise UnsafePath(f"refusing to write outside {folder}: {relative}")
    return target


def out_refusal(out, root, default):
    """Return why the build must not replace `out` (a sentence), or None when it may."""
    out, root, default = Path(os.path.abspath(out)), Path(root).resolve(), Path(default).resolve()
    if out.is_symlink():
        return f"--out {out} is a symbolic link; give the folder it points to instead"
    out = out.resolve()
    if out == root or out in root.parents:
        return f"--out {out} holds the project itself, so building there would replace the project's own files"
    made_by_us = out == default or (out / STAMP).is_file()
    if root in out.parents and not made_by_us and (out.exists() or out.parent != root):
        return (f"--out {out} would replace the project's own files; "
                f"choose a new folder, or one the generator made (it holds {STAMP})")
    if out.exists() and not out.is_dir():
        return f"--out {out} is a file, not a folder; the build would replace it"
    above = next(parent for parent in out.parents if parent.exists())
    if not above.is_dir():
        return f"--out {out} cannot be made: {above} is a file, not a folder"
    if out.exists() and not made_by_us and any(out.iterdir()):
        return (f"--out {out} is not empty and was not made by this generator (it has no {STAMP} file), "
                "so building there would delete what it holds; choose a new or empty folder")
    return None


class StagedSite(MutableMapping):
    """{output path: bytes}, kept on disk in a new folder beside `out`, which replaces `out` only on commit().

    Each file goes to disk as soon as it is made, so memory does not grow with the site (issue 13);
    a build that fails or is interrupted deletes the new folder, leaving the old site as it was.

    A file with the very bytes of the old site's file at the same path is that file, hard-linked, not
    written again: the old site's copy is then deleted without freeing its disk space. Freeing it is what
    deleting costs on a disk that returns freed space to its host (about 0.16 ms a file here, so 0.8 s for
    5,000 pages; a link is 0.02 ms)."""

    def __init__(self, static_dir, out):
        self.out = Path(out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-new-", dir=self.out.parent))
        self.sizes = {}  # output path → bytes written (outputs only; static files are not listed)
        self.folders = set()  # folders already made in the new folder
        self.earlier = None  # {path: size} of the old site's own files, read when the first file is written
        try:
            for relative, content in static_files(Path(static_dir)):
                self.write(relative, content)  # outputs written later win
        except BaseException:
            self.discard()
            raise

    def __setitem__(self, relative, content):
        self.write(relative, content)
        self.sizes[relative] = len(content)

    def write(self, relative, content):
        """Put `content` at `relative` in the new folder: the old site's file when it holds the same bytes."""
        # os.path, not pathlib: this runs once a page, and nothing but the build has written into the new folder,
        # so it holds no symbolic link that could lead a normalised path out of it.
        target = os.path.normpath(os.path.join(self.folder, relative))
        if not target.startswith(os.path.join(self.folder, "")):
            raise UnsafePath(f"refusing to write outside {self.out}: {relative}")
        parent = os.path.dirname(target)
        if parent not in self.folders:
            os.makedirs(parent, exist_ok=True)
            self.folders.add(parent)
        if not self.link_earlier(os.path.normpath(relative), target, content):
            with open(target, "wb") as file:
                file.write(content)

    def link_earlier(self, relative, target, content):
        """Hard-link the old site's file at `relative` to `target` if it holds `content`; return whether it did."""
        if self.earlier is None:
            self.earlier = own_files(self.out)
        if self.earlier.get(relative) != len(content):
            return False
        earlier = os.path.join(self.out, relative)
        try:
            with open(earlier, "rb") as file:
                if file.read() != content:
                    return False
        except OSError:  # changed meanwhile: written anew
            return False
        try:
            os.link(earlier, target, follow_symlinks=False)
        except OSError:  # a disk without hard links, or the site on a disk of its own: every file is written anew
            self.earlier = {}
            return False
        return True

    def __getitem__(self, relative):
        if relative not in self.sizes:
            raise KeyError(relative)
        return (self.folder / relative).read_bytes()

    def __delitem__(self, relative):
        del self.sizes[relative]
        (self.folder / relative).unlink()

    def __iter__(self):
        return iter(sorted(self.sizes))

    def __len__(self):
        return len(self.sizes)

    def commit(self):
        """Put the new folder in place of the old site."""
        (self.folder / STAMP).write_text(STAMP_TEXT, encoding="utf-8")
        os.chmod(self.folder, 0o755)
        swap_in(self.folder, self.out)
        self.folder = self.out

    def discard(self):
        """Delete the new folder (the old site stays as it was)."""
        if self.folder != self.out:
            remove_tree(self.folder)

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if kind is not None:
            self.discard()


def static_files(static_dir):
    """Yield (path, bytes) of the static files the build publishes: regular files inside the project, no editors' leftovers."""
    for path in project_files(static_dir.parent, static_dir.name)[0]:
        yield path.relative_to(static_dir).as_posix(), published(path.name, path.read_bytes())


def own_files(folder):
    """{path: size} of the regular files under `folder` that are ours to link: reached through no symbolic link
    (a link could lead out of the folder), and owned by this user (a link keeps the file's owner)."""
    found, user, top = {}, getattr(os, "getuid", lambda: None)(), len(os.path.join(folder, ""))
    if os.path.islink(folder):
        return found
    for parent, dirs, files in os.walk(folder):  # os.walk does not follow links to folders
        for name in files:
            path = os.path.join(parent, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and (user is None or info.st_uid == user):
                found[path[top:]] = info.st_size  # as os.path.relpath() gives it, which is slower
    return found


def published(name, data):
    """The bytes the site publishes for a static file of this name: a script without its doc comments."""
    return without_doc_comments(data) if name.endswith(".js") else data


@functools.lru_cache(maxsize=64)
def without_doc_comments(script):
    """A script without its doc comments, worked out once per process (the preview asks again on every rebuild)."""
    return DOC_COMMENT.sub(b"", script)


def swap_in(staging, out):
    """Replace `out` with `staging`, keeping the old folder until the new one is in place."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    staging.rename(out)
    if old:
        remove_tree(old)


def remove_tree(folder):
    """Delete a folder we made, even where its folders are read-only (as when another user built it)."""
    shutil.rmtree(folder, ignore_errors=True)
    if os.path.lexists(folder):
        make_removable(folder)
        shutil.rmtree(folder, ignore_errors=True)


def make_removable(folder):
    """Give us read, write and search permission on `folder` and every folder inside it."""
    try:
        os.chmod(folder, stat.S_IRWXU)
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            make_removable(entry.path)
