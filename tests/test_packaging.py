"""Desktop integration: the desktop entry, MIME type, AppStream metainfo, icons and the per-user
install script agree with each other and with the package; the freedesktop validators run too
where this machine has them."""

from __future__ import annotations

import configparser
import importlib
import os
import shlex
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QStandardPaths  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import journeymap  # noqa: E402
from journeymap.resources import example, resources_dir  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / "journeymap.desktop"
MIME_XML = LINUX / "journeymap-mime.xml"
APP_ID = "io.github.journeymap.JourneyMap"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
APP_ICON = ROOT / "resources" / "icons" / "journeymap.svg"
MIME_ICON = ROOT / "resources" / "icons" / "application-x-journeymap+json.svg"
INSTALLER = ROOT / "packaging" / "install_desktop.py"
MIME_TYPE = "application/x-journeymap+json"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _entry(path: Path = DESKTOP) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def _pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _list(value: str) -> list[str]:
    """A desktop-entry list value ("a;b;") as its items."""
    return [item for item in value.split(";") if item]


def _exec_argv(exec_value: str, file: str) -> list[str]:
    """EXEC_VALUE expanded for one local FILE, as a launcher does (Desktop Entry spec: string
    escapes first, then words split on spaces, double quotes with \\ before " ` $ \\)."""
    text = exec_value.replace("\\\\", "\\")
    words: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == " ":
            i += 1
            continue
        word = ""
        if text[i] == '"':
            i += 1
            while text[i] != '"':
                if text[i] == "\\" and text[i + 1] in '"`$\\':
                    i += 1
                word += text[i]
                i += 1
            i += 1
        else:
            while i < len(text) and text[i] != " ":
                word += text[i]
                i += 1
        words.append(file if word == "%f" else word)
    return words


def _tool(name: str) -> str | None:
    return shutil.which(name)


@pytest.fixture
def installer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_desktop", INSTALLER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def app_names(qapp: QApplication) -> Iterator[QApplication]:
    """The test QApplication, with its names restored after application() renamed it."""
    saved = (qapp.organizationName(), qapp.applicationName(), qapp.desktopFileName())
    yield qapp
    qapp.setOrganizationName(saved[0])
    qapp.setApplicationName(saved[1])
    qapp.setDesktopFileName(saved[2])


# --- desktop entry -------------------------------------------------------------------------


def test_desktop_entry_has_the_keys_a_menu_needs() -> None:
    entry = _entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "JourneyMap"
    assert entry["GenericName"] == "Customer journey map editor"
    assert entry["Comment"]
    assert entry["Terminal"] == "false"
    assert entry["StartupNotify"] == "true"
    assert entry["Icon"] == APP_ICON.stem
    assert "Office" in _list(entry["Categories"])
    assert _list(entry["MimeType"]) == [MIME_TYPE]
    assert "journey" in _list(entry["Keywords"])
    if _tool("desktop-file-validate"):
        done = subprocess.run(
            ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "error" not in done.stdout


def test_desktop_entry_starts_a_declared_gui_script_with_one_file() -> None:
    entry = _entry()
    argv = shlex.split(entry["Exec"])
    assert argv[1:] == ["%f"]
    gui_scripts = _pyproject()["project"]["gui-scripts"]  # type: ignore[index]
    assert argv[0] in gui_scripts and entry["TryExec"] == argv[0]
    module_name, _, function = gui_scripts[argv[0]].partition(":")
    assert callable(getattr(importlib.import_module(module_name), function))


def test_desktop_entry_names_match_what_qt_reports(app_names: QApplication) -> None:
    from journeymap.gui.app import application

    app = application()
    entry = _entry()
    # Wayland matches the app id to the desktop file; X11 matches WM_CLASS to StartupWMClass.
    assert f"{app.desktopFileName()}.desktop" == DESKTOP.name
    assert entry["StartupWMClass"] == app.applicationName()
    icon = app.windowIcon()
    assert not icon.isNull() and not icon.pixmap(32, 32).isNull()


# --- MIME type -----------------------------------------------------------------------------


def _mime_type_element() -> ET.Element:
    root = ET.parse(MIME_XML).getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    types = root.findall(f"{MIME_NS}mime-type")
    assert len(types) == 1
    return types[0]


def test_mime_xml_registers_journeymap_files_as_json() -> None:
    mime = _mime_type_element()
    assert mime.get("type") == MIME_TYPE == _list(_entry()["MimeType"])[0]
    assert [g.get("pattern") for g in mime.iter(f"{MIME_NS}glob")] == ["*.journeymap"]
    assert mime.find(f"{MIME_NS}sub-class-of").get("type") == "application/json"  # type: ignore[union-attr]
    assert (mime.findtext(f"{MIME_NS}comment") or "").strip()
    assert mime.find(f"{MIME_NS}generic-icon") is not None
    assert mime.find(f"{MIME_NS}icon").get("name") == MIME_ICON.stem  # type: ignore[union-attr]
    # The magic must match what the program really writes (sniffing files without the suffix).
    head = example("service-business").read_bytes()[:256]
    values = [m.get("value", "").encode() for m in mime.iter(f"{MIME_NS}match")]
    assert any(v in head for v in values)


def test_mime_database_maps_the_suffix_and_the_content_to_the_type(tmp_path: Path) -> None:
    """Registers the XML in a private data dir; queried through xdg-mime when installed."""
    packages = tmp_path / "data" / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME_XML, packages)
    mapped = tmp_path / "folder with spaces" / "Trip – café.journeymap"
    mapped.parent.mkdir()
    mapped.write_bytes(example("service-business").read_bytes())
    if not _tool("update-mime-database"):
        ET.parse(packages / MIME_XML.name)  # still well-formed once copied
        return
    done = subprocess.run(
        ["update-mime-database", str(tmp_path / "data" / "mime")], capture_output=True, text=True
    )
    assert done.returncode == 0 and "Unknown" not in done.stderr, done.stderr
    globs = (tmp_path / "data" / "mime" / "globs2").read_text(encoding="utf-8")
    assert f":{MIME_TYPE}:*.journeymap" in globs
    subclasses = (tmp_path / "data" / "mime" / "subclasses").read_text(encoding="utf-8")
    assert f"{MIME_TYPE} application/json" in subclasses
    if _tool("xdg-mime"):
        env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
               "XDG_DATA_DIRS": f"{tmp_path / 'data'}:/usr/share"}
        query = ["xdg-mime", "query", "filetype", str(mapped)]
        assert subprocess.run(query, capture_output=True, text=True, env=env).stdout.strip() == (
            MIME_TYPE
        )


