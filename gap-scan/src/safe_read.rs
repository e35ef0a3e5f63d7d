//! The one way gap-scan reads a file of the scanned tree: source files, project markers (`package.json`,
//! `Cargo.toml`, `go.mod`...), configuration and ignore files all come through [`read`].
//!
//! The tree is untrusted. A file is read only when it is a regular file at that very path: the last component
//! is opened without following a symbolic link (so a `gap.toml -> /etc/passwd` or `.gitignore -> /dev/zero`
//! is refused, not read), without blocking (a FIFO swapped in during the scan cannot hang it), and the opened
//! file itself is checked to be regular before a byte is read. At most `cap` bytes are read, so a file that
//! grows while it is read cannot exhaust memory. Callers pass paths the walker found inside the root, or
//! names joined directly onto the root, so no component above the last leaves it.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// The largest source file read, in bytes; larger ones are left out as `too_large`.
pub const MAX_SOURCE_BYTES: u64 = 128 << 20;

/// The largest project marker, configuration or ignore file read, in bytes.
pub const MAX_SMALL_FILE_BYTES: u64 = 8 << 20;

/// Why a file of the tree was not read.
#[derive(Debug)]
pub enum Refused {
    /// The path is a symbolic link.
    Symlink,
    /// The path is a FIFO, socket or device, or a folder.
    Special(&'static str),
    /// The file holds more than the cap.
    TooLarge { cap: u64 },
    /// Opening or reading failed.
    Io(std::io::Error),
}

impl Refused {
    /// The `excluded` reason code for this refusal (docs/schema.md).
    pub fn reason(&self) -> &'static str {
        match self {
            Refused::Symlink => "symlink",
            Refused::Special(_) => "special_file",
            Refused::TooLarge { .. } => "too_large",
            Refused::Io(_) => "unreadable",
        }
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Symlink => write!(f, "a symbolic link; not followed"),
            Refused::Special(kind) => write!(f, "a {kind}, not a regular file; not read"),
            Refused::TooLarge { cap } => write!(f, "larger than {} MiB; not read", cap >> 20),
            Refused::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

/// What kind of non-regular file `t` is, for messages.
fn special_kind(t: std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "folder"
    } else if t.is_fifo() {
        "FIFO"
    } else if t.is_socket() {
        "socket"
    } else if t.is_char_device() || t.is_block_device() {
        "device"
    } else if t.is_symlink() {
        "symbolic link"
    } else {
        "special file"
    }
}

/// Reads the regular file at `path` (inside the scanned root), at most `cap` bytes.
pub fn read(path: &Path, cap: u64) -> Result<Vec<u8>, Refused> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => Refused::Symlink,
            _ => Refused::Io(e),
        })?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.file_type().is_file() {
        return Err(Refused::Special(special_kind(meta.file_type())));
    }
    if meta.len() > cap {
        return Err(Refused::TooLarge { cap });
    }
    // A regular file is read up to the size it had when opened (a file that grows meanwhile is read as it
    // was): one `read` call, none more to find its end. A size of 0 may be a file whose size the system does
    // not know (procfs): it is read to its end, up to the cap.
    let size = meta.len();
    let limit = if size == 0 { cap + 1 } else { size };
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > cap {
        return Err(Refused::TooLarge { cap });
    }
    Ok(bytes)
}

/// Reads a small text file of the tree (a project marker, configuration or ignore file) as UTF-8, a leading
/// byte-order mark dropped.
pub fn read_text(path: &Path) -> Result<String, Refused> {
    let bytes = read(path, MAX_SMALL_FILE_BYTES)?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        Refused::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        ))
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_and_refuses_links_fifos_devices_and_giants() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.py"), "\u{feff}x = 1\n").unwrap();
        assert_eq!(read_text(&d.join("a.py")).unwrap(), "x = 1\n");

        std::os::unix::fs::symlink("/dev/zero", d.join("zero")).unwrap();
        assert!(matches!(read(&d.join("zero"), 10), Err(Refused::Symlink)));
        std::os::unix::fs::symlink(d.join("a.py"), d.join("link.py")).unwrap();
        assert_eq!(
            read(&d.join("link.py"), 10).unwrap_err().reason(),
            "symlink"
        );

        let fifo = d.join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let refused = read(&fifo, 10).unwrap_err();
        assert_eq!(refused.reason(), "special_file");
        assert!(refused.to_string().contains("FIFO"));

        assert_eq!(
            read(Path::new("/dev/null"), 10).unwrap_err().reason(),
            "special_file"
        );
        assert_eq!(read(d, 10).unwrap_err().reason(), "special_file");

        std::fs::write(d.join("big.py"), vec![b'x'; 100]).unwrap();
        assert_eq!(
            read(&d.join("big.py"), 99).unwrap_err().reason(),
            "too_large"
        );
        assert_eq!(read(&d.join("big.py"), 100).unwrap().len(), 100);
        // A regular file whose size the system gives as 0 is read to its end all the same.
        let status = read(Path::new("/proc/self/status"), 1 << 20).unwrap();
        assert!(status.starts_with(b"Name:"), "{status:?}");
        assert!(status.ends_with(b"\n"));
        assert_eq!(
            read(&d.join("missing.py"), 10).unwrap_err().reason(),
            "unreadable"
        );
    }
}
