// The load client of the benchmark, shared by `load-ivs` and `load-sdk` through `include!`: each
// names its SDK crate `sdk` and its label `SDK_NAME` before including this file, and the code
// below is the same for both (`ivs` keeps the official SDK's API).
//
//     load-<sdk> ENDPOINT setup CHANNELS
//         creates CHANNELS channels (bench-0, bench-1, ...); prints {"created": N}
//     load-<sdk> ENDPOINT run GETS LISTS CONCURRENCY PAGE_SIZE
//         GETS GetChannel calls, then LISTS ListChannels calls (maxResults PAGE_SIZE), each
//         spread over CONCURRENCY tasks, on one client; prints one JSON object with, for each
//         operation, the calls, wall seconds, requests per second and the client's CPU time per
//         request (getrusage RUSAGE_SELF user+sys around the loop), and the process's peak RSS
//         (`peak_rss_kib`, VmHWM of /proc/self/status: ru_maxrss, printed beside it as
//         `ru_maxrss_kib`, also counts the parent's RSS at fork on Linux, since exec carries the
//         old address space's high-water mark over).
//
// Both sign with the SigV4 example credentials, region us-west-2, over plain HTTP on loopback.

use std::sync::Arc;
use std::time::{Duration, Instant};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-west-2";
/// No phase may take longer than this; the run fails instead of hanging.
const PHASE_LIMIT: Duration = Duration::from_secs(600);

type Failure = Box<dyn std::error::Error + Send + Sync>;

fn client(endpoint: &str) -> sdk::Client {
    let config = sdk::Config::builder()
        .region(sdk::config::Region::new(REGION))
        .credentials_provider(sdk::config::Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "bench"))
        .endpoint_url(endpoint)
        .build();
    sdk::Client::from_conf(config)
}

/// CPU seconds (user + system) of this process so far, and its ru_maxrss in KiB.
fn rusage() -> (f64, i64) {
    // SAFETY: getrusage fills the zeroed struct we own; RUSAGE_SELF is always valid.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss as i64)
}

/// The peak resident set of this process's own address space in KiB (VmHWM), or -1.
fn peak_rss_kib() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:"));
    line.and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(-1)
}

/// Runs `calls` calls of `call(i)` over `concurrency` tasks; returns the JSON fields for it.
async fn phase<F, Fut>(name: &str, calls: usize, concurrency: usize, call: F) -> Result<String, Failure>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), Failure>> + Send,
{
    let call = Arc::new(call);
    let (cpu_before, _) = rusage();
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(concurrency);
    for task in 0..concurrency {
        // Task `task` makes calls task, task + concurrency, ...: `calls` in all.
        let call = Arc::clone(&call);
        tasks.push(tokio::spawn(async move {
            let mut i = task;
            while i < calls {
                call(i).await?;
                i += concurrency;
            }
            Ok::<(), Failure>(())
        }));
    }
    let all = async {
        for task in tasks {
            task.await??;
        }
        Ok::<(), Failure>(())
    };
    tokio::time::timeout(PHASE_LIMIT, all).await.map_err(|_| format!("{name}: over {PHASE_LIMIT:?}"))??;
    let seconds = started.elapsed().as_secs_f64();
    let (cpu_after, _) = rusage();
    let cpu_us = (cpu_after - cpu_before) * 1e6 / calls.max(1) as f64;
    Ok(format!(
        "\"{name}_calls\": {calls}, \"{name}_seconds\": {seconds:.4}, \"{name}_rps\": {:.1}, \"{name}_cpu_us\": {cpu_us:.2}",
        calls as f64 / seconds
    ))
}

async fn setup(client: &sdk::Client, channels: usize) -> Result<String, Failure> {
    for i in 0..channels {
        client.create_channel().name(format!("bench-{i}")).send().await?;
    }
    Ok(format!("{{\"created\": {channels}}}"))
}

async fn run(client: sdk::Client, gets: usize, lists: usize, concurrency: usize, page: i32) -> Result<String, Failure> {
    // One call before the clock starts: it opens the connection and names the channels to get.
    let first = client.list_channels().max_results(page).send().await?;
    let arns: Arc<Vec<String>> = Arc::new(first.channels().iter().filter_map(|c| c.arn()).map(str::to_owned).collect());
    if arns.is_empty() {
        return Err("ListChannels returned no channels: run `setup` first".into());
    }
    let per_page = arns.len();
    let get = {
        let (client, arns) = (client.clone(), Arc::clone(&arns));
        phase("get", gets, concurrency, move |i| {
            let request = client.get_channel().arn(arns[i % arns.len()].as_str());
            async move {
                let out = request.send().await?;
                out.channel().ok_or("GetChannel returned no channel")?;
                Ok(())
            }
        })
        .await?
    };
    let list = phase("list", lists, concurrency, move |_| {
        let request = client.list_channels().max_results(page);
        async move {
            let out = request.send().await?;
            if out.channels().len() != per_page {
                return Err(format!("ListChannels returned {} channels, not {per_page}", out.channels().len()).into());
            }
            Ok(())
        }
    })
    .await?;
    let (_, ru_maxrss_kib) = rusage();
    let peak = peak_rss_kib();
    Ok(format!(
        "{{\"sdk\": \"{SDK_NAME}\", \"concurrency\": {concurrency}, \"channels_per_page\": {per_page}, {get}, {list}, \"peak_rss_kib\": {peak}, \"ru_maxrss_kib\": {ru_maxrss_kib}}}"
    ))
}

fn number<T: std::str::FromStr>(args: &[String], i: usize, what: &str) -> Result<T, Failure> {
    args.get(i).and_then(|a| a.parse().ok()).ok_or_else(|| format!("argument {i}: expected {what}").into())
}

async fn main_result() -> Result<String, Failure> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: ENDPOINT setup CHANNELS | ENDPOINT run GETS LISTS CONCURRENCY PAGE_SIZE";
    let endpoint = args.get(1).ok_or(usage)?;
    let client = client(endpoint);
    match args.get(2).map(String::as_str) {
        Some("setup") => setup(&client, number(&args, 3, "CHANNELS")?).await,
        Some("run") => {
            let concurrency: usize = number(&args, 5, "CONCURRENCY")?;
            if concurrency == 0 {
                return Err("CONCURRENCY must be at least 1".into());
            }
            run(
                client,
                number(&args, 3, "GETS")?,
                number(&args, 4, "LISTS")?,
                concurrency,
                number(&args, 6, "PAGE_SIZE")?,
            )
            .await
        }
        _ => Err(usage.into()),
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match main_result().await {
        Ok(json) => {
            println!("{json}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{SDK_NAME}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
