"""The CJK font: found, overridable, never SimHei, and missing glyphs reported."""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from indicators import fonts

CJK_SAMPLE = "地区生产总值增长 居民消费价格涨幅 完成省下达的任务"
DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@pytest.fixture
def bundled_font() -> Path:
    """The mplfonts Noto Sans CJK SC file (the tests need it installed, as the project does)."""
    found = fonts._from_package()
    if found is None:
        pytest.skip("mplfonts is not installed")
    return found[0]


def test_font_found_renders_cjk_test_string() -> None:
    path = fonts.cjk_font_path()
    assert path.is_file()
    font = FT2Font(str(path))
    assert all(font.get_char_index(ord(ch)) for ch in fonts.CJK_TEST_STRING)
    assert fonts.missing_glyphs(CJK_SAMPLE) == set()


def test_family_and_use_cjk_font_set_rcparams() -> None:
    family = fonts.use_cjk_font()
    assert family == fonts.cjk_font_family()
    assert matplotlib.rcParams["font.sans-serif"][:2] == [family, "DejaVu Sans"]
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert fonts.use_cjk_font() == family  # second call: same answer, nothing added twice
    from matplotlib import font_manager

    registered = [e for e in font_manager.fontManager.ttflist if e.fname == str(fonts.cjk_font_path())]
    assert len({(e.name, e.weight) for e in registered}) == len(registered)


def test_drawing_chinese_emits_no_missing_glyph_warning() -> None:
    fonts.use_cjk_font()
    fig = Figure()
    fig.add_subplot().set_title(CJK_SAMPLE + " ≥ 3% μg/m³ −1")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        FigureCanvasAgg(fig).draw()


def test_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, bundled_font: Path) -> None:
    copy = tmp_path / "MyChineseFont.otf"
    shutil.copyfile(bundled_font, copy)
    monkeypatch.setenv(fonts.ENV_VAR, str(copy))
    assert fonts.cjk_font_path() == copy
    monkeypatch.delenv(fonts.ENV_VAR)
    assert fonts.cjk_font_path() != copy


def test_env_override_that_is_no_font_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, str(tmp_path / "nothing.otf"))
    with pytest.raises(fonts.FontError, match="pip install mplfonts"):
        fonts.cjk_font_path()


def test_env_override_without_cjk_glyphs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, str(DEJAVU))
    with pytest.raises(fonts.FontError, match="no glyphs"):
        fonts.cjk_font_path()


def test_simhei_is_never_chosen(monkeypatch: pytest.MonkeyPatch, bundled_font: Path) -> None:
    assert "simhei" not in fonts.cjk_font_path().name.lower()
    assert "simhei" not in fonts.cjk_font_family().lower()
    simhei = bundled_font.with_name("SimHei.ttf")
    if simhei.exists():
        monkeypatch.setenv(fonts.ENV_VAR, str(simhei))
        with pytest.raises(fonts.FontError, match="never used"):
            fonts.cjk_font_path()


def test_system_search_skips_simhei(monkeypatch: pytest.MonkeyPatch, bundled_font: Path) -> None:
    """Even a font registered under a known CJK family name is refused if it is SimHei."""
    from matplotlib import font_manager

    simhei = bundled_font.with_name("SimHei.ttf")
    if not simhei.exists():
        pytest.skip("this mplfonts ships no SimHei")
    fake = font_manager.FontEntry(fname=str(simhei), name="WenQuanYi Zen Hei")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [fake])
    assert fonts._from_system() is None


def test_no_font_anywhere_raises_with_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    monkeypatch.setattr(fonts, "_from_system", lambda: None)
    monkeypatch.setattr(fonts, "_from_package", lambda: None)
    fonts._resolve.cache_clear()
    try:
        with pytest.raises(fonts.FontError, match=fonts.ENV_VAR):
            fonts.cjk_font_path()
    finally:
        fonts._resolve.cache_clear()
    assert issubclass(fonts.FontError, RuntimeError)


def test_missing_glyphs() -> None:
    assert fonts.missing_glyphs("\ue000完成") == {"\ue000"}
    assert fonts.missing_glyphs("μ³−≥% \t\n") == set()  # DejaVu Sans covers what CJK lacks
    assert fonts.missing_glyphs("") == set()


def test_missing_glyphs_with_another_font() -> None:
    assert fonts.missing_glyphs("abc", DEJAVU) == set()
    # DejaVu is also the fallback, so Chinese is missing from both
    assert fonts.missing_glyphs("完成a", DEJAVU) == {"完", "成"}


def test_import_is_light() -> None:
    code = (
        "import sys, indicators.fonts; "
        "assert 'matplotlib.pyplot' not in sys.modules; "
        "assert 'matplotlib.font_manager' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
