//! Dates as other tools write them, on any text and in every format the importer reads a column with:
//! never a panic; a date that reads is one EDTF reads back the same; the column-order judgement never panics.
#![no_main]

use incident_atlas::io::import::dates::{ColumnOrder, DateFormat, parse_date};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for format in [
        DateFormat::Auto,
        DateFormat::DayFirst,
        DateFormat::MonthFirst,
        DateFormat::Pattern("%d.%m.%Y %H:%M".into()),
    ] {
        if let Ok(date) = parse_date(text, &format) {
            let again = incident_atlas::model::EdtfDate::parse(date.as_str()).expect("what was read is EDTF");
            assert_eq!(again.interval(), date.interval(), "{text:?}");
        }
    }
    let _ = ColumnOrder::of(text.split('\n'));
});
