"""Load data/site.yaml and data/centres.yaml into typed records."""

from pathlib import Path

from . import schema
from .files import Unreadable, invisible_character_problems, read_project_text
from .model import RECORD_CLASSES
from .problems import ERROR, Problem, errors_in
from .render import base_url_mistake
from .yamlfile import control_value_problems, parse_yaml

# Where the data files are, as messages name them: the label their field definitions carry.
SITE_YAML = schema.SITE_FILE.label
CENTRES_YAML = schema.CENTRES_FILE.label


def read_yaml(path, root):
    """Read and parse a YAML file; return (data, problems)."""
    try:
        text = read_project_text(path, root)
    except Unreadable as error:
        return None, [error.problem]
    data, problems = parse_yaml(text, relative(path, root), fields=schema.FIELD_NAMES)
    problems += control_value_problems(data, relative(path, root))
    return (None if problems else data), problems + invisible_character_problems(text, relative(path, root))


def relative(path, root):
    """Return `path` relative to the project folder, for messages."""
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


def load_site(root):
    """Load data/site.yaml; return (Site or None, problems)."""
    data, problems = read_yaml(root / SITE_YAML, root)
    if data is None:
        return None, problems if errors_in(problems) else problems + [Problem(ERROR, SITE_YAML, None, "this file is empty")]
    problems += schema.check_record(data, schema.SITE_FILE, SITE_YAML)
    problems += base_url_problems(data)
    if problems and any(p.level == ERROR for p in problems):
        return None, problems
    return make_record(schema.SITE_FILE, data), problems


def make_record(record, data, **extra):
    """Build the typed record for a validated YAML mapping: lists become tuples, nested mappings records."""
    values = {f.name: typed_value(f, data[f.name]) for f in record.fields if data.get(f.name) is not None}
    made = RECORD_CLASSES[record]
    if "line" in made.__dataclass_fields__ and "line" not in extra:
        extra["line"] = data.line  # where the record starts, for messages about it
    return made(**values, **extra)


def typed_value(field, value):
    """Return one validated field's value as its record holds it."""
    if field.kind == "records":
        return tuple(make_record(field.record, item) for item in value)
    if field.kind == "record":
        return make_record(field.record, value)
    if field.kind == "text_list":
        return tuple(value)
    return float(value) if field.kind == "number" else value


def base_url_problems(data):
    """The base URL is where every page's address starts: no query or fragment, which would break them all."""
    message = base_url_mistake(data.get("base_url")) if isinstance(data, dict) and isinstance(data.get("base_url"), str) else None
    return [Problem(ERROR, SITE_YAML, data.line_of("base_url"), f"'base_url' {message}")] if message else []


def load_centres(root):
    """Load data/centres.yaml; return (centres, programmes, problems)."""
    data, problems = read_yaml(root / CENTRES_YAML, root)
    if data is None:
        return [], [], problems if errors_in(problems) else problems + [Problem(ERROR, CENTRES_YAML, None, "this file is empty")]
    problems += schema.check_record(data, schema.CENTRES_FILE, CENTRES_YAML)
    if any(p.level == ERROR for p in problems):
        return [], [], problems
    centres = [make_record(schema.CENTRE, item) for item in data["centres"]]
    programmes = [make_record(schema.PROGRAMME, item) for item in data["programmes"]]
    return centres, programmes, problems
