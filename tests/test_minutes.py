"""Session minutes: the context (attendance, agenda, every contribution), the PDF of the example diagnosis,
hostile participant text printed literally, refusal of broken sessions, the command line and the runner.
PDF-rendering tests are marked slow; each PDF is rendered once per module."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pdfs import compact, pdf_text

from facilitator import cli
from facilitator.example import copy_example
from facilitator.export import default_minutes_output, export_minutes
from facilitator.export.context import text
from facilitator.export.minutes import minutes_context
from facilitator.kits import load_kits
from facilitator.store import PlanStore

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
DIAGNOSIS = "sessions/2026-03-12-joint-diagnosis.toml"


# --- helpers ---------------------------------------------------------------------------------------------------


def strings(value: Any) -> list[str]:
    """Every string in a context (to find a text wherever the template will print it)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def context_of(folder: Path, rel: str = DIAGNOSIS, lang: str = "en") -> tuple[dict[str, Any], dict[str, Any]]:
    from facilitator import i18n

    store = PlanStore.open(folder, read_only=True)
    try:
        summary = next(s for s in store.session_summaries() if s.rel == rel)
        assert summary.session is not None
        kit = load_kits(folder).get(summary.session.workshop)
        i18n.set_language(lang)
        try:
            ctx = minutes_context(store.plan, summary.session, kit, lang, today=dt.date(2026, 11, 22))
        finally:
            i18n.set_language("en")
    finally:
        store.close()
    return ctx, tomllib.loads((folder / rel).read_text(encoding="utf-8"))


def attendance_counts(folder: Path, session: dict[str, Any]) -> tuple[int, int, dict[str, int]]:
    """Present, invited and present by stakeholder kind, computed here from the files themselves."""
    plan = tomllib.loads((folder / "plan.toml").read_text(encoding="utf-8"))
    kinds = {s["id"]: s.get("kind", "other") for s in plan["stakeholders"]}
    present = [a["stakeholder"] for a in session["attendance"] if a.get("present", True)]
    by_kind: dict[str, int] = {}
    for sid in present:
        by_kind[kinds[sid]] = by_kind.get(kinds[sid], 0) + 1
    return len(present), len(session["attendance"]), by_kind


# --- the context (fast) -------------------------------------------------------------------------------------------

def test_context_is_plain_data_with_every_contribution(example_plan: Path) -> None:
    from pydantic import BaseModel

    ctx, session = context_of(example_plan)

    def walk(value: Any) -> None:
        assert not isinstance(value, BaseModel)
        assert value is None or isinstance(value, (str, int, bool, dict, list)), type(value)
        for v in value.values() if isinstance(value, dict) else value if isinstance(value, list) else []:
            walk(v)

    walk(ctx)
    printed = strings(ctx)
    for c in session["contributions"]:
        assert any(c["text"] in s for s in printed), c["text"]
    for d in session["decisions"]:
        assert d["text"] in printed
    assert ctx["head"]["title"] == session["title"]
    assert ctx["facts"][0] == {"label": "Workshop", "value": "Joint diagnosis"}
    assert {"label": "Date", "value": "March 12, 2026"} in ctx["facts"]


def test_attendance_counts_come_from_the_plan_stakeholders(example_plan: Path) -> None:
    ctx, session = context_of(example_plan)
    present, invited, by_kind = attendance_counts(example_plan, session)
    att = ctx["attendance"]
    assert (att["present"], att["invited"]) == (str(present), str(invited))
    assert att["summary"].startswith(f"{present} of {invited} invited people took part")
    labels = {"firm": "Firms", "association": "Associations", "government": "Government"}
    rows = {r["label"]: r for r in att["by_kind"]}
    for kind, label in labels.items():
        assert rows[label]["present"] == str(by_kind.get(kind, 0))
    assert sum(int(r["present"]) for r in att["by_kind"]) == present
    assert sum(int(r["invited"]) for r in att["by_gender"]) == invited
    firms = by_kind.get("firm", 0)
    assert sum(int(r["present"]) for r in att["by_size"]) == firms
    assert len(att["people"]) == invited and sum(p["present"] for p in att["people"]) == present


