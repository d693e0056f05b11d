"""Charts of the attainment table, on small synthetic tables (and the real one when it exists)."""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from indicators import plots
from indicators.fonts import FontError
from indicators.labels import STATUS_COLOURS, STATUSES

NAN = math.nan
REAL_TABLE = Path(__file__).resolve().parents[1] / "data/processed/wuhu-2021-annual/attainment.csv"
COLUMNS = (
    "report_id", "task", "metric", "indicator_zh", "indicator_en", "is_headline", "comparator",
    "target_value", "target_high", "target_unit", "target_reference", "actual_value",
    "actual_unit", "actual_period", "tolerance", "good_direction", "benchmark_value",
    "attainment_ratio", "gap_to_target", "provincial_avg", "provincial_avg_source",
    "gap_to_provincial_pp", "national_avg", "gap_to_national_pp", "status", "status_basis",
    "provisional", "flags", "stated_outcome",
)  # fmt: skip


def _row(task, metric, zh, en, comparator, target, unit, actual, status, ratio=NAN, **extra):
    row: dict[str, Any] = dict.fromkeys(COLUMNS, NAN)
    row.update(
        report_id="test-2021-annual", task=task, metric=metric, indicator_zh=zh, indicator_en=en,
        is_headline=True, comparator=comparator, target_value=target, target_unit=unit,
        actual_value=actual, actual_unit=unit, actual_period="2021", good_direction="higher",
        status=status, attainment_ratio=ratio, provisional=False, flags="", target_reference="",
        provincial_avg_source="", stated_outcome="", status_basis="",
    )  # fmt: skip
    row.update(extra)
    return row


def attainment_table() -> pd.DataFrame:
    """Fourteen headline rows (every status and kind of target: rates, ceilings, relative, qualitative,
    quantities whole-year and part-year) + a context row, measured as the analysis measures them."""
    rows = [
        _row(1, "gdp_growth", "地区生产总值增速", "GDP growth", "about", 8.5, "%", 11.6,
             "exceeded", tolerance=0.5, gap_to_target=3.1, provincial_avg=8.3, provincial_avg_source="stated",
             gap_to_provincial_pp=3.3, national_avg=8.1, gap_to_national_pp=3.5),
        _row(2, "budget_revenue_growth", "一般公共预算收入增速", "General budget revenue growth",
             "about", 5.0, "%", 4.8, "within_band", tolerance=0.5, gap_to_target=-0.2, provincial_avg=8.8,
             provincial_avg_source="derived", gap_to_provincial_pp=-4.0),
        _row(3, "fixed_asset_investment_growth", "固定资产投资增速",
             "Fixed-asset investment growth", "at_least", 10.0, "%", 8.0, "missed", gap_to_target=-2.0,
             provincial_avg=9.4, provincial_avg_source="reference", gap_to_provincial_pp=-1.4,
             national_avg=4.9, gap_to_national_pp=3.1),
        _row(4, "retail_sales_growth", "社会消费品零售总额增速", "Retail sales growth", "exact",
             9.0, "%", 9.0, "met", gap_to_target=0.0),
        _row(5, "trade_growth", "进出口总额增速", "Foreign trade growth", "above_benchmark", NAN,
             "%", 36.5, "exceeded", target_reference="national", benchmark_value=21.4, gap_to_target=15.1,
             national_avg=21.4, gap_to_national_pp=15.1),
        _row(6, "disposable_income_growth", "居民人均可支配收入增速",
             "Disposable income per capita growth", "in_step_with", NAN, "%", 10.0, "not_comparable",
             target_reference="gdp_growth", benchmark_value=11.6, provincial_avg=9.1,
             provincial_avg_source="reference", gap_to_provincial_pp=0.9),
        _row(7, "urbanization_rate_change", "常住人口城镇化率提高", "Urbanisation rate change",
             "about", 0.5, "pp", 0.69, "exceeded", tolerance=0.1, gap_to_target=0.19, provisional=True,
             flags="estimated"),
        _row(8, "energy_intensity_reduction", "单位生产总值能耗降低", "Energy intensity reduction",
             "qualitative", NAN, "", NAN, "met", actual_unit="", stated_outcome="完成省下达的任务",
             flags="partial_period"),
        _row(9, "cpi_change", "居民消费价格涨幅", "CPI change", "about", 3.0, "%", 1.3, "met",
             tolerance=0.5, gap_to_target=-1.7, good_direction="ceiling", provincial_avg=0.8,
             provincial_avg_source="reference", gap_to_provincial_pp=0.5, national_avg=0.9,
             gap_to_national_pp=0.4),
        _row(10, "urban_unemployment_rate", "城镇登记失业率", "Registered urban unemployment rate",
             "at_most", 4.5, "%", 3.2, "exceeded", gap_to_target=-1.3, good_direction="lower"),
        _row(11, "grain_output", "粮食产量", "Grain output", "at_least", 27.1, "亿斤", 27.752,
             "exceeded", 1.024),
        _row(12, "target_monitoring", "主要预期目标监测预警", "Monitoring of the main targets",
             "qualitative", NAN, "", NAN, "not_assessable", actual_unit=""),
        _row(13, "urban_new_jobs", "城镇新增就业", "New urban jobs", "exact", 6.9, "万人", 1.6, "on_track",
             1.6 / 1.725, actual_period="2021Q1", provisional=True, flags="partial_period;time_proportional",
             benchmark_value=1.725),
        _row(14, "budget_revenue_level", "一般公共预算收入", "General budget revenue", "exact", 400.0, "亿元",
             240.0, "behind_schedule", 0.8, actual_period="2021H1", provisional=True,
             flags="partial_period;time_proportional", benchmark_value=200.0),
        _row(6, "urban_disposable_income_growth", "城镇居民人均可支配收入增速",
             "Urban disposable income per capita growth", "", NAN, "%", 9.2, "not_assessable",
             is_headline=False, provincial_avg=9.4, provincial_avg_source="stated",
             gap_to_provincial_pp=-0.2),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS))


