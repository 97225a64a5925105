//! `codegen::generate()` on the project's model (model/ivs.json, 18 operations) and on the
//! current 40-operation IVS model (../shared/models/ivs-2026-04.json, skipped when absent), and
//! the stages of generate() on the latter.

use criterion::{criterion_group, criterion_main, Criterion};

/// The allocator `cargo xtask codegen` runs generate() with (xtask/src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::Path;
use std::time::Duration;

fn generate(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let models = [
        ("ivs-2020-18-operations", root.join("model/ivs.json")),
        ("ivs-2026-40-operations", root.join("../shared/models/ivs-2026-04.json")),
    ];
    let mut group = c.benchmark_group("generate");
    group.sample_size(20).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(8));
    for (name, path) in models {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipped {name}: cannot read {}", path.display());
            continue;
        };
        let settings = codegen::Settings::default();
        group.bench_function(name, |b| b.iter(|| codegen::generate(&text, &settings).expect("the model generates")));
    }
    group.finish();
}

/// Where generate()'s time goes on the 40-operation model: the front end (load, normalize,
/// lower), emit (tokens, then `syn` and `prettyplease` per file, on every core), and, as a proxy
/// for emit's rendering, `syn::parse_file` + `prettyplease::unparse` of the generated text on one
/// thread.
fn stages(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/ivs-2026-04.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped the stages: cannot read {}", path.display());
        return;
    };
    let settings = codegen::Settings::default();
    let front = || {
        let mut model = codegen::model::load(&text).expect("the model loads");
        let service = codegen::normalize::normalize(&mut model, None).expect("the model normalizes");
        codegen::ir::lower(&model, &service, "ivs").expect("the model lowers")
    };
    let krate = front();
    let files = codegen::emit::emit(&krate, &settings).expect("the crate emits");
    let rust: Vec<&str> = files.iter().filter(|f| f.path.ends_with(".rs")).map(|f| f.contents.as_str()).collect();
    let mut group = c.benchmark_group("stages-40-operations");
    group.sample_size(20).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(6));
    group.bench_function("load", |b| b.iter(|| codegen::model::load(&text).expect("the model loads")));
    group.bench_function("load-normalize-lower", |b| b.iter(front));
    group.bench_function("emit", |b| b.iter(|| codegen::emit::emit(&krate, &settings).expect("the crate emits")));
    group.bench_function("reparse-and-format-output", |b| {
        b.iter(|| {
            for text in &rust {
                let file = syn::parse_file(text).expect("the output parses");
                std::hint::black_box(prettyplease::unparse(&file));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, generate, stages);
criterion_main!(benches);
