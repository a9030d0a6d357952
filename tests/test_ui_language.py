"""The language of the app's screens and messages (the user's), apart from the plan's language.

`--ui-lang`, then FACILITATOR_UI_LANG, then the locale variables the gettext way. The screens are imported
here while the language is English, before the tests switch it: key labels are translated where they are
shown, so a language chosen later (or changed while the app runs) still reaches the footer and the help.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pilot import pilot_test, settle, until
from test_tui import SNAPSHOT_PLAN
from textual.command import CommandList, CommandPalette
from textual.widgets._footer import FooterKey, FooterLabel

from facilitator import app as app_module
from facilitator import cli, i18n
from facilitator.app import ClusterApp
from facilitator.i18n import locale_language, ui_language
from facilitator.screens.commands import SECTION_COMMANDS, title
from facilitator.screens.dashboard import DashboardScreen
from facilitator.screens.help import HelpScreen
from facilitator.screens.messages import OpenPlan
from facilitator.screens.widgets import Footer, RecordTable
from facilitator.store import PlanStore

LOCALE_VARIABLES = ("FACILITATOR_UI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def english_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test here leaves the process in English (other tests read English messages)."""
    monkeypatch.setattr(app_module, "DISK_CHECK_SECONDS", 3600.0)
    try:
        yield
    finally:
        i18n.set_language("en")


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# --- which language -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "es_UY.UTF-8"}, "es"),
    ({"LANG": "pt_BR"}, "pt"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "es"}, "es"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "POSIX"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({}, "en"),
    ({"LANG": ""}, "en"),
    # the order gettext reads them in: LANGUAGE, LC_ALL, LC_MESSAGES, LANG
    ({"LC_ALL": "pt_PT.UTF-8", "LANG": "es_AR.UTF-8"}, "pt"),
    ({"LC_MESSAGES": "es_MX", "LANG": "pt_BR"}, "es"),
    ({"LANGUAGE": "pt_BR:es", "LC_ALL": "es_CL.UTF-8"}, "pt"),
    ({"LANGUAGE": "fr:es", "LANG": "pt_BR"}, "es"),  # LANGUAGE lists fallbacks: the first the app speaks
    ({"LANGUAGE": "fr", "LANG": "pt_BR"}, "pt"),  # a language the app does not speak: the next variable
    ({"LC_ALL": "C", "LANG": "es_UY.UTF-8"}, "en"),  # C asks for the untranslated messages
    ({"LANG": "es_UY.UTF-8@euro"}, "es"),
])
def test_the_locale_variables_decide_the_gettext_way(environ: dict[str, str], expected: str) -> None:
    assert locale_language(environ) == expected


def test_the_option_then_the_variable_then_the_locale() -> None:
    environ = {"FACILITATOR_UI_LANG": "pt", "LANG": "es_UY.UTF-8"}
    assert ui_language("en", environ) == ("en", None)
    assert ui_language(None, environ) == ("pt", None)
    assert ui_language(None, {"FACILITATOR_UI_LANG": "es_UY.UTF-8"}) == ("es", None)
    assert ui_language(None, {"LANG": "es_UY.UTF-8"}) == ("es", None)
    # A value the app cannot use is given back (to be reported) and the locale decides.
    assert ui_language(None, {"FACILITATOR_UI_LANG": "fr", "LANG": "pt_BR"}) == ("pt", "fr")


# --- the command line -----------------------------------------------------------------------------------


def test_ui_lang_is_parsed_before_and_after_the_command(example_plan: Path, no_locale: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(example_plan), "--ui-lang", "es"]) == 0
    assert "no se encontraron problemas" in capsys.readouterr().err
    assert cli.main(["--ui-lang", "pt", "check", str(example_plan)]) == 0
    assert "nenhum problema encontrado" in capsys.readouterr().err
    assert cli.main(["check", str(example_plan), "--ui-lang=en"]) == 0
    assert "no problems found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["check", str(example_plan), "--ui-lang", "fr"])
    assert exit_.value.code == 2
    assert "--ui-lang" in capsys.readouterr().err


