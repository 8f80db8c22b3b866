"""Live preview: serve the site from memory, rebuild what a save changes, reload the browser.

Only `serve()` imports livereload, tornado and watchdog, so building never needs them (MkDocs #445).
We use livereload's WebSocket handler, but not its Server: that injects an inline script,
which our Content-Security-Policy blocks, and its watcher rebuilds once per changed folder
and drops any reload within 3 seconds of the last one. (MkDocs replaced it, PR #2385, partly
because several changes made several rebuilds, #2061.) So we watch, wait for saves to settle,
rebuild in memory (never into site/) and then tell the browsers to reload. Our own browser
script, preview.js, swaps in a page's new body in place when only its words changed.
"""

import hashlib
import html
import ipaddress
import json
import logging
import mimetypes
import os
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2

from .files import INPUT_FOLDERS, Unreadable, is_temporary_file, read_project_text
from .cache import DiskCache, NoCache
from .files import RACY_NS
from .incremental import Builder, read_bytes, site_files
from .problems import ERROR, WARNING, Problem, errors_in, listed_per_file, warnings_in
from .render import NOT_FOUND, make_env
from .terminal import NOT_YOUR_EDIT, heading, report, say

log = logging.getLogger("sitegen")
POLL_SECONDS = 0.01    # how often to look for saved files, at least (a big site is looked at less often)
POLL_SHARE = 0.1       # …so that looking takes at most this share of one processor
NOTICED_POLL_SECONDS = 0.25  # where the system reports saves: looking only in case a report is lost
# Several saves in quick succession ("Save all", a checkout) make one rebuild (MkDocs #2061): where the
# system reports saves, once none has come for QUIET_SECONDS; elsewhere, once two looks SETTLE_SECONDS
# apart find the same files.
QUIET_SECONDS = 0.01
SETTLE_SECONDS = 0.02
# External, from this server: the pages' Content-Security-Policy allows no inline scripts.
CLIENT_PATH = "/livereload.js"
CLIENT = Path(__file__).with_name("preview.js")
RELOAD_SCRIPT = f'<script src="{CLIENT_PATH}" defer></script>'
SNIPPET_LINES = 2      # lines shown either side of a mistake on the error page


def serve(root, host="127.0.0.1", port=8000, base_url=None, cache=True):
    """Preview the site at http://host:port/, rebuilding and reloading the browser on every save."""
    from tornado import ioloop, netutil  # only the preview needs tornado and livereload

    try:
        sockets = netutil.bind_sockets(port, address=host)
    except OSError as error:
        say(f"Error: cannot listen on {host} port {port}: {error.strerror}.\n"
            f"    hint: is another preview still running? Stop it with Ctrl+C, or use --port {port + 1}")
        return 1
    port = sockets[0].getsockname()[1]
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    preview = Preview(root, base_url or url + "/", RELOAD_SCRIPT, cache)
    say(f"Building the preview of {root} …")
    wake = threading.Event()
    noticed = notice_saves(preview.root, wake)
    seen = scan(preview.root)  # before building, so a save made meanwhile is not missed
    preview.rebuild()
    reload_browsers = start_server(preview, sockets)
    threading.Thread(target=preview.watch, args=(reload_browsers, seen, wake, noticed is not None), daemon=True,
                     name="preview-watch").start()
    if not is_loopback(host):
        say(f"Warning: listening on {host}, so other computers on the network can open this preview.")
    say(f"Preview at {url}{preview.base_path} — it reloads when you save a file. Press Ctrl+C to stop.")
    say("Search is off in the preview (it has no index); `python build.py` builds the site with search.")
    try:
        ioloop.IOLoop.current().start()
    except KeyboardInterrupt:
        say("Stopped the preview.")
    return 0


def start_server(preview, sockets):
    """Answer HTTP and livereload's WebSocket on `sockets`; return a function that reloads every open page."""
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado import httpserver, ioloop, web

    LiveReloadHandler.watcher = Watcher()  # reload_waiters() logs its (empty) filepath; it never polls
    logging.getLogger("livereload").setLevel(logging.WARNING)
    handler = type("PreviewHandler", (web.RequestHandler,), {"get": respond_with(preview), "head": respond_with(preview)})
    reloader = reload_handler(preview, LiveReloadHandler)
    app = web.Application([(r"/livereload", reloader), (r"/.*", handler)],
                          log_function=lambda handler: None)
    httpserver.HTTPServer(app).add_sockets(sockets)
    loop = ioloop.IOLoop.current()

    def reload_open_pages():  # on tornado's thread, like every handler, so none runs in between
        preview.announced = preview.snapshot.generation
        reloader.reload_waiters("/")

    return lambda: loop.add_callback(reload_open_pages)  # from the watching thread


