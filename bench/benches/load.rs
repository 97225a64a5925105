//! `codegen::loader` on Smithy's restJson1 protocol tests (../shared/smithy/protocol-tests, every
//! `.smithy` file, with the built-in prelude and trait definitions; skipped when absent), and on
//! the built-in definitions alone. Target: under 20 ms for the protocol tests.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `load_paths` on the whole protocol-tests directory: reading the files, parsing, assembling.
fn protocol_tests(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/smithy/protocol-tests");
    if !dir.is_dir() {
        eprintln!("skipped load/protocol-tests: {} is missing", dir.display());
        return;
    }
    let paths: Vec<PathBuf> = vec![dir];
    // A model that does not load is a bug in the loader, not something to time.
    let loaded = codegen::loader::load_paths(&paths)
        .unwrap_or_else(|errors| panic!("the protocol tests do not load:\n{errors}"));
    eprintln!("load/protocol-tests: {} shapes with the built-in ones", loaded.shapes.len());
    let mut group = c.benchmark_group("load");
    group.sample_size(20).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(6));
    group.bench_function("protocol-tests", |b| {
        b.iter(|| codegen::loader::load_paths(&paths).expect("the protocol tests load"))
    });
    group.finish();
}

/// `assemble_sources(&[])`: the prelude and the built-in trait definitions alone, the floor
/// under every load.
fn builtin(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(20).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(6));
    group.bench_function("builtin-only", |b| {
        b.iter(|| codegen::loader::assemble_sources(&[]).expect("the built-in definitions assemble"))
    });
    group.finish();
}

criterion_group!(benches, protocol_tests, builtin);
criterion_main!(benches);
