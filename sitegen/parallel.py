"""Load and render pages on every core when there are enough of them to pay for it, and make
other work (the finder's index) on another core while the build goes on.

Loading a page is a pure function of its file, so the result is the same whichever process
makes it; tests/test_cache.py checks that parallel and serial builds are byte-identical.
Workers are forked, so they start at once with the generator already imported; only the
one-off build uses them (the preview runs threads, which do not mix with fork).
"""

import multiprocessing
import os
import signal
from contextlib import suppress

from .cache import page_entry_key
from .content import LazyMarkdown, layout_ids, load_page

MIN_PAGES = 48  # below this, starting the workers costs more than they save
PAGES_PER_TASK = 16  # small enough to share the work evenly, big enough to make few round trips


def worker_count():
    """How many processors this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def can_fork_workers():
    """Whether work can run beside the build: more than one processor, and processes that start by forking."""
    return worker_count() >= 2 and "fork" in multiprocessing.get_all_start_methods()


def worker_pool(workers):
    """A pool of `workers` forked processes that leave Ctrl-C to the build (see leave_interrupts_to_the_build)."""
    return multiprocessing.get_context("fork").Pool(workers, initializer=leave_interrupts_to_the_build)


def leave_interrupts_to_the_build():
    """In a worker: ignore Ctrl-C. A terminal sends it to every process of the build, and a worker would
    print its traceback; the build stops its workers itself as it stops (a pool ends them, and a
    background process ends with the build)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def in_background(function):
    """Start function() in a forked process, on another core; return a function that waits for its result.

    Where nothing can run beside the build, function() runs when its result is asked for. When the process
    fails, it runs again here, so that a bug is reported as any other is."""
    if not can_fork_workers():
        return function
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=send_result, args=(send, function), daemon=True)
    process.start()
    send.close()  # the process holds the only sending end, so a process that dies is an EOFError here

    def result():
        try:
            return receive.recv()
        except (EOFError, OSError):
            return function()
        finally:
            receive.close()
            process.join()
    return result


def send_result(send, function):
    """In the background process: send function()'s result; send nothing when it fails (see in_background)."""
    leave_interrupts_to_the_build()
    with suppress(Exception):
        send.send(function())


def load_pages_in_parallel(root, base_path, todo, filed=None):
    """Load each (path, bytes) in `todo` on every core; return {path: (bytes read, (page, problems))}, or {} when not worth it.

    With `filed`, (a DiskCache, the page key's base: see Builder.page_key), the workers also file each page
    they load in the cache, so that the build does not do it again one page at a time."""
    workers = min(worker_count(), len(todo) // (MIN_PAGES // 2) or 1)
    if len(todo) < MIN_PAGES or workers < 2 or not can_fork_workers():
        return {}
    paths = [path for path, _ in todo]
    tasks = [(root, base_path, paths[i:i + PAGES_PER_TASK], filed) for i in range(0, len(paths), PAGES_PER_TASK)]
    with worker_pool(workers) as pool:
        return {path: found for done in pool.imap_unordered(load_task, tasks) for path, found in done}


def load_task(task):
    """In a worker: load some pages, and file each in the cache when asked to; return [(path, (bytes read, (page, problems)))]."""
    root, base_path, paths, filed = task
    converter = LazyMarkdown(base_path, layout_ids(root / "templates"))
    done = [(path, load_unchanged(path, root, converter)) for path in paths]
    if filed:
        cache, base = filed
        for path, (data, value) in done:
            if data is not None:  # unchanged while it was loaded
                cache.put("page", page_entry_key(base, path.relative_to(root).as_posix(), data), value)
        cache.flush()
    return done


def load_unchanged(path, root, converter):
    """Return (the file's bytes, (page, problems)); the bytes are None when the file changed while it was loaded."""
    before = read_or_none(path)
    value = load_page(path, root, converter)
    return (before if read_or_none(path) == before else None), value


def read_or_none(path):
    """A file's bytes, or None when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def render_pages_in_parallel(env, data, todo, cache):
    """Render each (page, cache key) in `todo` on every core into `cache`; return how many were rendered.

    Workers inherit the templates and site data when forked, and file each page's HTML in the
    disk cache, where the build's own pass over the pages then finds it."""
    workers = min(worker_count(), len(todo) // (MIN_PAGES // 2) or 1)
    if len(todo) < MIN_PAGES or workers < 2 or not can_fork_workers():
        return 0
    global RENDER_JOB
    RENDER_JOB = (env, data, [page for page, _ in todo], cache)
    keys = [key for _, key in todo]
    tasks = [list(enumerate(keys))[i:i + PAGES_PER_TASK] for i in range(0, len(keys), PAGES_PER_TASK)]
    try:
        with worker_pool(workers) as pool:
            return sum(pool.imap_unordered(render_task, tasks))
    finally:
        RENDER_JOB = None


RENDER_JOB = None  # (env, data, pages, cache), set in the parent just before the workers are forked


def render_task(task):
    """In a worker: render some pages into the cache; return how many. A page that fails is left to the build to report."""
    from .render import render_page

    env, data, pages, cache = RENDER_JOB
    done = 0
    for index, key in task:
        try:
            cache.put("html", key, render_page(env, pages[index], data))
            done += 1
        except Exception:  # the build renders it again and reports the problem with its file and line
            pass
    cache.flush()
    return done