def reload_handler(preview, base):
    """livereload's WebSocket handler, which also reloads a page that connects after a reload it missed.

    A page that has just loaded connects only once its scripts have run; a save in that moment
    would otherwise leave it showing an out-of-date build until the next save."""

    class PreviewReloadHandler(base):
        def on_message(self, message):
            super().on_message(message)
            said = json.loads(message)
            if said.get("command") == "info" and preview.missed_reload(urlsplit(str(said.get("url", ""))).path):
                self.send_message({"command": "reload", "path": "/"})

    return PreviewReloadHandler


def respond_with(preview):
    """Return a tornado GET/HEAD method answering from the preview's files in memory."""

    def method(self):
        status, content_type, body = preview.respond(self.request.path)
        self.set_status(status)
        self.set_header("Cache-Control", cache_control(status, body, self.get_query_argument("v", None)))
        if status in (301, 302):
            self.set_header("Location", body.decode())
            return
        self.set_header("Content-Type", content_type)
        self.write(body)

    return method


def cache_control(status, body, version):
    """Let browsers keep a file whose ?v= is the hash of its content (as render.hash_assets makes it),
    so a reload fetches only the page; anything else they must ask for again (tornado's ETag answers 304)."""
    if status == 200 and version and version == hashlib.sha256(body).hexdigest()[:10]:
        return "max-age=31536000, immutable"
    return "no-cache"


