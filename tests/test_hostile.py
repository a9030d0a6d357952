"""Hostile participant text in the PDFs: markup, template syntax, CSS, control characters, right-to-left
text, accents and typographic quotes, a 100 kB string and emoji, typed into the cluster's name and
description, findings, stakeholders, objectives, indicators, actions, the vision and a session (decisions,
contributions) of a copy of the example. The plan is rendered once (with
participant names on) and the minutes of the hostile session once; every assertion reads those two.
The text must come out literally, no template may run, and no file outside the templates package may
be asked for. The URL fetcher itself is unit-tested too."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pdfs import compact, pdf_text

from facilitator.example import copy_example
from facilitator.export import export_minutes, export_plan
from facilitator.export.context import text
from facilitator.store import PlanStore

LONG = "LONGSTART " + " ".join(f"x{i:05d}" for i in range(14_000)) + " LONGEND"  # about 100 kB
RLO = "\u202e"
CORPUS = {
    "img": '<img src="file:///etc/passwd">',
    "script": "<script>alert('x')</script>",
    "style": "<style>body{display:none}</style>",
    "link": '<link rel="attachment" href="file:///etc/passwd">',
    "jinja": "J1 {{ 7*7 }} J1",
    "include": '{% include "x" %}',
    "css": "url(file:///etc/passwd)",
    "control": "bell\x07 esc\x1b[31m del\x7f end",
    "hebrew": "שלום עולם",
    "arabic": "مرحبا",
    "emoji": "Fiesta 🎉 👍🏽 ok",
    "attach": '<a rel="attachment" href="file:///etc/hostname">x</a>',
    "raw": "{% raw %} and {# c #}",
    "import": "</style><style>@import url(file:///etc/passwd);</style>",
    "base": '<base href="http://example.com/">',
    "accents": "ç ã õ ñ ¿ ¡ • – “quoted” ‘single’",
}
TITLE = "Cluster <b>bold</b> & “Ñandú” </title>"  # the cluster name: the document title and the PDF metadata
RTL = f"{RLO}{CORPUS['hebrew']} {CORPUS['arabic']}"


def hostile(key: str, tag: str) -> str:
    """A corpus entry marked with the field it went into (``tag``), to find it in the PDF text."""
    return f"{tag}: {CORPUS[key]}"


def write_corpus(folder: Path) -> Path:
    """Put the corpus into a copy of the example; returns the session file edited."""
    store = PlanStore.open(folder)
    try:
        plan = store.plan
        plan.cluster.name = TITLE
        plan.cluster.description = hostile("accents", "Cd")
        plan.findings[0].text = hostile("img", "F0")
        plan.findings[1].text = hostile("script", "F1") + " " + hostile("style", "F1b")
        plan.findings[2].text = hostile("jinja", "F2")
        plan.findings[3].text = hostile("css", "F3")
        plan.findings[4].text = hostile("attach", "F4")
        plan.findings[5].text = hostile("raw", "F5")
        plan.indicators[0].name = hostile("import", "I0")
        # the author of a note of the session edited below, so that the minutes print the name
        session_path = store.session_paths()[0]
        first = store.open_session(session_path).model
        author = next(c.author for c in first.contributions if c.author and c.merged_into is None)
        named = next(k for k in plan.stakeholders if k.id == author)
        named.name = hostile("link", "S0")
        named.organization = hostile("include", "S0o")
        next(k for k in plan.stakeholders if k.id != author).name = hostile("emoji", "S1")
        plan.objectives[0].title = hostile("include", "O0") + " " + hostile("style", "O0b")
        plan.objectives[0].description = hostile("control", "O0d")
        plan.objectives[1].description = LONG
        plan.actions[0].title = hostile("emoji", "A0") + " " + hostile("img", "A0b")
        plan.actions[1].title = hostile("jinja", "A1")
        plan.actions[2].title = hostile("base", "A2")
        plan.strategy.vision = hostile("css", "Vc") + " V: " + RTL  # an override reverses what follows it
        store.save_plan()
        handle = store.open_session(session_path)
        session = handle.model
        session.contributions[0].text = hostile("img", "C0")
        session.contributions[1].text = hostile("jinja", "C1")
        session.contributions[2].text = hostile("script", "C2") + " " + hostile("link", "C2b")
        session.contributions[3].text = "C3: " + RTL
        session.contributions[4].text = hostile("control", "C4")
        session.decisions[0].text = hostile("jinja", "D0") + " " + hostile("css", "D0c")
        assert store.save_session(handle)
    finally:
        store.close()
    return session_path


class Rendered:
    def __init__(self, folder: Path, path: Path, fetchers: list[Any]) -> None:
        from pypdf import PdfReader

        self.folder = folder
        self.path = path
        self.reader = PdfReader(str(path))
        self.text = pdf_text(path)
        self.flat = compact(self.text)
        self.requested = [url for f in fetchers for url in f.requested]
        self.refused = [url for f in fetchers for url in f.refused]


def render_with_spy(monkeypatch: pytest.MonkeyPatch, export: Any) -> tuple[Path, list[Any]]:
    import facilitator.export.pdf as pdf_module

    fetchers: list[Any] = []
    real = pdf_module.make_fetcher

    def spy(root: Path | None = None) -> Any:
        fetchers.append(real(root))
        return fetchers[-1]

    monkeypatch.setattr(pdf_module, "make_fetcher", spy)
    return export(), fetchers


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = copy_example(tmp_path_factory.mktemp("hostile") / "example")
    return folder, write_corpus(folder)


@pytest.fixture(scope="module")
def plan_pdf(corpus: tuple[Path, Path]) -> Rendered:
    folder, _session = corpus
    with pytest.MonkeyPatch.context() as mp:
        path, fetchers = render_with_spy(mp, lambda: export_plan(folder, folder / "hostile.pdf", participants=True))
    return Rendered(folder, path, fetchers)


@pytest.fixture(scope="module")
def minutes_pdf(corpus: tuple[Path, Path]) -> Rendered:
    """Contributions are printed in the minutes only (the plan counts them)."""
    folder, session = corpus
    with pytest.MonkeyPatch.context() as mp:
        path, fetchers = render_with_spy(mp, lambda: export_minutes(session, folder / "minutes.pdf"))
    return Rendered(folder, path, fetchers)


def assert_literal(flat: str, value: str) -> None:
    assert compact(text(value)) in flat, value[:80]


def assert_rtl(flat: str, value: str) -> None:
    """Right-to-left words come out in logical or in visual order, depending on the extraction."""
    for word in value.replace(RLO, "").split():
        assert compact(word) in flat or compact(word[::-1]) in flat, word


# --- the plan --------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_plan_prints_the_corpus_literally(plan_pdf: Rendered) -> None:
    flat = plan_pdf.flat
    for key, tag in [("img", "F0"), ("script", "F1"), ("style", "F1b"), ("jinja", "F2"), ("css", "F3"),
                     ("include", "O0"), ("style", "O0b"), ("control", "O0d"), ("img", "A0b"), ("jinja", "A1"),
                     ("css", "Vc"), ("jinja", "D0"), ("css", "D0c"), ("attach", "F4"), ("raw", "F5"),
                     ("import", "I0"), ("base", "A2"), ("accents", "Cd")]:
        assert_literal(flat, hostile(key, tag))
    assert compact(TITLE) in flat
    assert plan_pdf.reader.metadata.title == f"Cluster competitiveness plan — {TITLE}"  # as typed, not markup
    assert "[U+0007]" in plan_pdf.text and "\x07" not in plan_pdf.text and "\x1b" not in plan_pdf.text
    assert_rtl(flat, RTL)
    # the right-to-left override ends with its paragraph: the mission, printed next, reads normally
    with PlanStore.open(plan_pdf.folder, read_only=True) as store:
        mission = store.plan.strategy.mission
    assert mission and compact(text(mission)) in flat


@pytest.mark.slow
def test_plan_runs_no_template_in_participant_text(plan_pdf: Rendered) -> None:
    for tag in ("F2", "A1", "D0"):
        assert f"{tag}:J1{{{{7*7}}}}J1" in plan_pdf.flat
        assert f"{tag}:J149J1" not in plan_pdf.flat
    assert "J149J1" not in plan_pdf.flat
    assert compact('{% include "x" %}') in plan_pdf.flat
    assert compact("F5: {% raw %} and {# c #}") in plan_pdf.flat


@pytest.mark.slow
def test_plan_keeps_the_100_kb_string_whole(plan_pdf: Rendered) -> None:
    flat = plan_pdf.flat
    start, end = flat.index("LONGSTART"), flat.index("LONGEND")
    assert flat[start:].startswith("LONGSTARTx00000x00001x00002")
    assert flat[:end + 7].endswith("x13998x13999LONGEND")
    assert re.findall(r"x\d{5}", flat[start:end]) == [f"x{i:05d}" for i in range(14_000)]


@pytest.mark.slow
def test_plan_emoji_and_stakeholder_names(plan_pdf: Rendered) -> None:
    # Emoji are outside the bundled font (a .notdef box on a laptop without an emoji font): the text layer
    # still carries them and the text around them.
    assert compact(hostile("emoji", "A0")) in plan_pdf.flat
    # Stakeholder names are printed only where the template lists participants (the annexes, with
    # participant names on): wherever a name is printed it must be literal, never interpreted.
    for value in (hostile("link", "S0"), hostile("include", "S0o"), hostile("emoji", "S1")):
        if compact(value.split(":")[0] + ":") in plan_pdf.flat:
            assert_literal(plan_pdf.flat, value)


@pytest.mark.slow
def test_plan_reads_nothing_outside_the_templates(plan_pdf: Rendered) -> None:
    from facilitator.export.html import templates_dir

    assert plan_pdf.requested, "the fetcher spy saw no request"
    root = templates_dir().as_uri() + "/"
    assert all(url.startswith(root) for url in plan_pdf.requested), plan_pdf.requested
    assert not plan_pdf.refused  # the markup never even reached WeasyPrint as markup
    assert "root:x:0:0" not in plan_pdf.text
    passwd = Path("/etc/passwd")
    if passwd.exists():
        first = passwd.read_text().splitlines()[0]
        assert compact(first) not in plan_pdf.flat
    data = plan_pdf.path.read_bytes()
    assert b"/FileAttachment" not in data  # no file attached through a link
    assert b"example.com" not in data  # the <base href> never became a base URL
    attachments = plan_pdf.reader.attachments
    assert attachments and all(name.endswith(".toml") for name in attachments)
    # only the plan's own files, written without personal data (names kept: --participants); the hostile
    # texts survive the scrub's TOML writer as the same data
    from facilitator.export.privacy import NAMES, attached_files

    own = (plan_pdf.folder / "plan.toml").read_bytes()
    assert attachments["plan.toml"] == [dict(attached_files([("plan.toml", own)], NAMES))["plan.toml"]]


# --- the minutes (contributions) -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_minutes_print_the_contributions_literally(minutes_pdf: Rendered) -> None:
    flat = minutes_pdf.flat
    for key, tag in [("img", "C0"), ("jinja", "C1"), ("script", "C2"), ("link", "C2b"), ("control", "C4"),
                     ("jinja", "D0")]:
        assert_literal(flat, hostile(key, tag))
    assert "C1:J149J1" not in flat
    assert_literal(flat, hostile("link", "S0"))  # the author's name beside the note
    assert_rtl(flat, RTL)
    from facilitator.export.html import templates_dir

    root = templates_dir().as_uri() + "/"
    assert minutes_pdf.requested and all(url.startswith(root) for url in minutes_pdf.requested)
    assert not minutes_pdf.refused
    assert "root:x:0:0" not in minutes_pdf.text


# --- the fetcher itself --------------------------------------------------------------------------------------------


def test_fetcher_refuses_local_files_and_the_network() -> None:
    from weasyprint.urls import URLFetchingError, fetch

    from facilitator.export.html import templates_dir
    from facilitator.export.pdf import make_fetcher

    fetcher = make_fetcher()
    for url in ("file:///etc/passwd", "file:///etc/hostname", "http://127.0.0.1/x.css", "https://example.com/a.png",
                templates_dir().as_uri() + "/../../../../../etc/passwd"):
        with pytest.raises(URLFetchingError), fetch(fetcher, url):
            pass
    assert len(fetcher.refused) == 5
    with fetch(fetcher, (templates_dir() / "plan.css").as_uri()) as response:
        assert response.read(1)


# --- links that lead out of the plan folder ------------------------------------------------------------------------

SECRET = 'secret = "S3CR3T-OUTSIDE"\n'


@pytest.fixture
def linked_plan(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the example whose history/ holds a link to a file outside the plan folder (a TOML file,
    so that nothing but the link itself gives it away), and the outside file."""
    outside = tmp_path / "outside" / "secret.toml"
    outside.parent.mkdir()
    outside.write_text(SECRET, encoding="utf-8")
    plan = copy_example(tmp_path / "plan")
    (plan / "history" / "plan-r98.toml").symlink_to(outside)
    return plan, outside


