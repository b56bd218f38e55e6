"""TrueType fonts for the PDFs: which main font, and which fonts fill in missing glyphs.

Search order for the main font (regular and bold):

1. the font the user chose (``--font PATH``, :attr:`ExportOptions.font`); a bad one is an error;
2. the ``JOURNEYMAP_FONT`` environment variable (a path); a bad one is a warning;
3. DejaVu Sans as bundled in ``resources/fonts`` (the same font, and so the same PDF, on
   every machine);
4. well-known system fonts: DejaVu Sans, Noto Sans, Liberation Sans, FreeSans, Arial;
5. fontconfig's ``fc-match sans-serif``, where fontconfig is installed;
6. Helvetica, one of the PDF standard fonts: Latin-1 text only, with a warning.

The bold face is the file beside the regular one with a bold name, else the regular one;
the same holds for a fallback font (bold Korean from NanumGothicBold beside NanumGothic).
A character the main font lacks is taken from the first fallback font that has it: the
other fonts above, then Noto Emoji as bundled in ``resources/fonts`` (monochrome, OFL 1.1:
emoji print the same on every machine), then well-known wide-coverage system fonts (Droid
Sans Fallback, Noto CJK, WenQuanYi, Noto Hebrew and Arabic, FreeSerif, Symbola, Arial
Unicode), then whatever ``fc-list :charset=…`` names. ReportLab needs TrueType outlines:
``.ttf`` files, or a face of a ``.ttc`` collection; CFF-flavoured ``.otf`` fonts are skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from journeymap.export.options import ExportError

_original_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16
    surrogate pairs as the PDF standard asks (ReportLab writes five hex digits, so text
    extractors lose every emoji)."""
    text: str = _original_cmap(fontname, subset)
    for i, code in enumerate(subset):
        if isinstance(code, int) and (0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF):
            # a joined Arabic form (export.text.shape) is extracted and searched as the
            # letters it stands for; a ligature's letters in display (right-to-left) order,
            # as the line is drawn
            letters = unicodedata.normalize("NFKC", chr(code))[::-1]
            if letters != chr(code) and letters:
                units = "".join(f"{u:04X}" for u in _utf16(letters))
                text = text.replace(f"<{i:02X}> <{code:04X}>", f"<{i:02X}> <{units}>")
            continue
        if isinstance(code, int) and code > 0xFFFF:
            high = 0xD800 + ((code - 0x10000) >> 10)
            low = 0xDC00 + ((code - 0x10000) & 0x3FF)
            text = text.replace(f"<{i:02X}> <{code:04X}>", f"<{i:02X}> <{high:04X}{low:04X}>")
    return text


def _utf16(text: str) -> list[int]:
    data = text.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


if getattr(ttfonts.makeToUnicodeCMap, "__name__", "") != "_to_unicode_cmap":
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap

ENV_FONT: Final = "JOURNEYMAP_FONT"
HELVETICA: Final = "Helvetica"
HELVETICA_BOLD: Final = "Helvetica-Bold"
#: The bundled main font and the bundled emoji font (a fallback), in ``resources/fonts``.
BUNDLED_MAIN: Final = "DejaVuSans.ttf"
BUNDLED_EMOJI: Final = "NotoEmoji-Regular.ttf"
MAX_FONTCONFIG_QUERIES: Final = 24


def _bundled_dir() -> Path:
    from journeymap.resources import resources_dir

    return resources_dir() / "fonts"


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"


_SYSTEM_REGULAR: Final[tuple[str, ...]] = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/google-noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "{windows}/arial.ttf",
)

_SYSTEM_FALLBACKS: Final[tuple[str, ...]] = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
    "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",  # Korean (Debian fonts-nanum)
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSerif.ttf",
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/usr/share/fonts/TTF/Symbola.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "{windows}/ARIALUNI.TTF",
    "{windows}/seguisym.ttf",
    "{windows}/msyh.ttc",
)


@dataclass(frozen=True, slots=True)
class FontSearch:
    """Where to look for fonts (see the module docstring); tests narrow it down."""

    explicit: Path | None = None
    environment: bool = True
    bundled: bool = True  # DejaVu Sans (main font) and Noto Emoji (emoji fallback)
    system: tuple[str, ...] = _SYSTEM_REGULAR
    fallbacks: tuple[str, ...] = _SYSTEM_FALLBACKS
    fontconfig: bool = True


@dataclass(slots=True)
class _Face:
    name: str
    path: Path
    cmap: frozenset[int] | set[int]


_LOADED: dict[tuple[str, int], _Face] = {}
_REJECTED: dict[tuple[str, int], str] = {}


