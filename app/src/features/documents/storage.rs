//! Uploaded files: received into a temporary file (the system's temporary directory) while hashed
//! and counted, identified by content, then written into the database in chunks with their
//! record (`DocumentStore::add_document`). Anything refused leaves nothing behind.

use super::sniff::{central_directory, entry_names, is_zip, sniff, FileType};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

/// Where earlier versions kept documents: moved into the database at start-up.
pub fn legacy_documents_dir(data_dir: &Path) -> PathBuf {
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
    /// The upload itself broke off or was malformed (the client's fault: a 400).
    Cut,
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
                ReceiveError::Cut
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

/// Adds the document with the received file's bytes, read from disk a chunk at a time.
pub async fn keep(
    store: &dyn crate::store::Store,
    received: &Received,
    record: &super::store::NewDocument,
) -> Result<super::types::DocumentId, crate::db::StoreError> {
    let mut file = tokio::fs::File::open(received.temp.path())
        .await
        .map_err(|e| crate::db::StoreError::Other(Box::new(e)))?;
    store.add_document(record, &mut file).await
}

/// The content address and size of `bytes`.
pub fn address_of(bytes: &[u8]) -> (String, u64) {
    let sha256: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (sha256, bytes.len() as u64)
}

/// Moves the files an earlier version kept under `<data dir>/documents/<sha256>` into the
/// database (documents that name them get their content), then removes them; returns how many
/// contents moved. A file whose bytes do not match its name, or that no document names, is
/// left where it is and reported in the log.
pub async fn import_legacy_files(
    store: &dyn crate::store::Store,
    data_dir: &Path,
) -> Result<usize, crate::db::StoreError> {
    let other = |e: std::io::Error| crate::db::StoreError::Other(Box::new(e));
    let dir = legacy_documents_dir(data_dir);
    let Ok(mut entries) = tokio::fs::read_dir(&dir).await else {
        return Ok(0);
    };
    let mut moved = 0;
    while let Some(entry) = entries.next_entry().await.map_err(other)? {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.len() != 64 || !name.chars().all(|c| c.is_ascii_hexdigit()) {
            continue;
        }
        if store.content_stored(&name).await? {
            let _ = tokio::fs::remove_file(entry.path()).await;
            continue;
        }
        let Some(named_size) = store.named_content_size(&name).await? else {
            tracing::warn!(file = %name, "a stored file no document names was left in place");
            continue;
        };
        // Hash it while reading it once, then write it in chunks from the start again.
        let mut file = tokio::fs::File::open(entry.path()).await.map_err(other)?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buffer = vec![0u8; super::store::CHUNK_BYTES];
        loop {
            let n = file.read(&mut buffer).await.map_err(other)?;
            if n == 0 {
                break;
            }
            size += n as u64;
            hasher.update(&buffer[..n]);
        }
        let sha256: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if sha256 != name || size as i64 != named_size {
            tracing::warn!(file = %name, "a stored file does not match its name; left in place");
            continue;
        }
        file.seek(std::io::SeekFrom::Start(0))
            .await
            .map_err(other)?;
        store.store_content(&name, named_size, &mut file).await?;
        let _ = tokio::fs::remove_file(entry.path()).await;
        moved += 1;
    }
    let _ = tokio::fs::remove_dir(&dir).await; // only when empty
    Ok(moved)
}