# --- icons ---------------------------------------------------------------------------------


@pytest.mark.parametrize("icon", [APP_ICON, MIME_ICON], ids=lambda p: p.stem)
def test_icon_is_a_square_svg_that_renders_at_menu_sizes(qapp: QApplication, icon: Path) -> None:
    root = ET.parse(icon).getroot()
    assert root.tag == f"{SVG_NS}svg"
    x, y, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert (x, y) == (0, 0) and width == height > 0
    renderer = QSvgRenderer(str(icon))
    assert renderer.isValid()
    for size in (16, 48, 256):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(QColor(0, 0, 0, 0))
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        pixels = [image.pixelColor(i, j) for i in range(0, size, max(1, size // 32))
                  for j in range(0, size, max(1, size // 32))]
        opaque = [p for p in pixels if p.alpha() > 200]
        assert len(opaque) > len(pixels) / 2, f"{icon.name} at {size} px is mostly empty"
        assert len({p.rgb() for p in opaque}) >= 3, f"{icon.name} at {size} px is one flat colour"


def test_icons_travel_with_the_package() -> None:
    """The window icon is read through journeymap.resources, in a checkout and in a wheel."""
    wheel = _pyproject()["tool"]["hatch"]["build"]["targets"]["wheel"]  # type: ignore[index]
    assert wheel["force-include"]["resources"] == "journeymap/resources"
    assert (resources_dir() / "icons" / APP_ICON.name).read_bytes() == APP_ICON.read_bytes()


# --- AppStream -----------------------------------------------------------------------------


def test_metainfo_agrees_with_the_desktop_entry_and_the_package() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") in {"CC0-1.0", "FSFAP"}
    project = _pyproject()["project"]
    assert root.findtext("project_license") == project["license"]  # type: ignore[index]
    assert root.findtext("name") == _entry()["Name"]
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("launchable").get("type") == "desktop-id"  # type: ignore[union-attr]
    assert root.findtext("icon") == _entry()["Icon"]
    scripts = {**project["scripts"], **project["gui-scripts"]}  # type: ignore[index]
    provides = root.find("provides")
    assert provides is not None
    assert {b.text for b in provides.iter("binary")} == set(scripts)
    assert [m.text for m in provides.iter("mediatype")] == [MIME_TYPE]
    assert len(root.findall("description/p")) >= 2
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == journeymap.__version__
    assert root.find("content_rating") is not None
    assert root.findtext("url[@type='homepage']", "").startswith("https://")
    if _tool("appstreamcli"):
        done = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


# --- per-user install ----------------------------------------------------------------------


def test_exec_quoting_survives_spaces_quotes_and_dollars(installer: ModuleType) -> None:
    for program in ["/opt/JourneyMap/journeymap.bin", "/home/a b/bin/journeymap-editor",
                    '/tmp/it\'s "$HOME"/x\\y']:
        assert _exec_argv(f"{installer.exec_quote(program)} %f", "/m.journeymap") == [
            program, "/m.journeymap"
        ]


def _run_installer(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run([sys.executable, str(INSTALLER), *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_install_script_registers_everything_for_the_user_and_uninstalls(tmp_path: Path) -> None:
    program = tmp_path / "my apps" / "journeymap-editor"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    data = tmp_path / "data"
    installed = {
        data / "applications" / DESKTOP.name: DESKTOP,
        data / "mime" / "packages" / MIME_XML.name: MIME_XML,
        data / "metainfo" / METAINFO.name: METAINFO,
        data / "icons" / "hicolor" / "scalable" / "apps" / APP_ICON.name: APP_ICON,
        data / "icons" / "hicolor" / "scalable" / "mimetypes" / MIME_ICON.name: MIME_ICON,
    }
    for _ in range(2):  # a second run updates in place
        done = _run_installer(tmp_path, "--exec", str(program))
        assert done.returncode == 0, done.stderr
        assert "not on PATH" not in done.stderr
    for target, source in installed.items():
        assert target.is_file(), target
        if source != DESKTOP:
            assert target.read_bytes() == source.read_bytes()
    entry = _entry(data / "applications" / DESKTOP.name)
    assert entry["TryExec"] == str(program)
    assert _exec_argv(entry["Exec"], "/a b/x.journeymap") == [str(program), "/a b/x.journeymap"]
    assert {k: v for k, v in entry.items() if k not in {"Exec", "TryExec"}} == {
        k: v for k, v in _entry().items() if k not in {"Exec", "TryExec"}
    }
    if _tool("update-desktop-database"):
        cache = (data / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
        assert f"{MIME_TYPE}={DESKTOP.name};" in cache
    if _tool("update-mime-database"):
        assert MIME_TYPE in (data / "mime" / "globs2").read_text(encoding="utf-8")
    if _tool("xdg-mime"):
        env = {**os.environ, "XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(tmp_path / "c"),
               "XDG_DATA_DIRS": f"{data}:/usr/share"}
        query = ["xdg-mime", "query", "default", MIME_TYPE]
        answer = subprocess.run(query, capture_output=True, text=True, env=env).stdout.strip()
        assert answer == DESKTOP.name

    done = _run_installer(tmp_path, "--uninstall")
    assert done.returncode == 0, done.stderr
    assert not any(target.exists() for target in installed)


def test_install_script_says_what_to_do_when_the_program_is_missing(tmp_path: Path) -> None:
    done = _run_installer(tmp_path, "--exec", "journeymap-editor-not-installed-here", "-q")
    assert done.returncode == 0
    assert "not on PATH" in done.stderr and "pipx install" in done.stderr
    assert (tmp_path / "data" / "applications" / DESKTOP.name).is_file()


# --- opening a file from a file manager ----------------------------------------------------


def test_file_manager_launch_opens_the_file_in_the_editor(
    app_names: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The launcher expands Exec's %f to a path (here with spaces); main() opens that map."""
    import journeymap.gui.app as gui_app
    import journeymap.gui.dialogs.recovery as recovery_dialog

    test_mode = QStandardPaths.isTestModeEnabled()
    QStandardPaths.setTestModeEnabled(True)
    settings = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(settings))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings))
    monkeypatch.setattr("journeymap.gui.autosave.default_recovery_dir", lambda: tmp_path / "r")
    monkeypatch.setattr(recovery_dialog, "offer_recovery", lambda window: [])
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)

    target = tmp_path / "client maps" / "Boiler repair (v2).journeymap"
    target.parent.mkdir()
    target.write_bytes(example("service-business").read_bytes())
    argv = _exec_argv(_entry()["Exec"], str(target))
    monkeypatch.setattr(sys, "argv", argv)

    before = set(QApplication.topLevelWidgets())
    assert gui_app.main() == 0
    windows = [w for w in QApplication.topLevelWidgets() if w not in before
               and getattr(w, "session", None) is not None]
    try:
        assert [w.session.path for w in windows] == [target]
        assert windows[0].session.doc.title.startswith("Emergency boiler repair")
    finally:
        for window in windows:
            window.session.stack.setClean()
            window.close()
            window.deleteLater()
        QStandardPaths.setTestModeEnabled(test_mode)


# --- freeze recipe -------------------------------------------------------------------------


def test_freeze_spec_reads_as_pyside6_deploy_reads_it() -> None:
    """pyside6-deploy parses the spec with "/" as the only comment prefix; "#" lines are keys."""
    freeze = ROOT / "packaging" / "freeze"
    spec = configparser.ConfigParser(comment_prefixes="/", strict=False, allow_no_value=True)
    spec.read(freeze / "pysidedeploy.spec", encoding="utf-8")
    assert spec["app"]["title"] == "journeymap"
    entry = freeze / spec["app"]["input_file"]
    assert "from journeymap.cli import main" in entry.read_text(encoding="utf-8")
    assert spec["nuitka"]["mode"] == "onefile"
    extra = shlex.split(spec["nuitka"]["extra_args"])
    # resources.py finds the examples, fonts and icons beside the package at run time
    assert "--include-package-data=journeymap" in extra
    # pyside6-deploy copies the result into exec_directory and does not create it
    assert spec["app"]["exec_directory"] == "."
    assert spec["python"]["packages"].lower().startswith("nuitka")
