"""Which files in the project the build may read, and reading them safely.

Only regular files inside the project are read: a symbolic link pointing outside it, a
named pipe or a device is an error naming it (a link to /proc/self/environ must never be
published, and reading a pipe would wait for ever). Files that editing programs and
operating systems leave beside ours are skipped everywhere: the build and the preview
both ask `is_temporary_file()`.
"""

import fnmatch
import os
import re
import stat
import unicodedata
from pathlib import Path

from .constants import INVISIBLE_CHARACTERS, UNUSUAL_SPACES
from .problems import ERROR, WARNING, Problem

# A file changed this soon before we read it may change again without its time or size
# changing (timestamps are coarse: 1-2 s on some file systems), so it is read again ("racy git").
RACY_NS = 2_000_000_000

# Editors' lock, swap and backup files, and the files macOS and Windows leave in folders.
TEMPORARY_FILES = (".#*", "#*#", "*~", ".*.sw[a-p]", "._*", "~$*", ".DS_Store", "Thumbs.db", "desktop.ini")
TEMPORARY_NAME = re.compile("|".join(fnmatch.translate(pattern) for pattern in TEMPORARY_FILES))  # one match a file
MAX_FILE_BYTES = {".md": 128 * 1024, ".yaml": 2 * 1024 * 1024}  # far above any real page or data file
# C0 and C1 controls (not tab, newline or carriage return), and the bidirectional overrides that can
# make text read differently from how it is stored.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
INVISIBLE = re.compile(f"[{INVISIBLE_CHARACTERS}]")
UNSEEN = re.compile(f"[{INVISIBLE_CHARACTERS}{UNUSUAL_SPACES}]")
ASK_FOR_HELP = "ask the site's maintainers if you do not know why it is there"
INPUT_FOLDERS = ("content", "data", "templates", "static")  # everything a build reads, the generator aside


class Unreadable(Exception):
    """A file the build may not or cannot read; carries the Problem to report."""

    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = problem


def is_temporary_file(name):
    """Whether a file name is one an editing program or operating system leaves beside ours."""
    return TEMPORARY_NAME.match(name) is not None


def shown_path(path, root):
    """Return `path` relative to the project folder, as messages show it."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


def inside(path, root):
    """Whether `path`, with every link followed, is inside the project folder and not in a hidden folder such as .git."""
    try:
        real = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    root = Path(root).resolve()
    if real != root and root not in real.parents:
        return False
    return not any(part.startswith(".") for part in real.relative_to(root).parts[:-1])


def project_files(root, folder):
    """Return (regular files under root/folder, sorted; problems with anything else found there)."""
    root, top = Path(root), Path(root) / folder
    files, problems, seen = [], [], set()
    if not top.is_dir():
        return files, problems
    if top.is_symlink() and not inside(top, root):
        return files, [entry_problem(top, root, folder=True)]
    waiting = [top]  # folders still to read, the next last: depth first, in name order
    while waiting:
        parent = waiting.pop()
        real = os.path.realpath(parent)
        if real in seen:  # a link back up the tree would walk for ever
            continue
        seen.add(real)
        try:
            with os.scandir(parent) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue  # gone, or not readable: as os.walk, which this replaced, looks no further
        below = []
        for entry in entries:
            if entry.is_dir():  # a link to a folder too, as os.walk(followlinks=True) sees it
                problem = entry_problem(entry.path, root, folder=True) if entry.is_symlink() else None
                problems += [problem] if problem else []
                below += [] if problem else [parent / entry.name]
        for entry in entries:
            if entry.is_dir() or is_temporary_file(entry.name):
                continue
            # The usual case, an ordinary file, is told by the folder listing itself, without a call per file.
            ordinary = entry.is_file(follow_symlinks=False) and os.access(entry.path, os.R_OK)
            problem = None if ordinary else entry_problem(entry.path, root)
            if problem:
                problems.append(problem)
            else:
                files.append(known_path(entry.path))
        waiting += reversed(below)
    return sorted(files), problems


KNOWN_PATHS = {}  # text → Path, for every file project_files() has listed in this process


def known_path(text):
    """The Path of a file, the same object each time: a Path works out its text, hash and parts once, and a
    rebuild at 1,000 pages made, sorted and looked up new Paths for about 5 ms."""
    found = KNOWN_PATHS.get(text)
    if found is None:
        if len(KNOWN_PATHS) >= 100_000:  # a bound, for a preview left running while files come and go
            KNOWN_PATHS.clear()
        found = KNOWN_PATHS[text] = Path(text)
    return found


def entry_problem(path, root, folder=False):
    """Return the Problem with one entry of a watched folder, or None when the build may read it."""
    mode = os.lstat(path).st_mode  # one call for the usual case, a file that is not a link
    if stat.S_ISLNK(mode):
        target = os.readlink(path)
        if not os.path.exists(path):
            return Problem(ERROR, shown_path(path, root), None, f"this symbolic link points to nothing (it points to '{target}')",
                           "delete the link, or put the real file here")
        if not inside(path, root):
            return Problem(ERROR, shown_path(path, root), None, f"this symbolic link points outside the project (to '{target}'), "
                           "and the build reads only the project's own files, never those in hidden folders such as .git",
                           "copy the file into the project instead of linking to it, or delete the link")
        mode = os.stat(path).st_mode
    if folder:
        return None
    if not stat.S_ISREG(mode):
        return Problem(ERROR, shown_path(path, root), None, "this is not an ordinary file (it is a pipe, socket or device), "
                       "so the build cannot read it", f"delete it; {ASK_FOR_HELP}")
    if not os.access(path, os.R_OK):
        return read_problem(shown_path(path, root), PermissionError(13, "Permission denied"))
    return None


def read_project_bytes(path, root):
    """Return the bytes of a regular file inside the project; raise Unreadable with the reason when it is not one."""
    where = shown_path(path, root)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise Unreadable(Problem(ERROR, where, None, "this file is missing", "restore it from the last published version"))
    except OSError as error:
        raise Unreadable(read_problem(where, error))
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable(Problem(ERROR, where, None, "this should be a file, but it is a folder",
                                 "rename or move the folder, and put the file back"))
    problem = entry_problem(Path(path), root)
    if problem:
        raise Unreadable(problem)
    limit = MAX_FILE_BYTES.get(Path(path).suffix)
    if limit and info.st_size > limit:
        raise Unreadable(Problem(ERROR, where, None, f"this file is too big: {info.st_size // 1024} kB, "
                                 f"where at most {limit // 1024} kB is allowed", "split it into smaller files"))
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise Unreadable(read_problem(where, error))


def read_problem(where, error):
    """Describe a file the system would not let the build read."""
    reason = error.strerror or type(error).__name__
    return Problem(ERROR, where, None, f"this file cannot be read ({reason})",
                   "make it readable by the person or program running the build (for example: chmod a+r), "
                   "or restore it from the last published version")


def decode_text(data, where):
    """Decode UTF-8 bytes; raise Unreadable naming the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise Unreadable(Problem(ERROR, where, line, f"this file is not UTF-8 text ({error.reason}): "
                                 f"byte 0x{data[error.start]:02x} at column {column} is not part of any letter",
                                 "save the file as UTF-8 (in most editors: Save as, then Encoding: UTF-8)"))


