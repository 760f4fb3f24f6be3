"""What each module imports, with relative imports resolved: shared by the library layout tests."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIBRARY = REPO / "custom_components" / "anker_solix" / "solixapi"
LIBRARY_MODULE = "custom_components.anker_solix.solixapi"


@dataclass(frozen=True)
class ImportLine:
    """One imported module name of a source file (absolute, relative imports resolved)."""

    path: Path
    line: int
    module: str

    def __str__(self) -> str:
        return f"{self.path.name}:{self.line} {self.module}"


def module_name(path: Path, root: Path = REPO) -> str:
    """The dotted module name of a source file below the repository."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path = REPO) -> Iterator[ImportLine]:
    """Every module a file imports (also inside functions and TYPE_CHECKING blocks).

    `from . import x` and `from .pkg import x` name the package (`x` may be a name or a module);
    a relative import that climbs above the repository resolves to a leading `..` marker.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield ImportLine(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield ImportLine(path, node.lineno, node.module or "")
                continue
            up = node.level - 1
            if up > len(package):
                yield ImportLine(path, node.lineno, "." * node.level + (node.module or ""))
                continue
            base = package[: len(package) - up]
            target = [*base, node.module] if node.module else base
            yield ImportLine(path, node.lineno, ".".join(target))
