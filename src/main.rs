//! The `copydesk` binary: hands argv to the CLI, which dispatches to a subcommand or the server.

fn main() {
    std::process::exit(copydesk::cli::run());
}
