//! EDTF dates on any text: never a panic; what parses writes back as it was read and has an interval
//! that starts before it ends.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(date) = incident_atlas::model::EdtfDate::parse(text) {
        let interval = date.interval();
        assert!(interval.start < interval.end, "{text:?}: {interval:?}");
        let again =
            incident_atlas::model::EdtfDate::parse(date.as_str()).expect("what was written reads back");
        assert_eq!(again.interval(), interval, "{text:?}");
    }
});
