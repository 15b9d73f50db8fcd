//! The `trace` command's printer: one event per line, indented by nesting, with its thread; then the summary.

use std::io::{self, Write};

use super::{Event, Sent, Trace, What};

/// Writes `trace` as text: a line per kept event (sequence number, milliseconds since the start, thread, and the
/// event indented by how many resumes run around it on that thread), then what the whole run did.
pub fn write_text(trace: &Trace, out: &mut impl Write) -> io::Result<()> {
    let width = trace.events.iter().map(|event| event.thread.len()).max().unwrap_or(6).max(6);
    writeln!(out, "{:>6} {:>10}  {:<width$}  event", "seq", "ms", "thread")?;
    for event in &trace.events {
        writeln!(
            out,
            "{:>6} {:>10.3}  {:<width$}  {}{}",
            event.seq,
            event.at.as_secs_f64() * 1000.0,
            event.thread,
            "  ".repeat(event.depth),
            describe(event)
        )?;
    }
    let summary = &trace.summary;
    let shown = if trace.events.len() as u64 == summary.events {
        "all shown".to_string()
    } else {
        format!("the first {} shown (--limit N shows more)", trace.events.len())
    };
    let threads: Vec<&str> = summary.threads.iter().map(|thread| &**thread).collect();
    writeln!(out, "-- {} events, {shown}; threads: {}", summary.events, threads.join(", "))?;
    let resumes: Vec<String> = summary.resumes.iter().map(|(name, n)| format!("{name} {n}")).collect();
    if !resumes.is_empty() {
        writeln!(out, "-- resumes: {}", resumes.join(", "))?;
    }
    writeln!(out, "-- deepest nesting of resumes on one thread: {}", summary.max_nesting)?;
    for (name, max) in &summary.max_gauge {
        writeln!(out, "-- maximum {name}: {max}")?;
    }
    if summary.errors > 0 {
        writeln!(out, "-- errors: {}", summary.errors)?;
    }
    Ok(())
}

/// One event in words, as the tutorial would say it.
pub(super) fn describe(event: &Event) -> String {
    let who = event.generator.as_ref().map(ToString::to_string).unwrap_or_default();
    match &event.what {
        What::Resume(Sent::Nothing) => format!("resume {who}"),
        What::Resume(Sent::Value(value)) => format!("resume {who} with {value}"),
        What::Resume(Sent::Error(error)) => format!("throw into {who}: {error}"),
        What::Yield(Sent::Nothing) => format!("{who} yields"),
        What::Yield(Sent::Value(value) | Sent::Error(value)) => format!("{who} yields {value}"),
        What::Return(Sent::Nothing) => format!("{who} returns"),
        What::Return(Sent::Value(value)) => format!("{who} returns {value}"),
        What::Return(Sent::Error(error)) => format!("{who} raises: {error}"),
        What::Drop => format!("{who} closed while suspended (its cleanup runs)"),
        What::Reentry(error) => format!("resume {who} refused, it is running: {error}"),
        What::Post(token) => format!("done-callback posts wake-up {token} to the home thread"),
        What::Deliver(token) => format!("home thread takes wake-up {token}"),
        What::Line(text) => format!("prints {text:?}"),
        What::Gauge(name, value) => format!("{name}: {value}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{Gen, Summary};
    use std::sync::Arc;
    use std::time::Duration;

    fn event(seq: u64, thread: &str, depth: usize, generator: Option<Gen>, what: What) -> Event {
        Event { seq, at: Duration::from_micros(seq * 1500), thread: Arc::from(thread), depth, generator, what }
    }

    #[test]
    fn lines_are_indented_by_nesting_and_carry_their_thread() {
        let ping = || Some(Gen::named("ping"));
        let events = vec![
            event(1, "main", 0, ping(), What::Resume(Sent::Value("0".into()))),
            event(2, "main", 1, None, What::Line("ping 0".into())),
            event(3, "main", 1, ping(), What::Reentry("generator already executing".into())),
        ];
        let mut summary = Summary::default();
        events.iter().for_each(|e| summary.count(e));
        summary.events += 1; // one more than kept
        let mut out = Vec::new();
        assert!(write_text(&Trace { events, summary }, &mut out).is_ok());
        let text = String::from_utf8_lossy(&out);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].ends_with("main    resume ping with 0"), "{}", lines[1]);
        assert!(lines[2].ends_with("main      prints \"ping 0\""), "{}", lines[2]);
        assert!(lines[3].contains("  resume ping refused, it is running"), "{}", lines[3]);
        assert!(text.contains("-- 4 events, the first 3 shown"), "{text}");
        assert!(text.contains("-- errors: 1"), "{text}");
    }
}