def _load(path: Path, index: int = 0) -> _Face:
    """Register a TrueType font once per process; raise ValueError with the reason."""
    key = (str(path), index)
    if key in _LOADED:
        return _LOADED[key]
    if key in _REJECTED:
        raise ValueError(_REJECTED[key])
    try:
        if not path.is_file():
            raise ValueError(_not_a_file(path))
        stem = "".join(c for c in path.stem if c.isalnum() or c in "-_") or "font"
        name = f"JM-{stem}" + (f"-{index}" if index else "")
        taken = {face.name for face in _LOADED.values()}
        n = 1
        while name in taken:
            n += 1
            name = f"JM-{stem}-{n}"
        font = TTFont(name, str(path), subfontIndex=index)
        pdfmetrics.registerFont(font)
    except Exception as err:  # ReportLab raises a zoo of types for bad fonts
        reason = _reason(err)
        _REJECTED[key] = reason
        raise ValueError(reason) from None
    face = _Face(name, path, frozenset(font.face.charToGlyph))
    _LOADED[key] = face
    return face


def _not_a_file(path: Path) -> str:
    """Why ``path`` cannot be a font file: missing, or a folder, FIFO, device …"""
    from journeymap.core.outputs import kind_of

    try:
        mode = path.stat().st_mode
    except OSError:
        return "no such file"
    return f"it is {kind_of(mode)}, not a file"


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    lowered = text.lower()
    if "postscript" in lowered or "cff" in lowered:
        return "it has PostScript (CFF) outlines; ReportLab needs TrueType outlines (.ttf)"
    if "no such file" in lowered:
        return "no such file"
    return f"it is not a usable TrueType font ({text})"


def _expand(template: str) -> Path:
    return Path(template.replace("{windows}", str(_windows_fonts())))


def _bold_beside(regular: Path) -> Path | None:
    stem, suffix = regular.stem, regular.suffix
    names = []
    for plain in ("-Regular", "Regular", "-Book", "-Roman", ""):
        if plain and not stem.endswith(plain):
            continue
        base = stem[: len(stem) - len(plain)] if plain else stem
        names += [f"{base}-Bold", f"{base}Bold", f"{base}bd", f"{base}-B", f"{base}b"]
    for name in names:
        for ext in (suffix, suffix.upper()):
            candidate = regular.with_name(name + ext)
            if candidate != regular and candidate.is_file():
                return candidate
    return None


