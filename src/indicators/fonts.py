"""A font that renders Simplified Chinese in matplotlib charts, found once and registered once.

Order of search: the file named by ``INDICATORS_CJK_FONT``; a CJK font installed on the system
(one that really holds the glyphs); the Noto Sans CJK SC file shipped by the ``mplfonts`` package.
The SimHei file that ``mplfonts`` also ships is never used (its licence is unclear).

Only the standard library is imported at module level; matplotlib's ``ft2font`` and
``font_manager`` are imported on first use, and pyplot never.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import threading
from pathlib import Path

ENV_VAR = "INDICATORS_CJK_FONT"
#: families of system fonts known to cover Simplified Chinese, best first
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
#: characters a usable font must hold
CJK_TEST_STRING = "地区生产总值增长"
BUNDLED_PACKAGE = "mplfonts"
BUNDLED_FONT = "NotoSansCJKsc-Regular.otf"
#: fonts never used, whoever asks for them (file stems and family names, lower case)
FORBIDDEN_FONTS = ("simhei",)
FALLBACK_FAMILY = "DejaVu Sans"

_FIX_HINT = (
    f"install one with `pip install {BUNDLED_PACKAGE}` (it ships {BUNDLED_FONT}), "
    f"or set {ENV_VAR} to the path of a .otf/.ttf/.ttc font that covers Simplified Chinese"
)
_LOCK = threading.RLock()
_registered: set[str] = set()


class FontError(RuntimeError):
    """No usable font for the text a chart has to show."""


def _open_face(path: str | Path, index: int = 0):
    """An FT2Font for one face of a font file (``index`` > 0 only for .ttc collections)."""
    from matplotlib.ft2font import FT2Font

    return FT2Font(os.fspath(path)) if index == 0 else FT2Font(os.fspath(path), face_index=index)


@functools.lru_cache(maxsize=16)
def _face(path: str, index: int):
    return _open_face(path, index)


def _is_forbidden(path: str | Path, family: str = "") -> bool:
    names = (Path(path).stem.lower(), family.lower())
    return any(bad in name for bad in FORBIDDEN_FONTS for name in names)


def _covers(path: str | Path, index: int, text: str) -> bool:
    """True if the face holds a glyph for every non-space character of ``text``."""
    try:
        face = _face(os.fspath(path), index)
    except (OSError, RuntimeError, ValueError):
        return False
    with _LOCK:
        return all(face.get_char_index(ord(ch)) for ch in text if not ch.isspace())


@functools.lru_cache(maxsize=65536)
def _has_glyph(path: str, index: int, ch: str) -> bool:
    return _covers(path, index, ch)


def _from_env(value: str) -> tuple[Path, int]:
    path = Path(value).expanduser()
    if not path.is_file():
        raise FontError(f"{ENV_VAR}={value!r} is not a font file; {_FIX_HINT}")
    if _is_forbidden(path):
        raise FontError(f"{ENV_VAR} names {path.name}, which is never used; {_FIX_HINT}")
    if not _covers(path, 0, CJK_TEST_STRING):
        raise FontError(f"{ENV_VAR}={value!r} has no glyphs for {CJK_TEST_STRING!r}; {_FIX_HINT}")
    return path, 0


def _from_system() -> tuple[Path, int] | None:
    from matplotlib import font_manager

    entries = [e for e in font_manager.fontManager.ttflist if e.name in CJK_FAMILIES]
    entries.sort(key=lambda e: (CJK_FAMILIES.index(e.name), e.weight not in (400, "normal")))
    for entry in entries:
        index = int(getattr(entry, "index", 0) or 0)
        if _is_forbidden(entry.fname, entry.name):
            continue
        if _covers(entry.fname, index, CJK_TEST_STRING):
            return Path(entry.fname), index
    return None


def _from_package() -> tuple[Path, int] | None:
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "fonts" / BUNDLED_FONT
        if path.is_file() and _covers(path, 0, CJK_TEST_STRING):
            return path, 0
    return None


@functools.lru_cache(maxsize=8)
def _resolve(env_value: str) -> tuple[Path, int]:
    if env_value:
        return _from_env(env_value)
    found = _from_system() or _from_package()
    if found is None:
        raise FontError(f"no font for Simplified Chinese was found; {_FIX_HINT}")
    return found


def _cjk_face() -> tuple[Path, int]:
    """Path and face index of the CJK font (cached per value of the environment variable)."""
    return _resolve(os.environ.get(ENV_VAR, "").strip())


def cjk_font_path() -> Path:
    """A font file that renders Simplified Chinese.

    Raises:
        FontError: none was found (the message says how to get one).
    """
    return _cjk_face()[0]


def cjk_font_family() -> str:
    """The family name of the font :func:`cjk_font_path` returns."""
    return str(_face(os.fspath(cjk_font_path()), _cjk_face()[1]).family_name)


def _register(path: Path) -> None:
    from matplotlib import font_manager

    key = os.fspath(path)
    if key not in _registered:
        known = {os.fspath(e.fname) for e in font_manager.fontManager.ttflist}
        if key not in known:
            font_manager.fontManager.addfont(key)
        _registered.add(key)


def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and put it first in the sans-serif list.

    DejaVu Sans follows it as the fallback for symbols the CJK font lacks. Returns the family.
    """
    import matplotlib

    path, family = cjk_font_path(), cjk_font_family()
    with _LOCK:
        _register(path)
        rc = matplotlib.rcParams
        rest = [f for f in rc["font.sans-serif"] if f not in (family, FALLBACK_FAMILY)]
        wanted = [family, FALLBACK_FAMILY, *rest]
        if list(rc["font.sans-serif"]) != wanted:
            rc["font.sans-serif"] = wanted
        if list(rc["font.family"]) != ["sans-serif"]:
            rc["font.family"] = ["sans-serif"]
        rc["axes.unicode_minus"] = False
    return family


def _fallback_path() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def missing_glyphs(text: str, font_path: Path | None = None) -> set[str]:
    """Characters of ``text`` (whitespace aside) that neither the CJK font nor DejaVu Sans holds.

    ``font_path`` replaces the CJK font (first face of the file) when given.
    """
    if font_path is not None and not Path(font_path).is_file():
        raise FontError(f"{font_path} is not a font file")
    path, index = (Path(font_path), 0) if font_path is not None else _cjk_face()
    primary, fallback = os.fspath(path), os.fspath(_fallback_path())
    return {
        ch
        for ch in set(text)
        if not (ch.isspace() or _has_glyph(primary, index, ch) or _has_glyph(fallback, 0, ch))
    }