def is_loopback(host):
    """Whether only this computer can reach `host`."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Snapshot:
    """What the preview serves: every file of the last good build, or the error page."""

    files: dict
    error_page: bytes | None = None
    static: frozenset = frozenset()
    generation: int = 0  # how many builds came before this one


class Preview:
    """The site in memory: rebuilt by one thread, served by another, swapped whole."""

    def __init__(self, root, base_url, script, cache=True):
        self.root = Path(root)
        # The same cache as `python build.py`: a preview started on an unchanged project renders nothing.
        self.builder = Builder(self.root, base_url, drafts=True, cache=DiskCache(self.root) if cache else NoCache())
        self.base_path = urlsplit(base_url).path or "/"
        self.script = script.encode()
        self.client = CLIENT.read_bytes()
        self.snapshot = Snapshot({})
        self.served = {}     # page path → generation of the snapshot it was last served from
        self.announced = 0   # generation of the last snapshot the open pages were told to reload for
        self.failed = self.built = False
        self.warnings = []

    def rebuild(self, reload_browsers=None):
        """Rebuild in memory and swap the result in whole; on failure, swap in the error page.

        With `reload_browsers`, where most pages must be rendered again (a template edit), the pages open in
        browsers are rendered first, swapped in and reloaded, and the rest follow."""
        self.builder.first = self.open_pages() if reload_browsers else frozenset()
        self.builder.on_first = lambda made: self.show_first(made, reload_browsers)
        try:
            result = self.builder.build()
            problems = result.problems
        except Exception as error:  # a bug in the generator: keep serving, say what happened
            log.debug("The rebuild failed:", exc_info=True)
            result, problems = None, [bug_problem(error)]
        static = site_files({}, self.root / "static")
        generation = self.snapshot.generation + 1
        if errors_in(problems):
            self.snapshot = Snapshot(static, self.error_page(problems), frozenset(static), generation)
            self.say_failed(problems)
        else:
            self.snapshot = Snapshot({**static, **result.outputs}, generation=generation)
            self.say_rebuilt(result)
        return self.snapshot

    def open_pages(self):
        """URLs of the pages served since the last reload went out: those browsers have open."""
        return frozenset(path[len(self.base_path):].removesuffix("index.html") for path, generation in tuple(self.served.items())
                         if generation >= self.announced and path.startswith(self.base_path))

    def show_first(self, made, reload_browsers):
        """Swap in the open pages, rendered before the rest of a rebuild, and reload them."""
        snapshot = self.snapshot
        if snapshot.error_page is None and any(snapshot.files.get(path) != html for path, html in made.items()):
            self.snapshot = Snapshot({**snapshot.files, **made}, generation=snapshot.generation + 1)
            reload_browsers()

    def say_failed(self, problems):
        """Tell the terminal what the error page says."""
        report(problems, strict=False)
        say("\nThe preview shows these mistakes until they are fixed; nothing was published.")
        self.failed, self.warnings = True, []

    def say_rebuilt(self, result):
        """Say the preview is up to date, and any warnings that are new."""
        if self.warnings != warnings_in(result.problems):
            self.warnings = warnings_in(result.problems)
            report(self.warnings, strict=False, listed=(WARNING,))
        back = "Fixed: the preview is back. " if self.failed else ""
        pages = result.pages + 1  # and the "page not found" page
        say(f"{back}Rebuilt the preview in {result.seconds:.2f}s ({self.builder.rendered} of {pages} pages changed)."
            if self.built else f"Built the preview in {result.seconds:.2f}s ({pages} pages).")
        self.failed, self.built = False, True

    def error_page(self, problems):
        """Render templates/error.html with the problems, or a plain page if that template is broken."""
        groups = [(heading(level, len(found), False), [shown(p, self.root) for p in listed_per_file(found)])
                  for level in (ERROR, WARNING) for found in [[p for p in problems if p.level == level]] if found]
        try:
            page = make_env(self.root / "templates").get_template("error.html")
            return page.render(groups=groups, base_path=self.base_path, asset=lambda path: self.base_path + path).encode()
        except (jinja2.TemplateError, OSError, UnicodeDecodeError, Unreadable):
            return plain_error_page(groups).encode()

    def respond(self, path):
        """Return (status, content type, body) for a request path; pages get the live-reload script
        (only the preview adds it, never the published site)."""
        snapshot = self.snapshot  # read once: a rebuild may swap it meanwhile
        path = unquote(path)
        if path == CLIENT_PATH:
            return 200, content_type(path), self.client
        status, kind, body = look_up(snapshot, self.base_path, path)
        if kind.startswith("text/html"):
            self.served[path] = snapshot.generation  # the build this page, once open, shows
            body = body.replace(b"</head>", self.script + b"</head>", 1)
        return status, kind, body

    def missed_reload(self, path):
        """Whether the page last served at `path` is older than the last reload sent to open pages."""
        return self.served.get(unquote(path), self.announced) < self.announced

    def watch(self, reload_browsers, seen, wake, noticed):
        """Rebuild once saves settle, then reload the browsers. With `noticed`, the system sets `wake` on every
        save, and a look every so often catches a lost report; without, looks find files that differ from `seen`."""
        least = NOTICED_POLL_SECONDS if noticed else POLL_SECONDS
        pause = least
        while True:
            told = wake.wait(pause) and noticed
            if told:
                wake.clear()
                while wake.wait(QUIET_SECONDS):  # reported as they happen: wait for the last
                    wake.clear()
            wake.clear()
            if not told:  # only looking can tell, or a report was lost
                started = time.perf_counter()
                now = scan(self.root)
                pause = max(least, (time.perf_counter() - started) / POLL_SHARE)
                if now == seen:
                    continue
                while not noticed:  # not reported: they have stopped when two looks agree
                    time.sleep(SETTLE_SECONDS)
                    seen, now = now, scan(self.root)
                    if now == seen:
                        break
                seen = now
            self.rebuild_and_reload(reload_browsers)
            if told:  # looked at after the rebuild, not before it (10 ms at 1,000 pages): a save meanwhile wakes it again
                seen = scan(self.root)

    def rebuild_and_reload(self, reload_browsers):
        """Rebuild, and reload the open pages when the site changed."""
        before = self.snapshot
        try:
            self.rebuild(reload_browsers)
        except Exception as error:  # keep watching: a dead thread would leave the preview stale
            say(f"Error: the preview could not be rebuilt: {type(error).__name__}: {error} ({NOT_YOUR_EDIT})")
        if self.snapshot.files != before.files or self.snapshot.error_page != before.error_page:
            reload_browsers()  # not when nothing changed: an open page its scripts changed would reload for nothing


def notice_saves(root, wake):
    """Set `wake` whenever the system reports a file made, written, moved or deleted in a watched
    folder (watchdog: inotify, FSEvents or ReadDirectoryChangesW), so saves are seen at once
    without looking a hundred times a second. Return the observer, or None where the system
    cannot report, and looking often must do."""
    from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileCreatedEvent, FileDeletedEvent,
                                 FileModifiedEvent, FileMovedEvent, FileSystemEventHandler)
    from watchdog.observers import Observer

    # Not opening and reading: every rebuild reads a hundred files or so, and hearing of each one
    # made a rebuild at 1,000 pages take 114 ms instead of 100 (watchdog's threads share the processor).
    saves = [FileCreatedEvent, DirCreatedEvent, FileModifiedEvent, FileMovedEvent, DirMovedEvent, FileDeletedEvent,
             DirDeletedEvent]
    root = Path(root).absolute()  # the events' paths start as the watched folders' do

    class Notice(FileSystemEventHandler):
        def on_any_event(self, event):
            if any(watched(path, root) for path in (event.src_path, event.dest_path)):
                wake.set()  # not for an editor's swap file, which it writes as its user types

    observer = Observer()
    observer.daemon = True
    try:
        for folder in INPUT_FOLDERS:
            if (root / folder).is_dir():
                observer.schedule(Notice(), str(root / folder), recursive=True, event_filter=saves)
        observer.start()
    except OSError:  # e.g. the system's limit on watched folders is reached
        return None
    return observer


def watched(path, root):
    """Whether a change at `path` can change the site: it is in the project, and not an editor's temporary file."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:  # no path (a move's destination, for other events)
        return False
    return bool(parts) and not is_temporary_file(parts[-1])


