"""The live preview: a real server in a subprocess, edited and broken as an editor would."""

import hashlib
import html
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from sitegen import serve as serve_module
from sitegen.pipeline import build, gather
from sitegen.serve import Preview, cache_control, is_loopback, notice_saves, scan, serve

from conftest import REPO, page_text

SERVER = """
import sys
from sitegen.serve import serve
sys.exit(serve(sys.argv[1], host=sys.argv[2], port=0))
"""
WAIT = 30  # seconds; the first build loads the reading-age dictionary
CONNECTED = "() => document.documentElement.dataset.preview === 'connected'"  # preview.js has shaken hands


class Server:
    """A preview server running in a subprocess, with what it has said so far."""

    def __init__(self, root, host="127.0.0.1"):
        self.root, self.lines = root, []
        self.process = subprocess.Popen([sys.executable, "-c", SERVER, str(root), host], cwd=REPO,
                                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        threading.Thread(target=self.read, daemon=True).start()
        try:
            said = self.wait_for_log("Preview at ")
        except BaseException:
            self.stop()
            raise
        self.url = said.split("Preview at ")[1].split()[0]
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def log(self):
        return "\n".join(self.lines)

    def wait_for_log(self, text, count=1):
        """Wait until `text` has been said `count` times; return the last line saying it."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            found = [line for line in list(self.lines) if text in line]
            if len(found) >= count:
                return found[-1]
            assert self.process.poll() is None, f"the server stopped:\n{self.log()}"
            time.sleep(0.01)
        raise AssertionError(f"the server never said {text!r}:\n{self.log()}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def get(url):
    """Return (status, body text) for a URL, without raising for error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def settle(server, quiet=1.0):
    """Wait until the preview has not rebuilt for `quiet` seconds: on a busy machine one save
    can reach it as two writes, and the second rebuild's reload would land on the next page."""
    deadline, count, since = time.monotonic() + WAIT, -1, time.monotonic()
    while time.monotonic() < deadline:
        now = server.log().count("Rebuilt the preview")
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.05)


