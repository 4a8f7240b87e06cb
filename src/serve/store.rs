//! The built files of `yusuan serve`, held in memory until they are downloaded or expire.
//!
//! Each file gets its own random, unguessable id (128 bits from the operating system), so one
//! user cannot reach another's files; nothing is written to disk, so the user's file names
//! never reach the file system. Files expire after `TTL`; when the store holds more than
//! `MAX_BYTES`, the oldest go first.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;

/// How long a built file can be downloaded.
pub const TTL: Duration = Duration::from_secs(60 * 60);

/// The most the store holds at once (a department's four files are well under 10 MB).
const MAX_BYTES: usize = 512 << 20;

/// One stored file.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The name the browser saves it under.
    pub name: String,
    pub mime: &'static str,
    pub bytes: Bytes,
    expires: Instant,
}

/// The files, by id.
#[derive(Debug, Default)]
pub struct Store {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    files: HashMap<String, Stored>,
    /// Ids, oldest first.
    order: VecDeque<String>,
    bytes: usize,
}

impl Store {
    /// Keeps a file; returns its id, or `None` when the system has no randomness to give.
    pub fn put(&self, name: String, mime: &'static str, bytes: Bytes) -> Option<String> {
        let id = random_id()?;
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.sweep(Instant::now());
        while inner.bytes + bytes.len() > MAX_BYTES && inner.evict_oldest() {}
        inner.bytes += bytes.len();
        inner.order.push_back(id.clone());
        let stored = Stored {
            name,
            mime,
            bytes,
            expires: Instant::now() + TTL,
        };
        inner.files.insert(id.clone(), stored);
        Some(id)
    }

    /// The file with this id, unless it has expired.
    pub fn get(&self, id: &str) -> Option<Stored> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.sweep(Instant::now());
        inner.files.get(id).cloned()
    }
}

impl Inner {
    /// Drops the expired files (they expire in the order they came).
    fn sweep(&mut self, now: Instant) {
        while let Some(id) = self.order.front() {
            match self.files.get(id) {
                Some(f) if f.expires > now => break,
                _ => {
                    self.evict_oldest();
                }
            }
        }
    }

    fn evict_oldest(&mut self) -> bool {
        match self.order.pop_front() {
            Some(id) => {
                if let Some(f) = self.files.remove(&id) {
                    self.bytes -= f.bytes.len();
                }
                true
            }
            None => false,
        }
    }
}

/// 32 hex digits of the operating system's randomness.
fn random_id() -> Option<String> {
    let mut raw = [0u8; 16];
    getrandom::fill(&mut raw).ok()?;
    Some(raw.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_found_by_their_own_id_only() {
        let store = Store::default();
        let a = store
            .put("a.xlsx".into(), "x", Bytes::from_static(b"a"))
            .unwrap();
        let b = store
            .put("b.xlsx".into(), "x", Bytes::from_static(b"b"))
            .unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert_eq!(store.get(&a).unwrap().bytes, Bytes::from_static(b"a"));
        assert_eq!(store.get(&b).unwrap().name, "b.xlsx");
        assert!(store.get("0123").is_none());
    }

    #[test]
    fn expired_files_are_gone() {
        let store = Store::default();
        let id = store
            .put("a".into(), "x", Bytes::from_static(b"abc"))
            .unwrap();
        let mut inner = store.inner.lock().unwrap();
        inner.sweep(Instant::now() + TTL + Duration::from_secs(1));
        assert!(!inner.files.contains_key(&id));
        assert_eq!(inner.bytes, 0);
    }
}