def test_agenda_is_the_kit_in_order_with_overruns(example_plan: Path) -> None:
    ctx, session = context_of(example_plan)
    kit = load_kits().kits["joint-diagnosis"]
    rows = ctx["agenda"]["rows"]
    assert [r["title"] for r in rows] == [s.title.en for s in kit.steps if s.title]
    swot = next(r for r in rows if r["title"] == "SWOT wall")
    assert (swot["planned"], swot["actual"], swot["over"]) == ("45", "52", "+7")
    assert swot["actual_span"].replace("\u202f", " ") == "9:20 AM \u2013 10:12 AM"  # Babel's narrow space
    not_held = [r["title"] for r in rows if not r["held"]]
    held = {s["id"] for s in session["steps"]}
    assert not_held == [s.title.en for s in kit.steps if s.id not in held and s.title]
    # the totals compare the steps held with their plan, and the difference is the net one (issue 12)
    timed = [r for r in rows if r["actual"]]
    planned, actual = sum(int(r["planned"]) for r in timed), sum(int(r["actual"]) for r in timed)
    assert not_held and ctx["agenda"]["planned_total"] == str(planned)
    assert ctx["agenda"]["planned_all"] == str(sum(s.minutes for s in kit.steps))
    assert ctx["agenda"]["actual_total"] == str(actual)
    assert ctx["agenda"]["over_total"] == ("+" if actual > planned else "\u2212") + str(abs(actual - planned))


def test_votes_groups_and_merged_duplicates(example_plan: Path) -> None:
    ctx, session = context_of(example_plan)
    sections = {s["id"]: s for s in ctx["steps"]}
    swot = sections["swot"]
    headings = [b["heading"] for b in swot["blocks"]]
    assert headings == [g["label"] for g in session["groups"]]  # by affinity group, in the groups' order
    notes = [n for b in swot["blocks"] for n in b["notes"]]
    kept = next(n for n in notes if n["text"].startswith("Most visitors come for the day"))
    assert [m["text"] for m in kept["merged"]] == ["Nobody stays! 1.6 nights on average"]
    assert kept["meta"].startswith("Weakness · 10 votes")
    vote = sections["vote-swot"]["ranking"]
    assert vote["rows"][0] == {"rank": "1", "text": kept["text"], "votes": "10", "from": "SWOT wall"}
    assert "Budget: 7 per person × 17 present = 119." in vote["summary"]
    assert [g["label"] for g in sections["group"]["groups"]] == [g["label"] for g in session["groups"]]


def test_spanish_minutes_use_the_kit_texts_and_spanish_dates(example_plan: Path) -> None:
    ctx, _session = context_of(example_plan, lang="es")
    assert ctx["facts"][0]["value"] == "Diagnóstico participativo"
    assert "12 de marzo de 2026" in ctx["head"]["running"]
    assert ctx["agenda"]["rows"][1]["title"] == "Muro FODA"


def test_statements_matrix_and_table_rows(example_plan: Path) -> None:
    # vision: the adopted draft with its consensus and dissent
    ctx, _session = context_of(example_plan, "sessions/2026-05-07-vision.toml")
    drafts = next(s for s in ctx["steps"] if s["id"] == "drafts")["drafts"]
    adopted = [d for d in drafts if d["adopted"]]
    assert len(adopted) == 1 and adopted[0]["consensus"] == "consensus 4 of 5 (agree)"
    assert adopted[0]["dissent"].startswith("Two hoteliers")
    # benchmarking: the impact x feasibility quadrants
    ctx, _session = context_of(example_plan, "sessions/2026-04-09-benchmarking.toml")
    matrix = next(s for s in ctx["steps"] if s["id"] == "matrix")["matrix"]
    assert matrix["criteria"] == ["Impact", "Feasibility"] and matrix["rows"][0]["result"] == "quick win"
    assert "time sink" in {r["result"] for r in matrix["rows"]} or "major project" in {r["result"] for r in matrix["rows"]}


# --- refusals and the command line (fast) -------------------------------------------------------------------------------

def _exports(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "exports").iterdir()) if (folder / "exports").exists() else []


