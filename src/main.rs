//! The `scholia` command; everything lives in the library (`scholia::cli`).

fn main() {
    std::process::exit(scholia::cli::main());
}
