"""The PDF report: text, fonts, languages and literal data, read back with pypdf."""

from __future__ import annotations

import copy
import io
import math
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from pypdf import PdfReader

from indicators import pdf, plots
from indicators.analyse import FINDINGS_COLUMNS
from indicators.bundle import ReportBundle
from indicators.fonts import use_cjk_font
from indicators.paths import DATA_REFERENCE

NAN = math.nan
SPECIAL = "#set text(red) $x$ *bold* <tag> _u_ @ref [a] \\ `c` // no comment"

# task, metric, zh, en, headline, comparator, target, unit, reference, good_direction,
# actual, period, ratio, gap, prov_avg, prov_gap, status, provisional, flags
ROWS = [
    (
        1,
        "gdp_growth",
        "地区生产总值增速",
        "GDP growth",
        True,
        "about",
        8.5,
        "%",
        "",
        "higher",
        11.6,
        "2021",
        11.6 / 8.5,
        3.1,
        8.3,
        3.3,
        "exceeded",
        False,
        "",
    ),
    (
        1,
        "gdp_level",
        "地区生产总值",
        "GDP (level)",
        False,
        "",
        NAN,
        "",
        "",
        "higher",
        4302.0,
        "2021",
        NAN,
        NAN,
        NAN,
        NAN,
        "not_assessable",
        False,
        "",
    ),
    (
        3,
        "fixed_asset_investment_growth",
        "固定资产投资增速",
        "Fixed-asset investment growth",
        True,
        "about",
        10.0,
        "%",
        "",
        "higher",
        9.6,
        "2021Q1-Q3",
        0.96,
        -0.4,
        9.4,
        0.2,
        "within_band",
        True,
        "estimated;partial_period",
    ),
    (
        7,
        "disposable_income_growth",
        "居民人均可支配收入增速",
        "Disposable income per capita growth",
        True,
        "in_step_with",
        NAN,
        "%",
        "gdp_growth",
        "higher",
        10.0,
        "2021",
        NAN,
        NAN,
        10.0,
        0.0,
        "missed",
        False,
        "",
    ),
    (
        10,
        "urban_new_jobs",
        "城镇新增就业",
        "New urban jobs",
        True,
        "exact",
        6.9,
        "万人",
        "",
        "higher",
        7.6,
        "2021",
        7.6 / 6.9,
        0.7,
        NAN,
        NAN,
        "exceeded",
        False,
        "",
    ),
    (
        11,
        "energy_intensity_reduction",
        "单位生产总值能耗降低",
        "Energy intensity reduction",
        True,
        "qualitative",
        NAN,
        "",
        "",
        "higher",
        3.8,
        "2021Q1-Q3",
        NAN,
        NAN,
        NAN,
        NAN,
        "not_assessable",
        True,
        "partial_period",
    ),
    (
        12,
        "cpi_change",
        "居民消费价格涨幅",
        "CPI change",
        True,
        "about",
        3.0,
        "%",
        "",
        "ceiling",
        1.3,
        "2021",
        3.0 / 1.3,
        -1.7,
        0.9,
        0.4,
        "met",
        False,
        "",
    ),
]
COLUMNS = [
    "task",
    "metric",
    "indicator_zh",
    "indicator_en",
    "is_headline",
    "comparator",
    "target_value",
    "target_unit",
    "target_reference",
    "good_direction",
    "actual_value",
    "actual_period",
    "attainment_ratio",
    "gap_to_target",
    "provincial_avg",
    "gap_to_provincial_pp",
    "status",
    "provisional",
    "flags",
]


def _attainment() -> pd.DataFrame:
    """A small attainment table per docs/tables.md."""
    table = pd.DataFrame(ROWS, columns=COLUMNS)
    table.insert(0, "report_id", "testcity-2021-annual")
    table["actual_unit"] = ["%", "亿元", "%", "%", "万人", "%", "%"]
    table["target_high"] = NAN
    table["target_text"] = [f"{n}.目标句{n}。" for n in table["task"]]
    table["target_line"] = table["task"] * 4 + 3
    table["source_text"] = [f"进展情况:原文第{n}句。" for n in table["task"]]
    table["source_line"] = table["task"] * 4 + 5
    table["provincial_avg_source"] = ["reference", "", "derived", "stated", "", "", "reference"]
    table["national_avg"] = [8.1, NAN, 4.9, 9.1, NAN, NAN, 0.9]
    table["national_avg_source"] = ["reference", "", "reference", "reference", "", "", "reference"]
    table["gap_to_national_pp"] = [3.5, NAN, 4.7, 0.9, NAN, NAN, 0.4]
    table["status_basis"] = [
        "完成值高于目标区间",
        "",
        "在目标±0.5个百分点内",
        "低于经济增速",
        "完成值高于目标",
        "定性目标",
        "低于上限",
    ]
    table["stated_completion_pct"] = [NAN, NAN, NAN, NAN, 110.14, NAN, NAN]
    table["stated_outcome"] = ["", "", "", "", "", "完成省下达的任务", ""]
    table["lead_units"] = "市发展和改革委员会"
    table["check_flags"] = ""
    # the kind of each target decides its measure: a ratio for quantities only
    kinds = {"about": "rate", "at_least": "rate", "exact": "rate", "in_step_with": "relative",
             "qualitative": "qualitative", "": "context"}
    table["target_kind"] = [
        "ceiling" if d == "ceiling" else "quantity" if u not in ("%", "pp", "") else kinds.get(c, "rate")
        for c, d, u in zip(table.comparator, table.good_direction, table.target_unit, strict=True)
    ]
    table["attainment_ratio"] = table.attainment_ratio.where(table.target_kind == "quantity")
    table["headroom"] = (table.target_value - table.actual_value).where(table.target_kind == "ceiling")
    return table


