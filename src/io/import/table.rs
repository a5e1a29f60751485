//! Delimited text tables (CSV, TSV, semicolon- or pipe-separated) read row by row for the importers:
//! delimiter sniffing, header names matched case- and space-insensitively, UTF-8 with a Latin-1
//! fallback per field, ragged rows and bad values reported with their line, and conversion of rows to
//! incidents on every core while the file is still being read.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};

use super::bounded::{Bounded, MAX_FIELDS, Overflow};
use crate::io::diagnostic::{Diagnostic, Location, Severity};
use crate::model::{Incident, Properties};
use crate::sys::threads::spawn_scoped;

/// Rows converted per batch (one unit of work for a converting thread).
const BATCH_ROWS: usize = 8_192;
/// More columns than this is not a table (a one-line blob, or the wrong delimiter on a huge line).
/// The most rows the list of incidents is sized for in advance (a guess from the file's length).
const MAX_RESERVED_ROWS: usize = 50_000_000;
/// Bytes looked at to choose the delimiter and to spot binary files.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// A table's header: the names as written and a look-up by normalised name.
#[derive(Debug, Clone)]
pub struct Header {
    /// The column names as written.
    pub names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Header {
    /// A header from its names; a column without a name (a spreadsheet's row numbers, pandas' index) is
    /// called `column1`, `column2`, … by its place.
    #[must_use]
    pub fn new(mut names: Vec<String>) -> Self {
        for (k, name) in names.iter_mut().enumerate() {
            if name.trim_start_matches('\u{feff}').trim().is_empty() {
                *name = format!("column{}", k + 1);
            }
        }
        let mut index = HashMap::new();
        for (k, name) in names.iter().enumerate() {
            index.entry(normalise(name)).or_insert(k);
        }
        Self { names, index }
    }

    /// The column of the first of `candidates` present (names compared lower-case, spaces and
    /// underscores ignored).
    #[must_use]
    pub fn find(&self, candidates: &[&str]) -> Option<usize> {
        candidates.iter().find_map(|c| self.index.get(&normalise(c)).copied())
    }

    /// Whether every one of `names` is a column.
    #[must_use]
    pub fn has_all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.index.contains_key(&normalise(n)))
    }
}

/// The columns of `names` whose position is not in `used`, with their names: the columns an importer
/// keeps as they are, after taking what it maps to incident fields.
pub fn other_columns<'a>(
    names: &'a [String],
    used: &'a [usize],
) -> impl Iterator<Item = (usize, &'a String)> {
    names.iter().enumerate().filter(move |(k, _)| !used.contains(k))
}

