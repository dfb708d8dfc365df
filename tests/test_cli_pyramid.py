"""``klantlab pyramid``: the same analysis from the command line, as a report or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from klantlab.cli import main
from klantlab.io import samples_dir

SMALL = (
    "Klantnr;Factuurdatum;Bedrag;Marge\n"
    "A;05-03-2025;1.000,00;300,00\n"
    "A;06-03-2025;-400,00;-120,00\n"  # credit note
    "B;07-03-2025;500,00;50,00\n"
    "C;08-03-2025;100,00;80,00\n"
    "D;09-03-2024;900,00;90,00\n"  # bought last year only: inactive
    "(blank);10-03-2025;70,00;7,00\n"
    "E;31-02-2025;70,00;7,00\n"  # impossible date
    "F;11-03-2025;abc;7,00\n"
)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["pyramid", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(SMALL, encoding="utf-8-sig")
    return path


def test_json_has_levels_pareto_gini_and_rows_left_out(capsys, small_file: Path) -> None:
    code, out, _ = _run(capsys, str(small_file), "--json", "--preset", "custom", "34", "67")
    assert code == 0
    data = json.loads(out)
    # Active: A 600 (credit note netted), B 500, C 100. 34 % of 3 = 1.02 -> 2 in top; 67 % -> 2.01 -> 3: 1 large.
    assert [(lv["level"], lv["customers"], lv["revenue"]) for lv in data["levels"]] == [
        ("top", 2, 1100.0),
        ("large", 1, 100.0),
        ("medium", 0, 0.0),
        ("small", 0, 0.0),
        ("inactive", 1, 0.0),  # D bought in March 2024, inside the twelve months before the period
        ("prospect", 0, 0.0),
        ("suspect", 0, 0.0),
    ]
    assert [lv["level"] for lv in data["levels"]] == [
        "top",
        "large",
        "medium",
        "small",
        "inactive",
        "prospect",
        "suspect",
    ]
    assert data["levels"][0]["revenue_share"] == round(1100 / 1200, 6)
    # 80 % of 1200 = 960: A (600) + B (500) = 1100 reaches it.
    assert data["pareto"] == {"threshold": 0.8, "customers": 2, "customer_share": round(2 / 3, 6)}
    assert data["gini"] == round(2 * (1 * 100 + 2 * 500 + 3 * 600) / (3 * 1200) - 4 / 3, 6)
    assert data["rows_left_out"] == {
        "no_customer": 1,
        "bad_amount": 1,
        "bad_date": 1,
        "outside_period": 0,
        "outlying_date": 0,
    }
    # No period given and the latest date (11 March 2025) is not in December: the twelve months up to it.
    assert data["period"] == ["2024-03-12", "2025-03-11"]
    assert data["columns"] == {"customer_id": "Klantnr", "date": "Factuurdatum", "revenue": "Bedrag", "margin": "Marge"}


def test_margin_basis_and_period(capsys, small_file: Path) -> None:
    code, out, _ = _run(
        capsys, str(small_file), "--json", "--basis", "margin", "--period", "2025-03-06", "2025-03-07",
        "--preset", "custom", "50",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    # In the period: A -400 (not active: a credit note only), B 500 / margin 50. C and F come after it.
    # A (5 March 2025) and D (9 March 2024) bought in the twelve months before: inactive.
    assert [(lv["level"], lv["customers"], lv["margin"]) for lv in data["levels"][:5]] == [
        ("top", 1, 50.0),
        ("large", 0, 0.0),
        ("medium", 0, 0.0),
        ("small", 0, 0.0),
        ("inactive", 2, 0.0),
    ]
    # F's revenue is unreadable but its margin is not, and the basis is margin: F is outside the period, not bad.
    assert data["rows_left_out"] == {
        "no_customer": 1,
        "bad_amount": 0,
        "bad_date": 1,
        "outside_period": 2,
        "outlying_date": 0,
    }


def test_the_report_is_in_the_users_language(capsys, small_file: Path) -> None:
    code, out, _ = _run(capsys, str(small_file))
    assert code == 0
    assert "export.csv: 8 regels gelezen." in out
    assert "  1 regels weggelaten: geen klantnummer" in out
    assert "  1 regels weggelaten: datum onleesbaar of onmogelijk" in out
    code = main(["--language", "en", "pyramid", str(small_file)])
    out = capsys.readouterr().out
    assert "export.csv: 8 rows read." in out and "1 rows left out: amount unreadable or empty" in out


def test_the_sample_gives_the_documented_figures(capsys) -> None:
    code, out, _ = _run(capsys, str(samples_dir() / "verpakkingsmachines_facturen.csv"), "--json",
                        "--crm", str(samples_dir() / "verpakkingsmachines_crm.csv"))  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert [lv["customers"] for lv in data["levels"]] == [18, 72, 270, 1440, 220, 250, 900]
    assert [round(lv["revenue_share"], 4) for lv in data["levels"][:4]] == [0.4641, 0.2509, 0.1863, 0.0986]
    assert data["pareto"]["customers"] == 165 and data["gini"] == pytest.approx(0.8705, abs=5e-5)
    assert data["churn"]["lost"] == 220 and data["churn"]["new"] == 242


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--preset", "custom", "20", "5"], "De grenzen custom 20 5 kloppen niet"),
        (["--preset", "curry", "5"], "De grenzen curry 5 kloppen niet"),
        (["--map", "revenue=Omzet"], "Kolom 'Omzet' staat niet in"),
        (["--map", "revenue"], "'revenue' is geen koppeling"),
        (["--period", "2025-12-31", "2025-01-01"], "De periode klopt niet"),
        (["--basis", "margin", "--map", "margin="], "Er is geen margekolom gekoppeld"),
    ],
)
def test_mistakes_give_a_message_and_exit_code_2(capsys, small_file: Path, args: list[str], message: str) -> None:
    code, out, err = _run(capsys, str(small_file), *args)
    assert (code, out) == (2, "")
    assert message in err and "Traceback" not in err


def test_a_missing_file_is_named(capsys, tmp_path: Path) -> None:
    code, _, err = _run(capsys, str(tmp_path / "weg.csv"))
    assert code == 2 and f"Het bestand '{tmp_path / 'weg.csv'}' bestaat niet" in err


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--pareto", "1000"], "'1000' is geen aandeel"),
        (["--pareto", "nan"], "'nan' is geen aandeel"),
        (["--inactive-months", "100000"], "'100000' is geen aantal maanden"),
        (["--inactive-months", "-5"], "'-5' is geen aantal maanden"),  # used to drop rows without a word
        (["--period", "0001-01-01", "2025-12-31"], "'0001-01-01' is geen datum tussen 1900 en 2999"),
    ],
)
def test_options_out_of_range_are_refused_with_what_to_choose(capsys, small_file: Path, options, said) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["pyramid", str(small_file), *options])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and said in err and "Traceback" not in err


def test_a_workbook_gives_its_own_files_and_settings(capsys, tmp_path: Path) -> None:
    from helpers import sample_copy

    workbook = sample_copy(tmp_path)
    code, out, err = _run(capsys, str(workbook), "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert {row["level"]: row["customers"] for row in result["levels"]} == {
        "top": 18, "large": 72, "medium": 270, "small": 1440, "inactive": 220, "prospect": 250, "suspect": 900,
    }  # fmt: skip  (the CRM list of the workbook gives the prospects and suspects; the file alone gives none)
    assert result["period"] == ["2025-01-01", "2025-12-31"]
    code, out, err = _run(capsys, str(workbook))
    assert out.splitlines()[11:14] == [
        "  Suspecten                   900               € 0     0,0 %        ",
        "  (boek: Het aandeel dat dit niveau volgens de klantenpiramide van Jay Curry gewoonlijk heeft, ter "
        "vergelijking.)",
        "",
    ]  # the column "boek" explained under the table
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []  # nothing left


def test_a_workbook_refuses_the_options_it_answers_itself_and_says_what_it_lacks(capsys, tmp_path: Path) -> None:
    from helpers import sample_copy

    workbook = sample_copy(tmp_path)
    code, out, err = _run(capsys, str(workbook), "--basis", "margin", "--pareto", "70")
    assert (code, out) == (2, "")
    assert err == (
        "Met een werkboek komen bestand, periode, basis en indeling uit het werkboek; --basis, --pareto past daar "
        "niet bij. Laat --basis, --pareto weg, of geef het exportbestand zelf: klantlab pyramid BESTAND --basis, "
        "--pareto.\n"
    )
    assert main(["new", "Nieuwe klant", "--dir", str(tmp_path)]) == 0
    capsys.readouterr()
    code, out, err = _run(capsys, str(tmp_path / "nieuwe-klant.klantlab.json"))
    assert (code, out) == (2, "")
    assert err == (
        "Het werkboek noemt nog geen klantenbestand. Kies het bestand in notebook 03 (Klantenpiramide, Stap 1), of "
        "geef het exportbestand zelf: klantlab pyramid BESTAND.\n"
    )
