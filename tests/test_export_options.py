"""Export options (sections, participant names, draft) through the CLI, the export process and the TUI
dialog; the plan folder embedded in the PDF and restored by `import-pdf`; metadata and tags; the
document in Spanish and Portuguese. Two real renders (es through the CLI, pt through the export
process), each once per module; everything else is fast."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pdfs import compact, pdf_text
from pilot import pilot_test, plain, settle, until
from textual.widgets import Checkbox, Input, SelectionList, Static

from facilitator import cli, i18n
from facilitator.example import copy_example
from facilitator.export import export_plan, parse_sections, plan_files, section_ids
from facilitator.export.context import SECTIONS
from facilitator.export.privacy import FULL, PUBLIC, attached_line
from facilitator.export.restore import read_attachments, restore_plan, safe_name
from facilitator.problems import PlanError
from facilitator.store import PlanStore

# --- helpers ---------------------------------------------------------------------------------------------------


def toml_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.toml"))}


def crafted_pdf(path: Path, files: dict[str, bytes], tweak: Any = None) -> Path:
    """A small PDF (one blank page) carrying ``files`` as embedded files, made with pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    for name, data in files.items():
        entry = writer.add_attachment(name, data)
        if tweak:
            tweak(name, entry)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir())


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """An empty folder of its own for a test's PDFs and targets (the example plan sits in tmp_path)."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def es_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The Spanish example exported once through the CLI, with the default attachments, its summary and
    profile only (every section's Spanish heading is checked on the HTML, which costs no layout): (plan
    folder, PDF); what the CLI said on stderr is in ``stderr.txt`` beside the PDF."""
    import contextlib
    import io

    folder = copy_example(tmp_path_factory.mktemp("es") / "example", language="es")
    out = folder.parent / "plan-es.pdf"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert cli.main(["export", str(folder), "--sections", "summary,profile", "-o", str(out)]) == 0
    (folder.parent / "stderr.txt").write_text(err.getvalue(), encoding="utf-8")
    return folder, out


@pytest.fixture(scope="module")
def pt_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Any], Any]:
    """The Portuguese example exported once through the export process the TUI uses, its summary only:
    (plan folder, PDF, every message the process sent, the finished job)."""
    from facilitator.export.runner import Done, ExportJob

    folder = copy_example(tmp_path_factory.mktemp("pt") / "example", language="pt")
    job = ExportJob.start(folder, folder.parent / "plan-pt.pdf", timeout=170, sections=["summary"])
    messages = list(job.messages())
    assert isinstance(messages[-1], Done), messages
    return folder, messages[-1].path, messages, job


# --- sections, participants, draft: parsing and passing on (no rendering) -------------------------------------


def test_parse_sections_keeps_document_order_and_names_the_valid_ids() -> None:
    assert section_ids() == [sid for sid, _title in SECTIONS]
    assert parse_sections("budget, summary,budget") == ["summary", "budget"]
    assert parse_sections(["actions"]) == ["actions"]
    for bad in ("summary,nope", "", " , "):
        with pytest.raises(ValueError) as err:
            parse_sections(bad)
        assert "summary,profile,diagnosis" in str(err.value) and "\n" not in str(err.value)


