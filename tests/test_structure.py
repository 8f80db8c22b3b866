"""The code's shape: sitegen's modules import each other without a circle, and the test suite
collects without Playwright (issue 15)."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SITEGEN = TESTS.parent / "sitegen"


def imports_of(path):
    """Return the sitegen modules one module imports, at its top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names |= {node.module} if node.module else {alias.name for alias in node.names}
    return names


def circle_in(graph):
    """Return a list of modules that import each other in a circle, or None."""
    state = {}

    def visit(name, path):
        state[name] = "open"
        for other in sorted(graph.get(name, ())):
            if state.get(other) == "open":
                return path[path.index(other):] + [other]
            if other not in state and (found := visit(other, path + [other])):
                return found
        state[name] = "done"
        return None

    return next((found for name in sorted(graph) if name not in state and (found := visit(name, [name]))), None)


def test_no_module_imports_itself_through_another():
    graph = {path.stem: imports_of(path) for path in SITEGEN.glob("*.py")}
    assert circle_in(graph) is None, " → ".join(circle_in(graph))


def test_the_circle_check_finds_a_circle():
    assert circle_in({"cli": {"serve"}, "serve": {"terminal", "cli"}, "terminal": set()}) == ["cli", "serve", "cli"]


def top_level_imports(source):
    """Return the modules a file imports when it is loaded (not those imported inside a function)."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
    return names


def test_no_test_file_imports_playwright_when_it_is_loaded():
    """Without Playwright the suite still collects; the browser fixture then skips each browser test,
    or fails it in CI (conftest.require_browser)."""
    importing = [path.name for path in sorted(TESTS.glob("*.py"))
                 if any(name.split(".")[0] == "playwright" for name in top_level_imports(path.read_text(encoding="utf-8")))]
    assert importing == []


def test_the_import_check_finds_a_module_level_import():
    assert top_level_imports("from playwright.sync_api import expect\ndef f():\n    import os\n") == {"playwright.sync_api"}
