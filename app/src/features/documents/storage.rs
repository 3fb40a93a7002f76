//! Uploaded files on disk: received into a temporary file while hashed and counted, identified by
//! content, then kept under `data/documents/<sha256>`. Anything refused leaves nothing behind.

use super::sniff::{central_directory, entry_names, is_zip, sniff, FileType};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

pub fn documents_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("documents")
}

/// A path that is deleted when dropped unless `keep` was called.
pub struct TempFile {
    path: Option<PathBuf>,
}

impl TempFile {
    pub fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A file received completely and within the limit.
pub struct Received {
    pub temp: TempFile,
    pub sha256: String,
    pub size: u64,
    pub head: Vec<u8>,
}

#[derive(Debug)]
pub enum ReceiveError {
    TooLarge,
    Empty,
    Io(std::io::Error),
}

impl From<std::io::Error> for ReceiveError {
    fn from(e: std::io::Error) -> Self {
        ReceiveError::Io(e)
    }
}

/// Writes chunks to a new temporary file in `dir`, stopping as soon as `limit` bytes are passed.
pub async fn receive<S, E>(dir: &Path, mut chunks: S, limit: u64) -> Result<Received, ReceiveError>
where
    S: futures_util::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
    E: std::error::Error,
{
    use futures_util::StreamExt;
    tokio::fs::create_dir_all(dir).await?;
    let name = format!(
        ".upload-{}",
        crate::features::accounts::auth::new_secret_token()
    );
    let temp = TempFile {
        path: Some(dir.join(name)),
    };
    let mut file = tokio::fs::File::create(temp.path()).await?;
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut head = Vec::with_capacity(4096);
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|e| {
            // The body limit of the route ends the stream with an error once passed.
            if e.to_string().to_lowercase().contains("limit") {
                ReceiveError::TooLarge
            } else {
                ReceiveError::Io(std::io::Error::other(e.to_string()))
            }
        })?;
        size += chunk.len() as u64;
        if size > limit {
            return Err(ReceiveError::TooLarge);
        }
        if head.len() < 4096 {
            let take = (4096 - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        hasher.update(&chunk);
        file.write_all(&chunk).await?;
    }
    file.flush().await?;
    if size == 0 {
        return Err(ReceiveError::Empty);
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Received {
        temp,
        sha256,
        size,
        head,
    })
}

/// The file's type, reading the ZIP central directory from disk when needed.
pub async fn identify(received: &Received) -> std::io::Result<Option<FileType>> {
    if !is_zip(&received.head) {
        return Ok(sniff(&received.head, &[]));
    }
    let mut file = tokio::fs::File::open(received.temp.path()).await?;
    let tail_len = received.size.min(70_000);
    file.seek(std::io::SeekFrom::Start(received.size - tail_len))
        .await?;
    let mut tail = vec![0; tail_len as usize];
    file.read_exact(&mut tail).await?;
    let names = match central_directory(&tail) {
        Some((offset, len)) if offset + len <= received.size && len < 10_000_000 => {
            let mut directory = vec![0; len as usize];
            file.seek(std::io::SeekFrom::Start(offset)).await?;
            file.read_exact(&mut directory).await?;
            entry_names(&directory)
        }
        _ => Vec::new(),
    };
    Ok(sniff(&received.head, &names))
}

/// Moves the received file to its content address (dropping it if that content is stored already).
pub async fn keep(mut received: Received, dir: &Path) -> std::io::Result<()> {
    let target = dir.join(&received.sha256);
    if tokio::fs::try_exists(&target).await? {
        return Ok(()); // the temporary copy is removed on drop
    }
    if let Some(path) = received.temp.path.take() {
        tokio::fs::rename(&path, &target).await?;
    }
    Ok(())
}

/// Removes a stored file whose last document is gone.
pub async fn forget(dir: &Path, sha256: &str) {
    if sha256.len() == 64 && sha256.chars().all(|c| c.is_ascii_hexdigit()) {
        let _ = tokio::fs::remove_file(dir.join(sha256)).await;
    }
}

/// Stores bytes that need no checking (the demo's own files) under their content address;
/// returns (sha256, size).
pub async fn store_bytes(dir: &Path, bytes: &[u8]) -> std::io::Result<(String, u64)> {
    tokio::fs::create_dir_all(dir).await?;
    let sha256: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    tokio::fs::write(dir.join(&sha256), bytes).await?;
    Ok((sha256, bytes.len() as u64))
}