/// `Event_Date ` → `eventdate`: lower case, no spaces, underscores, dashes or byte-order mark.
#[must_use]
pub fn normalise(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Values sampled from each column (non-empty, trimmed), at most [`Samples::MAX`] per column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Samples {
    columns: Vec<Vec<String>>,
}

impl Samples {
    /// The most values kept per column.
    pub const MAX: usize = 2_000;

    /// Samples of `width` columns from records, each giving field `k` by `value(k)`.
    pub fn new<'a, R>(width: usize, records: impl IntoIterator<Item = R>) -> Self
    where
        R: Fn(usize) -> Option<&'a str>,
    {
        let mut columns = vec![Vec::new(); width];
        for record in records {
            for (k, column) in columns.iter_mut().enumerate() {
                if column.len() < Self::MAX
                    && let Some(v) = record(k).map(str::trim).filter(|v| !v.is_empty())
                {
                    column.push(v.to_owned());
                }
            }
        }
        Self { columns }
    }

    /// The sampled values of column `k`.
    #[must_use]
    pub fn of(&self, k: usize) -> &[String] {
        self.columns.get(k).map_or(&[], Vec::as_slice)
    }
}

/// One data row: its line in the file (1-based, where the row starts) and its fields as text.
#[derive(Debug, Clone)]
pub struct Row {
    /// Line of the file where the row starts.
    pub line: usize,
    /// The fields, decoded (UTF-8, or Latin-1 when not UTF-8), in one buffer.
    pub fields: csv::StringRecord,
}

impl Row {
    /// A row from text fields.
    #[must_use]
    pub fn new<S: AsRef<str>>(line: usize, fields: &[S]) -> Self {
        Self {
            line,
            fields: csv::StringRecord::from(fields.iter().map(AsRef::as_ref).collect::<Vec<&str>>()),
        }
    }

    /// The non-empty fields of `columns` as properties named as given (the columns an importer keeps).
    #[must_use]
    pub fn properties(&self, columns: &[(usize, String)]) -> Properties {
        Properties::from_text_pairs(
            columns.iter().filter_map(|(k, name)| self.get(Some(*k)).map(|v| (name.as_str(), v))),
        )
    }

    /// The field at `column` as written, spaces and all; `None` when the column is absent or the field
    /// empty (our own CSV, read back exactly).
    #[must_use]
    pub fn raw(&self, column: usize) -> Option<&str> {
        self.fields.get(column).filter(|s| !s.is_empty())
    }

    /// The trimmed field at `column`, `None` when the column is absent or the field empty.
    #[must_use]
    pub fn get(&self, column: Option<usize>) -> Option<&str> {
        column.and_then(|c| self.fields.get(c)).map(str::trim).filter(|s| !s.is_empty())
    }
}

/// The first bytes of a file, to sniff its format and delimiter.
#[must_use]
pub fn head(bytes: &[u8]) -> &[u8] {
    &bytes[..bytes.len().min(SNIFF_BYTES)]
}

/// The delimiter that splits the first lines into the most, equal, columns: `,`, `\t`, `;` or `|`.
#[must_use]
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let text = String::from_utf8_lossy(head);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(6).collect();
    let count = |line: &str, d: char| {
        let mut quoted = false;
        line.chars()
            .filter(|&c| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == d && !quoted
            })
            .count()
    };
    let mut best = (b',', 0usize, false);
    for d in [',', '\t', ';', '|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count(l, d)).collect();
        let first = counts.first().copied().unwrap_or(0);
        // A complete last line may be cut by the sniff window: judge by all but the last.
        let steady = counts.len() < 2 || counts[..counts.len() - 1].iter().all(|&c| c == first);
        let better = (steady && !best.2 && first > 0) || (steady == best.2 && first > best.1);
        if better {
            let byte = d as u8;
            best = (byte, first, steady);
        }
    }
    best.0
}

/// The legacy encoding that text which is not UTF-8 is read in, as `chardetng` guesses it from a file's
/// first bytes: Windows-1251 for Russian, Windows-1252 for Western European text, and so on (Windows-1252
/// when the bytes say nothing).
///
/// ```
/// use incident_atlas::io::import::table::legacy_encoding;
/// let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode("Москва,Нальчик,Махачкала,Грозный\n");
/// assert_eq!(legacy_encoding(&cp1251).name(), "windows-1251");
/// assert_eq!(legacy_encoding(b"caf\xe9,na\xefve,se\xf1or\n").name(), "windows-1252");
/// assert_eq!(legacy_encoding(b"\xef\xbb\xbftitle\nCaf\xe9 bombing\n").name(), "windows-1252");
/// ```
#[must_use]
pub fn legacy_encoding(head: &[u8]) -> &'static encoding_rs::Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // A UTF-8 byte-order mark before legacy text (a file edited twice) is not text to judge by.
    detector.feed(head.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(head), true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// Decodes a field: UTF-8 as is; otherwise in `legacy` (see [`legacy_encoding`]), and `used` is set.
pub(crate) fn decode(bytes: &[u8], legacy: &'static encoding_rs::Encoding, used: &mut bool) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_owned()
    } else {
        *used = true;
        legacy.decode_without_bom_handling(bytes).0.into_owned()
    }
}