def wait_for(url, check):
    """Fetch `url` until check(status, text) holds; return (status, text)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        status, text = get(url)
        if check(status, html.unescape(text)):
            return status, html.unescape(text)
        time.sleep(0.02)
    raise AssertionError(f"{url} never passed the check; last answer {status}:\n{text[:2000]}")


@pytest.fixture
def server(make_project):
    """A preview of a small project on 127.0.0.1 and a port chosen by the system."""
    running = Server(make_project())
    yield running
    running.stop()


def test_it_listens_on_loopback_and_prints_the_url(server):
    assert server.url == f"http://127.0.0.1:{server.port}/"
    assert "Warning" not in server.log()
    status, text = get(server.url)
    assert status == 200 and "<h1 class=\"app-heading-xl\">Home</h1>" in text


def test_an_edited_page_is_shown_and_reloads_the_browser(server):
    status, text = get(server.url + "privacy/")
    assert status == 200 and "Some words." in text
    assert '<script src="/livereload.js" defer></script></head>' in text
    (server.root / "content/privacy.md").write_text(page_text("Privacy", "Words we changed.", guidance="false"))
    wait_for(server.url + "privacy/", lambda status, text: "Words we changed." in text)
    assert server.wait_for_log("(1 of 5 pages changed).")


def test_a_mistake_in_centres_is_shown_on_every_page_with_its_line_then_the_site_comes_back(server):
    centres = server.root / "data/centres.yaml"
    good = centres.read_text()
    centres.write_text(good.replace("name: Leeds Cancer Centre", 'name: "Leeds Cancer Centre'))
    problems = [p for p in gather(server.root).problems if p.level == "error"]
    assert [(p.path, p.line) for p in problems] == [("data/centres.yaml", 3)]
    for path in ("", "privacy/", "no-such-page/", "sitemap.xml"):
        status, text = wait_for(server.url + path, lambda status, text: status == 500)
        assert "The preview could not be updated" in text
        assert "data/centres.yaml, line 3" in text
        assert problems[0].message in text and problems[0].hint in text
        assert '<ol start="1" aria-label="Lines 1 to 5 of the file">' in text  # the line to fix, with its neighbours
        assert '<li><mark><code>\xa0\xa0\xa0\xa0name: "Leeds Cancer Centre</code></mark></li>' in text
        assert '<script src="/livereload.js" defer></script></head>' in text
    assert get(server.url + "css/main.css")[0] == 200  # so the error page is styled
    server.wait_for_log(f"  {problems[0]}".splitlines()[0])  # the terminal says the same
    centres.write_text(good)
    wait_for(server.url, lambda status, text: status == 200 and "<h1 class=\"app-heading-xl\">Home</h1>" in text)
    assert server.wait_for_log("Fixed: the preview is back.")


def test_several_saves_in_quick_succession_make_one_rebuild(server):
    before = server.log().count("Rebuilt the preview")
    paths = [server.root / f"content/{name}.md" for name in ("index", "privacy", "contact", "find-a-centre")]
    texts = [path.read_text().replace("Some words.", "Some new words.").replace("Welcome.", "Hello.") for path in paths]
    for path, text in zip(paths, texts):  # as fast as "Save all" in an editor
        path.write_text(text)
    wait_for(server.url + "privacy/", lambda status, text: "Some new words." in text)
    time.sleep(0.5)
    assert server.log().count("Rebuilt the preview") == before + 1


@pytest.mark.parametrize("noticed", [True, False], ids=["saves reported by the system", "saves looked for"])
def test_the_one_rebuild_after_a_burst_of_saves_sees_the_last(make_project, monkeypatch, noticed):
    # Saves 20 ms apart, for longer than the watcher takes to notice one; it waits for 250 ms without a save
    # (the preview waits 10 or 20 ms for saves that come as fast as a program makes them).
    monkeypatch.setattr(serve_module, "QUIET_SECONDS", 0.25)
    monkeypatch.setattr(serve_module, "SETTLE_SECONDS", 0.25)
    root = make_project()
    preview = Preview(root, "http://127.0.0.1:8000/", "")
    privacy, seen_by_rebuilds, reloaded = root / "content/privacy.md", [], threading.Event()

    def rebuild(reload_browsers=None):  # a site with the page as saved: a rebuild that changes nothing reloads no page
        seen_by_rebuilds.append(privacy.read_text())
        preview.snapshot = serve_module.Snapshot({"privacy/index.html": seen_by_rebuilds[-1].encode()})
    preview.rebuild = rebuild
    wake = threading.Event()
    observer = notice_saves(root, wake) if noticed else None
    assert (observer is not None) == noticed
    # After its first reload the watcher waits for ever (a daemon thread, idle): no later rebuild can hide an early one.
    threading.Thread(target=preview.watch, args=(lambda: reloaded.set() or threading.Event().wait(), scan(root), wake, noticed),
                     daemon=True).start()
    try:
        for n in range(5):
            privacy.write_text(page_text("Privacy", f"Saved {n} times.", guidance="false"))
            time.sleep(0.02)
        assert reloaded.wait(WAIT)
    finally:
        if observer:
            observer.stop()
            observer.join()
    assert len(seen_by_rebuilds) == 1 and "Saved 4 times." in seen_by_rebuilds[0]


def non_loopback_addresses():
    """This machine's addresses that other computers could use, IPv4 and IPv6."""
    found = set()
    for family, target in ((socket.AF_INET, ("192.0.2.1", 9)), (socket.AF_INET6, ("2001:db8::1", 9))):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                probe.connect(target)  # sends nothing: only picks the address a route would use
                found.add(probe.getsockname()[0])
        except OSError:
            pass
    try:
        found |= set(subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout.split())
    except (OSError, subprocess.SubprocessError):
        pass
    return sorted(a for a in found if not is_loopback(a) and not a.startswith("fe80"))