def read_project_text(path, root):
    """Return the text of a regular UTF-8 file inside the project; raise Unreadable when it is not one."""
    return decode_text(read_project_bytes(path, root), shown_path(path, root))


def control_character_problems(text, where, first_line=1):
    """Return a Problem at the line of each invisible control character (they must never reach a page)."""
    problems = []
    for number, line in enumerate(text.split("\n"), first_line):
        match = CONTROL_CHARACTERS.search(line)
        if match:
            problems.append(Problem(ERROR, where, number, f"this line holds an invisible control character "
                                    f"(U+{ord(match.group()):04X}) at column {match.start() + 1}; "
                                    "expected only letters, digits, spaces and punctuation",
                                    "delete it and type that part again (it often comes from copying out of a PDF)"))
    return problems


def invisible_character_problems(text, where):
    """Warn at each line holding a character that shows as nothing, such as a zero-width space or a soft hyphen."""
    problems = []
    if not INVISIBLE.search(text, 1):  # nearly every file: one search
        return problems
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):  # a byte order mark may start a file
        match = INVISIBLE.search(line)
        if match:
            before = line[:match.start()].strip()[-20:]
            problems.append(Problem(WARNING, where, number, f"this line holds an invisible character, {character_named(match.group())}, "
                                    f"at column {match.start() + 1}" + (f", after '{visible(before)}'" if before else ""),
                                    "delete it (put the cursor just after it and press Backspace): search cannot find "
                                    "a word with one inside, and a link with one goes nowhere"))
    return problems


def character_named(char):
    """Name an unusual character for a message: 'a zero width space (U+200B)'."""
    name = unicodedata.name(char, "character").lower()
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name} (U+{ord(char):04X})"


def visible(text):
    """`text` for a message, each invisible character or unusual space in it shown by its code, like [U+200B]."""
    return UNSEEN.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


def folder_problems(root):
    """Return problems with what lies in the project's folders other than content/ (load_pages checks that)."""
    problems = []
    for folder in INPUT_FOLDERS:
        if folder == "content":
            continue
        files, found = project_files(root, folder)
        problems += found
        if folder == "static":
            problems += [p for path in files for p in static_name_problems(path, root) + picture_problems(path, root)]
    return problems


LARGEST_PICTURE = 100_000  # bytes: two seconds on a poor phone signal (about 50 kB a second)
PICTURE_STARTS = {  # what the first bytes of each kind of picture are, as browsers read them
    ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",), ".avif": (b"\0\0\0",), ".svg": (b"<",),
}


def picture_problems(path, root):
    """A picture must be what its name says, or browsers show a broken image; a heavy one keeps readers waiting."""
    kind = path.suffix.lower()
    if kind not in PICTURE_STARTS:
        return []
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            start = file.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return []  # project_files reports a file that cannot be read
    where = shown_path(path, root)
    if not start.startswith(PICTURE_STARTS[kind]) or (kind == ".svg" and b"<svg" not in start and b"<!--" not in start):
        return [Problem(ERROR, where, None, f"this file is named as a {kind[1:].upper()} picture, but it is not one, "
                        "so readers would see a broken picture", f"save the picture again as {kind[1:].upper()}, or name it for what it is")]
    if size > LARGEST_PICTURE:
        return [Problem(WARNING, where, None, f"this picture is {size // 1000:,} kB, more than the {LARGEST_PICTURE // 1000} kB that "
                        "a phone on a poor signal fetches in two seconds",
                        "make it smaller: about 1,000 pixels wide, saved as JPEG for a photo or PNG for a drawing")]
    return []


def static_name_problems(path, root):
    """A static file's name is part of its web address: letters, digits, '-', '_' and '.' only."""
    name = path.relative_to(Path(root) / "static").as_posix()
    bad = sorted(set(re.sub(r"[A-Za-z0-9._/-]", "", name)))
    if not bad:
        return []
    shown = ", ".join("a space" if c == " " else f"'{c}'" for c in bad)
    return [Problem(ERROR, shown_path(path, root), None, f"the file name is part of its web address, so it may hold "
                    f"only letters, digits, '-', '_' and '.', but it holds {shown}",
                    "rename it with hyphens between words, like travel-map.png")]
