//! BENCHMARKS.md as text. Every comparative word here is computed from the figures of the run it describes.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::groups::{AGAINST_PEERS, Param, Reading};
use super::{Context, Cost, GoalStatus, Inputs, Report, Row, Section, Table, machine};

/// Two costs closer than this (5%) are "within 5% of each other", not "faster".
const SAME: f64 = 0.05;

/// A cost that grows by at most this factor across params is "flat" (issue 11's goal for stackful delegation).
const FLAT: f64 = 1.2;

/// The whole document.
pub(super) fn markdown(
    report: &Report<'_>,
    inputs: &Inputs,
    context: &Context,
    charts: &BTreeMap<&str, String>,
) -> String {
    let mut out = String::new();
    header(&mut out, report, inputs, context);
    goals(&mut out, report);
    against_peers(&mut out, report);
    for table in &report.tables {
        group(&mut out, table, inputs, charts.get(table.group.id));
    }
    out
}

fn header(out: &mut String, report: &Report<'_>, inputs: &Inputs, context: &Context) {
    let _ = writeln!(
        out,
        "# Benchmarks\n\n\
         <!-- Written by `final-frontier report` from criterion's estimates and python/bench.py's figures. \
         Do not edit: regenerate (see below). -->\n\n\
         The three generator backends (native, stackless, stackful) against hand-written Rust (each table's \
         limit) and against CPython running the same workload, from one run on one machine. Every figure is the \
         median cost of one item; the words under each table are generated from the figures of this run.\n"
    );
    let _ = writeln!(out, "| | |\n| --- | --- |");
    let _ = writeln!(out, "| machine | {} |", context.machine);
    let _ = writeln!(out, "| toolchain | `{}` |", context.toolchain);
    let _ = writeln!(out, "| criterion | {} |", criterion_summary(inputs));
    let _ = writeln!(out, "| CPython | {} |", python_summary(inputs, context));
    let _ = writeln!(out, "| report written | {} |\n", context.date);
    let _ = writeln!(
        out,
        "## How to regenerate\n\n\
         ```sh\n\
         cargo bench                      # every group, about 10 minutes; one group: cargo bench --bench switch\n\
         python3 python/bench.py          # CPython's side, about a minute (--quick: 10 s, fewer repeats)\n\
         cargo run --release -- report    # this file and {}/*.svg (--strict: fail if anything is missing)\n\
         ```\n",
        super::CHART_DIR
    );
    let _ = writeln!(
        out,
        "## How to read the tables\n\n\
         - **median**: criterion's median time of one iteration divided by the items it handles; **95% CI** is \
         the confidence interval of that median.\n\
         - **x limit**: this row's median divided by the limit's, the hand-written baseline of the table: 1.00 \
         is the limit itself, 2.00 takes twice as long.\n\
         - **x faster than CPython**: CPython's median on the same workload (`python/bench.py`, named under each \
         table) divided by this row's: 100 is a hundred times faster; below 1, slower than CPython.\n\
         - The machine is shared: absolute figures move from run to run, ratios within one run much less.\n"
    );
    if !report.missing.is_empty() || !report.unlisted.is_empty() {
        let _ = writeln!(out, "## Missing from this report\n");
        for missing in &report.missing {
            let _ = writeln!(out, "- {missing}");
        }
        for id in &report.unlisted {
            let _ = writeln!(out, "- `{id}` was measured, but no table lists it (add it to `src/report/groups.rs`)");
        }
        out.push('\n');
    }
}

