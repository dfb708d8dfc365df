"""The set-up files agree with each other: dependencies, CI command, README commands."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENT = re.compile(r"^([A-Za-z0-9_.-]+)\s*(.*)$")
#: conda-forge names that differ from the PyPI names.
CONDA_NAMES = {"python-duckdb": "duckdb", "python-kaleido": "kaleido"}


def _split(requirement: str) -> tuple[str, str]:
    """Name and version range; pip's extras (``dask[dataframe]``) are left out: conda-forge's package has them."""
    name, spec = REQUIREMENT.match(requirement.strip()).groups()
    return name.lower(), re.sub(r"^\[[^\]]*\]", "", spec.replace(" ", ""))


def test_environment_yml_declares_the_same_packages_and_ranges_as_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = dict(_split(r) for r in project["dependencies"] + project["optional-dependencies"]["test"])
    conda: dict[str, str] = {}
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^  - ([^#:]+)$", line)
        if match:
            name, spec = _split(match.group(1))
            conda[CONDA_NAMES.get(name, name)] = spec
    conda.pop("pip")
    assert conda.pop("python") == ">=3.11"
    assert conda == declared
    # What users install for large data (``klantlab[large]``) is what the tests run with.
    assert set(project["optional-dependencies"]["large"]) <= set(project["optional-dependencies"]["test"])


def test_ci_runs_exactly_the_readme_test_command() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert run.strip().splitlines()[-1] == "exec make test"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("make test") >= 2  # Dutch and English section
    assert readme.count("make start") >= 2