def _bundle() -> ReportBundle:
    findings = pd.DataFrame(
        [
            (
                "testcity-2021-annual",
                10,
                "urban_new_jobs",
                None,
                "stated_completion",
                110.14,
                110.145,
                0.005,
                True,
                "rounding agrees",
                "四舍五入一致",
                41,
            ),
            (
                "testcity-2021-annual",
                3,
                "fixed_asset_investment_growth",
                None,
                "provincial_gap",
                6.3,
                0.2,
                -6.1,
                False,
                "stated gap disagrees with the reference",
                "报告所述差距与参考数据不符",
                17,
            ),
            (
                "testcity-2021-annual",
                6,
                "trade_growth",
                None,
                "national_claim",
                NAN,
                NAN,
                NAN,
                None,
                "no national figure on the same basis",
                "无同口径的全国数据",
                25,
            ),
        ],
        columns=list(FINDINGS_COLUMNS),
    )
    benchmarks = pd.read_csv(DATA_REFERENCE / "benchmarks-2021.csv", encoding="utf-8")
    benchmarks["year"] = 2021
    meta = {
        "title": "测试市2021年政府重点工作任务完成情况的通报",
        "city": "测试市",
        "year": 2021,
        "publisher": "测试市人民政府",
        "published": "2022-01-28",
        "source_file": "data/raw/testcity-2021-annual.txt",
        "sha256": "0" * 64,
        "methodology": ["完成率为完成值除以目标值。", "全省平均来自官方统计公报。"],
    }
    return ReportBundle("testcity-2021-annual", _attainment(), findings, benchmarks, meta)


def _no_charts(table: pd.DataFrame, lang: str) -> dict:
    return {}


def _render(bundle: ReportBundle, lang: str = "zh") -> bytes:
    return pdf.render_pdf(bundle, lang, chart_maker=_no_charts)


def _squeeze(text: str) -> str:
    """Text without whitespace (the extractor adds spaces where Typst spaces CJK from Latin)."""
    return "".join(text.split())


def _text(data: bytes, pages: slice = slice(None)) -> str:
    """The text of ``pages``, whitespace removed."""
    reader = PdfReader(io.BytesIO(data))
    return _squeeze("".join(page.extract_text() for page in reader.pages[pages]))


def _small_figure(table: pd.DataFrame, lang: str) -> Figure:
    """A quick stand-in for a chart of indicators.plots, with Chinese text."""
    use_cjk_font()
    figure = Figure(figsize=(4, 2))
    axes = figure.add_subplot()
    axes.barh([0, 1], [1.2, 0.9])
    axes.set_title("图表标题 chart title")
    return figure


@pytest.fixture(scope="module")
def chart_svgs() -> dict[str, str]:
    """The chart SVGs, drawn from stand-ins for the (slow) real charts of indicators.plots."""
    with pytest.MonkeyPatch.context() as patch:
        for _, name in pdf.CHARTS:
            patch.setattr(plots, name, _small_figure)
        return pdf._chart_svgs(_attainment(), "zh")


@pytest.fixture(scope="module")
def zh_pdf(tmp_path_factory, chart_svgs: dict[str, str]) -> Path:
    """The Chinese report, written by write_pdf, with the stand-in charts."""
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "_chart_svgs", lambda table, lang: chart_svgs)
        assert pdf.write_pdf(_bundle(), path) == path
    return path


def test_text_holds_names_and_figures(zh_pdf: Path) -> None:
    data = zh_pdf.read_bytes()
    text = _text(data, slice(0, 2)) + _text(data, slice(3, None))  # page 3 is the charts
    for piece in (
        "地区生产总值增速",
        "城镇新增就业",
        "居民消费价格涨幅",
        "测试市",
        "+3.1个百分点",  # a growth target: the gap in pp, no ratio
        "余量1.7个百分点",  # the CPI ceiling: headroom
        "8.5%左右",
        "3%左右(上限)",
        "与经济增长同步",
        "定性",
        "完成率110.1%",
        "9.6%(2021年前三季度，预计)",
        "区间内",
        "超额完成",
        "未完成",
        "报告所述差距与参考数据不符",
        "无法核对",
        "完成率为完成值除以目标值。",
        "ahscb.com",
        "第2页/共",
    ):
        assert piece in text, piece