/// "estimates written 2026-11-26 18:40 UTC to 19:02 UTC; 10 to 30 samples per bench, 2.0 to 4.1 s measured".
fn criterion_summary(inputs: &Inputs) -> String {
    let Some(estimates) = inputs.estimates.as_ref().filter(|estimates| !estimates.is_empty()) else {
        return "no estimates: run `cargo bench`".into();
    };
    let range = |values: Vec<f64>| {
        let low = values.iter().copied().fold(f64::INFINITY, f64::min);
        let high = values.iter().copied().fold(0.0, f64::max);
        (low, high)
    };
    let (fewest, most) = range(estimates.values().map(|estimate| estimate.samples as f64).collect());
    let (shortest, longest) = range(estimates.values().map(|estimate| estimate.measured_s).collect());
    let written: Vec<_> = estimates.values().filter_map(|estimate| estimate.written).collect();
    let dates = match (written.iter().min(), written.iter().max()) {
        (Some(first), Some(last)) => {
            format!("estimates written from {} to {}; ", machine::utc(*first), machine::utc(*last))
        }
        _ => String::new(),
    };
    format!(
        "{} benches; {dates}{} to {} samples per bench, {} to {} s measured per bench",
        estimates.len(),
        fewest,
        most,
        number(shortest),
        number(longest)
    )
}

fn python_summary(inputs: &Inputs, context: &Context) -> String {
    let Some(python) = &inputs.python else {
        return format!("no figures: run `{}`", super::python::COMMAND);
    };
    let mut text = format!(
        "{} {}, `{}`, written {}",
        python.python.implementation, python.python.version, python.command, python.date
    );
    if python.quick {
        text += " (a --quick run: fewer items and repeats)";
    }
    if !context.machine.starts_with(&python.machine.cpu) {
        text += &format!(" on another machine: {}, {} cores", python.machine.cpu, python.machine.cores);
    }
    text
}

fn goals(out: &mut String, report: &Report<'_>) {
    let _ = writeln!(
        out,
        "## Goals\n\nThe goals of issues 11 and 18, each a ratio inside this run, marked from the figures below.\n\n\
         | goal | target | this run | |\n| --- | --- | --- | --- |"
    );
    for (name, target, verdict) in &report.goals {
        let (figure, mark) = match verdict {
            GoalStatus::Met(figure) => (figure.as_str(), "met"),
            GoalStatus::NotMet(figure) => (figure.as_str(), "**not met**"),
            GoalStatus::Unknown(figure) => (figure.as_str(), "unknown"),
        };
        let _ = writeln!(out, "| {name} | {target} | {figure} | {mark} |");
    }
    out.push('\n');
}

/// Which crate wins where: our backend's row beside the other crate's, with the words computed from the run.
fn against_peers(out: &mut String, report: &Report<'_>) {
    let _ = writeln!(
        out,
        "## Our backends against the other crates\n\nEach line puts two rows of the tables below side by side: \
         the same workload, our backend's library and another crate that does the same job.\n"
    );
    for (title, lines) in AGAINST_PEERS {
        let _ = writeln!(
            out,
            "**{title}.**\n\n| workload | ours | the other crate | which wins |\n| --- | ---: | ---: | --- |"
        );
        for (what, ours, peer) in *lines {
            let median = |id: &str| super::find(&report.tables, id).and_then(Row::median);
            let cell = |ns: Option<f64>| ns.map(duration).unwrap_or_else(|| "not measured".into());
            let (ours_ns, peer_ns) = (median(ours), median(peer));
            let verdict = match (ours_ns, peer_ns) {
                (Some(ours_ns), Some(peer_ns)) => {
                    let r = ours_ns / peer_ns;
                    if (r - 1.0).abs() <= SAME {
                        "within 5%".to_string()
                    } else if r < 1.0 {
                        format!("ours, {}x faster", ratio(1.0 / r))
                    } else {
                        format!("the other crate, {}x faster", ratio(r))
                    }
                }
                _ => String::new(),
            };
            let _ = writeln!(out, "| {what} | {} | {} | {verdict} |", cell(ours_ns), cell(peer_ns));
        }
        out.push('\n');
    }
}

