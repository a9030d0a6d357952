"""The plan PDF: content, structure, the URL fetcher and template escaping, refusal of broken plans, the
export process runner. PDF-rendering tests are marked slow; they read the example rendered once for the
session (`example_pdf` in conftest.py). Hostile participant text in the rendered PDF: tests/test_hostile.py."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pdfs import Rendered, compact

from facilitator import cli
from facilitator.export import default_output, export_plan, slugify
from facilitator.export.context import SECTIONS, build_context, text
from facilitator.problems import PlanError
from facilitator.store import PlanStore

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


# --- helpers --------------------------------------------------------------------------------------------


def open_plan(folder: Path) -> PlanStore:
    return PlanStore.open(folder)


# --- fast tests: context, fetcher, names ------------------------------------------------------------------------

def test_importing_export_and_runner_does_not_load_weasyprint_or_jinja() -> None:
    code = ("import facilitator.export, facilitator.export.runner, sys; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'jinja2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_no_module_level_weasyprint_import_outside_functions() -> None:
    for path in [*(ROOT / "facilitator").rglob("*.py"), *(ROOT / "tests").glob("test_export*.py")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert not re.match(r"^(from|import) weasyprint", line), f"{path}: {line}"


def test_slug_and_default_output() -> None:
    assert slugify("Conglomerado de Turismo de Colonia") == "conglomerado-de-turismo-de-colonia"
    assert slugify("Ñandú · Açaí") == "nandu-acai"
    assert slugify("¿¡!?") == "plan"
    assert default_output(Path("/p"), "Colonia Tourism", 6, "es") == Path("/p/exports/colonia-tourism-r6-es.pdf")


def test_control_characters_are_shown_as_their_code() -> None:
    assert text("a\x07b\x00c\r\nd\x7f") == "a[U+0007]b[U+0000]c\nd[U+007F]"
    assert text("tab\tand\nnewline") == "tab\tand\nnewline"


def test_context_is_plain_data_with_every_code(example_plan: Path) -> None:
    from pydantic import BaseModel

    store = PlanStore.open(example_plan, read_only=True)
    sessions = [s.session for s in store.session_summaries() if s.session]
    ctx = build_context(store.plan, sessions, "es", today=dt.date(2026, 11, 22))

    def walk(value: Any) -> None:
        assert not isinstance(value, BaseModel)
        assert value is None or isinstance(value, (str, int, bool, dict, list)), type(value)
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(ctx)
    plan = store.plan
    objective_codes = {o["code"] for line in ctx["lines"] for o in line["objectives"]}
    assert objective_codes == {o.code for o in plan.objectives}
    indicator_codes = {i["code"] for g in ctx["indicator_groups"] for i in g["indicators"]}
    assert indicator_codes == {i.code for i in plan.indicators}
    assert [a["code"] for a in ctx["actions"]] == [a.code for a in plan.actions]
    assert ctx["cover"]["exported"] == "22 de noviembre de 2026"
    # the budget adds up: the total of all sources equals the sum of every funding line
    total = sum(x.amount for a in plan.actions for x in a.funding)
    cur = ctx["budget"]["by_currency"][0]
    digits = re.sub(r"\D", "", cur["total"])
    assert int(digits) == round(total)
    assert len(ctx["sessions"]) == len(sessions)
    assert all(s["ref"] == f"S{i}" for i, s in enumerate(ctx["sessions"], start=1))
    store.close()


def test_benchmark_gap_is_computed(example_plan: Path) -> None:
    store = PlanStore.open(example_plan, read_only=True)
    plan = store.plan
    store.close()
    ctx = build_context(plan, [], "en")
    assert len(ctx["benchmarks"]) == len(plan.benchmarks) > 0
    for b, row in zip(plan.benchmarks, ctx["benchmarks"]):
        shown = float(row["gap"].replace("\u2212", "-").replace(",", ""))
        assert shown == pytest.approx(b.value - b.reference_value, abs=0.01)


def test_fetcher_serves_only_template_files() -> None:
    from weasyprint.urls import URLFetchingError, fetch

    from facilitator.export.html import templates_dir
    from facilitator.export.pdf import make_fetcher

    fetcher = make_fetcher()
    root = templates_dir()
    with fetch(fetcher, (root / "plan.css").as_uri()) as response:
        assert b"@font-face" in response.read()
        assert response.content_type == "text/css"
    with fetch(fetcher, (root / "fonts" / "SourceSans3-Regular.ttf").as_uri()) as response:
        assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
        assert response.content_type == "font/ttf"
    refused = [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://otherhost/" + str(root / "plan.css"),
        root.as_uri() + "/../pyproject.toml",
        root.as_uri() + "/fonts/../../pyproject.toml",
        root.as_uri() + "/%2e%2e/pyproject.toml",
        root.as_uri() + "/no-such-file.css",
        root.as_uri() + "/fonts",
        "http://example.com/plan.css",
        "https://example.com/",
        "data:text/css,body{}",
        "ftp://example.com/x",
    ]
    for url in refused:
        with pytest.raises(URLFetchingError), fetch(fetcher, url):
            pass
    assert fetcher.refused == refused


def test_fetcher_refuses_a_symlink_that_leaves_the_templates(tmp_path: Path) -> None:
    from weasyprint.urls import URLFetchingError, fetch

    from facilitator.export.pdf import make_fetcher

    root = tmp_path / "templates"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (root / "link.css").symlink_to(secret)
    (root / "ok.css").write_text("p{}")
    fetcher = make_fetcher(root)
    with fetch(fetcher, (root / "ok.css").as_uri()) as response:
        assert response.read() == b"p{}"
    with pytest.raises(URLFetchingError), fetch(fetcher, (root / "link.css").as_uri()):
        pass


def test_templates_escape_and_never_put_variables_in_attributes() -> None:
    from facilitator.export.html import environment

    env = environment()
    assert env.autoescape is True
    # the main template and the template of every section it includes (plan/*.html)
    paths = [TEMPLATES / "plan.html", *sorted((TEMPLATES / "plan").glob("*.html"))]
    assert {"summary.html", "sessions.html", "macros.html"} <= {p.name for p in paths}
    # every {{ }} inside a tag's attributes must be a fixed-value name (ids, lang, classes from enums)
    allowed = {"lang", "s.id", "loop.index", "q.kind", "a.status_key", "budget.sources|length + 1"}
    for path in paths:
        source = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<[a-zA-Z][^>]*>", source):
            for expr in re.findall(r"\{\{\s*(.*?)\s*\}\}", tag):
                assert expr in allowed, f"{path.name}: variable {expr!r} inside a tag: {tag}"
        assert "|safe" not in source and "autoescape false" not in source, path.name


def test_css_string_escapes_everything_that_could_end_a_string() -> None:
    from facilitator.export.html import css_string

    out = str(css_string('a"b\\c;}\n</style>ñ'))
    assert out.startswith('"') and out.endswith('"')
    inner = out[1:-1]
    assert '"' not in inner and ";" not in inner and "}" not in inner and "\n" not in inner and "<" not in inner


def test_export_refuses_an_output_in_a_missing_folder(example_plan: Path) -> None:
    with pytest.raises(PlanError) as err:
        export_plan(example_plan, example_plan / "no" / "such" / "out.pdf")
    assert "does not exist" in str(err.value)


def test_export_never_overwrites_a_file_that_is_not_a_pdf(example_plan: Path) -> None:
    plan_file = example_plan / "plan.toml"
    before = plan_file.read_bytes()
    with pytest.raises(PlanError) as err:
        export_plan(example_plan, plan_file)
    assert "not a PDF" in str(err.value)
    assert plan_file.read_bytes() == before


def test_export_refuses_an_unknown_language(example_plan: Path) -> None:
    with pytest.raises(PlanError):
        export_plan(example_plan, example_plan / "x.pdf", lang="fr")
    assert not (example_plan / "x.pdf").exists()


def test_cli_refuses_a_plan_with_errors_and_writes_nothing(example_plan: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    store = PlanStore.open(example_plan)
    store.plan.indicators[0].objective = "obj-zzzzzz"  # dangling: names no objective
    store.save_plan()
    store.close()
    before = sorted(p.name for p in (example_plan / "exports").iterdir())
    out = example_plan / "refused.pdf"
    code = cli.main(["export", str(example_plan), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert not out.exists()
    assert sorted(p.name for p in (example_plan / "exports").iterdir()) == before
    assert "obj-zzzzzz" in err and "facilitator check" in err
    assert "Traceback" not in err


# --- the example PDF ---------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_example_pdf_goes_to_the_default_path_with_progress(example_pdf: Rendered) -> None:
    store = PlanStore.open(example_pdf.folder, read_only=True)
    plan = store.plan
    store.close()
    assert example_pdf.path == example_pdf.folder / "exports" / f"{slugify(plan.cluster.name)}-r{plan.revision}-{plan.language}.pdf"
    assert example_pdf.path.read_bytes().startswith(b"%PDF-")
    assert example_pdf.messages[0] == "checking the plan"
    assert any(re.fullmatch(r"writing \d+ pages", m) for m in example_pdf.messages)
    assert example_pdf.messages[-1].startswith("written ")
    assert not list(example_pdf.path.parent.glob(".*.tmp"))


@pytest.mark.slow
def test_example_pdf_has_every_section_code_and_name(example_pdf: Rendered) -> None:
    store = PlanStore.open(example_pdf.folder, read_only=True)
    plan = store.plan
    store.close()
    body = example_pdf.text
    flat = compact(body)
    assert compact(plan.cluster.name) in flat
    for _sid, title in SECTIONS:
        assert compact(title) in flat, title
    for o in plan.objectives:
        assert re.search(rf"(?<![\w.]){re.escape(o.code)}(?![\w.])", body), o.code
    for i in plan.indicators:
        assert re.search(rf"(?<![\w.]){re.escape(i.code)}(?![\w.])", body), i.code
    for a in plan.actions:
        assert a.code in body
    for x in plan.findings:
        assert x.code in body
    assert "Contents" in body and "Page 2 of" in body


@pytest.mark.slow
def test_example_pdf_keeps_accents(example_pdf: Rendered) -> None:
    store = PlanStore.open(example_pdf.folder, read_only=True)
    plan = store.plan
    store.close()
    flat = compact(example_pdf.text)
    accented = [s for s in [plan.cluster.description, plan.strategy.vision, *(x.text for x in plan.findings)]
                if re.search(r"[^\x00-\x7f]", s)]
    assert accented, "the example should have accented text"
    for s in accented:
        assert compact(text(s)) in flat


@pytest.mark.slow
def test_example_pdf_structure_metadata_and_attachment(example_pdf: Rendered) -> None:
    reader = example_pdf.reader
    assert len(reader.pages) >= 8
    store = PlanStore.open(example_pdf.folder, read_only=True)
    name = store.plan.cluster.name
    store.close()
    assert reader.metadata is not None
    assert reader.metadata.title == f"Cluster competitiveness plan — {name}"
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged
    assert root.get("/Lang") == "en"
    attachments = reader.attachments
    assert "plan.toml" in attachments and any(name.startswith("sessions/") for name in attachments)
    assert attachments["plan.toml"] == [(example_pdf.folder / "plan.toml").read_bytes()]
    for page in reader.pages:  # no file attached to a link either
        for annot in page.get("/Annots") or []:
            assert annot.get_object().get("/Subtype") != "/FileAttachment"


@pytest.mark.slow
def test_the_full_folder_is_restored_byte_for_byte_and_the_document_says_it_is_private(
        example_pdf: Rendered, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--attach-full-folder`` (the shared render has it): every file as it is, e-mails included, and
    import-pdf says nothing was left out."""
    from facilitator.export.privacy import FULL, attached_line

    assert example_pdf.reader.metadata["/ClusterFacilitatorAttached"] == "full"
    assert compact(attached_line(FULL)) in compact(example_pdf.text)
    target = tmp_path / "archive"
    assert cli.main(["import-pdf", str(example_pdf.path), str(target)]) == 0
    assert "nothing was left out" in capsys.readouterr().err
    originals = sorted(p.relative_to(example_pdf.folder) for p in example_pdf.folder.rglob("*.toml"))
    assert originals == sorted(p.relative_to(target) for p in target.rglob("*.toml")) and len(originals) == 13
    for rel in originals:
        assert (target / rel).read_bytes() == (example_pdf.folder / rel).read_bytes(), rel
    assert b"@" in (target / "plan.toml").read_bytes()


