//! Tables read within bounds: the memory a table takes grows with its number of rows, never with the
//! size of one row or one field. A file whose row has 64 million fields, or a field of a gigabyte, would
//! otherwise be held whole before any check could see it. [`Bounded`] watches the bytes on their way to the
//! CSV parser and stops the read where a cap is passed, saying where.

use std::io::Read;
use std::sync::{Arc, Mutex};

/// The most fields one row (the header too) may have.
pub const MAX_FIELDS: usize = 4_096;
/// The most bytes one field may have: 1 MiB.
pub const MAX_FIELD_BYTES: usize = 1 << 20;
/// The most bytes one row may have: 16 MiB.
pub const MAX_ROW_BYTES: usize = 16 << 20;

/// Where a table passed a cap, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow {
    /// The line (1-based, as the file's lines are counted) where the cap was passed.
    pub line: usize,
    /// The field (1-based) of its row.
    pub column: usize,
    /// What was too large.
    pub message: String,
}

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

/// A reader that passes a delimited table through unchanged while counting, outside quotes, the fields of
/// each row and the bytes of each field and row. Past a cap it fails once with the place, and then reads
/// as ended; the place is also left in [`Bounded::overflow`] for the caller.
#[derive(Debug)]
pub struct Bounded<R> {
    inner: R,
    delimiter: u8,
    in_quotes: bool,
    line: usize,
    fields: usize,
    field_bytes: usize,
    row_bytes: usize,
    overflow: Arc<Mutex<Option<Overflow>>>,
    /// The cap passed, to fail with once the rows before it are delivered.
    pending: Option<Overflow>,
    stopped: bool,
}

impl<R: Read> Bounded<R> {
    /// Watches `inner`, a table whose fields are separated by `delimiter`.
    pub fn new(inner: R, delimiter: u8) -> Self {
        Self {
            inner,
            delimiter,
            in_quotes: false,
            line: 1,
            fields: 1,
            field_bytes: 0,
            row_bytes: 0,
            overflow: Arc::new(Mutex::new(None)),
            pending: None,
            stopped: false,
        }
    }

    /// Where the read passed a cap, once it has; shared, so it can be read after the reader is moved.
    #[must_use]
    pub fn overflow(&self) -> Arc<Mutex<Option<Overflow>>> {
        Arc::clone(&self.overflow)
    }

    /// Follows `bytes` through the table's structure; the first cap passed, if any, with how many of the
    /// bytes end whole rows before it (those are still delivered).
    fn follow(&mut self, bytes: &[u8]) -> Option<(usize, Overflow)> {
        let mut start = 0;
        let mut rows_end = 0;
        for at in memchr::memchr3_iter(b'"', self.delimiter, b'\n', bytes) {
            self.field_bytes += at - start;
            self.row_bytes += at - start + 1;
            start = at + 1;
            match bytes[at] {
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' if self.in_quotes => {
                    self.line += 1;
                    self.field_bytes += 1;
                }
                b'\n' => {
                    self.line += 1;
                    self.fields = 1;
                    self.field_bytes = 0;
                    self.row_bytes = 0;
                    rows_end = at + 1;
                }
                _ if self.in_quotes => self.field_bytes += 1,
                _ => {
                    self.fields += 1;
                    self.field_bytes = 0;
                }
            }
            if let Some(overflow) = self.check() {
                return Some((rows_end, overflow));
            }
        }
        self.field_bytes += bytes.len() - start;
        self.row_bytes += bytes.len() - start;
        self.check().map(|overflow| (rows_end, overflow))
    }

    /// The cap passed now, if any.
    fn check(&self) -> Option<Overflow> {
        let message = if self.fields > MAX_FIELDS {
            format!("a row of more than {MAX_FIELDS} fields; reading stopped here")
        } else if self.field_bytes > MAX_FIELD_BYTES {
            format!("a field longer than {} MiB; reading stopped here", MAX_FIELD_BYTES >> 20)
        } else if self.row_bytes > MAX_ROW_BYTES {
            format!("a row longer than {} MiB; reading stopped here", MAX_ROW_BYTES >> 20)
        } else {
            return None;
        };
        Some(Overflow { line: self.line, column: self.fields.min(MAX_FIELDS + 1), message })
    }
}

impl<R> Bounded<R> {
    /// Stops the read: records where and why, and gives the error to return.
    fn fail(&mut self, overflow: Overflow) -> std::io::Error {
        self.stopped = true;
        let message = overflow.to_string();
        if let Ok(mut slot) = self.overflow.lock() {
            *slot = Some(overflow);
        }
        std::io::Error::new(std::io::ErrorKind::InvalidData, message)
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(overflow) = self.pending.take() {
            return Err(self.fail(overflow));
        }
        if self.stopped {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        match self.follow(&buf[..n]) {
            None => Ok(n),
            // The whole rows before the cap go through first; the next read fails.
            Some((rows_end, overflow)) if rows_end > 0 => {
                self.pending = Some(overflow);
                Ok(rows_end)
            }
            Some((_, overflow)) => Err(self.fail(overflow)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> (Vec<u8>, Option<Overflow>) {
        let mut reader = Bounded::new(bytes, b',');
        let slot = reader.overflow();
        let mut out = Vec::new();
        let _ = reader.read_to_end(&mut out);
        let overflow = slot.lock().expect("lock").clone();
        (out, overflow)
    }

    #[test]
    fn the_rows_before_the_cap_are_delivered_whole() {
        let mut table = b"a,b\n1,2\n".to_vec();
        table.extend(std::iter::repeat_n(b',', MAX_FIELDS + 10));
        let (out, overflow) = read_all(&table);
        // Everything up to the row that passes the cap, and nothing past the cap.
        assert!(out.starts_with(b"a,b\n1,2\n"), "{:?}", &out[..8]);
        assert!(out.len() <= 8 + MAX_FIELDS, "{} bytes went through", out.len());
        assert!(overflow.is_some());
    }

    #[test]
    fn ordinary_tables_pass_through_unchanged() {
        let table = b"a,b,\"c, with \"\"quotes\"\" and\na newline\"\n1,2,3\n".repeat(1_000);
        let (out, overflow) = read_all(&table);
        assert_eq!(out, table);
        assert_eq!(overflow, None);
    }

    #[test]
    fn a_row_of_too_many_fields_stops_the_read_where_it_happens() {
        let mut table = b"a,b\n1,2\n".to_vec();
        table.extend(std::iter::repeat_n(b',', MAX_FIELDS + 10));
        let (_, overflow) = read_all(&table);
        let overflow = overflow.expect("stopped");
        assert_eq!((overflow.line, overflow.column), (3, MAX_FIELDS + 1), "{overflow}");
        assert!(overflow.message.contains("more than 4096 fields"));
    }

    #[test]
    fn a_giant_field_or_row_stops_the_read_even_inside_quotes() {
        let mut table = b"a,b\n\"".to_vec();
        table.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES + 1));
        let (_, overflow) = read_all(&table);
        assert_eq!(overflow.map(|o| (o.line, o.column)), Some((2, 1)));
        // Many fields of 1 MiB each: the row passes its own cap.
        let field = vec![b'y'; MAX_FIELD_BYTES - 1];
        let mut table = b"a\n".to_vec();
        for _ in 0..20 {
            table.extend_from_slice(&field);
            table.push(b',');
        }
        let (_, overflow) = read_all(&table);
        let overflow = overflow.expect("stopped");
        assert!(overflow.message.contains("a row longer than 16 MiB"), "{overflow}");
        assert_eq!(overflow.line, 2);
    }
}
