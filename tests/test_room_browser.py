"""The room in a real browser: headless Chromium from the OS packages, driven by Selenium with the OS's
chromedriver (nothing downloaded). The wall's QR code is read back from a screenshot and leads a phone to
the join page; an idea typed there lands in the session file once and appears on the wall without a reload;
a phone without JavaScript spends its dots with the plain form. The wall fits 1920×1080 without scrolling.

The room runs as `facilitator room` on loopback. These tests share one xdist group (one worker starts the
browsers) and skip, saying why, where Chromium or its driver is not installed (`.ci/run` installs them)."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from facilitator.engine import capture, sessions
from facilitator.kits import load_kits
from facilitator.store import PlanStore

pytestmark = pytest.mark.xdist_group("room-browser")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
if CHROMIUM is None or DRIVER is None:
    pytest.skip("Chromium and its driver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium import webdriver  # only where Chromium is: after the skip above
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT = 20
"""Seconds a browser may take to show something (a loaded CI machine is slow, never red)."""


def browser(width: int, height: int, mobile: bool = False, javascript: bool = True) -> Any:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", f"--window-size={width},{height}"):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    # the page's own viewport, exactly (a window's size includes what headless Chromium keeps for itself)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    return driver


def new_session(tmp_path: Path, notes: tuple[str, ...] = ()) -> tuple[Path, Path]:
    with PlanStore.create(tmp_path / "plan", "Cluster del Vino", language="es") as store:
        kit = load_kits(store.folder).get("joint-diagnosis")
        assert kit is not None
        handle = sessions.start(store, kit, dt.date(2026, 3, 12))
        for text in notes:
            capture.add(handle.model, "swot", text, "strength")
        store.save_session(handle)
        return store.folder, handle.path


@contextmanager
def room(plan: Path, session: Path, step: str) -> Iterator[tuple[str, str]]:
    """`facilitator room` on loopback; yields (join URL, wall URL); ctrl+c at the end."""
    proc = subprocess.Popen([sys.executable, "-m", "facilitator", "room", str(plan), "--session", str(session),
                             "--step", step, "--host", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "FACILITATOR_UI_LANG": "en"})
    try:
        assert proc.stdout is not None
        join = proc.stdout.readline().split(" ", 1)[1].strip()
        wall = proc.stdout.readline().split(" ", 1)[1].strip()
        yield join, wall
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=20)
        assert proc.returncode == 0, err


def decode_qr(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_a_phone_joins_by_the_walls_qr_code_and_its_idea_lands_on_disk_and_on_the_wall(tmp_path: Path) -> None:
    plan, session = new_session(tmp_path)
    with room(plan, session, "swot") as (join, wall_url):
        wall = browser(1920, 1080)
        phone = browser(412, 915, mobile=True)
        try:
            wall.get(wall_url)
            size = wall.execute_script("return [innerWidth, innerHeight, document.documentElement.scrollWidth, "
                                       "document.documentElement.scrollHeight]")
            assert size[0] == 1920 and size[1] == 1080 and size[2] <= 1920 and size[3] <= 1080, size
            qr = wall.find_element(By.ID, "qr").rect
            assert qr["y"] >= 0 and qr["y"] + qr["height"] <= 1080 and qr["x"] + qr["width"] <= 1920
            assert "Fortalezas" in wall.find_element(By.ID, "board").text  # the SWOT, in the plan's language
            assert decode_qr(wall.get_screenshot_as_png()) == [join]

            phone.get(decode_qr(wall.get_screenshot_as_png())[0])
            phone.find_element(By.NAME, "text").send_keys("Rutas del vino <b>con</b> bodegas abiertas")
            Select(phone.find_element(By.NAME, "category")).select_by_value("opportunity")
            phone.find_element(By.CSS_SELECTOR, "#idea-form button").click()
            WebDriverWait(phone, WAIT).until(lambda d: "✔" in d.find_element(By.ID, "idea-status").text)
            assert phone.find_element(By.NAME, "text").get_attribute("value") == ""  # ready for the next idea
            assert "Rutas del vino <b>con</b> bodegas abiertas" in phone.find_element(By.ID, "mine").text

            notes = tomllib.loads(session.read_text(encoding="utf-8"))["contributions"]
            assert [(n["text"], n["category"]) for n in notes] == [
                ("Rutas del vino <b>con</b> bodegas abiertas", "opportunity")]
            # the wall follows without a reload (server-sent events), the text shown literally
            WebDriverWait(wall, WAIT).until(lambda d: "Rutas del vino <b>con</b>" in d.find_element(By.ID, "board").text)
            cell = wall.find_element(By.XPATH, "//div[contains(@class,'cell')][.//span[text()='Oportunidades']]")
            assert "Rutas del vino" in cell.text
        finally:
            wall.quit()
            phone.quit()


def test_a_phone_without_javascript_spends_its_dots_with_the_plain_form(tmp_path: Path) -> None:
    plan, session = new_session(tmp_path, notes=("Clima templado", "Bodegas centenarias", "Caminos"))
    with room(plan, session, "vote-swot") as (join, _wall):
        phone = browser(360, 740, mobile=True, javascript=False)
        try:
            phone.get(join)
            inputs = phone.find_elements(By.CSS_SELECTOR, "#vote-form input[type=number]")
            assert len(inputs) == 3
            for field, dots in zip(inputs, ("2", "0", "1")):
                field.clear()
                field.send_keys(dots)
            phone.find_element(By.CSS_SELECTOR, "#vote-form button").click()
            WebDriverWait(phone, WAIT).until(lambda d: "?sent=1" in d.current_url)
            assert phone.find_element(By.CSS_SELECTOR, ".received").is_displayed()
            values = [f.get_attribute("value") for f in phone.find_elements(By.CSS_SELECTOR, "#vote-form input[type=number]")]
            assert values == ["2", "0", "1"]  # what it spent, to change its mind
        finally:
            phone.quit()
    data = tomllib.loads(session.read_text(encoding="utf-8"))
    assert {n["text"]: n.get("votes", 0) for n in data["contributions"]} == {
        "Clima templado": 2, "Bodegas centenarias": 0, "Caminos": 1}
    assert len(data["ballots"]) == 1