fn group(out: &mut String, table: &Table<'_>, inputs: &Inputs, chart: Option<&String>) {
    let group = table.group;
    let _ = writeln!(out, "## {}\n\n{}\n", group.title, group.what);
    if !table.ran {
        let _ = writeln!(out, "**Not run** in this report: run `{}`.\n", group.command());
        python_lines(out, table, inputs);
        return;
    }
    let _ = writeln!(out, "Command: `{}`.\n", group.command());
    if let Some(chart) = chart {
        let _ = writeln!(out, "![{}: cost per {} by variant]({chart})\n", group.id, group.item);
    }
    let with_params = table.sections.len() > 1;
    let param_column = if with_params { "| " } else { "" };
    let rate_column = if group.rate { format!(" {}s per second |", group.item) } else { String::new() };
    let _ = writeln!(
        out,
        "{param_column}| variant | median per {} | 95% CI |{rate_column} x limit | x faster than CPython |",
        group.item
    );
    let _ = writeln!(
        out,
        "{}| --- | ---: | ---: |{} ---: | ---: |",
        if with_params { "| --- " } else { "" },
        if group.rate { " ---: |" } else { "" }
    );
    for section in &table.sections {
        for row in &section.rows {
            let param = if with_params { format!("| {} ", section.param.label) } else { String::new() };
            let (median, interval, rate) = match row.cost {
                Cost::Measured(estimate) => (
                    duration(estimate.median_ns),
                    format!("{} to {}", duration(estimate.low_ns), duration(estimate.high_ns)),
                    rate(1e9 / estimate.median_ns),
                ),
                Cost::Absent(why) if why.starts_with("not possible") => (why.to_string(), String::new(), String::new()),
                Cost::Absent(why) => (format!("not run: {why}"), String::new(), String::new()),
                Cost::Missing => ("**missing**".into(), String::new(), String::new()),
            };
            let rate = if group.rate { format!(" {rate} |") } else { String::new() };
            let _ = writeln!(
                out,
                "{param}| {} | {median} | {interval} |{rate} {} | {} |",
                row.variant.label,
                row.vs_limit.map(ratio).unwrap_or_default(),
                row.vs_python.map(ratio).unwrap_or_else(|| if row.median().is_some() {
                    "no figure".into()
                } else {
                    String::new()
                })
            );
        }
    }
    out.push('\n');
    python_lines(out, table, inputs);
    let reading = reading(table);
    let _ = writeln!(out, "**Reading.**{}{reading}\n", if reading.starts_with('\n') { "" } else { " " });
}

/// The CPython figures a table uses.
fn python_lines(out: &mut String, table: &Table<'_>, inputs: &Inputs) {
    let mut ids: Vec<&str> = Vec::new();
    for row in table.sections.iter().flat_map(|section| &section.rows) {
        if let Some((id, _)) = row.python
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return;
    }
    let _ = writeln!(out, "CPython, per {}:\n", table.group.item);
    for id in ids {
        match inputs.workload(id) {
            Some(workload) => {
                let _ = writeln!(
                    out,
                    "- `{id}` ({}): {} (from {} to {} over {} runs of {} item{})",
                    workload.what,
                    duration(workload.median_ns),
                    duration(workload.min_ns),
                    duration(workload.max_ns),
                    workload.repeats,
                    thousands(workload.items_per_run as f64),
                    if workload.items_per_run == 1 { "" } else { "s" }
                );
            }
            None => {
                let _ = writeln!(out, "- `{id}`: no figure (run `{}`)", super::python::COMMAND);
            }
        }
    }
    out.push('\n');
}

/// The generated prose under a table: one bullet per param, then how costs grow across the params.
fn reading(table: &Table<'_>) -> String {
    let mut bullets = Vec::new();
    for section in &table.sections {
        let mut said = extremes(section, table.group.item, table.group.limit);
        for reading in table.group.readings {
            if let Reading::Versus(a, b) = reading
                && let Some(sentence) = versus(section, a, b)
            {
                said.push(sentence);
            }
        }
        said.extend(against_cpython(section));
        if said.is_empty() {
            continue;
        }
        let text = said.iter().map(|sentence| capitalised(sentence) + ".").collect::<Vec<_>>().join(" ");
        bullets.push(if section.param.label.is_empty() {
            text
        } else {
            format!("**{}.** {text}", section.param.label)
        });
    }
    for reading in table.group.readings {
        if let Reading::Growth(variants) = reading {
            bullets.extend(growth(table, variants));
        }
    }
    if bullets.is_empty() {
        return "Nothing to compare yet: no row of this table was measured.".into();
    }
    if bullets.len() == 1 {
        return bullets.remove(0);
    }
    bullets.iter().map(|bullet| format!("\n- {bullet}")).collect()
}

