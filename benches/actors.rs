//! Part 6: messages per second through each way of delivering them, with printing taken out (the actors count
//! instead of printing, so what is measured is delivery, not formatting or stdout).
//!
//! - `queue`: actor3's runner: `ping` and `pong` on a [`Delivery::Queued`] registry; one iteration is
//!   `registry.run(1000)`, a thousand messages through the queue (the ping-pong carries on across iterations);
//! - `direct`: actor1's shape, a [`Delivery::Direct`] registry whose one actor takes a message and sends none
//!   (so it never re-enters); one iteration is one `send`;
//! - `threads`: tactor: `ping` and `pong` each on a thread of its own, the generator built there; one iteration
//!   starts both threads, delivers 1000 messages and joins them;
//! - `plain`: the limits without generators: for `queue`, a `VecDeque` of messages and two closures; for
//!   `direct`, a closure found by name and called; for `threads`, two threads bouncing a number over two channels.
//!
//! Ids: `actors/<backend>/<runner>`, throughput in messages. CPython 3.11 for scale: actor3 ~1.3 M messages/s
//! (output to a file), tactor ~18 k messages/s.

#![feature(coroutines)]

mod common;

use std::collections::VecDeque;
use std::hint::black_box;

use common::{player, sink};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use final_frontier::backend::Backend;
use final_frontier::part6_actors::tactor::ThreadActors;
use final_frontier::part6_actors::{ActorError, Delivery, Registry};

/// Messages per iteration of `queue` and `threads`.
const BATCH: u64 = 1000;

fn queue(backend: Backend) -> Result<Registry<u64>, ActorError> {
    let registry = Registry::new(Delivery::Queued);
    registry.spawn("ping", player(backend, &registry.handle(), "pong")?)?;
    registry.spawn("pong", player(backend, &registry.handle(), "ping")?)?;
    registry.send("ping", 0)?;
    Ok(registry)
}

fn direct(backend: Backend) -> Result<Registry<u64>, ActorError> {
    let registry = Registry::new(Delivery::Direct);
    registry.spawn("printer", sink(backend)?)?;
    Ok(registry)
}

fn threads(backend: Backend) -> Result<(), ActorError> {
    let mut actors = ThreadActors::new(BATCH);
    actors.spawn("ping", move |mailboxes| player(backend, &mailboxes, "pong"))?;
    actors.spawn("pong", move |mailboxes| player(backend, &mailboxes, "ping"))?;
    actors.send("ping", 0)?;
    actors.join()
}

/// The plain runner's queue: (actor index, message).
type PlainQueue = VecDeque<(usize, u64)>;

/// The `queue` limit: the same run loop, with plain functions in place of generators.
fn plain_queue(queue: &mut PlainQueue, messages: u64) {
    let handlers: [fn(&mut PlainQueue, u64); 2] =
        [|queue, n| queue.push_back((1, black_box(n) + 1)), |queue, n| queue.push_back((0, black_box(n) + 1))];
    for _ in 0..messages {
        if let Some((index, n)) = queue.pop_front() {
            handlers[index](queue, n);
        }
    }
}

/// The `threads` limit: two threads bounce a number `messages` times over two channels, no generator.
fn plain_threads(messages: u64) {
    let (to_ping, ping_mailbox) = crossbeam_channel::unbounded::<u64>();
    let (to_pong, pong_mailbox) = crossbeam_channel::unbounded::<u64>();
    let bounce = |mailbox: crossbeam_channel::Receiver<u64>, other: crossbeam_channel::Sender<u64>| {
        move || {
            for n in mailbox.iter() {
                if n + 1 >= messages || other.send(n + 1).is_err() {
                    break;
                }
            }
        }
    };
    let ping = std::thread::spawn(bounce(ping_mailbox, to_pong));
    let pong = std::thread::spawn(bounce(pong_mailbox, to_ping.clone()));
    let _ = to_ping.send(0);
    drop(to_ping);
    let _ = (ping.join(), pong.join());
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("actors");

    group.throughput(Throughput::Elements(BATCH));
    let mut plain = VecDeque::from([(0, 0)]);
    group.bench_function(BenchmarkId::new("plain", "queue"), |b| b.iter(|| plain_queue(&mut plain, BATCH)));
    for backend in Backend::ALL {
        match queue(backend) {
            Ok(registry) => group.bench_function(BenchmarkId::new(backend.name(), "queue"), |b| {
                b.iter(|| black_box(registry.run(BATCH)).is_ok())
            }),
            Err(error) => {
                eprintln!("skipping actors/{backend}/queue: {error}");
                continue;
            }
        };
    }

    group.throughput(Throughput::Elements(1));
    let mut printer = |n: u64| {
        black_box(n);
    };
    let mut by_name: Vec<(&str, &mut dyn FnMut(u64))> = vec![("printer", &mut printer)];
    group.bench_function(BenchmarkId::new("plain", "direct"), |b| {
        b.iter(|| {
            if let Some((_, actor)) = by_name.iter_mut().find(|(name, _)| *name == black_box("printer")) {
                actor(1);
            }
        })
    });
    for backend in Backend::ALL {
        match direct(backend) {
            Ok(registry) => group.bench_function(BenchmarkId::new(backend.name(), "direct"), |b| {
                b.iter(|| black_box(registry.send("printer", 1)).is_ok())
            }),
            Err(error) => {
                eprintln!("skipping actors/{backend}/direct: {error}");
                continue;
            }
        };
    }

    group.throughput(Throughput::Elements(BATCH));
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("plain", "threads"), |b| b.iter(|| plain_threads(BATCH)));
    for backend in Backend::ALL {
        group.bench_function(BenchmarkId::new(backend.name(), "threads"), |b| {
            b.iter(|| {
                if let Err(error) = threads(backend) {
                    eprintln!("actors/{backend}/threads failed: {error}");
                }
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = bench
}
criterion_main!(benches);
