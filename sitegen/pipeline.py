"""The build as a recipe: load, validate, render, then write only if all is well."""

from pathlib import Path

from .cache import DiskCache, NoCache
from .output import StagedSite
from .problems import BuildError, errors_in, warnings_in
from .search import SearchPlan, index_site, pagefind_problems
from .unchanged import Unchanged


def build(root, out, *, strict=False, base_url=None, today=None, cache=True):
    """Build the site into `out`; raise BuildError (leaving `out` untouched) on any error.

    With `cache`, what earlier builds made from the same inputs is taken from .cache/ (sitegen/cache.py),
    and a build with nothing changed since the one that made `out` writes nothing (sitegen/unchanged.py).
    Each file is written to a new folder as soon as it is made; that folder replaces `out` only at the end."""
    store = DiskCache(root) if cache else NoCache()
    try:
        store.prune()
        unchanged = Unchanged(store, root, out, strict=strict, base_url=base_url, today=today)
        said = unchanged.result()
        if said:
            return said  # nothing has changed since the build that made `out`: it is left as it is
        from .incremental import Builder  # here: a build with nothing to do loads no Markdown, YAML or Jinja

        with StagedSite(Path(root) / "static", out) as staged:
            result = gather(root, base_url, today, inputs=Builder(root, cache=store, remember=False, outputs=staged))
            result.problems += pagefind_problems()
            stop_on_problems(result, strict)
            # The search index is made in the new folder, before it replaces `out` (issue 14). The plan holds every
            # page, which Pagefind, the longest step, does not need: dropped, they leave 5,000 pages' build 30 MiB smaller.
            documents, words = result.search.documents, result.search.words
            result.search = SearchPlan()
            index_site(staged.folder, documents, words, store.folder_for_bundles())
            staged.commit()
        unchanged.remember(result)
        return result
    finally:
        store.close()  # what this build made is kept, even when it stopped on a mistake


def stop_on_problems(result, strict):
    """Raise BuildError when there are errors, or warnings under --strict."""
    if errors_in(result.problems) or (strict and warnings_in(result.problems)):
        raise BuildError(result.problems)


def gather(root, base_url=None, today=None, inputs=None):
    """Load, validate and render everything in memory (gathering.gather); also what `check` and the tests call."""
    from .gathering import gather as gather_everything

    return gather_everything(root, base_url, today, inputs=inputs)
