"""The README says what the project does: its Dutch and English parts say the same, and every make target,
``klantlab`` command, option, placeholder and repository path it names is one the project has."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from klantlab.cli import DEFAULT_DASHBOARD_PORT, DEFAULT_LAB_PORT, DEFAULT_MAX_KERNELS, _parser
from klantlab.i18n import language
from klantlab.io.client_notebooks import SERIES, client_notebook_name

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
INSTALL_SCRIPT = (ROOT / "scripts" / "install-system-packages.sh").read_text(encoding="utf-8")
#: The README's parts and the language of each.
PARTS = {"nl": "## Nederlands", "en": "## English"}
CODE_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`([^`]+)`")
#: A path inside this repository, as the README writes one.
REPO_PATH = re.compile(r"^(?:notebooks|data|scripts|benchmarks|tests|klantlab)/[\w./-]*$")
#: A placeholder in a command line: a word in capitals (WERKBOEK, FOLDER, DOEL=KOLOM gives DOEL and KOLOM).
PLACEHOLDER = re.compile(r"\b[A-Z][A-Z]+\b")
ENV_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


# --- reading the README ------------------------------------------------------------------------------------------


def _part(lang: str) -> str:
    """The Dutch or the English part of the README (from its ``##`` heading to the next)."""
    start = README.index(PARTS[lang] + "\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else len(README)]


def _sections(text: str) -> list[tuple[str, str]]:
    """``(heading, body)`` per ``###`` section; the first is the introduction before any ``###``."""
    pieces = re.split(r"^### (.+)\n", text, flags=re.MULTILINE)
    return [("", pieces[0]), *zip(pieces[1::2], pieces[2::2], strict=True)]


def _code_blocks(text: str) -> list[tuple[str, str]]:
    """``(info string, body)`` of every fenced code block."""
    return CODE_BLOCK.findall(text)


def _code_spans(text: str) -> list[str]:
    """Every inline code span outside the code blocks, on one line, with a table's ``\\|`` read as ``|``."""
    prose = CODE_BLOCK.sub("", text)
    return [" ".join(span.replace("\\|", "|").split()) for span in CODE_SPAN.findall(prose)]


def _block_lines(info: str, body: str) -> list[str]:
    """A code block's lines without comments (in a shell block) and without empty lines."""
    lines = []
    for line in body.splitlines():
        if info == "bash":
            line = re.sub(r"(^|\s)#.*$", "", line)
        if line.strip():
            lines.append(" ".join(line.split()))
    return lines


def _commands(text: str) -> list[str]:
    """Everything in code the README presents as a command: each code span, each line of a code block."""
    lines = [line for info, body in _code_blocks(text) for line in _block_lines(info, body)]
    return lines + _code_spans(text)


def _words(command: str) -> list[str]:
    """A command's words after leading environment assignments (``KLANTLAB_SPARK_MASTER=… klantlab …``)."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    while words and ENV_ASSIGNMENT.match(words[0]):
        words = words[1:]
    return words


def _klantlab_commands(text: str) -> list[list[str]]:
    """The words of every ``klantlab …`` command named in ``text``."""
    return [words for command in _commands(text) if (words := _words(command)) and words[0] == "klantlab"]


def _make_commands(text: str) -> list[list[str]]:
    """The words of every ``make …`` command named in ``text``."""
    return [words for command in _commands(text) if (words := _words(command)) and words[0] == "make"]


def _repo_paths(text: str) -> set[str]:
    """Every repository path named in code (``notebooks/en/``, ``data/samples/README.md``, ...)."""
    paths = set()
    for command in _commands(text):
        for word in command.split():
            word = word.strip("'\"(),;:")
            if REPO_PATH.match(word):
                paths.add(word)
    return paths


# --- what the project has --------------------------------------------------------------------------------------


def _make_targets() -> dict[str, tuple[list[str], list[str]]]:
    """Every Makefile target with a plain name: its prerequisites and its recipe lines."""
    targets: dict[str, tuple[list[str], list[str]]] = {}
    current = None
    for line in MAKEFILE.splitlines():
        rule = re.match(r"^([A-Za-z][\w.-]*)\s*:(?!=)(.*)$", line)
        if rule:
            current = rule.group(1)
            targets[current] = (rule.group(2).split(), [])
        elif line.startswith("\t") and current:
            targets[current][1].append(line.strip().lstrip("@-"))
        else:
            current = None
    return targets


def _make_variable(name: str) -> str:
    return re.search(rf"^{name}\s*:?=\s*(.+)$", MAKEFILE, re.MULTILINE).group(1).strip()


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _placeholder_words(lang: str) -> set[str]:
    """The placeholders ``klantlab --help`` shows in ``lang`` (and the choices written in capitals)."""
    with language(lang):
        parser = _parser()
    words: set[str] = set()
    for each in [parser, *_subcommands(parser).values()]:
        for action in each._actions:
            metavars = action.metavar if isinstance(action.metavar, tuple) else (action.metavar or "",)
            for text in [*metavars, *(str(choice) for choice in action.choices or ())]:
                words.update(PLACEHOLDER.findall(text))
    return words


def _normalised(command: list[str]) -> str:
    """A command with its placeholders made language-neutral: ``klantlab grades MAP`` -> ``klantlab grades X``."""
    return PLACEHOLDER.sub("X", " ".join(command))


def _skeleton(line: str) -> list[str]:
    """What must be the same in both languages on a shell line: the variables set, the program, its subcommand
    (klantlab, make, conda) and every option; file names and values may be translated."""
    words = line.split()
    skeleton = [word.split("=")[0] + "=" for word in words if ENV_ASSIGNMENT.match(word)]
    words = words[len(skeleton) :]
    if words:
        skeleton.append(words[0])
        if words[0] in {"klantlab", "make", "conda"} and len(words) > 1:
            skeleton.append(words[1])
        skeleton += [word for word in words[1:] if word.startswith("-")]
    return skeleton


# --- (a) both languages say the same things ----------------------------------------------------------------------


def test_both_languages_have_the_same_sections() -> None:
    dutch, english = _sections(_part("nl")), _sections(_part("en"))
    assert len(dutch) == len(english), ([h for h, _ in dutch], [h for h, _ in english])
    assert len(dutch) > 10
    # Every section is a translation, not a summary: it is at least half as long as the Dutch one.
    for (heading, nl_body), (en_heading, en_body) in zip(dutch, english, strict=True):
        assert len(en_body) > len(nl_body) / 2, (heading, en_heading)


def test_both_languages_have_the_same_code_blocks_in_the_same_order() -> None:
    dutch, english = _code_blocks(_part("nl")), _code_blocks(_part("en"))
    assert len(dutch) == len(english) >= 4
    for (nl_info, nl_body), (en_info, en_body) in zip(dutch, english, strict=True):
        assert nl_info == en_info
        nl_lines, en_lines = _block_lines(nl_info, nl_body), _block_lines(en_info, en_body)
        assert len(nl_lines) == len(en_lines), (nl_lines, en_lines)
        if nl_info == "bash":
            assert [_skeleton(line) for line in nl_lines] == [_skeleton(line) for line in en_lines]
        else:  # the layout: the same folders in the same order, their description translated
            assert [line.split()[0] for line in nl_lines] == [line.split()[0] for line in en_lines]


@pytest.mark.parametrize("what", ["make", "klantlab", "paths", "options", "urls"])
def test_each_section_names_the_same_commands_paths_options_and_addresses_in_both_languages(what: str) -> None:
    def named(body: str):
        if what == "make":
            return sorted(" ".join(words) for words in _make_commands(body))
        if what == "klantlab":  # in the prose; the code blocks are compared line by line above
            return sorted(_normalised(_words(span)) for span in _code_spans(body) if span.startswith("klantlab "))
        if what == "paths":
            return _repo_paths(body)
        if what == "options":
            return {word for command in _commands(body) for word in re.findall(r"(?<![\w-])--[a-z][\w-]*", command)}
        return set(re.findall(r"https?://[^\s)`]+", body))

    for (heading, nl_body), (en_heading, en_body) in zip(_sections(_part("nl")), _sections(_part("en")), strict=True):
        assert named(nl_body) == named(en_body), (heading, en_heading)


def test_both_command_tables_list_the_same_commands_row_by_row() -> None:
    def rows(lang: str) -> list[str]:
        return [
            _normalised(_words(span))
            for line in _part(lang).splitlines()
            if line.startswith("| `klantlab") and (span := _code_spans(line)[0])
        ]

    assert rows("nl") == rows("en")
    named = {row.split()[1] for row in rows("nl") if not row.split()[1].startswith("-")}
    assert named == set(_subcommands(_parser())), "the table has a row for every subcommand"


@pytest.mark.parametrize("lang", PARTS)
def test_the_notebook_table_lists_the_series_in_its_order(lang: str) -> None:
    rows = re.findall(r"^\| (\d+) \| `([^`]+)` \| `([^`]+)` \|", _part(lang), re.MULTILINE)
    assert [int(number) for number, _, _ in rows] == list(range(1, len(rows) + 1))
    for column, series in ((1, "nl"), (2, "en")):
        listed = [row[column].removesuffix(".ipynb") for row in rows]
        assert listed == [client_notebook_name(name).removesuffix(".ipynb") for name in SERIES[series]]


@pytest.mark.parametrize("lang", PARTS)
def test_the_numbers_and_sample_files_the_readme_states_come_from_the_code(lang: str) -> None:
    part = _part(lang)
    lock_wait = re.search(r"APT_LOCK_WAIT_S:-(\d+)", INSTALL_SCRIPT).group(1)
    assert f"{lock_wait} " in part and "APT_LOCK_WAIT_S" in part
    assert f"http://127.0.0.1:{DEFAULT_DASHBOARD_PORT}/" in part
    assert f"{DEFAULT_LAB_PORT}" in part
    assert {"nl": f"hoogstens {DEFAULT_MAX_KERNELS}", "en": f"at most {DEFAULT_MAX_KERNELS}"}[lang] in part
    for path in ("data/samples/verpakkingsmachines.klantlab.json", "data/samples/packaging_machines.klantlab.json"):
        assert path in part


# --- (b) every make target and klantlab command exists -----------------------------------------------------------


@pytest.mark.parametrize("lang", PARTS)
def test_every_make_target_named_exists_and_takes_the_variables_given(lang: str) -> None:
    targets = _make_targets()
    named = _make_commands(_part(lang))
    assert {"start", "test"} <= {words[1] for words in named if len(words) > 1}
    for words in named:
        for word in words[1:]:
            if "=" in word:  # make start PORT=8890: the target's recipe uses $(PORT)
                assert f"$({word.split('=')[0]})" in " ".join(targets[words[1]][1]), words
            else:
                assert word in targets, f"make {word} is not a Makefile target"


@pytest.mark.parametrize("lang", PARTS)
def test_every_klantlab_command_named_exists_with_its_options(lang: str) -> None:
    with language(lang):
        parser = _parser()
    subcommands = _subcommands(parser)
    command_placeholder = parser._actions[-1].metavar
    for words in _klantlab_commands(_part(lang)):
        rest = words[1:]
        while rest and rest[0].startswith("-"):  # options of klantlab itself come before the subcommand
            assert rest[0] in parser._option_string_actions, words
            rest = rest[2:] if rest[0] == "--language" else rest[1:]
        if not rest or rest[0] in {"…", "..."}:
            continue
        if rest[0] == command_placeholder:  # klantlab OPDRACHT --help
            continue
        assert rest[0] in subcommands, f"klantlab {rest[0]} is not a subcommand ({' '.join(words)})"
        options = subcommands[rest[0]]._option_string_actions
        for option in re.findall(r"(?<![\w-])--[a-z][\w-]*", " ".join(rest[1:])):  # also inside [--out MAP]
            assert option in options, f"{' '.join(words)}: {option} is not an option of klantlab {rest[0]}"


@pytest.mark.parametrize("lang", PARTS)
def test_placeholders_are_the_ones_klantlab_help_shows_in_that_language(lang: str) -> None:
    known = _placeholder_words(lang)
    for words in _klantlab_commands(_part(lang)):
        unknown = set(PLACEHOLDER.findall(" ".join(words))) - known
        assert not unknown, f"{' '.join(words)}: {unknown} is not how klantlab --help says it in {lang}"


@pytest.mark.parametrize("lang", PARTS)
def test_every_klantlab_command_line_in_a_code_block_parses(lang: str) -> None:
    lines = [
        words
        for info, body in _code_blocks(_part(lang))
        for line in _block_lines(info, body)
        if (words := _words(line)) and words[0] == "klantlab"
    ]
    assert lines
    for words in lines:
        with contextlib.redirect_stderr(io.StringIO()) as errors:
            try:
                _parser().parse_args(words[1:])
            except SystemExit as stop:
                pytest.fail(f"{' '.join(words)}: {errors.getvalue()} (exit {stop.code})")


# --- (c) every repository path exists ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", PARTS)
def test_every_repository_path_named_exists(lang: str) -> None:
    paths = _repo_paths(_part(lang))
    assert len(paths) > 10
    missing = sorted(path for path in paths if not (ROOT / path).exists())
    assert not missing


# --- (d) conda runs exactly what make runs -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", PARTS)
def test_the_conda_block_runs_the_makefiles_start_lint_and_test_commands(lang: str) -> None:
    block = next(body for info, body in _code_blocks(_part(lang)) if "conda env create" in body)
    lines = _block_lines("bash", block)
    targets = _make_targets()
    prerequisites, recipe = targets["test"]
    checks = [line for name in prerequisites if name in targets for line in targets[name][1]] + recipe
    assert any(line.startswith("$(BIN)/ruff check") for line in checks)  # lint runs as part of make test
    sample = _make_variable("SAMPLE")
    assert "$(BIN)/klantlab lab $(SAMPLE)" in targets["start"][1][0]
    assert lines == [
        "conda env create -f environment.yml",
        "conda activate klantlab",
        f"klantlab lab {sample}",
        *(line.replace("$(BIN)/", "") for line in checks),
    ]
