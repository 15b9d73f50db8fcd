//! The charts of BENCHMARKS.md: SVG drawn by plotters, the cost of one item per variant, CPython included.
//!
//! plotters writes SVG `<text>` elements with a generic `sans-serif` family and loads no font itself (the
//! crate's `ttf` feature is off): whoever shows the picture lays the text out. Its own estimate of a label's
//! width is rough, so label areas are sized from the longest label. A log axis is used when the costs on a
//! chart span more than [`LOG_SPREAD`] times, and the axis says so.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, Ranged, SegmentValue, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::groups::{Chart, Kind};
use super::render::duration;
use super::{ReportError, Table};

/// Costs spanning more than this factor get a log axis.
const LOG_SPREAD: f64 = 30.0;

const WIDTH: u32 = 960;
const FONT: &str = "sans-serif";

/// Who a bar or line speaks for.
#[derive(Clone, Copy, PartialEq)]
enum Voice {
    Rust(Kind),
    Cpython,
}

impl Voice {
    const ALL: [Voice; 7] = [
        Voice::Rust(Kind::Plain),
        Voice::Rust(Kind::Native),
        Voice::Rust(Kind::Stackless),
        Voice::Rust(Kind::Stackful),
        Voice::Rust(Kind::Threads),
        Voice::Rust(Kind::Peer),
        Voice::Cpython,
    ];

    fn colour(self) -> RGBColor {
        match self {
            Voice::Rust(Kind::Plain) => RGBColor(110, 110, 110),
            Voice::Rust(Kind::Native) => RGBColor(31, 119, 180),
            Voice::Rust(Kind::Stackless) => RGBColor(255, 127, 14),
            Voice::Rust(Kind::Stackful) => RGBColor(44, 160, 44),
            Voice::Rust(Kind::Threads) => RGBColor(148, 103, 189),
            Voice::Rust(Kind::Peer) => RGBColor(140, 86, 75),
            Voice::Cpython => RGBColor(214, 39, 40),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Voice::Rust(Kind::Plain) => "hand-written Rust",
            Voice::Rust(Kind::Native) => "native",
            Voice::Rust(Kind::Stackless) => "stackless (genawaiter)",
            Voice::Rust(Kind::Stackful) => "stackful (corosensei)",
            Voice::Rust(Kind::Threads) => "threads",
            Voice::Rust(Kind::Peer) => "another crate (next-gen, generator)",
            Voice::Cpython => "CPython 3.11",
        }
    }
}

/// One line of a line chart: (x, ns) points.
struct Series {
    label: String,
    voice: Voice,
    points: Vec<(f64, f64)>,
}

/// What a line chart shows, apart from its axes' ranges.
struct Lines<'a> {
    title: String,
    x_label: &'a str,
    y_desc: String,
    series: Vec<Series>,
    /// The params, where the x axis has its labels.
    xs: Vec<f64>,
}

struct Bar {
    label: String,
    ns: f64,
    voice: Voice,
}

/// The chart of a table as SVG text, if the group has a chart and something was measured.
pub(super) fn draw(table: &Table<'_>) -> Result<Option<String>, ReportError> {
    let fail = |error: String| ReportError::Chart { name: table.group.id.into(), reason: error };
    match table.group.chart {
        Chart::None => Ok(None),
        Chart::Bars => bars(table).map_err(fail),
        Chart::Lines { x_label } => lines(table, x_label).map_err(fail),
    }
}

/// One panel per param, one bar per measured row, then CPython's bar.
fn panels(table: &Table<'_>) -> Vec<(String, Vec<Bar>)> {
    table
        .sections
        .iter()
        .map(|section| {
            let mut bars: Vec<Bar> = section
                .rows
                .iter()
                .filter_map(|row| {
                    Some(Bar {
                        label: plain(row.variant.label),
                        ns: row.median()?,
                        voice: Voice::Rust(row.variant.kind),
                    })
                })
                .collect();
            // One CPython bar per distinct workload (the limit may map to another one, as futures' callback does).
            let mut workloads: Vec<&str> = Vec::new();
            for row in &section.rows {
                if let Some((id, Some(workload))) = row.python
                    && !workloads.contains(&id)
                    && !bars.is_empty()
                {
                    workloads.push(id);
                    bars.push(Bar { label: format!("CPython {id}"), ns: workload.median_ns, voice: Voice::Cpython });
                }
            }
            (section.param.label.to_string(), bars)
        })
        .filter(|(_, bars)| bars.len() >= 2) // one bar compares nothing (and plotters cannot scale one segment)
        .collect()
}

