"""The example plan in Spanish and Portuguese: catalogs complete, the committed folders exactly what
scripts/localize-example generates from the English source, plans that load and check as cleanly as the
English one, no English left in them, and the ways a user gets them (CLI --lang, the TUI's personal copy)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from facilitator import cli, i18n, paths
from facilitator.checks import check_folder
from facilitator.example import copy_example, personal_example
from facilitator.store import PlanStore

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "facilitator" / "example"
L10N = ROOT / "facilitator" / "example_l10n"

ENGLISH_SENTENCES = (
    # distinctive sentences of the English source, one per kind of text (profile, finding, summary, action,
    # risk, session note, comment): none may survive in a generated plan
    "Its starting point is a paradox",
    "Most visitors come for the day",
    "Over six workshops, the firms and institutions of the cluster agreed on one ambition",
    "Confidentiality agreement with firms, monthly return form",
    "A sharp devaluation in Argentina makes Uruguay markedly dearer",
    "Nobody stays! 1.6 nights on average",
    "Key figures presented at the joint diagnosis",
    "Colonia Tourism Cluster",
)


def _script() -> ModuleType:
    path = ROOT / "scripts" / "localize-example"
    loader = importlib.machinery.SourceFileLoader("localize_example", str(path))
    spec = importlib.util.spec_from_loader("localize_example", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _script()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_translatable_string_has_a_translation(script: ModuleType, lang: str) -> None:
    template = script.template()
    table = script.translations(lang)
    assert len(template) > 500  # the extraction sees the example's prose, comments included
    missing = [m.id for m in template if m.id and not table.get(m.id, "").strip()]
    assert not missing, f"{lang}.po has no translation for: {missing[:10]}"


def test_extraction_keeps_data_and_names_out(script: ModuleType) -> None:
    messages = [m for m in script.template() if m.id]
    ids = {m.id for m in messages}
    values = {m.id for m in messages if any(not note.endswith("(comment)") for note in m.auto_comments)}
    plan = tomllib.loads((SOURCE / "plan.toml").read_text(encoding="utf-8"))
    # prose and comments are in ...
    assert plan["cluster"]["description"] in ids
    assert plan["strategy"]["values"][0] in ids
    assert "The development program the cluster belongs to" in ids  # a comment
    # ... ids, codes, enum slugs, e-mails and people's names are not (a comment may name a person: kept as is)
    stakeholder = plan["stakeholders"][0]
    assert not values & {stakeholder["id"], stakeholder["email"], stakeholder["name"], stakeholder["kind"],
                      plan["findings"][0]["code"], plan["actions"][0]["budget_lines"][0]["category"]}


def test_generated_folders_are_what_the_script_makes(script: ModuleType, tmp_path: Path) -> None:
    assert script.generate(tmp_path) == 0  # nothing left untranslated
    for lang in ("es", "pt"):
        committed, fresh = _files(L10N / lang), _files(tmp_path / lang)
        assert sorted(fresh) == sorted(_files(SOURCE)), "same file layout as the English example"
        stale = [name for name in fresh if committed.get(name) != fresh[name]]
        assert not stale, f"example_l10n/{lang} is out of date, run scripts/localize-example: {stale}"


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_localized_example_loads_checks_and_reads_in_its_language(lang: str, tmp_path: Path) -> None:
    folder = copy_example(tmp_path / lang, lang)
    english = copy_example(tmp_path / "en")
    with PlanStore.open(folder, read_only=True) as store:
        assert store.plan.language == lang
        english_plan = PlanStore.open(english, read_only=True).plan
        # same records, same data: only the words change
        assert [f.id for f in store.plan.findings] == [f.id for f in english_plan.findings]
        assert [a.budget for a in store.plan.actions] == [a.budget for a in english_plan.actions]
        assert store.plan.cluster.name != english_plan.cluster.name
    assert len(check_folder(folder)) <= len(check_folder(english))
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.toml")))
    leaked = [s for s in ENGLISH_SENTENCES if s in text]
    assert not leaked, f"English left in the {lang} example: {leaked}"


def test_cli_example_copies_the_language_asked_or_the_apps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.main(["example", str(tmp_path / "pt"), "--lang", "pt"]) == 0
    assert tomllib.loads((tmp_path / "pt" / "plan.toml").read_text(encoding="utf-8"))["language"] == "pt"
    assert cli.main(["--ui-lang", "es", "example", str(tmp_path / "es")]) == 0
    assert tomllib.loads((tmp_path / "es" / "plan.toml").read_text(encoding="utf-8"))["language"] == "es"
    i18n.set_language("en")
    assert cli.main(["example", str(tmp_path / "en")]) == 0
    assert tomllib.loads((tmp_path / "en" / "plan.toml").read_text(encoding="utf-8"))["language"] == "en"


def test_personal_example_follows_the_ui_language_one_copy_each(user_home: Path) -> None:
    i18n.set_language("pt")
    try:
        pt_folder, created = personal_example()
    finally:
        i18n.set_language("en")
    assert created and pt_folder == paths.example_copy_dir("pt") == user_home / "example-plan-pt"
    en_folder, created = personal_example()
    assert created and en_folder == user_home / "example-plan"  # the name an English copy always had
    (en_folder / "plan.toml").write_text((en_folder / "plan.toml").read_text(encoding="utf-8") + "\n# mine\n",
                                         encoding="utf-8")
    assert personal_example("en") == (en_folder, False)
    assert (en_folder / "plan.toml").read_text(encoding="utf-8").endswith("# mine\n")  # never overwritten
    assert tomllib.loads((pt_folder / "plan.toml").read_text(encoding="utf-8"))["language"] == "pt"