def test_cli_refuses_an_unknown_section_with_exit_2(example_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", str(example_plan), "--sections", "summary,swot"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "swot" in err[0] and ",".join(section_ids()) in err[0]
    assert not list((example_plan / "exports").glob("*.pdf"))


def test_export_refuses_an_unknown_section_before_reading_anything(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as err:
        export_plan(tmp_path / "no-plan", sections=["summary", "bogus"])
    assert "bogus" in str(err.value.problems[0])


def test_options_reach_the_document_context(example_plan: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import facilitator.export.context as context_module
    import facilitator.export.pdf as pdf_module

    contexts: list[dict[str, Any]] = []
    real = context_module.build_context

    def spy(*args: Any, **kwargs: Any) -> dict[str, Any]:
        contexts.append(real(*args, **kwargs))
        return contexts[-1]

    written: list[dict[str, Any]] = []

    def no_render(target: Path, html: str, say: Any, **options: Any) -> Path:
        written.append(dict(options, html=html))
        return target

    monkeypatch.setattr(context_module, "build_context", spy)
    monkeypatch.setattr(pdf_module, "write_pdf", no_render)
    out = example_plan / "x.pdf"
    assert cli.main(["export", str(example_plan), "-o", str(out), "--sections", "vision,summary",
                     "--participants", "--draft"]) == 0
    assert contexts[-1]["chosen"] == ["summary", "vision"]
    assert contexts[-1]["options"] == {"participants": True, "draft": True}
    assert cli.main(["export", str(example_plan), "-o", str(out)]) == 0
    assert contexts[-1]["chosen"] == section_ids()
    assert contexts[-1]["options"] == {"participants": False, "draft": False}
    # what gets embedded: every TOML file of the folder, without personal data, and the document's language
    names = [name for name, _data in written[-1]["attachments"]]
    assert names == [name for name, _data in plan_files(example_plan)]
    assert "plan.toml" in names and any(n.startswith("sessions/") for n in names) \
        and any(n.startswith("history/") for n in names)
    assert written[-1]["lang"] == "en"
    attached = b"".join(data for _name, data in written[-1]["attachments"])
    assert b"@" not in attached and b"gender" not in attached and "Valeria Gonçalves".encode() not in attached
    assert written[-1]["custom"] == {"ClusterFacilitatorAttached": "public"}
    assert "without personal data" in contexts[-1]["attached"] and "without personal data" in written[-1]["html"]
    assert "warning" not in capsys.readouterr().err  # the plan's own language: no warning
    assert cli.main(["export", str(example_plan), "-o", str(out), "--participants"]) == 0
    attached = b"".join(data for _name, data in written[-1]["attachments"])
    assert b"@" not in attached and "Valeria Gonçalves".encode() in attached
    assert written[-1]["custom"] == {"ClusterFacilitatorAttached": "names"}
    assert cli.main(["export", str(example_plan), "-o", str(out), "--attach-full-folder", "--lang", "pt"]) == 0
    assert written[-1]["attachments"] == plan_files(example_plan)
    assert written[-1]["custom"] == {"ClusterFacilitatorAttached": "full"}
    with i18n.in_language("pt"):
        assert contexts[-1]["attached"] == attached_line(FULL)
    err = capsys.readouterr().err
    assert "warning: the plan is written in English: the headings will be in português" in err


def test_numbers_beside_a_unit_keep_the_plans_format_in_another_language(example_plan: Path) -> None:
    from facilitator.export.formatting import Fmt

    f = Fmt("es", content="en")
    assert f.quantity(1.6, "nights") == "1.6\u00a0nights" and f.quantity(3450, "jobs") == "3,450\u00a0jobs"
    assert f.num(1.6) == "1,6" and f.date(dt.date(2026, 7, 9)) == "9 de julio de 2026"  # the document's own
    assert Fmt("es").quantity(1.6, "noches") == "1,6\u00a0noches"  # a Spanish plan in Spanish


def test_worker_passes_the_options_on(example_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import facilitator.export as export_module
    from facilitator.export import worker

    calls: list[dict[str, Any]] = []

    def fake(folder: Path, output: Path | None, lang: str | None, progress: Any = None, **kw: Any) -> Path:
        calls.append(kw)
        return Path("/x.pdf")

    monkeypatch.setattr(export_module, "export_plan", fake)
    out = io.StringIO()
    assert worker.main([str(example_plan), "--sections", "summary,budget", "--participants", "--draft",
                        "--attach-full-folder"], out) == 0
    assert calls[-1] == {"sections": ["summary", "budget"], "participants": True, "draft": True, "full_folder": True}
    assert worker.main([str(example_plan)], out) == 0
    assert calls[-1] == {"sections": None, "participants": False, "draft": False, "full_folder": False}
    assert json.loads(out.getvalue().splitlines()[-1]) == {"done": "/x.pdf"}


def test_export_process_carries_the_sections_and_reports_a_bad_one(example_plan: Path, work: Path) -> None:
    from facilitator.export.runner import ExportJob, Failed

    job = ExportJob.start(example_plan, work / "out.pdf", sections=["summary", "nope"], participants=True,
                          draft=True)
    result = list(job.messages())[-1]
    assert isinstance(result, Failed) and not result.timed_out
    assert any("nope" in line and "summary,profile" in line for line in result.lines), result.lines
    assert not (work / "out.pdf").exists()


def test_time_out_says_what_happened_and_what_to_do(example_plan: Path, work: Path) -> None:
    from facilitator.export.runner import ExportJob, Failed

    job = ExportJob.start(example_plan, work / "out.pdf", timeout=0.3)
    result = job.wait(60)
    assert isinstance(result, Failed) and result.timed_out
    assert "0.3 seconds" in result.lines[0] and "facilitator export" in result.lines[1]
    assert leftovers(work) == []


# --- restoring: refusals (small crafted PDFs) ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../plan.toml", "/tmp/evil.toml", "sessions/../../evil.toml", "sessions/a/b.toml",
                                  "sessions\\..\\evil.toml", "notes.txt", "sessions/x.sh", "exports/x.toml",
                                  "sessions/.hidden.toml", "C:/evil.toml", "plan.toml/", "./plan.toml",
                                  "sessions/nul\x00.toml", ""])
def test_unsafe_names_are_not_plan_files(name: str) -> None:
    assert not safe_name(name)


def test_safe_names() -> None:
    for name in ("plan.toml", "sessions/2026-03-12-joint-diagnosis.toml", "history/plan-r3.toml",
                 "workshops/my-kit.toml", "sessions/reunião de março.toml"):
        assert safe_name(name), name


def test_a_malicious_attachment_name_refuses_the_whole_pdf(example_plan: Path, work: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    plan = (example_plan / "plan.toml").read_bytes()
    pdf = crafted_pdf(work / "evil.pdf", {"plan.toml": plan, "../escaped.toml": b"x = 1\n"})
    target = work / "restored"
    assert cli.main(["import-pdf", str(pdf), str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "../escaped.toml" in err[0] and "nothing was restored" in err[0]
    assert not target.exists() and not (work / "escaped.toml").exists()
    assert leftovers(work) == ["evil.pdf"]


def test_a_unicode_name_that_differs_from_its_key_is_checked_too(example_plan: Path, work: Path) -> None:
    plan = (example_plan / "plan.toml").read_bytes()

    def evil_uf(name: str, entry: Any) -> None:
        if name == "sessions/ok.toml":
            from pypdf.generic import TextStringObject

            entry.alternative_name = TextStringObject("../../evil.toml")

    pdf = crafted_pdf(work / "evil.pdf", {"plan.toml": plan, "sessions/ok.toml": b"x = 1\n"}, evil_uf)
    with pytest.raises(PlanError) as err:
        restore_plan(pdf, work / "restored")
    assert "evil.toml" in str(err.value.problems[0])
    assert leftovers(work) == ["evil.pdf"]


@pytest.mark.parametrize("evil", ["key", "F", "key and F"])
def test_every_name_of_an_embedded_file_is_checked(example_plan: Path, work: Path, evil: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A file has three names (the name-tree key, /F and /UF) and a reader may use any: one unsafe name
    refuses the whole PDF, even when /UF, the one the restore writes by, is fine."""
    from pypdf.generic import NameObject, TextStringObject

    plan = (example_plan / "plan.toml").read_bytes()
    key = "../../evil.toml" if "key" in evil else "sessions/ok.toml"

    def names(name: str, entry: Any) -> None:
        if name == key:
            entry.alternative_name = TextStringObject("sessions/ok.toml")  # sets /UF and /F
            entry.pdf_object[NameObject("/F")] = TextStringObject("../evil.toml" if "F" in evil else "sessions/ok.toml")

    session = min((example_plan / "sessions").glob("*.toml")).read_bytes()  # a valid file: only names refuse
    pdf = crafted_pdf(work / "evil.pdf", {"plan.toml": plan, key: session}, names)
    assert cli.main(["import-pdf", str(pdf), str(work / "restored")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "evil.toml" in err[0] and "nothing was restored" in err[0], err
    assert leftovers(work) == ["evil.pdf"]


def test_a_pdf_without_a_plan_is_refused_in_one_line(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = crafted_pdf(work / "other.pdf", {})
    assert cli.main(["import-pdf", str(pdf), str(work / "r")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no embedded plan.toml" in err[0]
    assert cli.main(["import-pdf", str(work / "missing.pdf"), str(work / "r")]) == 1
    (work / "fake.pdf").write_text("not a pdf")
    assert cli.main(["import-pdf", str(work / "fake.pdf"), str(work / "r")]) == 1
    (work / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage")
    assert cli.main(["import-pdf", str(work / "broken.pdf"), str(work / "r")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 3
    assert not (work / "r").exists()


def test_a_folder_that_is_not_empty_is_left_alone(example_plan: Path, work: Path) -> None:
    pdf = crafted_pdf(work / "p.pdf", {"plan.toml": (example_plan / "plan.toml").read_bytes()})
    target = work / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(PlanError) as err:
        restore_plan(pdf, target)
    assert "not empty" in str(err.value.problems[0])
    assert leftovers(target) == ["notes.txt"] and leftovers(work) == ["busy", "p.pdf"]
    (work / "file").write_text("x")
    with pytest.raises(PlanError):
        restore_plan(pdf, work / "file")
    with pytest.raises(PlanError) as err:
        restore_plan(pdf, work / "no" / "such" / "parent")
    assert "does not exist" in str(err.value.problems[0])


def test_a_plan_with_errors_is_not_restored(example_plan: Path, work: Path) -> None:
    broken = (example_plan / "plan.toml").read_bytes().replace(b'revision = ', b'revision = "six" #', 1)
    assert broken != (example_plan / "plan.toml").read_bytes()
    pdf = crafted_pdf(work / "p.pdf", {"plan.toml": broken})
    target = work / "empty"
    target.mkdir()
    with pytest.raises(PlanError) as err:
        restore_plan(pdf, target)
    assert any("revision" in str(p) for p in err.value.problems)
    assert "not restored" in str(err.value.problems[-1])
    assert leftovers(target) == [] and leftovers(work) == ["empty", "p.pdf"]


def test_a_crafted_plan_pdf_restores_into_an_empty_folder(example_plan: Path, work: Path) -> None:
    files = dict(plan_files(example_plan))
    pdf = crafted_pdf(work / "p.pdf", files)
    assert read_attachments(pdf) == files
    target = work / "empty"
    target.mkdir()
    restored = restore_plan(pdf, target)
    assert restored.folder == target and restored.files == sorted(files)
    assert toml_files(target) == files
    assert {"sessions", "history", "workshops", "exports"} <= set(leftovers(target))
    assert leftovers(work) == ["empty", "p.pdf"]


def test_non_ascii_file_names_survive_weasyprint_and_pypdf(work: Path, caplog: pytest.LogCaptureFixture) -> None:
    """WeasyPrint writes a name-tree key as raw UTF-8 bytes and /UF as Unicode: the restore reads /UF."""
    from facilitator.export.pdf import render_pdf

    files = {"plan.toml": b"a = 1\n", "sessions/2026-05-07-día de visión ñandú.toml": b"b = 2\n",
             "history/plan-r1.toml": b"c = 3\n"}
    data, pages = render_pdf("<html lang=en><title>t</title><p>tiny</p></html>", attachments=list(files.items()),
                             title="t", lang="en")
    assert pages == 1
    (work / "tiny.pdf").write_bytes(data)
    assert read_attachments(work / "tiny.pdf") == files
    # pypdf's complaint about the raw key is not shown to the user
    assert not [r for r in caplog.records if r.name.startswith("pypdf") and r.levelname == "WARNING"]


# --- the real plan PDF: restore, metadata, tags, Spanish ----------------------------------------------------------


@pytest.mark.slow
def test_export_then_import_pdf_restores_every_file_without_personal_data(es_pdf: tuple[Path, Path], tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder, pdf = es_pdf
    said = (folder.parent / "stderr.txt").read_text(encoding="utf-8")
    assert "warning" not in said  # a Spanish plan exported in Spanish
    target = tmp_path / "colleague" / "plan"
    target.parent.mkdir()
    assert cli.main(["import-pdf", str(pdf), str(target)]) == 0
    out, err = capsys.readouterr()
    original = toml_files(folder)
    assert len(original) == 13 and "restored 13 files" in out
    assert "names (replaced by their ids), e-mail, gender and role" in err
    restored = toml_files(target)
    assert sorted(restored) == sorted(original)
    everything = b"".join(restored.values())
    assert b"@" not in everything and b"gender" not in everything and b"email" not in everything
    assert "Valeria Gonçalves".encode() not in everything  # a stakeholder no text of the plan names
    from facilitator.checks import check_folder, has_errors

    assert not has_errors(check_folder(target))
    with PlanStore.open(target, read_only=True) as store, PlanStore.open(folder, read_only=True) as source:
        assert len(store.session_summaries()) == 6
        assert [f.text for f in store.plan.findings] == [f.text for f in source.plan.findings]
        assert len(store.plan.stakeholders) == len(source.plan.stakeholders)
    # the document says what it carries
    with i18n.in_language("es"):
        assert compact(attached_line(PUBLIC)) in compact(pdf_text(pdf))
    # a second import into the same folder changes nothing
    before = toml_files(target)
    assert cli.main(["import-pdf", str(pdf), str(target)]) == 1
    assert toml_files(target) == before


@pytest.mark.slow
def test_plan_pdf_metadata_and_tags(es_pdf: tuple[Path, Path]) -> None:
    from pypdf import PdfReader

    folder, pdf = es_pdf
    with PlanStore.open(folder, read_only=True) as store:
        plan = store.plan
    reader = PdfReader(str(pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"Plan de mejora competitiva del clúster — {plan.cluster.name}"
    assert plan.program is not None and meta.author == plan.program.executing_agency
    assert meta.subject == f"Plan de mejora competitiva del clúster, revisión {plan.revision}"
    assert meta.creator.startswith("Cluster Facilitator")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "es"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"].value is True
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # PDF/UA: the title, not the file name
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp and meta.title in xmp and meta.subject in xmp
    for entry in reader.attachment_list:
        assert entry.name == entry.alternative_name and entry.name.endswith(".toml")
        assert entry.description  # shown by viewers beside the file
    assert meta["/ClusterFacilitatorAttached"] == "public"


def document_html(folder: Path) -> str:
    """The plan document's HTML for the plan in ``folder``, in the plan's language (no layout)."""
    from facilitator.export.context import build_context
    from facilitator.export.html import render_html
    from facilitator.kits import load_kits

    with PlanStore.open(folder, read_only=True) as store:
        sessions = [s.session for s in store.session_summaries() if s.session is not None]
        language = store.plan.language
        with i18n.in_language(language):
            return render_html(build_context(store.plan, sessions, language, kits=load_kits(store.folder).kits))


@pytest.mark.parametrize(("language", "summary", "months"), [
    ("es", "Resumen ejecutivo", ("enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|"
                                "diciembre")),
    ("pt", "Resumo executivo", ("janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|"
                               "dezembro"))])
def test_every_heading_of_the_localized_example_is_in_its_language(tmp_path: Path, language: str, summary: str,
                                                                    months: str) -> None:
    folder = copy_example(tmp_path / "example", language=language)
    body = re.sub(r"<[^>]+>", " ", document_html(folder))
    flat = compact(body)
    with i18n.in_language(language):
        headings = [i18n._(title) for _sid, title in SECTIONS]
    assert summary in headings
    for heading in headings:
        assert compact(heading) in flat, heading
    for english in ("Executive summary", "Action plan", "Strategic lines and objectives"):
        assert english not in body
    with PlanStore.open(folder, read_only=True) as store:
        plan = store.plan
    last = max(plan.revisions, key=lambda r: r.number)
    assert compact(i18n.format_date(last.date, language)) in flat  # e.g. "9 de julio de 2026"
    assert re.search(rf"\d{{1,2}} de ({months}) de 20\d\d", body)


@pytest.mark.slow
def test_spanish_document(es_pdf: tuple[Path, Path]) -> None:
    from pypdf import PdfReader

    folder, pdf = es_pdf
    body = pdf_text(pdf)
    flat = compact(body)
    reader = PdfReader(str(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    with i18n.in_language("es"):
        for heading in (i18n._("Executive summary"), i18n._("Cluster profile")):
            assert compact(heading) in flat, heading
    assert "Executive summary" not in body
    with PlanStore.open(folder, read_only=True) as store:
        plan = store.plan
    assert compact(plan.cluster.name) in flat
    last = max(plan.revisions, key=lambda r: r.number)
    assert compact(i18n.format_date(last.date, "es")) in flat
    # a Spanish plan in Spanish: no warning about the language
    assert "warning" not in (folder.parent / "stderr.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_an_english_plan_exported_in_spanish_warns_and_keeps_its_numbers(example_plan: Path, work: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = work / "plan-es.pdf"
    assert cli.main(["export", str(example_plan), "--lang", "es", "--sections", "profile", "-o", str(out)]) == 0
    said = capsys.readouterr().err
    assert "warning: the plan is written in English: the headings will be in español" in said
    flat = compact(pdf_text(out))
    with i18n.in_language("es"):
        assert compact(i18n._("Cluster profile")) in flat
    # an English plan: its numbers beside their (English) units are written as English writes them
    assert "1.6 nights" in flat.replace("\u00a0", "") or "1.6nights" in flat
    assert "1,6nights" not in flat


@pytest.mark.slow
def test_portuguese_document_through_the_export_process(pt_pdf: tuple[Path, Path, list[Any], Any]) -> None:
    from pypdf import PdfReader

    folder, pdf, _messages, _job = pt_pdf
    flat = compact(pdf_text(pdf))
    reader = PdfReader(str(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "pt"
    with i18n.in_language("pt"):
        assert compact(i18n._("Executive summary")) in flat
    with PlanStore.open(folder, read_only=True) as store:
        plan = store.plan
    assert compact(plan.cluster.name) in flat
    last = max(plan.revisions, key=lambda r: r.number)
    assert compact(i18n.format_date(last.date, "pt")) in flat  # e.g. "9 de julho de 2026"
    assert sorted(reader.attachments) == sorted(toml_files(folder))


@pytest.mark.slow
def test_the_export_process_reports_progress_then_where_it_wrote(pt_pdf: tuple[Path, Path, list[Any], Any]) -> None:
    from facilitator.export.runner import Done, Progress

    folder, pdf, messages, job = pt_pdf
    assert isinstance(messages[-1], Done), messages
    assert messages[-1].path == pdf == folder.parent / "plan-pt.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert all(isinstance(m, Progress) for m in messages[:-1]) and len(messages) >= 3
    assert job.result == messages[-1] and not job.running


@pytest.mark.slow
def test_a_kill_while_exporting_leaves_the_old_pdf_intact(example_plan: Path, work: Path) -> None:
    from facilitator.export.runner import ExportJob, Failed, Progress

    target = work / "plan.pdf"
    old = b"%PDF-1.7\n% the previous export\n%%EOF\n"
    target.write_bytes(old)
    # three sections (about 15 pages): writing them takes long enough for the kill to land in it
    job = ExportJob.start(example_plan, target, timeout=170, sections=["summary", "profile", "diagnosis"])
    for message in job.messages():  # killed once the pages are laid out, while the PDF is being written
        if isinstance(message, Progress) and message.text.startswith("writing "):
            job.cancel()
    assert isinstance(job.result, Failed) and job.result.cancelled
    assert target.read_bytes() == old
    assert leftovers(work) == ["plan.pdf"]  # no temporary file left behind either


# --- the TUI dialog ---------------------------------------------------------------------------------------------


class RecordingJob:
    """Stands in for ExportJob in the dialog: records the options it was started with."""

    started: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, output: Path) -> None:
        self.output = output

    @classmethod
    def start(cls, folder: Path, output: Path, lang: str, timeout: float = 180, **options: Any) -> RecordingJob:
        cls.started.append(dict(options, lang=lang, timeout=timeout))
        output.write_bytes(b"%PDF-1.7\n")
        return cls(output)

    def messages(self) -> Iterator[Any]:
        from facilitator.export.runner import Done, Progress

        yield Progress("writing 3 pages")
        yield Done(self.output)

    def cancel(self) -> None:
        pass


@pilot_test
async def test_dialog_options_reach_the_job_and_o_opens_the_pdf(example_plan: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import facilitator.export as export_module
    from facilitator.app import ClusterApp
    from facilitator.export import runner
    from facilitator.screens.export import ExportDialog

    monkeypatch.setattr(runner, "ExportJob", RecordingJob)
    opened: list[Path] = []
    answers: list[str | None] = [None, "no program to open files was found (xdg-open)"]

    def fake_open(path: Path) -> str | None:
        opened.append(path)
        return answers[len(opened) - 1]

    monkeypatch.setattr(export_module, "open_in_viewer", fake_open)
    RecordingJob.started.clear()
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        dialog = app.screen
        sections = dialog.query_one("#sections", SelectionList)
        assert sorted(sections.selected) == sorted(section_ids())
        sections.focus()
        await pilot.press("space")  # untick the first section (the executive summary)
        await pilot.press("down", "space")  # and the profile
        dialog.query_one("#participants", Checkbox).value = True
        dialog.query_one("#draft", Checkbox).value = True
        dialog.query_one("#full-folder", Checkbox).value = True
        await pilot.press("o")  # nothing to open yet
        assert opened == []
        dialog.query_one("#start").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert RecordingJob.started[-1] == {"sections": section_ids()[2:], "participants": True, "draft": True,
                                            "full_folder": True, "lang": "en", "timeout": 180}
        output = Path(dialog.query_one("#output", Input).value)
        shown = plain(dialog.query_one("#progress", Static))
        assert f"Done: {output}" in shown.replace("\n", "") or "Done:" in shown
        assert dialog.query_one("#sections").disabled
        await pilot.press("o")
        assert opened == [output]
        await pilot.press("o")  # no viewer: said in the dialog, nothing falls over
        await pilot.pause()
        assert "no program to open files" in plain(dialog.query_one("#progress", Static))
        assert isinstance(app.screen, ExportDialog)


@pilot_test
async def test_dialog_warns_of_another_language_and_attaches_no_personal_data_by_default(
        example_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Select

    from facilitator.app import ClusterApp
    from facilitator.export import runner
    from facilitator.screens.export import ExportDialog

    monkeypatch.setattr(runner, "ExportJob", RecordingJob)
    RecordingJob.started.clear()
    for size in ((80, 24), (160, 45)):
        app = ClusterApp(example_plan)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("x")
            await until(pilot, lambda a=app: isinstance(a.screen, ExportDialog))
            dialog = app.screen
            box = dialog.query_one("#full-folder", Checkbox)
            assert not box.value and box.region.right <= dialog.query_one("#export").region.right
            assert "Personal data too" in str(box.label)
            dialog.query_one("#language", Select).value = "es"
            await settle(pilot)
            shown = " ".join(plain(dialog.query_one("#progress", Static)).split())
            assert "the plan is written in English: the headings will be in español" in shown
            assert "as written (numbers and dates in it too)" in shown
            dialog.query_one("#language", Select).value = "en"
            await settle(pilot)
            assert "warning" not in plain(dialog.query_one("#progress", Static))
            dialog.query_one("#start").focus()
            await pilot.press("enter")
            await settle(pilot)
            assert RecordingJob.started[-1] == {"lang": "en", "timeout": 180}  # no full folder


@pilot_test
async def test_dialog_refuses_an_export_without_sections(example_plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.app import ClusterApp
    from facilitator.export import runner
    from facilitator.screens.export import ExportDialog

    monkeypatch.setattr(runner, "ExportJob", RecordingJob)
    RecordingJob.started.clear()
    app = ClusterApp(example_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog))
        dialog = app.screen
        dialog.query_one("#sections", SelectionList).deselect_all()
        await pilot.pause()
        dialog.query_one("#start").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert RecordingJob.started == [] and not dialog.running
        assert "at least one section" in plain(dialog.query_one("#progress", Static))


def test_open_in_viewer_fails_gracefully(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from facilitator.export import open_in_viewer

    pdf = tmp_path / "x.pdf"
    assert "does not exist" in (open_in_viewer(pdf) or "")
    pdf.write_bytes(b"%PDF-1.7\n")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    message = open_in_viewer(pdf)
    assert message is not None and "xdg-open" in message
    launched: list[list[str]] = []

    class FakePopen:
        def __init__(self, cmd: list[str], **kwargs: Any) -> None:
            launched.append(cmd)
            assert kwargs["start_new_session"] is True

    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    assert open_in_viewer(pdf) is None
    assert launched == [["xdg-open", str(pdf)]]


@pilot_test
async def test_minutes_dialog_offers_the_full_session_as_the_cli_does(example_plan: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The minutes dialog has the CLI's choices (``minutes --lang``, ``--attach-full-session``): the box is off
    each time it opens, fits at 80×24 and 160×45, and reaches the job as ``full_folder`` only when ticked."""
    from facilitator.app import ClusterApp
    from facilitator.export import runner
    from facilitator.screens.export import ExportDialog

    monkeypatch.setattr(runner, "ExportJob", RecordingJob)
    RecordingJob.started.clear()
    for size, tick in (((80, 24), False), ((80, 24), True), ((160, 45), True)):
        app = ClusterApp(example_plan)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            app.action_minutes()
            await until(pilot, lambda a=app: isinstance(a.screen, ExportDialog))
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ExportDialog) and dialog.kind == "minutes"
            assert not dialog.query("#participants") and not dialog.query("#sections")  # plan-only choices
            box = dialog.query_one("#full-folder", Checkbox)
            assert not box.value and box.region.right <= dialog.query_one("#export").region.right
            assert "session file as it is" in str(box.tooltip)
            if tick:
                box.focus()
                await pilot.press("space")
            dialog.query_one("#start").focus()
            await pilot.press("enter")
            await settle(pilot)
            expected = {"kind": "minutes", "lang": "en", "timeout": 180}
            assert RecordingJob.started[-1] == (dict(expected, full_folder=True) if tick else expected)