/// Markdown's backquotes mean nothing in a picture.
fn plain(label: &str) -> String {
    label.replace('`', "")
}

/// The span of the axis holding `values`, and whether it is logarithmic.
fn span(values: impl Iterator<Item = f64>) -> Option<(f64, f64, bool)> {
    let (low, high) = values.fold((f64::INFINITY, 0.0f64), |(low, high), v| (low.min(v), high.max(v)));
    if !(low.is_finite() && high > 0.0) {
        return None;
    }
    if high / low > LOG_SPREAD {
        // Whole decades, with room on the right for the value printed after the longest bar.
        Some((10f64.powf(low.log10().floor()), 10f64.powf((high * 8.0).log10().ceil()), true))
    } else {
        Some((0.0, high * 1.3, false))
    }
}

fn bars(table: &Table<'_>) -> Result<Option<String>, String> {
    let panels = panels(table);
    let Some((low, high, log)) = span(panels.iter().flat_map(|(_, bars)| bars.iter().map(|bar| bar.ns))) else {
        return Ok(None);
    };
    let longest = panels.iter().flat_map(|(_, bars)| bars.iter().map(|bar| bar.label.len())).max().unwrap_or(10);
    let label_width = (longest as u32 * 7 + 20).max(120);
    let heights: Vec<u32> = panels.iter().map(|(_, bars)| 60 + 26 * bars.len() as u32 + 50).collect();
    let height = 50 + heights.iter().sum::<u32>() + 40;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let title = format!("{}: time per {} (lower is faster)", table.group.id, table.group.item);
        let root = root.titled(&title, (FONT, 20)).map_err(|e| e.to_string())?;
        let (body, legend_area) = root.split_vertically(root.dim_in_pixel().1 - 40);
        let mut rest = body;
        for ((title, bars), height) in panels.iter().zip(&heights) {
            let (area, below) = rest.split_vertically(*height);
            rest = below;
            let x_desc = format!("time per {}{}", table.group.item, if log { " (log scale)" } else { "" });
            if log {
                panel(&area, (low..high).log_scale(), title, bars, &x_desc, label_width)?;
            } else {
                panel(&area, low..high, title, bars, &x_desc, label_width)?;
            }
        }
        let voices: Vec<Voice> = Voice::ALL
            .into_iter()
            .filter(|voice| panels.iter().flat_map(|(_, b)| b).any(|b| b.voice == *voice))
            .collect();
        legend(&legend_area, &voices)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(Some(svg))
}

/// One panel: horizontal bars, the table's order from top to bottom, each bar's time printed after it.
fn panel<X>(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    x: X,
    title: &str,
    bars: &[Bar],
    x_desc: &str,
    label_width: u32,
) -> Result<(), String>
where
    X: AsRangedCoord<Value = f64>,
    X::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let n = bars.len();
    let mut builder = ChartBuilder::on(area);
    if !title.is_empty() {
        builder.caption(title, (FONT, 16));
    }
    // `0..n - 1` is n segments: plotters' integer ranges include their end.
    let mut chart = builder
        .margin(8)
        .margin_right(30)
        .x_label_area_size(45)
        .y_label_area_size(label_width)
        .build_cartesian_2d(x, (0..n - 1).into_segmented())
        .map_err(|e| e.to_string())?;
    // Bar 0 on top: plotters counts segments from the bottom.
    let row = |i: usize| n - 1 - i;
    let label = |value: &SegmentValue<usize>| match value {
        SegmentValue::CenterOf(at) if *at < n => bars[row(*at)].label.clone(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&label)
        .x_label_formatter(&|ns| tick(*ns))
        .x_desc(x_desc)
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(|e| e.to_string())?;
    let start = chart.x_range().start;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, bar)| {
            let mut rect = Rectangle::new(
                [(start, SegmentValue::Exact(row(i))), (bar.ns, SegmentValue::Exact(row(i) + 1))],
                bar.voice.colour().filled(),
            );
            rect.set_margin(4, 4, 0, 0);
            rect
        }))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, bar)| {
            EmptyElement::at((bar.ns, SegmentValue::CenterOf(row(i))))
                + Text::new(duration(bar.ns), (5, 0), left_centred(12))
        }))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// A row of colour swatches naming who each colour speaks for.
fn legend(area: &DrawingArea<SVGBackend<'_>, Shift>, voices: &[Voice]) -> Result<(), String> {
    let mut x = 20;
    for voice in voices {
        area.draw(&Rectangle::new([(x, 12), (x + 14, 26)], voice.colour().filled())).map_err(|e| e.to_string())?;
        let style = left_centred(13);
        area.draw(&Text::new(voice.name(), (x + 20, 19), style)).map_err(|e| e.to_string())?;
        x += 34 + 7 * voice.name().len() as i32;
    }
    Ok(())
}

