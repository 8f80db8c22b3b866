"""The benchmark's generated site is one our generator builds (benchmarks/build_benchmark.py)."""

import sys

from conftest import REPO
from sitegen.pipeline import build

sys.path.insert(0, str(REPO / "benchmarks"))
import build_benchmark  # noqa: E402


def test_the_benchmarks_site_builds_with_the_real_data(tmp_path):
    pages = build_benchmark.make_pages(len(build_benchmark.NAMED) + 5, seed=13)
    projects = build_benchmark.write_sites(tmp_path, pages)
    result = build(projects["ours"], tmp_path / "out")  # raises BuildError, naming each problem, if it cannot
    assert result.pages == len(pages)
    assert (tmp_path / "out" / "preparing" / "index.html").is_file()
