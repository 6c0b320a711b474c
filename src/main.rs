use std::process::ExitCode;

use clap::Parser;

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