/// What reading a table produced.
#[derive(Debug, Default)]
pub struct TableOutcome {
    /// Incidents from the good rows, in file order.
    pub incidents: Vec<Incident>,
    /// Data rows read (good and bad).
    pub rows: usize,
    /// Bad rows (errors: skipped) and doubtful ones (warnings: kept), in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Converts one row to an incident, or says what is wrong with it (`field`, message) — errors skip the
/// row; warnings come back beside the incident.
pub type Converted = Result<(Incident, Vec<(String, String)>), (String, String)>;

/// How a table's columns are named.
#[derive(Debug, Clone, Copy)]
pub enum Names<'a> {
    /// By the table's first line.
    FirstLine,
    /// By these names, in place of the first line's (which is then skipped).
    Replacing(&'a [String]),
    /// By these names; the first line is data. An empty list numbers the columns (`column1`, …) by the
    /// first line's width.
    NoHeader(&'a [String]),
}

/// The most bytes of rows held back to sample the columns' values before converting starts.
const SAMPLE_BYTES: usize = 4 << 20;

/// Reads a delimited table from `reader` and converts its rows with `convert` on every core; `shape` is
/// the delimiter and the table's length in bytes when known (0 if not), from which the list of
/// incidents is sized once instead of growing by copies. The header (or the `names` given) and a sample of
/// the first rows' values are handed to `prepare`, which returns the converter (or refuses the file).
/// With `strict`, the first bad row stops the read. Text that is not UTF-8 is read in `legacy` (see
/// [`legacy_encoding`]).
///
/// # Errors
/// A [`Diagnostic`] for a file that is empty, binary, has no header, or that `prepare` refuses.
pub fn read_table<R, P, C>(
    reader: R,
    (delimiter, size): (u8, u64),
    file: &str,
    (names, strict, legacy): (Names<'_>, bool, &'static encoding_rs::Encoding),
    prepare: P,
) -> Result<TableOutcome, Diagnostic>
where
    R: Read + Send,
    P: FnOnce(&Header, &Samples) -> Result<C, String>,
    C: Fn(&Row) -> Converted + Sync,
{
    let whole = |message: String| Diagnostic::file_error(file, message);
    // Memory grows with the rows, not with one row's or one field's size: past a cap the read stops.
    let bounded = Bounded::new(reader, delimiter);
    let overflow = bounded.overflow();
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(bounded);
    let mut records = csv.byte_records();
    let (header, mut legacy_used, early, samples) = header_and_sample(&mut records, names, legacy, file)?;
    let width = header.names.len();
    let convert = prepare(&header, &samples).map_err(whole)?;
    let mut outcome = TableOutcome::default();
    if legacy_used {
        let message = format!("the header is not UTF-8; read as {}", legacy.name());
        outcome.diagnostics.push(warning(file, 1, None, &message));
    }

    // Reading and converting overlap: this thread reads batches of rows; workers convert them.
    let (batches_in, batches_out) = sync_channel::<(usize, Vec<Row>)>(4);
    let batches_out = Mutex::new(batches_out);
    let (results_in, results_out) = std::sync::mpsc::channel::<(usize, Vec<(usize, Converted)>)>();
    let workers = crate::sys::parallel::workers();
    let mut read_problems: Vec<Diagnostic> = Vec::new();
    let expected_rows = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for k in 0..workers {
            let results_in = results_in.clone();
            let (convert, batches_out) = (&convert, &batches_out);
            spawn_scoped(scope, &format!("import-{k}"), move || {
                loop {
                    let next = batches_out.lock().ok().and_then(|rx| rx.recv().ok());
                    let Some((k, rows)) = next else { break };
                    let done = rows.into_iter().map(|row| (row.line, convert(&row))).collect();
                    if results_in.send((k, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(results_in);
        let expected_rows = &expected_rows;
        let collector =
            spawn_scoped(scope, "import-collect", move || collect(results_out, expected_rows, file, strict));
        let mut batch = Vec::with_capacity(BATCH_ROWS);
        let mut batch_number = 0;
        // Records counted from the first line: the line of a record in a file whose lines end in a lone
        // carriage return (old Mac spreadsheets), where the reader counts no lines.
        let first_data = if matches!(names, Names::NoHeader(_)) { 1 } else { 2 };
        for (k, record) in early.into_iter().chain(records).enumerate() {
            let at_least = (first_data + k, file);
            let (row, start_byte) =
                match row_of(record, width, at_least, (legacy, &mut legacy_used), &overflow) {
                    RowRead::Blank => continue,
                    RowRead::Stopped(problem) => {
                        outcome.rows += 1;
                        read_problems.push(problem);
                        break;
                    }
                    RowRead::Unreadable(problem) => {
                        read_problems.push(problem);
                        if strict {
                            break;
                        }
                        continue;
                    }
                    RowRead::Bad(problem) => {
                        outcome.rows += 1;
                        read_problems.push(problem);
                        if strict {
                            break;
                        }
                        continue;
                    }
                    RowRead::Row(row, start_byte) => (row, start_byte),
                };
            outcome.rows += 1;
            batch.push(row);
            if batch.len() == BATCH_ROWS {
                if batch_number == 0 {
                    expected_rows.store(rows_in(size, outcome.rows, start_byte), Ordering::Relaxed);
                }
                if batches_in.send((batch_number, std::mem::take(&mut batch))).is_err() {
                    break;
                }
                batch_number += 1;
                batch.reserve(BATCH_ROWS);
            }
        }
        if !batch.is_empty() {
            let _ = batches_in.send((batch_number, batch));
        }
        drop(batches_in);
        match collector.join() {
            Ok((incidents, diagnostics)) => {
                outcome.incidents = incidents;
                outcome.diagnostics.extend(diagnostics);
            }
            Err(_) => read_problems.push(whole("converting rows failed unexpectedly".into())),
        }
    });
    finish(&mut outcome, read_problems, legacy_used.then_some(legacy), strict, file);
    Ok(outcome)
}

/// Rows read ahead of converting, as the reader gave them.
type HeldRows = Vec<csv::Result<csv::ByteRecord>>;

/// The table's header (or the names given) and whether it was read in `legacy` (not UTF-8), then the
/// first rows held back (within a byte budget) and a sample of each column's values from them.
fn header_and_sample<R: Read>(
    records: &mut csv::ByteRecordsIter<'_, R>,
    names: Names<'_>,
    legacy: &'static encoding_rs::Encoding,
    file: &str,
) -> Result<(Header, bool, HeldRows, Samples), Diagnostic> {
    let mut early: Vec<csv::Result<csv::ByteRecord>> = Vec::new();
    let (header, legacy_used) = match names {
        Names::FirstLine => header_of(records.next(), legacy, file)?,
        Names::Replacing(given) => {
            header_of(records.next(), legacy, file)?;
            (Header::new(given.to_vec()), false)
        }
        Names::NoHeader([]) => {
            let first = records.next();
            let width = match &first {
                Some(Ok(r)) => r.len(),
                _ => 0,
            };
            early.extend(first);
            (Header::new((1..=width).map(|k| format!("column{k}")).collect()), false)
        }
        Names::NoHeader(given) => (Header::new(given.to_vec()), false),
    };
    let width = header.names.len();
    let mut held = 0;
    while early.len() < Samples::MAX && held < SAMPLE_BYTES {
        let Some(record) = records.next() else { break };
        held += record.as_ref().map_or(0, |r| r.as_slice().len());
        early.push(record);
    }
    let samples = Samples::new(
        width,
        early
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|r| move |k: usize| r.get(k).and_then(|b| std::str::from_utf8(b).ok())),
    );
    Ok((header, legacy_used, early, samples))
}

/// The header, from the table's first record, and whether it had to be read in `legacy` (not UTF-8).
fn header_of(
    first: Option<csv::Result<csv::ByteRecord>>,
    legacy: &'static encoding_rs::Encoding,
    file: &str,
) -> Result<(Header, bool), Diagnostic> {
    let whole = |message: String| Diagnostic::file_error(file, message);
    let mut legacy_used = false;
    let header = match first {
        None => return Err(whole("the file is empty".into())),
        Some(Err(e)) => return Err(whole(format!("cannot read the header: {e}"))),
        Some(Ok(record)) => Header::new(
            record.iter().map(|f| decode(f, legacy, &mut legacy_used).trim().to_owned()).collect(),
        ),
    };
    let width = header.names.len();
    if width > MAX_FIELDS {
        return Err(whole(format!(
            "the first line has {width} fields; a table header has at most {MAX_FIELDS}"
        )));
    }
    Ok((header, legacy_used))
}

/// One record of a table, as read.
enum RowRead {
    /// An empty line: not a row.
    Blank,
    /// The reader could not read it (it is not counted as a row).
    Unreadable(Diagnostic),
    /// The table passed a cap here: nothing more is read, in strict mode or not.
    Stopped(Diagnostic),
    /// A row of the wrong width.
    Bad(Diagnostic),
    /// A row to convert, and the byte it starts at.
    Row(Row, u64),
}

/// Checks one record against the header's `width` and decodes it (in the legacy encoding when it is not
/// UTF-8, which sets the flag beside it); `at_least` is the line it cannot start before (its number among
/// the records).
fn row_of(
    record: csv::Result<csv::ByteRecord>,
    width: usize,
    (at_least, file): (usize, &str),
    (legacy, legacy_used): (&'static encoding_rs::Encoding, &mut bool),
    overflow: &Mutex<Option<Overflow>>,
) -> RowRead {
    let record = match record {
        Ok(r) => r,
        Err(_) if let Some(o) = overflow.lock().ok().and_then(|slot| slot.clone()) => {
            return RowRead::Stopped(error(file, o.line, Some(format!("column {}", o.column)), &o.message));
        }
        Err(e) => {
            let line = e.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
            return RowRead::Unreadable(error(file, line, None, &format!("unreadable row: {e}")));
        }
    };
    let line = record.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0)).max(at_least);
    let start_byte = record.position().map_or(0, csv::Position::byte);
    if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
        return RowRead::Blank;
    }
    if record.len() != width {
        let message =
            format!("{} fields where the header has {width} (a stray delimiter or quote?)", record.len());
        return RowRead::Bad(error(file, line, None, &message));
    }
    let fields = csv::StringRecord::from_byte_record(record).unwrap_or_else(|e| {
        // Not UTF-8: decode the fields in the legacy encoding.
        let decoded: Vec<String> =
            e.into_byte_record().iter().map(|f| decode(f, legacy, legacy_used)).collect();
        csv::StringRecord::from(decoded)
    });
    RowRead::Row(Row { line, fields }, start_byte)
}

/// Puts the reader's problems among the converters', in line order, with a note when text was read in
/// a legacy encoding; with `strict`, only up to the first error.
fn finish(
    outcome: &mut TableOutcome,
    read_problems: Vec<Diagnostic>,
    legacy_used: Option<&'static encoding_rs::Encoding>,
    strict: bool,
    file: &str,
) {
    if let Some(legacy) = legacy_used {
        let message = format!(
            "some text is not UTF-8; it was read as {}, the encoding its first bytes suggest",
            legacy.name()
        );
        outcome.diagnostics.push(warning(file, 0, None, &message));
    }
    outcome.diagnostics.extend(read_problems);
    outcome.diagnostics.sort_by_key(|d| match d.location {
        Location::Line { line } => line,
        _ => 0,
    });
    if strict && let Some(first) = outcome.diagnostics.iter().position(|d| d.severity == Severity::Error) {
        // Strict: reading and converting stopped at the first bad row; report only up to it.
        outcome.diagnostics.truncate(first + 1);
    }
}

/// About how many rows a table of `size` bytes has, judged from the first batch, which ended at byte
/// `end`; a little over, since unused room costs address space only.
fn rows_in(size: u64, rows_so_far: usize, end: u64) -> usize {
    if size == 0 || end == 0 {
        return 0;
    }
    let rows = (size as f64 / end as f64 * rows_so_far as f64 * 1.05) as usize;
    rows.min(MAX_RESERVED_ROWS)
}

/// Puts converted batches back in file order. When the first batch comes back, `expected_rows` has
/// been set from it (0 when unknown) and the list is sized for them.
fn collect(
    results: Receiver<(usize, Vec<(usize, Converted)>)>,
    expected_rows: &AtomicUsize,
    file: &str,
    strict: bool,
) -> (Vec<Incident>, Vec<Diagnostic>) {
    let mut pending: std::collections::BTreeMap<usize, Vec<(usize, Converted)>> =
        std::collections::BTreeMap::new();
    let mut next = 0;
    let mut incidents = Vec::new();
    let mut diagnostics = Vec::new();
    let mut stop = false;
    for (k, batch) in results {
        if incidents.capacity() == 0 {
            // A guess too big for this machine is no reason to fail: the list then grows as it goes.
            let _ = incidents.try_reserve(expected_rows.load(Ordering::Relaxed));
        }
        pending.insert(k, batch);
        while let Some(batch) = pending.remove(&next) {
            next += 1;
            if stop {
                continue;
            }
            for (line, converted) in batch {
                match converted {
                    Ok((incident, warnings)) => {
                        for (field, message) in warnings {
                            diagnostics.push(warning(file, line, Some(field), &message));
                        }
                        incidents.push(incident);
                    }
                    Err((field, message)) => {
                        diagnostics.push(error(file, line, Some(field), &message));
                        if strict {
                            stop = true;
                            break;
                        }
                    }
                }
            }
        }
    }
    (incidents, diagnostics)
}

fn error(file: &str, line: usize, field: Option<String>, message: &str) -> Diagnostic {
    Diagnostic::new(Severity::Error, file, Location::Line { line }, field, message)
}

fn warning(file: &str, line: usize, field: Option<String>, message: &str) -> Diagnostic {
    Diagnostic::new(Severity::Warning, file, Location::Line { line }, field, message)
}