HEADLINE_TASKS = 14
QUANTITIES = 3  # tasks 11, 13, 14: bars of % of target in the first panel
WITH_RATIO = QUANTITIES
WITH_GAP = 8  # tasks 1, 2, 3, 4, 5, 7, 9, 10: bars of the gap in pp in the second panel
WITH_PROVINCIAL_GAP = 6  # tasks 1, 2, 3, 6 (headline and context row), 9


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return attainment_table()


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def all_text(fig: Figure) -> str:
    return "\n".join(texts(fig))


def bars(ax) -> list[Rectangle]:
    """Data bars of an axes (not the hatching drawn over provisional bars, not the background)."""
    return [
        p for p in ax.patches
        if isinstance(p, Rectangle) and p.get_gid() not in (plots.HATCH_GID, plots.BAND_GID)
    ]  # fmt: skip


def draw_strictly(fig: Figure) -> None:
    """Render with every warning (e.g. "Glyph ... missing from font") turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        FigureCanvasAgg(fig).draw()


def colour_of(patch: Rectangle) -> str:
    return to_hex(patch.get_facecolor())


# --- plot_attainment_ratios -------------------------------------------------------------------


def test_headline_chart_measures_each_kind_in_its_own_panel(table: pd.DataFrame) -> None:
    fig = plots.plot_attainment_ratios(table, lang="en")
    assert isinstance(fig, Figure)
    quantities, rates = fig.axes[0], fig.axes[1]
    q_labels = [t.get_text() for t in quantities.get_yticklabels()]
    r_labels = [t.get_text() for t in rates.get_yticklabels()]
    assert len(q_labels) + len(r_labels) == HEADLINE_TASKS
    assert q_labels == ["11. Grain output", "13. New urban jobs", "14. General budget revenue"]
    assert r_labels[0] == "1. GDP growth" and r_labels[-1].startswith("12. Monitoring")
    assert len(bars(quantities)) == QUANTITIES and len(bars(rates)) == WITH_GAP
    # rates are drawn as their gap in pp, never as a ratio
    widths = {round(p.get_width(), 6) for p in bars(rates)}
    assert {3.1, -0.2, -2.0, 0.0, 15.1, 0.19, -1.7, -1.3} == widths
    text = all_text(fig)
    assert "102.4%" in text and "+3.1" in text and "136.5%" not in text
    assert "met · qualitative target" in text and "not assessable · qualitative target" in text
    assert "not comparable · unlike bases, not compared" in text
    assert "gap to the target (pp)" in text and "attainment (%)" in text
    bands = [p for p in rates.patches if p.get_gid() == plots.BAND_GID]
    assert len(bands) == 4  # tasks 1, 2, 7, 9: about targets
    draw_strictly(fig)


def test_a_ratio_given_to_a_rate_is_not_drawn(table: pd.DataFrame) -> None:
    wrong = table.assign(attainment_ratio=table.attainment_ratio.fillna(2.722))  # e.g. retail 24.5 / 9
    fig = plots.plot_attainment_ratios(wrong, "en")
    assert "272.2%" not in all_text(fig)
    assert len(bars(fig.axes[0])) == QUANTITIES


def test_ratio_bar_colours_follow_status(table: pd.DataFrame) -> None:
    fig = plots.plot_attainment_ratios(table, "en")
    quantity_rows = table[table.is_headline & table.task.isin([11, 13, 14])].sort_values("task")
    assert [colour_of(p) for p in bars(fig.axes[0])] == [STATUS_COLOURS[s] for s in quantity_rows.status]
    gap_rows = table[table.is_headline & table.gap_to_target.notna()].sort_values("task")
    assert [colour_of(p) for p in bars(fig.axes[1])] == [STATUS_COLOURS[s] for s in gap_rows.status]
    changed = table.copy()
    changed.loc[changed.task == 3, "status"] = "exceeded"
    ax = plots.plot_attainment_ratios(changed, "en").axes[1]
    assert colour_of(bars(ax)[2]) == STATUS_COLOURS["exceeded"]


def test_ratio_chart_hatches_provisional_rows_and_says_so(table: pd.DataFrame) -> None:
    fig = plots.plot_attainment_ratios(table, "en")
    hatched = [p for ax in fig.axes for p in ax.patches if p.get_gid() == plots.HATCH_GID]
    assert len(hatched) == 3  # tasks 7 (an estimate), 13 and 14 (part of the year)
    assert any(t.startswith("provisional") for t in texts(fig.legends[0]))
    none_provisional = table.assign(provisional=False)
    fig = plots.plot_attainment_ratios(none_provisional, "en")
    assert not [p for ax in fig.axes for p in ax.patches if p.get_gid() == plots.HATCH_GID]
    assert not any(t.startswith("provisional") for t in texts(fig.legends[0]))


def test_languages(table: pd.DataFrame) -> None:
    zh = all_text(plots.plot_attainment_ratios(table, "zh"))
    en = all_text(plots.plot_attainment_ratios(table, "en"))
    assert "主要预期目标完成情况" in zh and "1. 地区生产总值增速" in zh and "超额完成" in zh
    assert "符合序时进度" in zh and "口径不可比" in zh
    assert "GDP growth" not in zh
    assert "each by the measure of its kind" in en and "exceeded" in en and "behind schedule" in en
    assert "地区生产总值" not in en
    with pytest.raises(ValueError, match="language"):
        plots.plot_attainment_ratios(table, "fr")


def test_height_grows_with_rows(table: pd.DataFrame) -> None:
    small = plots.plot_attainment_ratios(table[table.task <= 4], "zh")
    sixteen = pd.concat([table.assign(task=table.task + 100 * k) for k in range(2)])
    big = plots.plot_attainment_ratios(sixteen[sixteen.is_headline].head(16), "zh")
    assert sum(len(ax.get_yticklabels()) for ax in big.axes) == 16
    assert big.get_figheight() > small.get_figheight() + 3


def test_empty_table_gives_a_figure_that_says_so(table: pd.DataFrame) -> None:
    fig = plots.plot_attainment_ratios(table.iloc[0:0], "en")
    assert "no indicators to draw" in all_text(fig)
    fig = plots.plot_provincial_gaps(table.assign(gap_to_provincial_pp=NAN), "en")
    assert "no indicators to draw" in all_text(fig)


# --- plot_provincial_gaps ---------------------------------------------------------------------


def test_provincial_gaps(table: pd.DataFrame) -> None:
    fig = plots.plot_provincial_gaps(table, "en")
    ax = fig.axes[0]
    assert len(bars(ax)) == WITH_PROVINCIAL_GAP
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "6. Urban disposable income per capita growth" in " ".join(labels).replace("\n", " ")
    assert not any(label.startswith(("4.", "10.", "11.")) for label in labels)  # no provincial data
    widths = sorted(round(p.get_width(), 2) for p in bars(ax))
    assert widths == sorted([3.3, -4.0, -1.4, 0.9, -0.2, 0.5])
    text = all_text(fig)
    for words in ("stated in the report", "derived from a stated gap", "reference file"):
        assert words in text
    assert "+3.3" in text and "-4.0" in text
    assert "positive = above the province" in text
    assert "nation 8.1%" in text
    draw_strictly(fig)


def test_provincial_gap_colours_follow_direction(table: pd.DataFrame) -> None:
    ax = plots.plot_provincial_gaps(table, "zh").axes[0]
    by_width = {round(p.get_width(), 2): colour_of(p) for p in bars(ax)}
    assert by_width[3.3] == plots.BETTER_COLOUR
    assert by_width[-4.0] == plots.WORSE_COLOUR
    assert by_width[0.5] == plots.NEUTRAL_COLOUR  # CPI: a ceiling, neither better nor worse
    lower = table.copy()
    lower.loc[lower.task == 1, "good_direction"] = "lower"
    ax = plots.plot_provincial_gaps(lower, "zh").axes[0]
    assert {round(p.get_width(), 2): colour_of(p) for p in bars(ax)}[3.3] == plots.WORSE_COLOUR


def test_provincial_gaps_zh(table: pd.DataFrame) -> None:
    text = all_text(plots.plot_provincial_gaps(table, "zh"))
    assert "与全省平均水平的差距" in text and "通报所述" in text and "由通报差距推算" in text
    assert "stated" not in text


# --- bullets ----------------------------------------------------------------------------------


def test_ceiling_bullet(table: pd.DataFrame) -> None:
    fig = plots.plot_indicator_bullet(table, "cpi_change", "en")
    ax = fig.axes[0]
    text = all_text(fig)
    assert "9. CPI change" in text and "target about 3% (ceiling)" in text and "actual 1.3%" in text
    assert "province 0.8%" in text and "nation 0.9%" in text
    assert "met · 2021" in text
    band = [p for p in ax.patches if colour_of(p) == plots.BAND_COLOUR]
    assert len(band) == 1 and band[0].get_x() == pytest.approx(2.5)
    assert band[0].get_width() == pytest.approx(1.0)
    assert "目标 3%左右(上限)" in all_text(plots.plot_indicator_bullet(table, "cpi_change", "zh"))
    draw_strictly(fig)


def test_relative_bullets_use_the_benchmark(table: pd.DataFrame) -> None:
    fig = plots.plot_indicator_bullet(table, "disposable_income_growth", "en")
    text = all_text(fig)
    assert "benchmark: GDP growth 11.6% (unlike bases, not compared)" in text and "not comparable" in text
    assert not [line for line in fig.axes[0].lines if 11.6 in list(line.get_xdata())]  # no mark to compare with
    comparable = table.assign(status=table.status.replace({"not_comparable": "missed"}))
    text = all_text(plots.plot_indicator_bullet(comparable, "disposable_income_growth", "en"))
    assert "benchmark: GDP growth 11.6%" in text and "not compared" not in text
    text = all_text(plots.plot_indicator_bullet(table, "trade_growth", "zh"))
    assert "基准：全国平均 21.4%" in text
    no_benchmark = table.assign(benchmark_value=NAN)
    text = all_text(plots.plot_indicator_bullet(no_benchmark, "trade_growth", "en"))
    assert "target: above the national average (no benchmark figure)" in text


def test_qualitative_bullet_has_no_bar(table: pd.DataFrame) -> None:
    fig = plots.plot_indicator_bullet(table, "energy_intensity_reduction", "zh")
    assert bars(fig.axes[0]) == []
    text = all_text(fig)
    assert "完成省下达的任务" in text and "完成" in text and "非全年" in text


def test_bullet_provisional_flags_in_subtitle(table: pd.DataFrame) -> None:
    text = all_text(plots.plot_indicator_bullet(table, "urbanization_rate_change", "en"))
    assert "exceeded · 2021 · provisional · estimate" in text
    assert "target about 0.5 pp" in text  # the one wording of targets (present.target_text)


def test_bullet_units_in_english_come_from_the_glossary(table: pd.DataFrame) -> None:
    # the unit glossary of present.py: the figures stay the report's, the unit is written in English
    text = all_text(plots.plot_indicator_bullet(table, "grain_output", "en"))
    assert "actual 27.752 100m jin" in text and "target ≥ 27.1 100m jin" in text
    text = all_text(plots.plot_indicator_bullet(table, "grain_output", "zh"))
    assert "完成 27.752亿斤" in text and "目标 ≥ 27.1亿斤" in text


def test_bullet_draws_into_a_given_axes(table: pd.DataFrame) -> None:
    fig = Figure()
    ax = fig.add_subplot(2, 1, 2)
    assert plots.plot_indicator_bullet(table, "gdp_growth", "en", ax=ax) is fig
    assert len(bars(ax)) == 2  # tolerance band + actual
    with pytest.raises(KeyError, match="no_such_metric"):
        plots.plot_indicator_bullet(table, "no_such_metric")


def test_bullet_grid(table: pd.DataFrame) -> None:
    fig = plots.plot_bullets(table, "zh", columns=3)
    used = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert len(used) == HEADLINE_TASKS
    assert len(fig.axes) == 15  # 5 lines of 3
    assert [ax.get_title(loc="left") for ax in used][:2] == ["1. 地区生产总值增速", "2. 一般公共预算收入增速"]
    draw_strictly(fig)
    with pytest.raises(ValueError, match="columns"):
        plots.plot_bullets(table, columns=0)


# --- shared behaviour -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "draw",
    [
        plots.plot_attainment_ratios,
        plots.plot_provincial_gaps,
        plots.plot_bullets,
        lambda t, lang: plots.plot_indicator_bullet(t, "cpi_change", lang),
    ],
    ids=["ratios", "gaps", "bullets", "bullet"],
)
def test_inputs_are_not_changed_and_output_renders(draw, table: pd.DataFrame) -> None:
    small = table[table.task.isin([1, 6, 8, 9])]  # a few rows keep the rendering quick
    before = small.copy()
    fig = draw(small, "en")
    pd.testing.assert_frame_equal(small, before)
    png = plots.figure_bytes(fig, "png", dpi=60)
    assert png.startswith(b"\x89PNG")
    svg = plots.figure_bytes(fig, "svg")
    assert b"<svg" in svg[:1000]


def test_csv_round_trip_with_nans(table: pd.DataFrame, tmp_path: Path) -> None:
    """A table read back from CSV (NaN for empty text, strings for flags) draws the same."""
    path = tmp_path / "attainment.csv"
    table.to_csv(path, index=False, encoding="utf-8")
    read = pd.read_csv(path, encoding="utf-8")
    fig = plots.plot_attainment_ratios(read, "en")
    assert len(bars(fig.axes[0])) == WITH_RATIO and len(bars(fig.axes[1])) == WITH_GAP
    draw_strictly(fig)
    for metric in ("cpi_change", "energy_intensity_reduction", "trade_growth"):
        draw_strictly(plots.plot_indicator_bullet(read, metric, "en"))


def test_unrenderable_text_raises_font_error(table: pd.DataFrame) -> None:
    broken = table.copy()
    broken.loc[0, "indicator_zh"] = "地区\ue000生产总值"
    with pytest.raises(FontError, match="U\\+E000"):
        plots.plot_attainment_ratios(broken, "zh")
    plots.plot_attainment_ratios(broken, "en")  # the English chart does not show that name


def test_save_figure(table: pd.DataFrame, tmp_path: Path) -> None:
    fig = plots.plot_indicator_bullet(table, "gdp_growth", "zh")
    png = plots.save_figure(fig, tmp_path / "out" / "gdp.png", dpi=50)
    svg = plots.save_figure(fig, tmp_path / "out" / "gdp.svg")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["gdp.png", "gdp.svg"]
    with pytest.raises(ValueError, match="format"):
        plots.save_figure(fig, tmp_path / "gdp.gif")


def test_every_status_is_covered_by_the_synthetic_table(table: pd.DataFrame) -> None:
    assert set(table.status) == set(STATUSES)


@pytest.mark.skipif(not REAL_TABLE.exists(), reason="run `indicators analyse` first")
def test_real_table_renders_without_missing_glyphs() -> None:
    """The Chinese charts of the real report: the ones with the most to go wrong in the font."""
    from indicators.fileio import read_table

    real = read_table(REAL_TABLE)
    headline_tasks = real.loc[real.is_headline, "task"].nunique()
    fig = plots.plot_attainment_ratios(real, "zh")
    assert sum(len(ax.get_yticklabels()) for ax in fig.axes) == headline_tasks
    rates = real[real.is_headline & real.target_kind.isin(["rate", "ceiling", "relative"])]
    assert rates.attainment_ratio.isna().all()  # the chart has no ratio of rates to draw
    draw_strictly(fig)
    draw_strictly(plots.plot_provincial_gaps(real, "zh"))
    draw_strictly(plots.plot_bullets(real, "zh"))