@pytest.mark.slow
def test_example_pdf_fonts_are_the_bundled_family(example_pdf: Rendered) -> None:
    fonts: set[str] = set()
    for page in example_pdf.reader.pages:
        resources = page.get("/Resources")
        for font in (resources.get_object().get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    # the bundled family only, each face named cleanly: the regular one was "Source-Sans-3," (issue 12)
    names = {f.split("+", 1)[-1] for f in fonts}
    assert fonts and names <= {"Source-Sans", "Source-Sans-Italic", "Source-Sans-Semi-Bold", "Source-Sans-Bold",
                               "Source-Sans-Bold-Italic"}, fonts
    assert "Source-Sans" in names


# --- the process runner -----------------------------------------------------------------------------------------------

def test_runner_reports_plan_errors_as_lines(empty_plan: Path, tmp_path: Path) -> None:
    from facilitator.export.runner import ExportJob, Failed

    shutil.rmtree(empty_plan)
    job = ExportJob.start(empty_plan, tmp_path / "out.pdf")
    messages = list(job.messages())
    assert isinstance(messages[-1], Failed)
    assert any("no such plan folder" in line for line in messages[-1].lines)
    assert not any("Traceback" in line for line in messages[-1].lines)


def test_runner_cancel_kills_the_process(example_plan: Path, tmp_path: Path) -> None:
    from facilitator.export.runner import ExportJob, Failed, Progress

    job = ExportJob.start(example_plan, tmp_path / "out.pdf")
    first = next(iter(job.messages()))
    assert isinstance(first, Progress)
    job.cancel()
    result = job.wait(30)
    assert isinstance(result, Failed) and result.cancelled
    assert not job.running
    assert not (tmp_path / "out.pdf").exists()
    with pytest.raises(ProcessLookupError):
        import os
        os.kill(job.pid, 0)


def test_runner_timeout_is_reported(example_plan: Path, tmp_path: Path) -> None:
    from facilitator.export.runner import ExportJob, Failed

    job = ExportJob.start(example_plan, tmp_path / "out.pdf", timeout=0.5)
    messages = list(job.messages())
    result = messages[-1]
    assert isinstance(result, Failed) and result.timed_out
    assert "0.5 seconds" in result.lines[0]
    assert not (tmp_path / "out.pdf").exists()


def test_worker_prints_json_lines_only(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "facilitator.export.worker", str(tmp_path / "missing")],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 1
    import json

    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert "error" in lines[-1] and "Traceback" not in out.stderr
