"""What a build or check found and made: kept light to import, so that a build with nothing to do
can say again what the last one said without loading what a build that makes something needs."""

from dataclasses import dataclass, field

from .search import SearchPlan


@dataclass
class Result:
    """What a build or check found and made."""

    pages: int = 0
    centres: int = 0
    programmes: int = 0
    seconds: float = 0.0
    problems: list = field(default_factory=list)
    outputs: dict = field(default_factory=dict)
    reading_ages: dict = field(default_factory=dict)
    search: SearchPlan = field(default_factory=SearchPlan)