def listening_addresses(port):
    """The local addresses listening on `port`, read from /proc/net (Linux)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:] if Path(table).exists() else []:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.append(address)
    return found


def test_it_does_not_answer_on_other_addresses(server):
    addresses = non_loopback_addresses()
    for address in addresses:
        with pytest.raises(OSError):
            socket.create_connection((address, server.port), timeout=2).close()
    listening = listening_addresses(server.port)
    assert addresses or listening, "this machine has no other address and no /proc/net to check"
    assert listening in ([], ["0100007F"]), f"listening on {listening}, not only 127.0.0.1"


def test_published_site_has_no_live_reload_script(make_project, tmp_path):
    root = make_project()
    build(root, tmp_path / "site")
    files = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert files and not [p for p in files if b"livereload" in p.read_bytes().lower()]


def test_a_busy_port_is_an_error_with_a_hint(make_project, capsys):
    root = make_project()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve(root, port=port) == 1
    said = capsys.readouterr().err
    assert f"Error: cannot listen on 127.0.0.1 port {port}: Address already in use." in said
    assert f"use --port {port + 1}" in said


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True),
                                            ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("example.org", False)])
def test_only_loopback_addresses_count_as_private(host, loopback):
    assert is_loopback(host) is loopback


def test_only_files_asked_for_by_their_content_hash_are_kept_by_browsers():
    version = hashlib.sha256(b"body { }").hexdigest()[:10]
    assert cache_control(200, b"body { }", version) == "max-age=31536000, immutable"
    assert cache_control(200, b"body { color: red }", version) == "no-cache"  # changed since: never keep it
    assert cache_control(200, b"body { }", None) == "no-cache"
    assert cache_control(404, b"body { }", version) == "no-cache"


# --- The Preview object itself, without a server ---------------------------------

SCRIPT = '<script src="/livereload.js" defer></script>'


def test_pages_redirects_and_missing_pages(make_project):
    root = make_project({"content/travel/trains.md": page_text("Trains")})
    preview = Preview(root, "http://127.0.0.1:1/", SCRIPT)
    preview.rebuild()
    status, kind, body = preview.respond("/travel/trains/")
    assert (status, kind) == (200, "text/html; charset=utf-8") and SCRIPT.encode() + b"</head>" in body
    assert preview.respond("/travel/trains")[:2] == (301, "") and preview.respond("/travel/trains")[2] == b"/travel/trains/"
    status, _, body = preview.respond("/nowhere/")
    assert status == 404 and b"Page not found" in body and SCRIPT.encode() in body
    status, kind, body = preview.respond("/css/main.css")
    assert (status, kind) == (200, "text/css; charset=utf-8") and SCRIPT.encode() not in body


def test_the_preview_script_is_served_from_outside_the_site(make_project):
    preview = Preview(make_project(), "http://127.0.0.1:1/second-opinions/", SCRIPT)
    preview.rebuild()
    status, kind, body = preview.respond("/livereload.js")
    assert status == 200 and "javascript" in kind and b"official-7" in body


def test_a_base_path_is_served_under_it(make_project):
    preview = Preview(make_project(), "http://127.0.0.1:1/second-opinions/", SCRIPT)
    preview.rebuild()
    assert preview.respond("/second-opinions/privacy/")[0] == 200
    assert b'href="/second-opinions/privacy/"' in preview.respond("/second-opinions/")[2]
    assert preview.respond("/privacy/")[0] == 404


def test_a_broken_error_template_still_gives_a_plain_error_page(make_project):
    root = make_project({"data/site.yaml": "site_name: [\n"})
    (root / "templates/error.html").write_text("{% if %}")
    preview = Preview(root, "http://127.0.0.1:1/", SCRIPT)
    preview.rebuild()
    status, _, body = preview.respond("/")
    assert status == 500 and b"data/site.yaml, line 1" in body and SCRIPT.encode() in body


def test_a_bug_in_the_generator_is_shown_and_the_server_keeps_going(make_project, monkeypatch):
    preview = Preview(make_project(), "http://127.0.0.1:1/", SCRIPT)
    monkeypatch.setattr(preview.builder, "build", lambda: 1 / 0)
    preview.rebuild()
    status, _, body = preview.respond("/")
    assert status == 500 and b"ZeroDivisionError" in body and b"a bug, not your edit" in body
    monkeypatch.undo()
    preview.rebuild()
    assert preview.respond("/")[0] == 200


def test_a_page_served_before_the_last_reload_is_known_to_have_missed_it(make_project):
    preview = Preview(make_project(), "http://127.0.0.1:1/", SCRIPT)
    preview.rebuild()
    preview.respond("/privacy/")
    assert not preview.missed_reload("/privacy/")
    preview.rebuild()
    preview.announced = preview.snapshot.generation  # what start_server does once it has told the open pages
    assert preview.missed_reload("/privacy/")  # opened before the rebuild, connected after the reload went out
    assert not preview.missed_reload("/never-served/")
    preview.respond("/privacy/")
    assert not preview.missed_reload("/privacy/")


def test_a_second_save_of_the_same_size_in_the_same_tick_is_seen(make_project):
    root = make_project()
    page = root / "content/privacy.md"
    before = scan(root)
    stat = page.stat()
    page.write_text(page.read_text().replace("Some words.", "Some wards."))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as on a file system with coarse timestamps
    assert (page.stat().st_mtime_ns, page.stat().st_size) == (stat.st_mtime_ns, stat.st_size)
    assert scan(root) != before


def test_the_system_tells_the_preview_of_a_save_at_once_but_not_of_a_read(make_project):
    root = make_project()
    wake = threading.Event()
    observer = notice_saves(root, wake)
    assert observer is not None, "this system cannot report saves, so the preview looks for them 100 times a second"
    try:
        page = root / "content/privacy.md"
        page.read_text()
        assert not wake.wait(0.5), "reading a file woke the preview, which reads files when it wakes"
        page.write_text(page.read_text() + "More words.\n")
        assert wake.wait(WAIT)
        wake.clear()
        (root / "templates/components/new.html").write_text("{% macro new() %}{% endmacro %}\n")
        assert wake.wait(WAIT)
    finally:
        observer.stop()
        observer.join()


def test_the_system_does_not_even_report_the_files_a_rebuild_reads(make_project, monkeypatch):
    # Hearing of every file a rebuild opens and closes made it take 114 ms instead of 100 at 1,000 pages.
    from watchdog.events import FileSystemEventHandler

    heard = []
    dispatch = FileSystemEventHandler.dispatch
    monkeypatch.setattr(FileSystemEventHandler, "dispatch", lambda self, event: heard.append(event) or dispatch(self, event))
    root = make_project()
    wake = threading.Event()
    observer = notice_saves(root, wake)
    try:
        Preview(root, "http://127.0.0.1:8000/", "", cache=False).rebuild()
        time.sleep(0.5)
        assert heard == []
        (root / "content/privacy.md").write_text(page_text("Privacy", "New words.", guidance="false"))
        assert wake.wait(WAIT) and heard
    finally:
        observer.stop()
        observer.join()


def test_an_editors_swap_and_backup_files_do_not_wake_the_preview_but_its_save_and_hidden_folders_do(make_project):
    root = make_project()
    wake = threading.Event()
    observer = notice_saves(root, wake)
    try:
        for name in (".privacy.md.swp", ".#privacy.md", "privacy.md~", ".DS_Store"):  # vim, Emacs, backups, macOS
            (root / "content" / name).write_text("being edited")
        assert not wake.wait(0.5), "a file the build and scan() skip woke the preview, which would rebuild for nothing"
        (root / "content/privacy.md~").replace(root / "content/privacy.md")  # a save made by renaming over the page
        assert wake.wait(WAIT)
        wake.clear()
        (root / "content/.notes").mkdir()  # the build reads a page in a hidden folder, so the preview watches it
        assert wake.wait(WAIT)
        wake.clear()
        (root / "content/.notes/page.md").write_text("being written")
        assert wake.wait(WAIT) and any("/.notes/page.md" in path for path in scan(root))
    finally:
        observer.stop()
        observer.join()


@pytest.mark.parametrize("noticed", [True, False], ids=["saves reported by the system", "saves looked for"])
def test_a_reported_save_is_rebuilt_before_the_watched_folders_are_looked_at(make_project, monkeypatch, noticed):
    # Looking at every file takes 10 ms at 1,000 pages; where the system reports each save, that can wait.
    root = make_project()
    preview = Preview(root, "http://127.0.0.1:8000/", "", cache=False)
    steps, rebuilt = [], threading.Event()
    monkeypatch.setattr(serve_module, "scan", lambda root: steps.append("look") or scan(root))
    preview.rebuild = lambda reload_browsers=None: steps.append("rebuild") or rebuilt.set()
    wake = threading.Event()
    observer = notice_saves(root, wake) if noticed else None
    threading.Thread(target=preview.watch, args=(lambda: None, scan(root), wake, noticed), daemon=True).start()
    try:
        time.sleep(0.1)
        steps.clear()
        (root / "content/privacy.md").write_text(page_text("Privacy", "New words.", guidance="false"))
        assert rebuilt.wait(WAIT)
    finally:
        if observer:
            observer.stop()
            observer.join()
    assert steps[0] == ("rebuild" if noticed else "look")


@pytest.mark.parametrize("reported", [True, False], ids=["the save reported", "its report lost"])
def test_a_save_makes_one_rebuild_whether_or_not_its_report_arrives(make_project, reported):
    # Where the system reports saves, the preview still looks every NOTICED_POLL_SECONDS, in case a report is lost.
    root = make_project()
    preview = Preview(root, "http://127.0.0.1:8000/", "", cache=False)
    rebuilds = []
    preview.rebuild = lambda reload_browsers=None: rebuilds.append(time.monotonic())
    wake = threading.Event()
    observer = notice_saves(root, wake) if reported else None
    threading.Thread(target=preview.watch, args=(lambda: None, scan(root), wake, True), daemon=True).start()
    try:
        (root / "content/privacy.md").write_text(page_text("Privacy", "New words.", guidance="false"))
        time.sleep(4 * serve_module.NOTICED_POLL_SECONDS)  # long enough for three more looks
    finally:
        if observer:
            observer.stop()
            observer.join()
    assert len(rebuilds) == 1


def test_where_the_system_cannot_report_saves_the_preview_looks_for_them(make_project, monkeypatch):
    from watchdog.observers import Observer

    def refuse(self):
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(Observer, "start", refuse)
    assert notice_saves(make_project(), threading.Event()) is None


# --- In a real browser -----------------------------------------------------------

def test_the_open_page_reloads_by_itself_after_an_edit_a_mistake_and_its_fix(server, page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(server.url + "privacy/")
    page.wait_for_function(CONNECTED, timeout=WAIT * 1000)
    (server.root / "content/privacy.md").write_text(page_text("Privacy", "Changed while you watched.", guidance="false"))
    page.get_by_text("Changed while you watched.").wait_for(timeout=WAIT * 1000)
    centres = server.root / "data/centres.yaml"
    good = centres.read_text()
    centres.write_text(good.replace("nation: England", "nation: Englund"))
    page.get_by_role("heading", name="The preview could not be updated").wait_for(timeout=WAIT * 1000)
    assert "data/centres.yaml, line 5" in page.inner_text("main")
    centres.write_text(good)
    page.get_by_role("heading", level=1, name="Privacy").wait_for(timeout=WAIT * 1000)
    assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m]


def test_a_page_that_connects_after_a_reload_went_out_still_reloads(server, page):
    held = []

    def hold_the_first(route):  # as if the page's scripts were slow to run
        route.continue_() if held else held.append(route)

    page.route("**/livereload.js*", hold_the_first)
    page.goto(server.url + "privacy/", wait_until="commit")
    page.get_by_text("Some words.").wait_for(timeout=WAIT * 1000)
    assert held, "the page never asked for livereload.js"
    (server.root / "content/privacy.md").write_text(page_text("Privacy", "Saved while the page loaded.", guidance="false"))
    server.wait_for_log("Rebuilt the preview")
    time.sleep(0.2)  # the reload has gone out to open pages; this one is not listening yet
    held[0].continue_()
    page.get_by_text("Saved while the page loaded.").wait_for(timeout=WAIT * 1000)


def long_page(*paragraphs):
    return page_text("Privacy", "\n\n".join(paragraphs), guidance="false")


def save_whole(path, text):
    """Save a file in one step, as most editors do, so the preview never sees it half written."""
    part = path.with_name(path.name + ".part")
    part.write_text(text)
    os.replace(part, path)


def test_a_changed_page_is_swapped_in_where_the_reader_is_without_a_reload(server, page):
    privacy = server.root / "content/privacy.md"
    save_whole(privacy, long_page("First words.", *[f"Paragraph {n}." for n in range(60)]))
    wait_for(server.url + "privacy/", lambda status, text: "Paragraph 59." in text)
    page.set_viewport_size({"width": 400, "height": 400})
    page.goto(server.url + "privacy/")
    page.wait_for_function(CONNECTED, timeout=WAIT * 1000)
    page.evaluate("window.notReloaded = true; window.scrollTo(0, 600)")
    save_whole(privacy, long_page("Changed words.", *[f"Paragraph {n}." for n in range(60)]))
    page.get_by_text("Changed words.").wait_for(timeout=WAIT * 1000)
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("window.scrollY") == 600
    page.wait_for_function("() => document.body.classList.contains('js-enabled')", timeout=WAIT * 1000)  # enhance.js ran again
    assert page.get_by_role("heading", level=1, name="Privacy").is_visible()


def test_a_changed_stylesheet_or_a_page_with_modules_reloads_the_whole_page(server, page):
    page.goto(server.url + "privacy/")
    page.wait_for_function(CONNECTED, timeout=WAIT * 1000)
    page.evaluate("window.notReloaded = true")
    css = server.root / "static/css/main.css"
    css.write_text(css.read_text() + "\nhtml { --preview-check: yes; }\n")
    page.wait_for_function("() => getComputedStyle(document.documentElement).getPropertyValue('--preview-check') === 'yes'",
                           timeout=WAIT * 1000)
    assert page.evaluate("window.notReloaded") is None  # a new <link> in the <head>: reloaded, not swapped

    settle(server)
    page.goto(server.url + "find-a-centre/")
    page.wait_for_function(CONNECTED, timeout=WAIT * 1000)
    page.evaluate("window.notReloaded = true")
    centres = server.root / "data/centres.yaml"
    centres.write_text(centres.read_text().replace("name: Leeds Cancer Centre", "name: Leeds Centre of Cancer Care"))
    page.get_by_text("Leeds Centre of Cancer Care").first.wait_for(timeout=WAIT * 1000)
    assert page.evaluate("window.notReloaded") is None  # centre-finder.js starts only on a page load
    page.get_by_role("combobox", name="Postcode or town").wait_for(state="visible", timeout=WAIT * 1000)  # the finder started again


def test_a_rebuild_that_changes_nothing_reloads_no_page(server, page):
    """A file touched but not changed (or one that leaves the preview's "saved just now" window) rebuilds the
    preview to the same site: the finder, whose script has changed its page, was reloaded for nothing."""
    settle(server)
    page.goto(server.url + "find-a-centre/")
    page.wait_for_function(CONNECTED, timeout=WAIT * 1000)
    page.evaluate("window.notReloaded = true")
    rebuilt = server.log().count("Rebuilt the preview")
    os.utime(server.root / "content/contact.md")
    server.wait_for_log("Rebuilt the preview", count=rebuilt + 1)
    page.wait_for_timeout(500)  # time enough to have reloaded, had it been told to
    assert page.evaluate("window.notReloaded") is True


def test_a_save_that_does_not_change_the_open_page_leaves_it_alone(server, page):
    page.goto(server.url + "privacy/")
    page.wait_for_function(CONNECTED, timeout=WAIT * 1000)
    page.evaluate("window.shownParagraph = document.querySelector('main p')")
    contact = server.root / "content/contact.md"
    with page.expect_response(lambda response: response.url == server.url + "privacy/", timeout=WAIT * 1000):
        contact.write_text(contact.read_text().replace("Some words.", "Other words."))
    page.wait_for_timeout(300)  # time enough to have swapped, had it been going to
    assert page.evaluate("window.shownParagraph.isConnected") is True


def test_the_error_page_has_the_site_layout_and_a_styled_error_summary(make_project, page):
    preview = Preview(make_project({"data/site.yaml": "site_name: [\n"}), "http://127.0.0.1:1/", SCRIPT)
    preview.rebuild()
    status, _, body = preview.respond("/privacy/")
    text = body.decode()
    assert status == 500 and '<link rel="stylesheet" href="/css/main.css">' in text
    assert '<a class="app-skip-link" href="#main-content">' in text  # the base layout's
    assert '<h2 class="app-error-summary__title" id="error-summary-title">There is a problem</h2>' in text
    assert '<li><a href="#problem-1-1">data/site.yaml, line 1: ' in text and 'id="problem-1-1"' in text

    def answer(route):
        status, kind, body = preview.respond(urllib.parse.urlsplit(route.request.url).path)
        route.fulfill(status=status, content_type=kind, body=body)

    page.route("http://preview.test/**", answer)
    page.goto("http://preview.test/privacy/")
    summary = page.locator(".app-error-summary")
    assert summary.evaluate("e => getComputedStyle(e).borderTopColor") == "rgb(179, 38, 30)"  # --app-colour-error
    assert summary.locator("a").evaluate("e => getComputedStyle(e).fontWeight") == "700"


def test_a_template_edit_shows_the_open_page_before_every_other_page_is_rendered_again(make_project):
    """A template edit at 1,000 pages re-renders them all: the page the editor has open goes first."""
    root = make_project({f"content/topic/page-{n:03d}.md": page_text(f"Topic {n}") for n in range(80)})
    preview = Preview(root, "http://127.0.0.1:1/", SCRIPT, cache=False)
    preview.rebuild()
    preview.respond("/topic/page-007/")  # a browser has it open
    base = root / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("No cookies.", "No cookies at all.", 1), encoding="utf-8")
    reloads = []

    def reload_browsers():
        files = preview.snapshot.files
        reloads.append((preview.builder.rendered, b"No cookies at all." in files["topic/page-007/index.html"],
                        b"No cookies at all." in files["topic/page-008/index.html"]))

    preview.rebuild(reload_browsers)
    assert reloads == [(1, True, False)]  # the open page alone, changed, while the others wait their turn
    assert all(b"No cookies at all." in html for name, html in preview.snapshot.files.items() if name.endswith("index.html"))
    assert preview.builder.rendered == 85  # 84 pages and 404.html, each once: the open page is not rendered twice


def test_a_page_edit_renders_nothing_first(make_project):
    root = make_project({f"content/topic/page-{n:03d}.md": page_text(f"Topic {n}") for n in range(80)})
    preview = Preview(root, "http://127.0.0.1:1/", SCRIPT, cache=False)
    preview.rebuild()
    preview.respond("/topic/page-007/")
    page = root / "content/topic/page-007.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    reloads = []
    preview.rebuild(lambda: reloads.append(preview.builder.rendered))
    assert reloads == [] and preview.builder.rendered == 1
    assert b"One more line." in preview.respond("/topic/page-007/")[2]
