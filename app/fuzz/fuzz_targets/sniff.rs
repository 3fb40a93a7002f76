//! Any uploaded bytes: the type sniffer and the zip directory reader never panic, and what they
//! call a zip document has a zip's signature.
#![no_main]

use app::features::documents::sniff;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let names = sniff::central_directory(data)
        .and_then(|(offset, size)| {
            let start = usize::try_from(offset).ok()?;
            let end = start.checked_add(usize::try_from(size).ok()?)?;
            data.get(start..end)
        })
        .map(sniff::entry_names)
        .unwrap_or_default();
    let head = &data[..data.len().min(4096)];
    if let Some(found) = sniff::sniff(head, &names) {
        let _ = found.extension();
        let _ = found.content_type();
    }
    let _ = sniff::is_zip(data);
    let _ = sniff::download_name(&String::from_utf8_lossy(data), "pdf");
});
