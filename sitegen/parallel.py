"""Load and render pages on every core when there are enough of them to pay for it, and make
other work (the finder's index) on another core while the build goes on.

Loading a page is a pure function of its file, so the result is the same whichever process
makes it; tests/test_cache.py checks that parallel and serial builds are byte-identical.
Workers are forked, so they start at once with the generator already imported; only the
one-off build uses them (the preview runs threads, which do not mix with fork).
"""

import gc
import multiprocessing
import os
import pickle
import signal
import tempfile
from contextlib import contextmanager

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


@contextmanager
def worker_pool(workers):
    """A pool of `workers` forked processes that leave Ctrl-C to the build (see leave_interrupts_to_the_build).

    What the build holds when they are forked is kept out of the garbage collector's sight meanwhile (gc.freeze):
    a collection in a worker writes to every object it looks at, and so makes the worker copy memory it
    shares with the build (8 MiB of the render workers' at 5,000 pages)."""
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=leave_interrupts_to_the_build) as pool:
            yield pool
    finally:
        gc.unfreeze()


def leave_interrupts_to_the_build():
    """In a worker: ignore Ctrl-C. A terminal sends it to every process of the build, and a worker would
    print its traceback; the build stops its workers itself as it stops (a pool ends them, and a
    background process ends with the build)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def in_background(function):
    """Start function() in a forked process, on another core; return a function that waits for its result.

    The process writes its result to a temporary file and ends, rather than waiting, with all its memory,
    until the result is asked for (the finder's index is asked for after 5,000 pages have loaded).
    Where nothing can run beside the build, function() runs when its result is asked for. When the process
    fails, it runs again here, so that a bug is reported as any other is."""
    if not can_fork_workers():
        return function
    made = tempfile.TemporaryFile()  # already deleted: it goes when the build does
    process = multiprocessing.get_context("fork").Process(target=write_result, args=(made, function), daemon=True)
    process.start()

    def result():
        process.join()
        try:
            made.seek(0)
            return pickle.load(made) if process.exitcode == 0 else function()
        except (EOFError, OSError, pickle.UnpicklingError):
            return function()
        finally:
            made.close()
    return result


def write_result(made, function):
    """In the background process: write function()'s result to `made`; exit with a failure when it fails (see in_background)."""
    leave_interrupts_to_the_build()
    try:
        pickle.dump(function(), made, protocol=pickle.HIGHEST_PROTOCOL)
        made.flush()
    except Exception:
        os._exit(1)


def load_pages_in_parallel(root, base_path, todo, base, cache=None):
    """Load each (path, bytes) in `todo` on every core; return {path: (key, (page, problems))}, or {} when not worth it.

    `key` is what the bytes the worker loaded are filed under (page_entry_key with `base`: see Builder.page_key),
    None when the file changed while it was loaded; the bytes themselves stay in the worker. With a `cache`
    (a DiskCache), the workers also file each page they load in it, so that the build does not do it again."""
    workers = min(worker_count(), len(todo) // (MIN_PAGES // 2) or 1)
    if len(todo) < MIN_PAGES or workers < 2 or not can_fork_workers():
        return {}
    paths = [path for path, _ in todo]
    tasks = [(root, base_path, paths[i:i + PAGES_PER_TASK], base, cache) for i in range(0, len(paths), PAGES_PER_TASK)]
    with worker_pool(workers) as pool:
        return {path: found for done in pool.imap_unordered(load_task, tasks) for path, found in done}


def load_task(task):
    """In a worker: load some pages, and file each in the cache when there is one; return [(path, (key, (page, problems)))]."""
    root, base_path, paths, base, cache = task
    converter = LazyMarkdown(base_path, layout_ids(root / "templates"))
    done = []
    for path in paths:
        before = read_or_none(path)
        value = load_page(path, root, converter)
        unchanged = before is not None and read_or_none(path) == before
        key = page_entry_key(base, path.relative_to(root).as_posix(), before) if unchanged else None
        if key and cache:
            cache.put("page", key, value)
        done.append((path, (key, value)))
    if cache:
        cache.flush()
    return done


def read_or_none(path):
    """A file's bytes, or None when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def render_pages_in_parallel(env, data, todo, cache):
    """Render each (page, cache key, key the page is filed under or None) in `todo` on every core into `cache`;
    return how many were rendered.

    Workers inherit the templates and site data when forked, and file each page's HTML in the
    disk cache, where the build's own pass over the pages then finds it. A worker renders a page it reads
    back from the cache, and lets go of it once rendered: rendering the page objects the build holds would
    write to them (Python counts every reference to an object in the object) and so make the worker copy
    the memory they are in, 20 MiB for each of two workers at 5,000 pages."""
    workers = min(worker_count(), len(todo) // (MIN_PAGES // 2) or 1)
    if len(todo) < MIN_PAGES or workers < 2 or not can_fork_workers():
        return 0
    global RENDER_JOB
    RENDER_JOB = (env, data, [page for page, _, _ in todo], cache)
    jobs = [(index, key, filed_as) for index, (_, key, filed_as) in enumerate(todo)]
    tasks = [jobs[i:i + PAGES_PER_TASK] for i in range(0, len(jobs), PAGES_PER_TASK)]
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
    for index, key, filed_as in task:
        loaded = cache.get("page", filed_as) if filed_as else None
        page = loaded[0] if loaded else pages[index]  # the same bytes loaded: the same page
        try:
            cache.put("html", key, render_page(env, page, data))
            done += 1
        except Exception:  # the build renders it again and reports the problem with its file and line
            pass
    cache.flush()
    return done