def test_a_broken_session_file_is_refused_with_its_location(example_plan: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = example_plan / DIAGNOSIS
    source = path.read_text(encoding="utf-8")
    broken = source.replace("votes = 10\n", 'votes = "many"\n', 1)
    path.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index('votes = "many"') + 1
    before = _exports(example_plan)
    code = cli.main(["minutes", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(rf"{re.escape(str(path))}:{line}: error: ", err), err
    assert "no minutes were written" in err and "Traceback" not in err
    assert _exports(example_plan) == before
    assert path.read_text(encoding="utf-8") == broken  # nothing "repaired"


def test_a_session_file_with_a_syntax_error_is_refused(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = example_plan / DIAGNOSIS
    path.write_text(path.read_text(encoding="utf-8") + "\n[[contributions]\n", encoding="utf-8")
    last = len(path.read_text(encoding="utf-8").splitlines())
    assert cli.main(["minutes", str(path), "-o", str(example_plan / "m.pdf")]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{last}: error: TOML syntax error" in err
    assert not (example_plan / "m.pdf").exists()


def test_a_plan_with_errors_is_refused(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = PlanStore.open(example_plan)
    store.plan.indicators[0].objective = "obj-zzzzzz"  # dangling
    store.save_plan()
    store.close()
    assert cli.main(["minutes", str(example_plan / DIAGNOSIS)]) == 1
    err = capsys.readouterr().err
    assert "obj-zzzzzz" in err and "facilitator check" in err and str(example_plan / "plan.toml") in err
    assert not list((example_plan / "exports").glob("minutes-*"))


def test_errors_in_another_session_do_not_block_these_minutes(example_plan: Path) -> None:
    from facilitator.export.minutes import export_minutes as real

    other = example_plan / "sessions" / "2026-05-07-vision.toml"
    other.write_text(other.read_text(encoding="utf-8") + "\noops = [\n", encoding="utf-8")
    seen: list[str] = []
    with pytest.raises(_Stop):  # stops after the checks, before the (slow) layout
        real(example_plan / DIAGNOSIS, progress=lambda m: _stop_at(m, seen))
    assert seen == ["checking the session and its plan", "preparing the minutes"]


class _Stop(Exception):
    pass


def _stop_at(message: str, seen: list[str]) -> None:
    seen.append(message)
    if message == "preparing the minutes":
        raise _Stop


def test_command_line_usage(example_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["minutes"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        cli.main(["minutes", str(example_plan / DIAGNOSIS), "--lang", "fr"])
    assert exc.value.code == 2
    capsys.readouterr()
    assert cli.main(["minutes", str(example_plan / "sessions" / "no-such.toml")]) == 1
    assert "no such session file" in capsys.readouterr().err
    loose = tmp_path / "loose.toml"
    loose.write_bytes((example_plan / DIAGNOSIS).read_bytes())
    assert cli.main(["minutes", str(loose)]) == 1
    assert "not in the sessions/ folder of a plan" in capsys.readouterr().err
    # -o naming a file that is not a PDF: refused, the file is untouched
    plan_file = example_plan / "plan.toml"
    before = plan_file.read_bytes()
    assert cli.main(["minutes", str(example_plan / DIAGNOSIS), "-o", str(plan_file)]) == 1
    assert "not a PDF" in capsys.readouterr().err and plan_file.read_bytes() == before
    assert cli.main(["minutes", str(example_plan / DIAGNOSIS), "-o", str(tmp_path / "no" / "x.pdf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert "minutes" in cli._parser().format_help()


def test_default_output_name(tmp_path: Path) -> None:
    assert default_minutes_output(tmp_path, tmp_path / "sessions" / "2026-03-12-joint-diagnosis.toml", "es") == \
        tmp_path / "exports" / "minutes-2026-03-12-joint-diagnosis-es.pdf"


def test_template_escapes_and_never_puts_variables_in_attributes() -> None:
    source = (TEMPLATES / "minutes.html").read_text(encoding="utf-8")
    allowed = {"lang"}
    for tag in re.findall(r"<[a-zA-Z][^>]*>", source):
        for expr in re.findall(r"\{\{\s*(.*?)\s*\}\}", tag):
            assert expr in allowed, f"variable {expr!r} inside a tag: {tag}"
    assert "|safe" not in source and "autoescape false" not in source
    page = (TEMPLATES / "minutes-page.css.j2").read_text(encoding="utf-8")
    assert all(expr.endswith("|css_string") for expr in re.findall(r"\{\{\s*(.*?)\s*\}\}", page))


# --- the PDF (slow) ------------------------------------------------------------------------------------------------------

class Rendered:
    def __init__(self, folder: Path, path: Path, messages: list[str]) -> None:
        from pypdf import PdfReader

        self.folder = folder
        self.path = path
        self.messages = messages
        self.text = pdf_text(path)
        self.reader = PdfReader(str(path))


CHECKIN = """
[[checkins]]
id = "chk-q4zt7m"
device = "dev-k2m9xa"
name = "Zoe Checkin-Private"
gender = "f"
"""


@pytest.fixture(scope="module")
def diagnosis_pdf(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    folder = copy_example(tmp_path_factory.mktemp("minutes") / "example")
    session = folder / DIAGNOSIS  # a phone checked in: self-reported data the attached file must not carry
    session.write_text(session.read_text(encoding="utf-8") + CHECKIN, encoding="utf-8")
    messages: list[str] = []
    path = export_minutes(session, progress=messages.append)
    return Rendered(folder, path, messages)


@pytest.mark.slow
def test_diagnosis_minutes_go_to_the_default_path(diagnosis_pdf: Rendered) -> None:
    assert diagnosis_pdf.path == diagnosis_pdf.folder / "exports" / "minutes-2026-03-12-joint-diagnosis-en.pdf"
    assert diagnosis_pdf.path.read_bytes().startswith(b"%PDF-")
    assert diagnosis_pdf.messages[0] == "checking the session and its plan"
    assert any(re.fullmatch(r"writing \d+ pages", m) for m in diagnosis_pdf.messages)
    assert not list(diagnosis_pdf.path.parent.glob(".*.tmp"))


@pytest.mark.slow
def test_diagnosis_minutes_hold_every_contribution_count_and_step(diagnosis_pdf: Rendered) -> None:
    session = tomllib.loads((diagnosis_pdf.folder / DIAGNOSIS).read_text(encoding="utf-8"))
    body = diagnosis_pdf.text
    flat = compact(body)
    assert compact(session["title"]) in flat and compact("Minutes of a workshop session").upper() in flat.upper()
    for c in session["contributions"]:
        assert compact(text(c["text"])) in flat, c["text"]
    for d in session["decisions"]:
        assert compact(d["text"]) in flat, d["text"]
    for g in session["groups"]:
        assert compact(g["label"]) in flat
    present, invited, _by_kind = attendance_counts(diagnosis_pdf.folder, session)
    assert compact(f"{present} of {invited} invited people took part") in flat
    for step in load_kits().kits["joint-diagnosis"].steps:
        assert step.title is not None and compact(step.title.en) in flat, step.id
    for heading in ("Attendance and representativeness", "Agenda: planned and actual time", "Contributions by step",
                    "Decisions, action items and parking lot", "Parking lot"):
        assert compact(heading) in flat
    assert "+7" in body  # the SWOT wall ran 7 minutes over
    assert "Page 1 of" in body


@pytest.mark.slow
def test_diagnosis_minutes_are_tagged_with_the_session_attached(diagnosis_pdf: Rendered) -> None:
    reader = diagnosis_pdf.reader
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root.get("/Lang") == "en"
    assert reader.metadata is not None
    assert reader.metadata.title == "Minutes — Joint diagnosis of the Colonia tourism cluster"
    attachments = reader.attachments
    assert list(attachments) == ["session.toml"]
    # without personal data: no check-in, no author of a note, no comment naming one; the same notes
    attached = attachments["session.toml"][0]
    original = (diagnosis_pdf.folder / DIAGNOSIS).read_bytes()
    assert b"Zoe Checkin-Private" in original and b"author = " in original
    assert b"Zoe Checkin-Private" not in attached and b"author" not in attached and b"gender" not in attached
    import tomllib

    kept, full = tomllib.loads(attached.decode("utf-8")), tomllib.loads(original.decode("utf-8"))
    assert [c["text"] for c in kept["contributions"]] == [c["text"] for c in full["contributions"]]
    assert kept["attendance"] == full["attendance"] and "checkins" not in kept
    assert reader.metadata["/ClusterFacilitatorAttached"] == "public"
    from facilitator.export.privacy import PUBLIC, attached_line

    assert compact(attached_line(PUBLIC, minutes=True)) in compact(diagnosis_pdf.text)
    fonts: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        for font in (resources.get_object().get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    # the bundled family, named without the stray comma of "Source-Sans-3," (issue 12)
    assert fonts and all(f.split("+", 1)[-1].startswith("Source-Sans") and "," not in f for f in fonts), fonts


HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img": '<img src="file:///etc/passwd">',
    "attach": '<a rel="attachment" href="file:///etc/hostname">x</a>',
    "jinja": "{{ 7*7 }} and {% raw %} and {# c #}",
    "css": "url(file:///etc/passwd) </style><style>@import url(file:///etc/passwd);</style>",
    "accents": "ç ã õ ñ ¿ ¡ • – “quoted” ‘single’",
    "emoji": "Great 😀 idea 👍 next 🎉 done ❤ ok",
}
CARDS = '''format = "cluster-facilitator/session/1"
id = "ses-hostil"
workshop = "action-plan"
title = "Action plan <b>{{{{ title }}}}</b>"
date = 2026-08-06
venue = "{venue}"
status = "closed"

[[attendance]]
stakeholder = "{who}"

[[steps]]
id = "cards"
planned_minutes = 60
started = 2026-08-06T09:00:00-03:00
ended = 2026-08-06T10:20:00-03:00

[[contributions]]
id = "ctb-card01"
step = "cards"
text = "Joint events calendar"
votes = 3
scores = {{ collective_benefit = 5, sustainability = 4, co_financing = 3 }}

[contributions.fields]
title = "Joint events calendar"
objective = "O1"
kind = "horizontal"
lead = "{lead}"
partners = "Hotel association, wineries"
start = "2026-09-01"
end = "2027-06-30"
program = 60000
public = 20000
private = 5000
priority = "high"

[[contributions]]
id = "ctb-card02"
step = "cards"
text = "{text}"
scores = {{ collective_benefit = 2, sustainability = 2, co_financing = 1 }}

[contributions.fields]
title = "{text}"
lead = "{lead}"
program = 1000
'''


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rendered, list[str], list[str]]:
    """The diagnosis with hostile notes, a group, a decision and an author; an action-plan session with
    project cards and weighted scores whose text is hostile too."""
    import tomlkit

    folder = copy_example(tmp_path_factory.mktemp("hostile-minutes") / "example")
    path = folder / DIAGNOSIS
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    doc["title"] = "Diagnosis " + HOSTILE["script"]
    for i, (key, value) in enumerate(HOSTILE.items()):
        note = tomlkit.table()
        note.update({"id": f"ctb-hostl{i}", "step": "swot", "category": "weakness", "text": value,
                     "votes": i + 1, "author": "stk-k53cre"})
        doc["contributions"].append(note)  # type: ignore[union-attr]
    doc["groups"][0]["label"] = HOSTILE["css"]  # type: ignore[index]
    doc["decisions"][0]["text"] = HOSTILE["attach"] + "\nsecond line"  # type: ignore[index]
    doc["decisions"][1]["owner"] = HOSTILE["jinja"]  # type: ignore[index]
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    cards = folder / "sessions" / "2026-08-06-action-plan.toml"

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace('"', '\\"')

    cards.write_text(CARDS.format(venue=esc(HOSTILE["img"]), who="stk-k53cre", lead=esc(HOSTILE["jinja"]),
                                  text=esc(HOSTILE["script"])), encoding="utf-8")

    import facilitator.export.pdf as pdf_module

    fetchers: list[Any] = []
    real = pdf_module.make_fetcher

    def spy(root: Path | None = None) -> Any:
        fetcher = real(root)
        fetchers.append(fetcher)
        return fetcher

    pdf_module.make_fetcher = spy  # type: ignore[assignment]
    try:
        out = export_minutes(path, folder / "hostile.pdf")
        export_minutes(cards, folder / "cards.pdf")
    finally:
        pdf_module.make_fetcher = real  # type: ignore[assignment]
    requested = [url for f in fetchers for url in f.requested]
    refused = [url for f in fetchers for url in f.refused]
    return Rendered(folder, out, []), requested, refused


@pytest.mark.slow
def test_hostile_text_is_printed_literally(hostile_pdf: tuple[Rendered, list[str], list[str]]) -> None:
    rendered, _requested, _refused = hostile_pdf
    flat = compact(rendered.text)
    for key, value in HOSTILE.items():
        assert compact(value) in flat, key
    assert compact("Diagnosis <script>alert(1)</script>") in flat
    assert compact("{{ 7*7 }}") in flat
    # emoji print with the bundled fallback font, not as a box, and keep the space after them
    assert "😀 idea" in rendered.text and "🎉 done" in rendered.text
    fonts = {str(font.get_object().get("/BaseFont")) for page in rendered.reader.pages
             for font in (page.get("/Resources").get_object().get("/Font") or {}).values()}
    assert any(f.endswith("+Noto-Emoji") for f in fonts), fonts
    cards = Rendered(rendered.folder, rendered.folder / "cards.pdf", [])
    flat = compact(cards.text)
    assert compact("Action plan <b>{{ title }}</b>") in flat
    for value in (HOSTILE["img"], HOSTILE["jinja"], HOSTILE["script"], "Joint events calendar", "Hotel association"):
        assert compact(value) in flat, value
    # the weighted score of the first card: (5×40 + 4×30 + 3×30) / 100 = 4.1
    assert "4.1" in cards.text and "Collective benefit" in cards.text


@pytest.mark.slow
def test_hostile_text_reads_nothing_outside_the_templates(
        hostile_pdf: tuple[Rendered, list[str], list[str]]) -> None:
    rendered, requested, refused = hostile_pdf
    assert requested, "the fetcher spy saw no request"
    root = TEMPLATES.resolve().as_uri() + "/"
    assert all(url.startswith(root) for url in requested), requested
    assert not refused
    for name in ("hostile.pdf", "cards.pdf"):
        data = (rendered.folder / name).read_bytes()
        assert b"/FileAttachment" not in data
    assert list(rendered.reader.attachments) == ["session.toml"]
    passwd = Path("/etc/passwd")
    if passwd.exists():
        first = passwd.read_text().splitlines()[0]
        assert compact(first) not in compact(rendered.text)


@pytest.mark.slow
def test_runner_exports_minutes_in_a_process(example_plan: Path, tmp_path: Path) -> None:
    from facilitator.export.runner import Done, ExportJob

    job = ExportJob.start(example_plan / "sessions" / "2026-07-09-indicators.toml", output=tmp_path / "m.pdf",
                          lang="pt", kind="minutes")
    result = job.wait(120)
    assert isinstance(result, Done), result
    assert result.path == tmp_path / "m.pdf" and "9 de julho de 2026" in pdf_text(result.path)


def test_an_empty_session_of_an_unknown_kit_still_has_minutes(example_plan: Path) -> None:
    """A planned session with nothing in it, for a kit this laptop does not have: no crash, honest gaps."""
    rel = "sessions/2026-09-01-co-design.toml"
    (example_plan / rel).write_text(
        'format = "cluster-facilitator/session/1"\nid = "ses-empty1"\nworkshop = "co-design"\n'
        'title = "Co-design"\ndate = 2026-09-01\n\n[[steps]]\nid = "kick-off"\nplanned_minutes = 20\n'
        '\n[[contributions]]\nid = "ctb-loose1"\nstep = "kick-off"\ntext = "A note on a step no kit knows"\n',
        encoding="utf-8")
    ctx, _session = context_of(example_plan, rel)
    assert ctx["facts"][0]["value"] == "co-design" and ctx["head"]["purpose"] == ""
    assert ctx["attendance"]["people"] == [] and ctx["attendance"]["summary"] == ""
    (row,) = ctx["agenda"]["rows"]
    assert (row["title"], row["planned"], row["held"], row["in_kit"]) == ("kick-off", "20", False, False)
    (step,) = ctx["steps"]
    assert step["kind"] == "Step not in the workshop kit"
    assert step["blocks"][0]["notes"][0]["text"] == "A note on a step no kit knows"
    assert ctx["items"] == {"decisions": [], "actions": [], "parking": []}