fn capitalised(sentence: &str) -> String {
    let mut chars = sentence.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn measured<'r>(section: &'r Section<'_>) -> impl Iterator<Item = (&'r Row<'r>, f64)> {
    section.rows.iter().filter_map(|row| row.median().map(|median| (row, median)))
}

/// The limit's cost, and the cheapest and dearest of the other rows, relative to it.
fn extremes(section: &Section<'_>, item: &str, limit: &str) -> Vec<String> {
    let Some(limit_row) = section.rows.iter().find(|row| row.variant.id == limit) else { return Vec::new() };
    let Some(limit_ns) = limit_row.median() else {
        return vec![format!("the limit (`{limit}`) was not measured, so no row has a ratio to it")];
    };
    let mut said = vec![format!("the limit takes {} per {item}", duration(limit_ns))];
    let others: Vec<(&Row<'_>, f64)> = measured(section).filter(|(row, _)| row.variant.id != limit).collect();
    let cheapest = others.iter().min_by(|a, b| a.1.total_cmp(&b.1));
    let dearest = others.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    if let (Some((cheap, cheap_ns)), Some((dear, dear_ns))) = (cheapest, dearest)
        && cheap.id != dear.id
    {
        said.push(format!(
            "the cheapest other row is `{}` at {}x the limit, the dearest `{}` at {}x",
            cheap.variant.id,
            ratio(cheap_ns / limit_ns),
            dear.variant.id,
            ratio(dear_ns / limit_ns)
        ));
    }
    said
}

/// "a takes 2.3x as long as b", "a is 2.3x faster than b", "a and b are within 5%".
fn versus(section: &Section<'_>, a: &str, b: &str) -> Option<String> {
    let find =
        |id: &str| section.rows.iter().find(|row| row.variant.id == id).and_then(|row| Some((row, row.median()?)));
    let ((a, a_ns), (b, b_ns)) = (find(a)?, find(b)?);
    let (a_label, b_label) = (format!("`{}`", a.variant.id), format!("`{}`", b.variant.id));
    let (a_time, b_time) = (duration(a_ns), duration(b_ns));
    let r = a_ns / b_ns;
    Some(if (r - 1.0).abs() <= SAME {
        format!("{a_label} ({a_time}) and {b_label} ({b_time}) are within 5% of each other")
    } else if r > 1.0 {
        format!("{a_label} ({a_time}) takes {}x as long as {b_label} ({b_time})", ratio(r))
    } else {
        format!("{a_label} ({a_time}) is {}x faster than {b_label} ({b_time})", ratio(1.0 / r))
    })
}

/// How the measured rows compare with CPython.
fn against_cpython(section: &Section<'_>) -> Option<String> {
    let rows: Vec<(&Row<'_>, f64)> = section.rows.iter().filter_map(|row| Some((row, row.vs_python?))).collect();
    let slowest = rows.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let fastest = rows.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let slower: Vec<String> =
        rows.iter().filter(|(_, speedup)| *speedup < 1.0).map(|(row, _)| format!("`{}`", row.variant.id)).collect();
    Some(if slower.is_empty() {
        format!(
            "every measured row beats CPython, from {}x (`{}`) to {}x (`{}`)",
            ratio(slowest.1),
            slowest.0.variant.id,
            ratio(fastest.1),
            fastest.0.variant.id
        )
    } else {
        format!(
            "{} of {} measured rows beat CPython (up to {}x, `{}`); slower than CPython: {}",
            rows.len() - slower.len(),
            rows.len(),
            ratio(fastest.1),
            fastest.0.variant.id,
            slower.join(", ")
        )
    })
}

/// How each variant's cost changes from the first param to the last: "flat" or "grows Nx".
fn growth(table: &Table<'_>, variants: &[&str]) -> Option<String> {
    let (first, last) = (table.sections.first()?.param, table.sections.last()?.param);
    let mut parts = Vec::new();
    for variant in variants {
        let (Some(from), Some(to)) = (table.row(first, variant), table.row(last, variant)) else { continue };
        let (Some(from_ns), Some(to_ns)) = (from.median(), to.median()) else { continue };
        parts.push(format!("`{variant}` {}", change(from_ns, to_ns)));
    }
    let python = |param: &Param| {
        table
            .row(param, table.group.limit)?
            .python
            .and_then(|(_, workload)| workload)
            .map(|workload| workload.median_ns)
    };
    if let (Some(from_ns), Some(to_ns)) = (python(first), python(last)) {
        parts.push(format!("CPython {}", change(from_ns, to_ns)));
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!("From {} to {}, per {}: {}.", first.label, last.label, table.group.item, parts.join("; ")))
}

fn change(from_ns: f64, to_ns: f64) -> String {
    let r = to_ns / from_ns;
    let words = if (1.0 / FLAT..=FLAT).contains(&r) {
        format!("flat, {}x", ratio(r))
    } else if r > 1.0 {
        format!("grows {}x", ratio(r))
    } else {
        format!("shrinks to {}x", ratio(r))
    };
    format!("{} to {} ({words})", duration(from_ns), duration(to_ns))
}

/// A time with three significant digits in a fitting unit: `0.381 ns`, `38.0 ns`, `3.80 µs`, `153 ms`.
pub(super) fn duration(ns: f64) -> String {
    let (value, unit) = match ns {
        ns if ns >= 1e9 => (ns / 1e9, "s"),
        ns if ns >= 1e6 => (ns / 1e6, "ms"),
        ns if ns >= 1e3 => (ns / 1e3, "µs"),
        ns => (ns, "ns"),
    };
    format!("{} {unit}", significant(value))
}

/// A ratio: three significant digits, thousands separated (`1.03`, `57.2`, `1,234`, `0.000812`).
pub(super) fn ratio(value: f64) -> String {
    if value >= 1000.0 { thousands(value) } else { significant(value) }
}

/// A number as written in a goal: `1.1`, `200`.
pub(super) fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Items per second: `7.21 M`, `18.3 k`.
fn rate(per_second: f64) -> String {
    match per_second {
        r if r >= 1e9 => format!("{} G", significant(r / 1e9)),
        r if r >= 1e6 => format!("{} M", significant(r / 1e6)),
        r if r >= 1e3 => format!("{} k", significant(r / 1e3)),
        r => significant(r),
    }
}

fn significant(value: f64) -> String {
    match value.abs() {
        v if v >= 100.0 => format!("{value:.0}"),
        v if v >= 10.0 => format!("{value:.1}"),
        v if v >= 1.0 => format!("{value:.2}"),
        0.0 => "0".into(),
        v => {
            let decimals = (2.0 - v.log10().floor()) as usize;
            format!("{value:.decimals$}")
        }
    }
}

fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.round());
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_well() {
        assert_eq!(duration(0.3814), "0.381 ns");
        assert_eq!(duration(38.04), "38.0 ns");
        assert_eq!(duration(3_801.0), "3.80 µs");
        assert_eq!(duration(153_157_718.0), "153 ms");
        assert_eq!(ratio(1.034), "1.03");
        assert_eq!(ratio(57.23), "57.2");
        assert_eq!(ratio(123_456.0), "123,456");
        assert_eq!(ratio(0.000_812_3), "0.000812");
        assert_eq!(number(1.1), "1.1");
        assert_eq!(number(200.0), "200");
        assert_eq!(rate(7_210_000.0), "7.21 M");
    }

    #[test]
    fn change_is_worded_from_the_ratio() {
        assert!(change(7.3, 7.2).contains("flat"));
        assert!(change(7.4, 253.0).contains("grows 34.2x"));
        assert!(change(10.0, 5.0).contains("shrinks"));
    }
}
