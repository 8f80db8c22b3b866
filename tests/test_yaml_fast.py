"""YAML read by libyaml gives exactly what PyYAML's own parser gives: values, types and lines."""

import re

import pytest
import yaml

from sitegen import yamlfile
from sitegen.yamlfile import parse_yaml

from conftest import REPO

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="this PyYAML was built without libyaml")


def shipped_yaml():
    """Every YAML text the real site is built from: data files and each page's front matter."""
    texts = {path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8") for path in sorted((REPO / "data").rglob("*.yaml"))}
    for path in sorted((REPO / "content").rglob("*.md")):
        texts[path.relative_to(REPO).as_posix()] = re.match(r"---\n(.*?\n)---", path.read_text(encoding="utf-8"), re.S).group(1)
    return texts


def shape(data):
    """Values with their types, and every mapping's line and key lines."""
    if isinstance(data, dict):
        return ("mapping", data.line, sorted(data.key_lines.items()), {key: shape(value) for key, value in data.items()})
    if isinstance(data, list):
        return [shape(item) for item in data]
    return (type(data).__name__, data)


@pytest.mark.parametrize("name, text", shipped_yaml().items(), ids=list(shipped_yaml()))
def test_libyaml_and_pyyaml_read_every_shipped_file_alike(name, text):
    fast = yaml.load(text, Loader=yamlfile._FastLineLoader)
    slow = yaml.load(text, Loader=yamlfile._LineLoader)
    assert shape(fast) == shape(slow)


def test_a_mistake_is_reported_in_pyyamls_words(monkeypatch):
    used = []
    real_load = yaml.load
    monkeypatch.setattr(yaml, "load", lambda text, Loader: used.append(Loader) or real_load(text, Loader=Loader))
    data, problems = parse_yaml("name: Leeds\n\tphone: 0113\n", "data/centres.yaml")
    assert data is None
    assert used == [yamlfile._FastLineLoader, yamlfile._LineLoader]  # libyaml failed; PyYAML said why
    assert [(p.line, p.hint) for p in problems] == [(2, "indent with spaces, not tabs")]