def test_export_refuses_a_link_out_of_the_plan_folder(linked_plan: tuple[Path, Path], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from facilitator import cli
    from facilitator.export import plan_files
    from facilitator.problems import PlanError

    plan, _outside = linked_plan
    out = tmp_path / "plan.pdf"
    assert cli.main(["export", str(plan), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "history/plan-r98.toml" in err and "outside the plan folder" in err and "not exported" in err, err
    assert not out.exists()
    with pytest.raises(PlanError, match=r"history/plan-r98\.toml.*outside the plan folder"):
        plan_files(plan)  # the embedded files are never read through such a link, whoever asks


def test_passwd_through_a_link_is_never_embedded(tmp_path: Path) -> None:
    """The reported case: `history/plan-r98.toml -> /etc/passwd`."""
    from facilitator.export import plan_files
    from facilitator.problems import PlanError

    plan = copy_example(tmp_path / "plan")
    (plan / "history" / "plan-r98.toml").symlink_to("/etc/passwd")
    with pytest.raises(PlanError, match="outside the plan folder"):
        plan_files(plan)


@pytest.mark.parametrize("where", ["sessions/evil.toml", "history/plan-r98.toml", "workshops/evil.toml",
                                   "exports", "exports/plan.pdf", "plan.toml"])
def test_check_reports_every_link_out_of_the_folder(tmp_path: Path, where: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from facilitator import cli

    plan = copy_example(tmp_path / "plan")
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / ("dir" if where == "exports" else "file.toml")
    if where == "exports":
        target.mkdir()
        if (plan / "exports").exists():
            (plan / "exports").rmdir()
    elif where == "plan.toml":
        (plan / "plan.toml").rename(target)
    else:
        target.write_text(SECRET, encoding="utf-8")
    (plan / where).parent.mkdir(exist_ok=True)
    (plan / where).symlink_to(target)
    assert cli.main(["check", "--format", "json", str(plan)]) == 1
    problems = [p for p in json.loads(capsys.readouterr().out) if p["check"] == "outside-link"]
    assert [p["file"] for p in problems] == [where]
    assert problems[0]["level"] == "error" and str(target) in problems[0]["message"]
    assert problems[0]["advice"]


def test_a_session_linked_from_outside_is_not_read(linked_plan: tuple[Path, Path], tmp_path: Path) -> None:
    plan, _outside = linked_plan
    stranger = tmp_path / "outside" / "session.toml"
    own = min((plan / "sessions").glob("*.toml"))
    stranger.write_text(own.read_text(encoding="utf-8").replace("id = \"ses-", "id = \"ses-x", 1), encoding="utf-8")
    (plan / "sessions" / "zz-stranger.toml").symlink_to(stranger)
    with PlanStore.open(plan, read_only=True) as store:
        assert "zz-stranger.toml" not in [p.name for p in store.session_paths()]
        assert own in store.session_paths()


def test_links_inside_the_plan_folder_are_fine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from facilitator import cli

    plan = copy_example(tmp_path / "plan")
    newest = max((plan / "history").glob("plan-r*.toml"))
    (plan / "history" / "latest-copy.toml").symlink_to(newest.name)  # relative, inside history/
    assert cli.main(["check", "--format", "json", str(plan)]) == 0
    assert not [p for p in json.loads(capsys.readouterr().out) if p["check"] == "outside-link"]


def test_merge_copies_nothing_through_a_link_out_of_the_other_folder(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from facilitator import cli

    outside = tmp_path / "outside.toml"
    outside.write_text(SECRET, encoding="utf-8")
    ours, theirs = copy_example(tmp_path / "ours"), copy_example(tmp_path / "theirs")
    (theirs / "history" / "plan-r98.toml").symlink_to(outside)
    (theirs / "sessions" / "zz-linked.toml").symlink_to(outside)
    assert cli.main(["merge", str(ours), str(theirs)]) == 0, capsys.readouterr().err
    assert not (ours / "history" / "plan-r98.toml").exists() and not (ours / "sessions" / "zz-linked.toml").exists()
    assert not any("S3CR3T" in p.read_text(encoding="utf-8") for p in ours.rglob("*.toml"))