def test_cjk_font_is_embedded(zh_pdf: Path) -> None:
    reader = PdfReader(zh_pdf)
    embedded = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            for part in [font, *(d.get_object() for d in descendants or [])]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    embedded.add(str(part["/BaseFont"]))
    assert any("Noto" in name for name in embedded), embedded


def test_charts_are_svg_with_glyphs_as_paths(chart_svgs: dict[str, str], zh_pdf: Path) -> None:
    # the two wide charts, then the bullet charts three to a page (six headline rows: two pages)
    assert list(chart_svgs) == ["chart_ratios", "chart_provincial", "chart_bullets_1", "chart_bullets_2"]
    for svg in chart_svgs.values():
        assert svg.lstrip().startswith("<?xml") and "<text" not in svg
        assert 0.3 < pdf._aspect(svg) < 0.9, pdf._aspect(svg)
    pages = PdfReader(zh_pdf).pages
    assert _squeeze(pages[2].extract_text()).startswith("图表")
    for page in pages[2:6]:  # one chart a page
        assert len(page.get_contents().get_data()) > 5_000


def test_no_chart_label_is_under_7_pt_on_the_page() -> None:
    """Each chart is set at the size its page allows; its smallest text, so scaled, is 7 pt or more."""
    from matplotlib.text import Text

    for key, figure in pdf.chart_figures(_attainment(), "zh"):
        width, height = (v * 72 for v in figure.get_size_inches())
        room_width, room_height = pdf.CHART_ROOM[pdf.is_flipped(key)]
        scale = min(room_width / width, room_height / height)
        sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
        assert min(sizes) * scale >= 7, (key, min(sizes), round(scale, 2))


def test_page_count_and_summary_on_one_page(zh_pdf: Path) -> None:
    reader = PdfReader(zh_pdf)
    # title, summary, charts, sections, findings, method, reference figures
    assert 8 <= len(reader.pages) <= 20
    summary = _squeeze(reader.pages[1].extract_text())
    assert "主要目标完成情况一览" in summary and "居民消费价格涨幅" in summary
    assert reader.pages[1].mediabox.width > reader.pages[1].mediabox.height  # landscape


def test_english_labels() -> None:
    text = _text(_render(_bundle(), "en"), slice(1, 2))
    for piece in (
        "Maintargetsataglance",
        "GDPgrowth",
        "about8.5%",
        "inStepwithGDPgrowth".lower(),
        "qualitative",
        "exceeded",
        "withinband",
        "Page2of",
        "9.6%(2021Q1–Q3,est.)",  # one wording of an actual: the estimate mark too
    ):
        assert piece in text or piece in text.lower(), piece
    assert "地区生产总值增速" not in text


def test_special_characters_appear_literally() -> None:
    bundle = _bundle()
    table = bundle.attainment.head(1).copy()  # a short document reads back quickly
    table.loc[0, "status_basis"] = SPECIAL
    table.loc[0, "indicator_zh"] = "增速#1 <b>"
    bundle.attainment = table
    bundle.benchmarks = bundle.benchmarks.head(2)
    bundle.findings.loc[0, "note_zh"] = SPECIAL
    bundle.meta = copy.deepcopy(bundle.meta) | {"methodology": ["$1 + 1$ = 2 @here"]}
    text = _text(_render(bundle))
    for piece in (SPECIAL, "增速#1 <b>", "$1 + 1$ = 2 @here"):
        assert _squeeze(piece) in text, piece


def test_changing_a_number_changes_the_text() -> None:
    bundle = _bundle()
    table = bundle.attainment.copy()
    jobs = table.metric == "urban_new_jobs"
    table.loc[jobs, "attainment_ratio"] = 0.777
    table.loc[0, "actual_value"] = 6.6
    table.loc[0, "gap_to_target"] = -1.9
    bundle.attainment = table
    text = _text(_render(bundle), slice(1, 2))
    assert "77.7%" in text and "6.6%(2021年)" in text and "-1.9个百分点" in text
    assert "110.1%" not in text and "+3.1个百分点" not in text


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="language"):
        pdf.write_pdf(_bundle(), tmp_path / "x.pdf", lang="fr")
    assert not (tmp_path / "x.pdf").exists()


def test_font_folder_holds_only_the_font(tmp_path: Path) -> None:
    font = tmp_path / "src" / "Some.otf"
    font.parent.mkdir()
    font.write_bytes(b"x")
    (font.parent / "SimHei.ttf").write_bytes(b"y")
    folder = pdf._font_folder(font, cache=tmp_path / "cache")
    assert [p.name for p in folder.iterdir()] == ["Some.otf"]
    assert pdf._font_folder(font, cache=tmp_path / "cache") == folder


def test_missing_font_is_an_error() -> None:
    data = pdf.document_data(_bundle(), "zh") | {"charts": [], "font": "No Such Font"}
    folder, _ = pdf._cjk_font()
    with pytest.raises(pdf.PdfError, match="font"):
        pdf._typeset(data, {}, folder)