def look_up(snapshot, base_path, path):
    """Return (status, content type, body) for a request path from a snapshot."""
    name = path[len(base_path):] if path.startswith(base_path) else None
    if snapshot.error_page is not None and name not in snapshot.static:
        return 500, "text/html; charset=utf-8", snapshot.error_page
    files = snapshot.files
    if name is not None and (name == "" or name.endswith("/")):
        name += "index.html"
    if name in files:
        return 200, content_type(name), files[name]
    if name is not None and name + "/index.html" in files:
        return 301, "", (path + "/").encode()
    return 404, "text/html; charset=utf-8", files.get(NOT_FOUND, b"<h1>Page not found</h1>")


def scan(root):
    """Return (modified time, size) for every file in the watched folders, and the bytes of those
    changed in the last moments: a second save then may leave both as they were (see RACY_NS)."""
    found, now = {}, time.time_ns()
    for folder in INPUT_FOLDERS:
        for parent, dirs, files in os.walk(Path(root) / folder):
            dirs.sort()
            for name in files:
                if is_temporary_file(name):  # an editor's lock or swap file: the build skips it too
                    continue
                path = os.path.join(parent, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue  # deleted while we looked, or a link to nothing
                recent = now - info.st_mtime_ns < RACY_NS
                found[path] = (info.st_mtime_ns, info.st_size, read_bytes(path) if recent else None)
    return found


@dataclass(frozen=True)
class Shown:
    """A problem as the error page shows it, with the lines around it."""

    path: str
    line: int | None
    message: str
    hint: str
    snippet: tuple


def shown(problem, root):
    """Return a problem with the lines of its file around it."""
    return Shown(problem.path, problem.line, problem.message, problem.hint, snippet(root / problem.path, problem.line, root))


def snippet(path, line, root):
    """Return (number, text, is_the_line) for the lines around `line` of a file, or () if unknown.
    The file is read as the build reads it, so a link out of the project shows nothing of its target."""
    if not line:
        return ()
    try:
        lines = read_project_text(path, root).splitlines()
    except Unreadable:
        return ()
    first, last = max(1, line - SNIPPET_LINES), min(len(lines), line + SNIPPET_LINES)
    return tuple((n, keep_indent(lines[n - 1]), n == line) for n in range(first, last + 1))


def keep_indent(text):
    """Turn a line's leading spaces into no-break spaces, so HTML shows the indent YAML depends on."""
    stripped = text.lstrip(" ")
    return "\u00a0" * (len(text) - len(stripped)) + stripped


def bug_problem(error):
    """Describe a crash of the generator the way the command line does."""
    where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    return Problem(ERROR, "the generator", None, f"{type(error).__name__}: {error}"
                   + (f" (at {Path(where.filename).name}:{where.lineno})" if where else ""),
                   f"something went wrong inside the generator ({NOT_YOUR_EDIT}); send this to the site's maintainers")


def plain_error_page(groups):
    """The error page without templates, for when templates/error.html itself is broken."""
    items = "".join(f"<h2>{html.escape(title)}</h2>" + "".join(
        f"<p><strong>{html.escape(p.path)}{f', line {p.line}' if p.line else ''}</strong>: {html.escape(p.message)}"
        + (f"<br>Hint: {html.escape(p.hint)}" if p.hint else "") + "</p>" for p in problems) for title, problems in groups)
    return ('<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>Preview not updated</title></head>'
            f"<body><h1>The preview could not be updated</h1>{items}</body></html>\n")


def content_type(name):
    """Return the Content-Type for a file name."""
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind in ("application/javascript", "application/json",
                                                                             "image/svg+xml", "application/xml") else kind