def test_the_terminal_app_starts_in_the_chosen_language(example_plan: Path, no_locale: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    started: list[tuple[str, str]] = []
    no_locale.setattr(cli, "_open", lambda plan: started.append((plan, i18n.language())) or 0)
    assert cli.main([str(example_plan), "--ui-lang", "es"]) == 0  # facilitator PLAN --ui-lang es
    assert cli.main(["open", str(example_plan), "--ui-lang", "pt"]) == 0
    no_locale.setenv("LANG", "es_UY.UTF-8")
    assert cli.main([str(example_plan)]) == 0
    no_locale.setenv("FACILITATOR_UI_LANG", "pt")
    assert cli.main([str(example_plan)]) == 0
    no_locale.setenv("FACILITATOR_UI_LANG", "klingon")
    assert cli.main([str(example_plan)]) == 0
    assert "FACILITATOR_UI_LANG=klingon" in capsys.readouterr().err
    no_locale.setenv("LANG", "C.UTF-8")
    no_locale.delenv("FACILITATOR_UI_LANG")
    assert cli.main([str(example_plan)]) == 0
    assert [lang for _plan, lang in started] == ["es", "pt", "es", "pt", "es", "en"]


def test_json_output_keeps_english_keys_in_spanish(empty_plan: Path, no_locale: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (empty_plan / "plan.toml").write_text((empty_plan / "plan.toml").read_text(encoding="utf-8") + 'colour = "blue"\n',
                                          encoding="utf-8")  # an unknown key: reported by check
    cli.main(["check", str(empty_plan), "--format", "json"])
    english = json.loads(capsys.readouterr().out)
    cli.main(["check", str(empty_plan), "--format", "json", "--ui-lang", "es"])
    spanish = json.loads(capsys.readouterr().out)
    assert english and [sorted(p) for p in spanish] == [sorted(p) for p in english]
    assert [p["check"] for p in spanish] == [p["check"] for p in english]
    assert [p["message"] for p in spanish] != [p["message"] for p in english]  # the messages are translated


# --- the terminal app -----------------------------------------------------------------------------------


def footer_text(app: ClusterApp) -> str:
    footer = app.screen.query_one(Footer)
    return " ".join(w.description if isinstance(w, FooterKey) else str(w.content)
                    for w in footer.query("FooterKey, FooterLabel") if isinstance(w, (FooterKey, FooterLabel)))


@pilot_test
async def test_the_dashboard_speaks_spanish(example_plan: Path) -> None:
    i18n.set_language("es")  # after the screens were imported in English (at the top of this module)
    app = ClusterApp(example_plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        sections = app.screen.query_one("#sections", RecordTable)
        names = [str(row.cells[1]) for row in sections.records]
        assert {"Actores", "Hallazgos", "Estrategia", "Acciones", "Sesiones"} <= set(names)
        assert sections.border_title == "Secciones del plan"
        footer = footer_text(app)
        for word in ("secciones", "Editar", "Exportar", "Ayuda", "Salir"):
            assert word in footer, footer
        assert "Export" not in footer.split() and "Quit" not in footer.split()

        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = app.screen.text()
        assert title(SECTION_COMMANDS[0]) in keys and "Abrir" in title(SECTION_COMMANDS[0])
        assert "Volver" in keys or "Exportar" in keys
        assert "Show the keys" not in keys
        await pilot.press("escape")

        await pilot.press("f")
        await until(pilot, lambda: not isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        assert "Volver" in footer_text(app)

        # The palette lists the screen's own keys (Back, Add, …) in Spanish too.
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert any(p.startswith("Volver") for p in prompts) and any(p.startswith("Agregar") for p in prompts)
        assert not any(p.startswith(("Back", "Add")) for p in prompts)


@pilot_test
async def test_opening_another_plan_keeps_the_users_language(example_plan: Path, tmp_path: Path) -> None:
    with PlanStore.create(tmp_path / "outro", "Cluster de Turismo", "pt") as store:
        other = store.folder
    i18n.set_language("es")
    app = ClusterApp(example_plan)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.post_message(OpenPlan(other))
        await until(pilot, lambda: app.state is not None and app.state.folder == other)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert i18n.language() == "es"  # the plan is in Portuguese; the screens stay in the user's Spanish
        assert app.screen.query_one("#sections", RecordTable).border_title == "Secciones del plan"
        assert "Exportar" in footer_text(app) and "Salir" in footer_text(app)


@pilot_test
async def test_longer_words_get_their_room(example_plan: Path) -> None:
    """Portuguese at 80x24: table headings are not cut, and the palette key leaves the footer to the screen's."""
    i18n.set_language("pt")
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for table_id in ("#sections", "#sessions"):
            table = app.screen.query_one(table_id, RecordTable)
            for column in table.columns.values():
                assert column.width >= len(column.label.plain), (table_id, column.label.plain, column.width)
        footer = app.screen.query_one(Footer)
        assert not footer.query(".-command-palette")  # "q Sair" fits only without it
        assert "Sair" in footer_text(app)
        await pilot.resize_terminal(120, 30)
        await until(pilot, lambda: bool(app.screen.query_one(Footer).query(".-command-palette")))
    i18n.set_language("en")
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:  # English keeps the palette key at 80 columns
        await settle(pilot)
        assert app.screen.query_one(Footer).query(".-command-palette")


@pytest.fixture
def snapshot_plan(tmp_path: Path) -> Path:
    folder = tmp_path / "valle"
    (folder / "sessions").mkdir(parents=True)
    (folder / "history").mkdir()
    (folder / "plan.toml").write_text(SNAPSHOT_PLAN, encoding="utf-8")
    (folder / "history" / "plan-r1.toml").write_text(SNAPSHOT_PLAN, encoding="utf-8")
    return folder


def test_snapshot_dashboard_in_spanish(snap_compare: Any, snapshot_plan: Path) -> None:
    i18n.set_language("es")
    assert snap_compare(ClusterApp(snapshot_plan), terminal_size=(80, 24), run_before=settle)



def test_categories_in_the_runner_are_in_the_user_s_language() -> None:
    from facilitator.screens.step_brainstorm import category_label

    with i18n.in_language("es"):
        assert [category_label(c) for c in ("so", "st", "wo", "wt")] == ["FO", "FA", "DO", "DA"]
        assert category_label("strength") == "Fortaleza" and category_label("structure") == "Estructura"
    with i18n.in_language("pt"):
        assert [category_label(c) for c in ("so", "st", "wo", "wt")] == ["FO", "FA", "DO", "DA"]
    assert category_label("so") == "SO" and category_label("quick-win") == "Quick win"


@pilot_test
async def test_a_crowded_footer_leaves_out_the_apps_keys_whole_never_a_screens_own(example_plan: Path) -> None:
    from textual.widgets._footer import FooterKey, FooterLabel

    from facilitator.screens.sessions import SessionsScreen
    from facilitator.screens.widgets import Footer

    i18n.set_language("es")  # the longer words: at 80 columns the sessions view's keys do not all fit
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, SessionsScreen))
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        keys = {k.key for k in footer.query(FooterKey)}
        assert {"escape", "n", "m", "question_mark"} <= keys  # the screen's own keys, and help
        assert "p" not in keys  # the plans key left out whole: ? lists it, the dashboard shows it
        assert not footer.query(FooterLabel)  # the sections' label went first
        assert max(k.region.right for k in footer.query(FooterKey)) <= 80  # all on screen, none cut
