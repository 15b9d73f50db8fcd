//! The study's pictures of a recorded run, as SVG strings (pure functions of the events).
//!
//! [`diagram`] is a sequence diagram: one lane per thread, time going down, one row per event. A generator is a
//! bar in the lane of the thread that runs it, from its resume to its yield, shifted right by how many resumes
//! run around it (a generator resumed inside another one's run sits beside it); each generator keeps its colour
//! from lane to lane, so a generator that moves to a pool thread is seen to move. A solid arrow goes into a bar
//! where it is resumed, a dashed one comes out where it yields; a dotted line carries it from the thread where
//! it yielded to the thread where it is next resumed, and a blue arrow carries a wake-up posted to a home thread.
//! Errors thrown in or coming out, and a refused re-entry, are red. The right-hand column says each event in
//! words, as `final-frontier trace` does.
//!
//! [`plot`] draws one quantity over a long run: the depth of compiler2's generator stack, the nesting of
//! resumes in inline_recursive, the length of actor3's queue.

use std::collections::HashMap;
use std::fmt::Write;

use super::{Event, Gen, Trace, What};

const ROW: f64 = 16.0;
const TOP: f64 = 64.0;
const LEFT: f64 = 8.0;
const BAR: f64 = 10.0;
const NEST: f64 = 14.0;
const LANE_MIN: f64 = 52.0;
const TEXT: f64 = 430.0;
const RED: &str = "#c62828";
const BLUE: &str = "#1565c0";
const PLOT_W: f64 = 360.0;
const PLOT_H: f64 = 150.0;
const PALETTE: [&str; 8] = ["#7cb342", "#ffb300", "#8e24aa", "#00897b", "#f4511e", "#3949ab", "#6d4c41", "#d81b60"];

/// The lanes: each thread's left edge and width.
struct Lanes {
    names: Vec<String>,
    left: Vec<f64>,
    width: f64,
}

impl Lanes {
    fn of(events: &[&Event]) -> Lanes {
        let mut names: Vec<String> = Vec::new();
        let mut deepest: Vec<usize> = Vec::new();
        for event in events {
            let lane = match names.iter().position(|name| **name == *event.thread) {
                Some(lane) => lane,
                None => {
                    names.push(event.thread.to_string());
                    deepest.push(0);
                    names.len() - 1
                }
            };
            deepest[lane] = deepest[lane].max(event.depth);
        }
        // `main` first, then the other threads by name, numbers in order (pool-2 before pool-10).
        let key = |name: &str| {
            let digits = name.trim_start_matches(|c: char| !c.is_ascii_digit());
            (name != "main", name[..name.len() - digits.len()].to_string(), digits.parse::<u64>().unwrap_or(0))
        };
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by_key(|&lane| key(&names[lane]));
        let names: Vec<String> = order.iter().map(|&lane| names[lane].clone()).collect();
        let deepest: Vec<usize> = order.iter().map(|&lane| deepest[lane]).collect();
        let mut left = Vec::new();
        let mut x = LEFT;
        for (name, deepest) in names.iter().zip(&deepest) {
            left.push(x);
            let wide = 24.0 + *deepest as f64 * NEST + BAR;
            x += wide.max(LANE_MIN).max(name.len() as f64 * 6.5 + 6.0);
        }
        Lanes { names, left, width: x }
    }

    fn lane(&self, thread: &str) -> usize {
        self.names.iter().position(|name| name == thread).unwrap_or(0)
    }

