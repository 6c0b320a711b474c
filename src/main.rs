use std::process::ExitCode;

use clap::Parser;

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = digest::cli::Cli::parse();
    match digest::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("digest: error: {e}");
            ExitCode::from(digest::cli::exit_code(&e))
        }
    }
}