/// An axis tick: `1 ns`, `10 ns`, `2.5 µs` (a tick is a round number: no trailing zeros).
fn tick(ns: f64) -> String {
    let text = duration(ns);
    let Some((number, unit)) = text.split_once(' ') else { return text };
    let number = if number.contains('.') { number.trim_end_matches('0').trim_end_matches('.') } else { number };
    format!("{number} {unit}")
}

/// Text that starts at its point and is centred on it vertically.
fn left_centred(size: u32) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font()).pos(Pos::new(HPos::Left, VPos::Center))
}

/// One line per variant across the params (which must be numbers), CPython's line too.
fn lines(table: &Table<'_>, x_label: &str) -> Result<Option<String>, String> {
    let xs: Vec<f64> = table.sections.iter().filter_map(|section| section.param.id.parse().ok()).collect();
    if xs.len() != table.sections.len() {
        return Err(format!("the params of {} are not numbers", table.group.id));
    }
    let mut series: Vec<Series> = Vec::new();
    for variant in table.group.variants {
        let points: Vec<(f64, f64)> = table
            .sections
            .iter()
            .zip(&xs)
            .filter_map(|(section, x)| {
                let row = section.rows.iter().find(|row| row.variant.id == variant.id)?;
                Some((*x, row.median()?))
            })
            .collect();
        if !points.is_empty() {
            series.push(Series { label: plain(variant.label), voice: Voice::Rust(variant.kind), points });
        }
    }
    if series.is_empty() {
        return Ok(None);
    }
    let cpython: Vec<(f64, f64)> = table
        .sections
        .iter()
        .zip(&xs)
        .filter_map(|(section, x)| {
            let row = section.rows.iter().find(|row| row.variant.id == table.group.limit)?;
            Some((*x, row.python?.1?.median_ns))
        })
        .collect();
    if !cpython.is_empty() {
        series.push(Series { label: "CPython 3.11".into(), voice: Voice::Cpython, points: cpython });
    }
    let Some((_, _, log)) = span(series.iter().flat_map(|line| line.points.iter().map(|p| p.1))) else {
        return Ok(None);
    };
    let (low, high) = series
        .iter()
        .flat_map(|line| line.points.iter().map(|p| p.1))
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), y| (lo.min(y), hi.max(y)));
    let (x_low, x_high) = xs.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
    let chart = Lines {
        title: format!("{}: time per {} by {x_label} (lower is faster)", table.group.id, table.group.item),
        x_label,
        y_desc: format!("time per {}{}", table.group.item, if log { " (log scale)" } else { "" }),
        series,
        xs,
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 560)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let x = (x_low * 0.8..x_high * 1.25).log_scale();
        if log {
            line_chart(&root, x, (low * 0.6..high * 1.6).log_scale(), &chart)?;
        } else {
            line_chart(&root, x, 0.0..high * 1.2, &chart)?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(Some(svg))
}

fn line_chart<X, Y>(root: &DrawingArea<SVGBackend<'_>, Shift>, x: X, y: Y, lines: &Lines<'_>) -> Result<(), String>
where
    X: AsRangedCoord<Value = f64>,
    X::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let mut chart = ChartBuilder::on(root)
        .caption(&lines.title, (FONT, 20))
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d(x, y)
        .map_err(|e| e.to_string())?;
    // Tick labels only at the measured params: a log axis's own ticks (2, 3, 5...) say nothing here.
    let on_param = |value: &f64| {
        lines.xs.iter().find(|x| (*value / **x - 1.0).abs() < 0.05).map(|x| format!("{x}")).unwrap_or_default()
    };
    chart
        .configure_mesh()
        .x_desc(lines.x_label)
        .y_desc(&lines.y_desc)
        .x_label_formatter(&on_param)
        .y_label_formatter(&|ns| tick(*ns))
        .x_labels(40)
        .disable_x_mesh()
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(|e| e.to_string())?;
    for line in &lines.series {
        let colour = line.voice.colour();
        chart
            .draw_series(LineSeries::new(line.points.iter().copied(), colour.stroke_width(2)))
            .map_err(|e| e.to_string())?
            .label(line.label.as_str())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], colour.stroke_width(2)));
        chart
            .draw_series(line.points.iter().map(|point| Circle::new(*point, 4, colour.filled())))
            .map_err(|e| e.to_string())?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 13))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(())
}
