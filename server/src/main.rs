use server::cli::Command;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let command = Command::parse(std::env::args().skip(1))?;
    server::cli::run(command).await
}
