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


def test_the_growth_from_1000_to_5000_pages_is_shown_beside_the_floors_in_the_same_run():
    """A machine that slows down during the run makes every generator grow: the floor's growth shows by how much."""
    def run(wall, processor):
        return wall, 50.0, processor, 40.0

    def sizes(ours, floor):
        return {"ours": {"cold": ours, "warm": run(0.1, 0.1), "one page changed": run(1, 1)}, "floor": {"cold": floor}}

    results = {1000: sizes(run(10, 20), run(2, 4)), 5000: sizes(run(48, 110), run(12, 22))}
    row = next(line for line in build_benchmark.targets(results, None) if line.startswith("| 1,000 → 5,000"))
    assert row == "| 1,000 → 5,000 pages cold | at most 5 times | 4.8 / 5.5 times (the floor: 6.0 / 5.5 times) | yes | no |"