def _fc(args: Sequence[str]) -> list[str]:
    """Lines printed by a fontconfig tool, or [] when it is missing or fails."""
    exe = shutil.which(args[0])
    if exe is None:
        return []
    try:
        done = subprocess.run(
            [exe, *args[1:]], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def _truetype_path(line: str) -> tuple[Path, int] | None:
    """A fontconfig ``file`` (optionally ``file:index``) that ReportLab may read."""
    path_text, _, index_text = line.partition(":")
    path = Path(path_text.strip())
    if path.suffix.lower() not in (".ttf", ".ttc"):
        return None
    index = int(index_text) if index_text.strip().isdigit() else 0
    return path, index


@dataclass
class FontSet:
    """The fonts of one export: a main regular and bold font and fallbacks per character."""

    regular: str
    bold: str
    truetype: bool
    warnings: list[str] = field(default_factory=list)
    _regular_cmap: frozenset[int] | set[int] = frozenset()
    _bold_cmap: frozenset[int] | set[int] = frozenset()
    _candidates: list[tuple[Path, int]] = field(default_factory=list)
    _fallbacks: list[_Face] = field(default_factory=list)
    _fontconfig: bool = False
    _queries: int = 0
    _choice: dict[tuple[int, bool], str | None] = field(default_factory=dict)
    _bold_faces: dict[str, _Face | None] = field(default_factory=dict)
    _spacing: dict[str, bool] = field(default_factory=dict)

    @property
    def placeholder(self) -> str:
        """What stands in for a character no font has."""
        return "\ufffd" if 0xFFFD in self._regular_cmap else "?"

    def font_for(self, char: str, bold: bool = False) -> str | None:
        """The registered font that draws ``char`` (bold when it can), or None."""
        key = (ord(char), bold)
        if key in self._choice:
            return self._choice[key]
        code = ord(char)
        found: str | None = None
        if bold and code in self._bold_cmap:
            found = self.bold
        elif code in self._regular_cmap:
            found = self.regular
        elif self.truetype:
            found = self._fallback(code)
            if bold and found is not None:
                found = self._bold_of(found, code)
        self._choice[key] = found
        return found

    def keeps_spaces(self, name: str) -> bool:
        """Whether spaces inside a run of the font ``name`` may be drawn in it: only when its
        space is about as wide as the main font's (Noto Emoji's is 1.27 em, which would put
        a wide gap after every emoji), else they are drawn in the main font."""
        if name not in self._spacing:
            main = pdfmetrics.stringWidth(" ", self.regular, 1000)
            try:
                own = pdfmetrics.stringWidth(" ", name, 1000)
            except KeyError:  # not a registered font
                own = main * 2
            self._spacing[name] = name in (self.regular, self.bold) or own <= main * 1.5
        return self._spacing[name]

    def _bold_of(self, name: str, code: int) -> str:
        """The bold face beside the fallback font ``name`` (NanumGothicBold beside
        NanumGothic) when it has ``code``, else ``name`` itself."""
        if name not in self._bold_faces:
            face = next((f for f in self._fallbacks if f.name == name), None)
            path = _bold_beside(face.path) if face is not None else None
            bold: _Face | None = None
            if path is not None:
                try:
                    bold = _load(path)
                    _register_family(bold.name, bold.name)
                except ValueError:
                    bold = None
            self._bold_faces[name] = bold
        found = self._bold_faces[name]
        return found.name if found is not None and code in found.cmap else name

    def _fallback(self, code: int) -> str | None:
        for face in self._fallbacks:
            if code in face.cmap:
                return face.name
        while self._candidates:
            taken = self._take(*self._candidates.pop(0))
            if taken is not None and code in taken.cmap:
                return taken.name
        if self._fontconfig and self._queries < MAX_FONTCONFIG_QUERIES:
            self._queries += 1
            for line in _fc(["fc-list", f":charset={code:x}", "file", "index"]):
                file_part, _, rest = line.partition(":")
                index = "".join(c for c in rest if c.isdigit())
                found = _truetype_path(f"{file_part}:{index}")
                if found is None:
                    continue
                taken = self._take(*found)
                if taken is not None and code in taken.cmap:
                    return taken.name
        return None

    def _take(self, path: Path, index: int) -> _Face | None:
        if any(f.path == path for f in self._fallbacks) or not path.is_file():
            return None
        try:
            face = _load(path, index)
        except ValueError:
            return None
        if face.name in (self.regular, self.bold):
            return None
        _register_family(face.name, face.name)
        self._fallbacks.append(face)
        return face

    def fallback_names(self) -> list[str]:
        """Fallback fonts used so far (after text was laid out)."""
        return [f.name for f in self._fallbacks]


def find_fonts(search: FontSearch | None = None) -> FontSet:
    """The fonts to use, following the search order of this module's docstring."""
    search = search or FontSearch()
    warnings: list[str] = []
    regular_candidates: list[tuple[str, Path]] = []
    if search.explicit is not None:
        path = Path(search.explicit).expanduser()
        try:
            _load(path)
        except ValueError as err:
            raise ExportError(f'the font "{path}" cannot be used: {err}') from None
        regular_candidates.append(("chosen", path))
    if search.environment and os.environ.get(ENV_FONT, "").strip():
        path = Path(os.environ[ENV_FONT].strip()).expanduser()
        try:
            _load(path)
            regular_candidates.append(("env", path))
        except ValueError as err:
            warnings.append(f'{ENV_FONT}="{path}" is ignored: {err}')
    if search.bundled:
        regular_candidates.append(("bundled", _bundled_dir() / BUNDLED_MAIN))
    regular_candidates += [("system", _expand(p)) for p in search.system]

    main: _Face | None = None
    others: list[tuple[Path, int]] = []
    for _origin, path in regular_candidates:
        if not path.is_file():
            continue
        if main is None:
            try:
                main = _load(path)
            except ValueError:
                continue
        elif not _same_file(path, main.path):
            others.append((path, 0))
    if main is None and search.fontconfig:  # asked only when nothing above was usable
        for line in _fc(["fc-match", "-f", "%{file}:%{index}\n", "sans-serif:style=Regular"]):
            found = _truetype_path(line)
            if found is not None and found[1] == 0:
                try:
                    main = _load(found[0])
                except ValueError:
                    continue
    if main is None:
        warnings.append(
            "no TrueType font was found, so the PDF uses Helvetica and can show Latin-1 "
            f"text only; install DejaVu Sans or set {ENV_FONT} to a .ttf file"
        )
        latin = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
        latin |= {ord(c) for c in "–—‘’“”•…€™"}
        return FontSet(
            HELVETICA, HELVETICA_BOLD, False, warnings, _regular_cmap=latin, _bold_cmap=latin
        )
    bold = main
    bold_path = _bold_beside(main.path)
    if bold_path is not None:
        try:
            bold = _load(bold_path)
        except ValueError:
            bold = main
    emoji = [(_bundled_dir() / BUNDLED_EMOJI, 0)] if search.bundled else []
    fallbacks = others + emoji + [(_expand(p), 0) for p in search.fallbacks]
    fonts = FontSet(
        main.name,
        bold.name,
        True,
        warnings,
        _regular_cmap=main.cmap,
        _bold_cmap=bold.cmap,
        _candidates=_unique(fallbacks),
        _fontconfig=search.fontconfig,
    )
    _register_family(main.name, bold.name)
    return fonts


def _same_file(a: Path, b: Path) -> bool:
    """The same font file, maybe at another place (the bundled copy of a system font)."""
    try:
        return a.name == b.name and a.stat().st_size == b.stat().st_size
    except OSError:
        return False


def _unique(items: Iterable[tuple[Path, int]]) -> list[tuple[Path, int]]:
    seen: set[tuple[Path, int]] = set()
    out: list[tuple[Path, int]] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _register_family(regular: str, bold: str) -> None:
    """So that ``<b>`` in our own markup picks the bold face."""
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 1, bold)
    addMapping(bold, 0, 0, bold)
    addMapping(bold, 1, 0, bold)
    addMapping(bold, 0, 1, bold)
    addMapping(bold, 1, 1, bold)
