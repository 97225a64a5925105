//! `fake-ivs`: serves an in-memory Amazon IVS on `127.0.0.1` until Ctrl-C or SIGTERM.

use clap::Parser;
use fake_ivs::{FakeIvs, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY};
use std::io::Write;
use std::process::ExitCode;

/// A local, in-memory Amazon IVS that verifies SigV4 signatures.
#[derive(Parser, Debug)]
#[command(name = "fake-ivs", version, about)]
struct Args {
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The access key id requests must be signed with.
    #[arg(long, default_value = DEFAULT_ACCESS_KEY, requires = "secret_key")]
    access_key: String,
    /// The secret access key requests must be signed with.
    #[arg(long, default_value = DEFAULT_SECRET_KEY, requires = "access_key")]
    secret_key: String,
    /// The region of the service's ARNs and signatures.
    #[arg(long, default_value = "us-west-2")]
    region: String,
    /// The account of the service's ARNs.
    #[arg(long, default_value = "123456789012")]
    account: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let server = match FakeIvs::builder()
        .credentials(&args.access_key, &args.secret_key)
        .region(&args.region)
        .account(&args.account)
        .port(args.port)
        // Nothing outside this process can read the journal; without it, memory stays flat.
        .journal(false)
        .start()
        .await
    {
        Ok(server) => server,
        Err(e) => {
            eprintln!("fake-ivs: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::FAILURE;
        }
    };
    say(&format!(
        "fake-ivs listening on {} (access key {}, region {})",
        server.endpoint(),
        args.access_key,
        args.region
    ));
    wait_for_signal().await;
    say(&format!("fake-ivs: shutting down after {} requests", server.requests_seen()));
    server.shutdown().await;
    ExitCode::SUCCESS
}

/// Prints a line on stdout; a reader that has gone away (a closed pipe) is no reason to fail.
fn say(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}").and_then(|()| stdout.flush());
}

/// Waits for Ctrl-C, or SIGTERM on Unix.
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