    /// The left edge of the bar at `depth` in `lane`.
    fn bar_x(&self, lane: usize, depth: usize) -> f64 {
        self.left[lane] + 14.0 + depth as f64 * NEST
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A generator's colour: picked by its name, so that pictures drawn side by side give the same generator the
/// same colour; the next free one when another name of this picture has it already.
fn colour(generator: &Gen, colours: &mut HashMap<String, &'static str>) -> &'static str {
    if let Some(colour) = colours.get(generator.name) {
        return colour;
    }
    let hash =
        generator.name.bytes().fold(2_166_136_261_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(16_777_619));
    let first = hash as usize % PALETTE.len();
    let taken: Vec<&str> = colours.values().copied().collect();
    let free = (0..PALETTE.len()).map(|i| PALETTE[(first + i) % PALETTE.len()]).find(|colour| !taken.contains(colour));
    let colour = free.unwrap_or(PALETTE[first]);
    colours.insert(generator.name.to_string(), colour);
    colour
}

fn row_y(row: usize) -> f64 {
    TOP + row as f64 * ROW + ROW / 2.0
}

/// The arrowheads, once per picture (identical definitions: several pictures may share a page).
const DEFS: &str = concat!(
    "<defs>",
    "<marker id=\"ff-head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" ",
    "orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#333\"/></marker>",
    "<marker id=\"ff-head-red\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" ",
    "orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#c62828\"/></marker>",
    "<marker id=\"ff-head-blue\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" ",
    "orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#1565c0\"/></marker>",
    "</defs>"
);

/// Two lines under the title: how to read the diagram (the second says only the marks it uses), and their
/// width, about 5.6 px a character at their size.
fn legend(events: &[&Event], lanes: usize) -> (String, f64) {
    const FIRST: &str = "bar: a generator running · → resume · ⇠ yield, return";
    let mut marks: Vec<(&str, &str)> = Vec::new();
    if lanes > 1 {
        marks.push(("dotted: on to another thread", ""));
    }
    if events.iter().any(|event| matches!(event.what, What::Post(_) | What::Deliver(_))) {
        marks.push(("blue: wake-up posted home", BLUE));
    }
    if events.iter().any(|event| event.what.is_error()) {
        marks.push(("red: error, re-entry", RED));
    }
    let chars = |text: &str| text.chars().count();
    let second = marks.iter().map(|(text, _)| chars(text) + 3).sum::<usize>();
    let width = chars(FIRST).max(second) as f64 * 5.6 + 16.0;
    let mut svg = format!("<text x=\"8\" y=\"27\" font-size=\"10\" fill=\"#555\">{FIRST}</text>");
    if !marks.is_empty() {
        svg.push_str("<text x=\"8\" y=\"39\" font-size=\"10\" fill=\"#555\">");
        for (i, (text, fill)) in marks.iter().enumerate() {
            let dot = if i == 0 { "" } else { " · " };
            match *fill {
                "" => {
                    let _ = write!(svg, "{dot}{text}");
                }
                fill => {
                    let _ = write!(svg, "{dot}<tspan fill=\"{fill}\">{text}</tspan>");
                }
            }
        }
        svg.push_str("</text>");
    }
    (svg, width)
}

/// How many events a [`drawing`]'s diagram shows.
pub const DIAGRAM_EVENTS: usize = 60;

/// How many events a recording for a [`drawing`] keeps: its plots cover them.
pub const DRAWN: usize = 50_000;

/// The study's picture of a run: the diagram of its first [`DIAGRAM_EVENTS`] events, then a plot of each
/// quantity its driver watches over the whole run (a gauge: compiler2's stack, actor3's queue), in one SVG.
///
/// `plots` adds series to draw whatever the run's length (the study asks for inline_recursive's nesting).
pub fn drawing(trace: &Trace, title: &str, plots: &[Series]) -> String {
    let shown = trace.events.iter().filter(|event| !matches!(event.what, What::Gauge(..))).count();
    let long = trace.summary.events as usize > DIAGRAM_EVENTS;
    let mut series: Vec<Series> = trace.summary.max_gauge.keys().map(|&name| Series::Gauge(name)).collect();
    series.extend(plots.iter().filter(|wanted| !series.contains(wanted)).collect::<Vec<_>>());
    let (diagram, width, mut height) = diagram_sized(&trace.events, DIAGRAM_EVENTS, title);
    let mut parts = vec![(diagram, 0.0)];
    if long {
        let below = if series.is_empty() { "" } else { "; below: over the whole run" };
        let caption =
            format!("above: the first {} of {} events{below}", shown.min(DIAGRAM_EVENTS), trace.summary.events);
        parts.push((format!("<text x=\"8\" y=\"14\" fill=\"#555\">{}</text>", escape(&caption)), height));
        height += 22.0;
    }
    for series in series {
        parts.push((plot(&trace.events, series), height));
        height += PLOT_H + 8.0;
    }
    let width = width.max(PLOT_W + 8.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trace\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" \
         height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">"
    );
    for (part, y) in parts {
        let _ = write!(svg, "<g transform=\"translate(0 {y})\">{part}</g>");
    }
    svg.push_str("</svg>");
    svg
}

/// A sequence diagram of the first `max` events (gauges left out: see [`plot`]), titled `title`.
pub fn diagram(events: &[Event], max: usize, title: &str) -> String {
    diagram_sized(events, max, title).0
}

/// [`diagram`], with its width and height.
fn diagram_sized(events: &[Event], max: usize, title: &str) -> (String, f64, f64) {
    let events: Vec<&Event> = events.iter().filter(|event| !matches!(event.what, What::Gauge(..))).take(max).collect();
    let lanes = Lanes::of(&events);
    // The words' column: as wide as the longest shown (about 6.2 px a character at this size), at most TEXT.
    let longest = events.iter().map(|event| super::text::describe(event).chars().count().min(72)).max().unwrap_or(0);
    let text = (longest as f64 * 6.2 + 12.0).min(TEXT);
    let (legend, legend_width) = legend(&events, lanes.names.len());
    let width = (lanes.width + text).max(legend_width);
    let height = TOP + events.len() as f64 * ROW + 14.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trace-diagram\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">\
         <title>{}</title>{DEFS}<text x=\"{LEFT}\" y=\"14\" font-weight=\"bold\" font-size=\"13\">{}</text>{legend}",
        escape(title),
        escape(title)
    );
    for (lane, name) in lanes.names.iter().enumerate() {
        let x = lanes.left[lane];
        let _ = write!(
            svg,
            "<g class=\"lane\"><text x=\"{}\" y=\"54\" font-weight=\"bold\">{}</text>\
             <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{height}\" stroke=\"#bbb\" stroke-dasharray=\"2 3\"/></g>",
            x + 2.0,
            escape(name),
            x + 6.0,
            TOP - 6.0,
            x + 6.0
        );
    }
    let _ = write!(svg, "<text x=\"{}\" y=\"54\" font-weight=\"bold\">event</text>", lanes.width + 4.0);

    let mut colours = HashMap::new();
    // Where each generator last yielded (lane, row), for the dotted hand-over to its next resume.
    let mut last_yield: HashMap<Gen, (usize, usize)> = HashMap::new();
    // Wake-ups posted and not yet delivered: token -> (lane, row).
    let mut posted: HashMap<u64, (usize, usize)> = HashMap::new();
    for (row, event) in events.iter().enumerate() {
        let lane = lanes.lane(&event.thread);
        let y = row_y(row);
        let red = event.what.is_error();
        let (stroke, head) = if red { (RED, "ff-head-red") } else { ("#333", "ff-head") };
        match (&event.what, &event.generator) {
            (What::Resume(_), Some(generator)) => {
                let x = lanes.bar_x(lane, event.depth);
                let end = end_of_run(&events, row).unwrap_or(events.len());
                let bottom = if end < events.len() { row_y(end) } else { height - 4.0 };
                let fill = colour(generator, &mut colours);
                let _ = write!(
                    svg,
                    "<rect class=\"run\" x=\"{x}\" y=\"{}\" width=\"{BAR}\" height=\"{}\" fill=\"{fill}\" \
                     stroke=\"{}\" stroke-width=\"{}\"><title>{}</title></rect>",
                    y - 3.0,
                    (bottom - y + 6.0).max(6.0),
                    if red { RED } else { "#555" },
                    if red { 2 } else { 1 },
                    escape(&generator.to_string())
                );
                let from = x - NEST + 2.0;
                let _ = write!(
                    svg,
                    "<line class=\"arrow resume\" x1=\"{from}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{stroke}\" \
                     marker-end=\"url(#{head})\"/>",
                    x - 1.0
                );
                if let Some((from_lane, from_row)) = last_yield.remove(generator)
                    && from_lane != lane
                {
                    let _ = write!(
                        svg,
                        "<line class=\"arrow handover\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\" \
                         stroke-dasharray=\"1 3\" marker-end=\"url(#ff-head)\"/>",
                        lanes.bar_x(from_lane, 0) + BAR / 2.0,
                        row_y(from_row),
                        x + BAR / 2.0,
                        y - 4.0
                    );
                }
            }
            (What::Yield(_) | What::Return(_), Some(generator)) => {
                let x = lanes.bar_x(lane, event.depth);
                let _ = write!(
                    svg,
                    "<line class=\"arrow yield\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{stroke}\" \
                     stroke-dasharray=\"3 2\" marker-end=\"url(#{head})\"/>",
                    x,
                    x - NEST + 2.0
                );
                if matches!(event.what, What::Yield(_)) {
                    last_yield.insert(*generator, (lane, row));
                }
            }
            (What::Drop, Some(_)) => {
                let x = lanes.bar_x(lane, event.depth);
                let _ = write!(svg, "<rect x=\"{x}\" y=\"{}\" width=\"{BAR}\" height=\"4\" fill=\"#000\"/>", y - 2.0);
            }
            (What::Reentry(_), Some(generator)) => {
                // The refused resume points at the bar that is still running.
                let running = events[..row].iter().rev().find(|earlier| {
                    earlier.generator.as_ref() == Some(generator) && matches!(earlier.what, What::Resume(_))
                });
                let target = running.map_or(lanes.bar_x(lane, 0), |earlier| {
                    lanes.bar_x(lanes.lane(&earlier.thread), earlier.depth) + BAR
                });
                let x = lanes.bar_x(lane, event.depth);
                let _ = write!(
                    svg,
                    "<line class=\"arrow reentry\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{RED}\" \
                     stroke-width=\"2\" marker-end=\"url(#ff-head-red)\"/>\
                     <text x=\"{}\" y=\"{}\" fill=\"{RED}\" font-weight=\"bold\">✗</text>",
                    x - NEST + 2.0,
                    target + 2.0,
                    target + 3.0,
                    y + 4.0
                );
            }
            (What::Post(token), _) => {
                posted.insert(*token, (lane, row));
                let x = lanes.left[lane] + 6.0;
                let _ = write!(svg, "<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" fill=\"{BLUE}\"/>");
            }
            (What::Deliver(token), _) => {
                if let Some((from_lane, from_row)) = posted.remove(token) {
                    let _ = write!(
                        svg,
                        "<line class=\"arrow wakeup\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{y}\" stroke=\"{BLUE}\" \
                         marker-end=\"url(#ff-head-blue)\"/>",
                        lanes.left[from_lane] + 6.0,
                        row_y(from_row),
                        lanes.left[lane] + 8.0
                    );
                }
            }
            (What::Line(_), _) => {
                let x = lanes.bar_x(lane, event.depth.saturating_sub(1)) + BAR / 2.0;
                let _ = write!(svg, "<circle cx=\"{x}\" cy=\"{y}\" r=\"2\" fill=\"#555\"/>");
            }
            _ => {}
        }
        let words = super::text::describe(event);
        let shown: String =
            if words.chars().count() > 72 { words.chars().take(71).chain(['…']).collect() } else { words.clone() };
        let fill = if red {
            RED
        } else if matches!(event.what, What::Line(_)) {
            "#2e7d32"
        } else {
            "#222"
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" fill=\"{fill}\"><title>{}</title>{}</text>",
            lanes.width + 4.0,
            y + 4.0,
            escape(&format!("#{} {} on {}: {words}", event.seq, event_time(event), event.thread)),
            escape(&shown)
        );
    }
    svg.push_str("</svg>");
    (svg, width, height)
}

fn event_time(event: &Event) -> String {
    format!("{:.3} ms", event.at.as_secs_f64() * 1000.0)
}

/// The row where the run that starts at `row` (a resume) ends: the next yield or return of the same generator
/// on the same thread at the same depth; at the latest, the yield or return of the one it runs inside (a
/// stackful coroutine's inner level returns by a plain call, unrecorded, and its bar ends with its caller's).
fn end_of_run(events: &[&Event], row: usize) -> Option<usize> {
    let start = events[row];
    events.iter().enumerate().skip(row + 1).find_map(|(i, event)| {
        let out = matches!(event.what, What::Yield(_) | What::Return(_)) && event.thread == start.thread;
        let ends =
            out && ((event.generator == start.generator && event.depth == start.depth) || event.depth < start.depth);
        ends.then_some(i)
    })
}

/// What a [`plot`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    /// A driver's gauge, by name (`generator stack depth`, `queue length`).
    Gauge(&'static str),
    /// How many resumes run inside each other on one thread, at each resume.
    Nesting,
}

impl Series {
    fn label(self) -> String {
        match self {
            Series::Gauge(name) => name.to_string(),
            Series::Nesting => "nesting of resumes (call depth)".to_string(),
        }
    }

    fn value(self, event: &Event) -> Option<usize> {
        match (self, &event.what) {
            (Series::Gauge(wanted), What::Gauge(name, value)) if *name == wanted => Some(*value),
            (Series::Nesting, What::Resume(_)) => Some(event.depth + 1),
            _ => None,
        }
    }
}

/// A small line plot of `series` over the events, x the event's sequence number.
pub fn plot(events: &[Event], series: Series) -> String {
    const W: f64 = PLOT_W;
    const H: f64 = PLOT_H;
    const PAD: f64 = 36.0;
    let points: Vec<(u64, usize)> =
        events.iter().filter_map(|event| series.value(event).map(|value| (event.seq, value))).collect();
    let label = series.label();
    let max_y = points.iter().map(|&(_, y)| y).max().unwrap_or(0).max(1);
    let (first, last) = match (points.first(), points.last()) {
        (Some(&(first, _)), Some(&(last, _))) => (first, last.max(first + 1)),
        _ => (0, 1),
    };
    let x_of = |seq: u64| PAD + (seq - first) as f64 / (last - first) as f64 * (W - PAD - 10.0);
    let y_of = |value: usize| H - PAD + 10.0 - value as f64 / max_y as f64 * (H - PAD - 10.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trace-plot\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" \
         height=\"{H}\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\"><title>{}</title>",
        escape(&label)
    );
    let (x0, y0, y1) = (PAD, y_of(0), y_of(max_y));
    let _ = write!(
        svg,
        "<line x1=\"{x0}\" y1=\"{y0}\" x2=\"{}\" y2=\"{y0}\" stroke=\"#333\"/>\
         <line x1=\"{x0}\" y1=\"{y0}\" x2=\"{x0}\" y2=\"{y1}\" stroke=\"#333\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{max_y}</text>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>\
         <text x=\"{x0}\" y=\"12\" font-weight=\"bold\">{}</text>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">event #{first} to #{last}</text>",
        W - 10.0,
        x0 - 4.0,
        y1 + 4.0,
        x0 - 4.0,
        y0 + 4.0,
        escape(&format!("{label}: at most {max_y}")),
        W - 10.0,
        H - 6.0
    );
    let mut path = String::new();
    for (i, &(seq, value)) in points.iter().enumerate() {
        let _ = write!(path, "{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, x_of(seq), y_of(value));
    }
    if points.is_empty() {
        let _ = write!(svg, "<text x=\"{}\" y=\"{}\">nothing recorded</text>", PAD + 8.0, H / 2.0);
    } else {
        let _ =
            write!(svg, "<path class=\"series\" d=\"{path}\" fill=\"none\" stroke=\"{BLUE}\" stroke-width=\"1.5\"/>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::Sent;
    use std::sync::Arc;
    use std::time::Duration;

    fn event(seq: u64, thread: &str, depth: usize, name: &'static str, what: What) -> Event {
        let generator = Some(Gen::named(name));
        Event { seq, at: Duration::from_millis(seq), thread: Arc::from(thread), depth, generator, what }
    }

    #[test]
    fn a_generator_moving_to_a_pool_thread_gets_a_lane_there_and_a_handover() {
        let events = vec![
            event(1, "main", 0, "do_func", What::Resume(Sent::Nothing)),
            event(2, "main", 0, "do_func", What::Yield(Sent::Value("a future".into()))),
            event(3, "pool-0", 0, "do_func", What::Resume(Sent::Value("5".into()))),
            event(4, "pool-0", 0, "do_func", What::Return(Sent::Nothing)),
        ];
        let svg = diagram(&events, 100, "inline1 on native");
        assert_eq!(svg.matches("class=\"lane\"").count(), 2);
        assert_eq!(svg.matches("class=\"run\"").count(), 2);
        assert_eq!(svg.matches("class=\"arrow resume\"").count(), 2);
        assert_eq!(svg.matches("class=\"arrow handover\"").count(), 1);
        assert!(!svg.contains(&format!("stroke=\"{RED}\"")), "nothing went wrong: nothing red");
    }

    #[test]
    fn a_refused_reentry_is_red_and_text_is_escaped() {
        let events = vec![
            event(1, "main", 0, "ping", What::Resume(Sent::Value("0".into()))),
            event(2, "main", 1, "pong", What::Resume(Sent::Value("<1>".into()))),
            event(3, "main", 2, "ping", What::Reentry("generator already executing".into())),
        ];
        let svg = diagram(&events, 100, "actor2");
        assert!(svg.contains("class=\"arrow reentry\""));
        assert!(svg.contains(RED));
        assert!(svg.contains("&lt;1&gt;") && !svg.contains("<1>"));
    }

    #[test]
    fn a_plot_reaches_the_largest_value() {
        let events: Vec<Event> = [1, 2, 3, 2, 1]
            .iter()
            .enumerate()
            .map(|(i, &v)| Event {
                seq: i as u64 + 1,
                at: Duration::ZERO,
                thread: Arc::from("main"),
                depth: 0,
                generator: None,
                what: What::Gauge("generator stack depth", v),
            })
            .collect();
        let svg = plot(&events, Series::Gauge("generator stack depth"));
        assert!(svg.contains("at most 3"));
        assert!(svg.contains("class=\"series\" d=\"M"));
        assert!(plot(&events, Series::Gauge("queue length")).contains("nothing recorded"));
    }
}
