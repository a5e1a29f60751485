//! Changing the store in place: inserting, removing and replacing one incident keeps every column and
//! index in step without rebuilding them. Each edit costs a few passes of `memmove` over the columns
//! (indices after the edited one shift by one), never a sort.

use super::columns::to_u32;
use super::{LONG_DURATION, Store, push_searchable_text};
use crate::model::Incident;

impl Store {
    /// Adds an incident and gives its index (its place in start-time order, after any equal start and
    /// end). Indices at and after it shift up by one.
    ///
    /// ```
    /// # use incident_atlas::{model::*, store::*};
    /// let day = |d: &str| EdtfDate::parse(d).unwrap();
    /// let mut store = Store::new(vec![Incident::new("a", "A", day("2001"), "attack")]);
    /// assert_eq!(store.insert(Incident::new("b", "B", day("1999"), "raid")), 0);
    /// assert_eq!(store.find_id("a"), Some(1));
    /// assert_eq!(store.categories(), ["attack", "raid"]);
    /// ```
    pub fn insert(&mut self, incident: Incident) -> u32 {
        self.insert_near(incident, None)
    }

    /// [`Store::insert`], at index `hint` when that keeps the time order (among incidents of the same
    /// start and end, any place among them does): how undo puts an incident back exactly where it was.
    pub fn insert_near(&mut self, incident: Incident, hint: Option<u32>) -> u32 {
        let interval = incident.date.interval();
        let after_equals = self.insertion_point(interval.start, interval.end);
        let at = match hint.map(|h| h as usize) {
            Some(h) if h <= after_equals && self.first_not_before(interval.start, interval.end) <= h => h,
            _ => after_equals,
        };
        let index = to_u32(at);
        let code = self.code_for_new(&incident.category);

        self.start.insert(at, interval.start);
        self.end.insert(at, interval.end);
        self.category.insert(at, code);
        self.casualties.insert(at, incident.casualties());
        self.date_precision.insert(at, incident.date.precision());

        let shifted = |i: u32| Some(if i >= index { i + 1 } else { i });
        self.tree.renumber(shifted);
        let coords: Vec<[f32; 2]> =
            incident.geometry.positions().iter().map(|p| [p.lon as f32, p.lat as f32]).collect();
        let first_point = self.point_offsets[at] as usize;
        self.points.splice(first_point..first_point, coords.iter().copied());
        let added = to_u32(coords.len());
        self.point_offsets.insert(at + 1, self.point_offsets[at] + added);
        for offset in &mut self.point_offsets[at + 2..] {
            *offset += added;
        }
        for &c in &coords {
            self.tree.add(index, c);
        }

        for id in &mut self.long_ids {
            *id = shifted(*id).unwrap_or(*id);
        }
        let duration = interval.end.saturating_sub(interval.start);
        if duration > LONG_DURATION {
            let place = self.long_ids.partition_point(|&i| i < index);
            self.long_ids.insert(place, index);
        } else {
            self.lookback = self.lookback.max(duration);
        }

        let span = push_searchable_text(&mut self.text, &incident);
        self.text_spans.insert(at, span);

        if let Some(longest) = self.longest_date.get_mut()
            && super::longer_date(incident.date.as_str(), longest)
        {
            incident.date.as_str().clone_into(longest);
        }
        self.record.insert(at, to_u32(self.incidents.len()));
        self.incidents.push(incident);
        if self.areas.get().is_some() {
            let name = super::areas::area_of(self, index, self.area_locator);
            if let Some(areas) = self.areas.get_mut() {
                areas.insert(at, name);
            }
        }
        index
    }

    /// Takes the incident at an index out of the store (`None` if there is none). Indices after it
    /// shift down by one. A category no incident has any more stays listed, with nothing in it.
    ///
    /// ```
    /// # use incident_atlas::{model::*, store::*};
    /// let day = |d: &str| EdtfDate::parse(d).unwrap();
    /// let mut store = Store::new(vec![
    ///     Incident::new("a", "A", day("2001"), "attack"),
    ///     Incident::new("b", "B", day("2002"), "raid"),
    /// ]);
    /// assert_eq!(store.remove(0).map(|i| i.id), Some("a".to_owned()));
    /// assert_eq!(store.find_id("b"), Some(0));
    /// assert!(store.remove(1).is_none());
    /// ```
    pub fn remove(&mut self, index: u32) -> Option<Incident> {
        let at = index as usize;
        if at >= self.len() {
            return None;
        }
        self.start.remove(at);
        self.end.remove(at);
        self.category.remove(at);
        self.casualties.remove(at);
        self.date_precision.remove(at);

        let points = self.point_offsets[at] as usize..self.point_offsets[at + 1] as usize;
        let removed_points = to_u32(points.len());
        self.points.drain(points);
        self.point_offsets.remove(at + 1);
        for offset in &mut self.point_offsets[at + 1..] {
            *offset -= removed_points;
        }
        let shifted = |i: u32| match i.cmp(&index) {
            std::cmp::Ordering::Less => Some(i),
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Some(i - 1),
        };
        self.tree.renumber(shifted);
        self.long_ids.retain_mut(|id| shifted(*id).map(|n| *id = n).is_some());

        let [start, end] = self.text_spans.remove(at);
        self.text_garbage += end - start;
        self.compact_text_if_wasteful();

        if let Some(areas) = self.areas.get_mut() {
            areas.remove(at);
        }
        let record = self.record.remove(at) as usize;
        let last = to_u32(self.incidents.len() - 1);
        let incident = self.incidents.swap_remove(record);
        if record < self.incidents.len()
            && let Some(moved) = self.record.iter_mut().find(|r| **r == last)
        {
            *moved = to_u32(record);
        }
        if self.longest_date.get().is_some_and(|l| l == incident.date.as_str()) {
            self.longest_date.take();
        }
        Some(incident)
    }

    /// Puts `incident` where the one at `index` was: gives back the old one and the new one's index
    /// (the same unless the date moved it in time order), or `None` if there is no such index. When the
    /// number of places stays the same (the usual edit), only the stretch of each column between the old
    /// and the new index moves, by one place: a change that keeps the date costs almost nothing at any size.
    pub fn replace(&mut self, index: u32, incident: Incident) -> Option<(Incident, u32)> {
        self.replace_near(index, incident, None)
    }

    /// [`Store::replace`], putting the new one at index `hint` when that keeps the time order (how
    /// undo and redo put a changed incident back in its very place among incidents of the same date).
    pub fn replace_near(
        &mut self,
        index: u32,
        incident: Incident,
        hint: Option<u32>,
    ) -> Option<(Incident, u32)> {
        let i = index as usize;
        if i >= self.len() {
            return None;
        }
        if self.points_of(index).len() != incident.geometry.positions().len() {
            let old = self.remove(index)?;
            let index = self.insert_near(incident, hint.or(Some(index)));
            return Some((old, index));
        }
        let interval = incident.date.interval();
        // Where it goes among the others (itself left out): at the hint or staying put if its date
        // allows, else after those of the same date.
        let without_self = |p: usize| p - usize::from(i < p);
        let lowest = without_self(self.first_not_before(interval.start, interval.end));
        let highest = without_self(self.insertion_point(interval.start, interval.end));
        let fits = |k: usize| (lowest..=highest).contains(&k);
        let j = match hint.map(|h| h as usize) {
            Some(h) if fits(h) => h,
            _ if fits(i) => i,
            _ => highest,
        };
        let (from, to) = (i.min(j), i.max(j));
        // Each column: the new value at the old index, then the stretch up to the new index turned by one.
        macro_rules! put_and_move {
            ($column:expr, $value:expr) => {{
                $column[i] = $value;
                turn(&mut $column[from..=to], j > i, 1);
            }};
        }
        let code = self.code_for_new(&incident.category);
        put_and_move!(self.start, interval.start);
        put_and_move!(self.end, interval.end);
        put_and_move!(self.category, code);
        put_and_move!(self.casualties, incident.casualties());
        put_and_move!(self.date_precision, incident.date.precision());

        // Places: the same count, so the block of points between the two indices turns by that count.
        let count = self.points_of(index).len();
        let coords: Vec<[f32; 2]> =
            incident.geometry.positions().iter().map(|p| [p.lon as f32, p.lat as f32]).collect();
        let same_places = self.points_of(index) == coords.as_slice();
        let own = self.point_offsets[i] as usize;
        self.points[own..own + count].copy_from_slice(&coords);
        let block = self.point_offsets[from] as usize..self.point_offsets[to + 1] as usize;
        turn(&mut self.points[block], j > i, count);
        // Each element between moves by one place, its points by the moved one's count.
        let moved = to_u32(count);
        if j > i {
            for m in i + 1..=j {
                self.point_offsets[m] = self.point_offsets[m + 1] - moved;
            }
        } else {
            for m in (j + 1..=i).rev() {
                self.point_offsets[m] = self.point_offsets[m - 1] + moved;
            }
        }
        let (old_id, new_id) = (index, to_u32(j));
        let (lo, hi) = (to_u32(from), to_u32(to));
        let renumbered = |id: u32| match id {
            _ if id == old_id => None,
            _ if id < lo || id > hi => Some(id),
            _ if new_id > old_id => Some(id - 1),
            _ => Some(id + 1),
        };
        // The tree needs nothing when the incident neither moved in time order nor changed place.
        if j != i || !same_places {
            self.tree.move_index(old_id, new_id, same_places);
            if !same_places {
                for &c in &coords {
                    self.tree.add(new_id, c);
                }
            }
        }
        self.long_ids.retain_mut(|id| renumbered(*id).map(|n| *id = n).is_some());
        let duration = interval.end.saturating_sub(interval.start);
        if duration > LONG_DURATION {
            let place = self.long_ids.partition_point(|&k| k < new_id);
            self.long_ids.insert(place, new_id);
        } else {
            self.lookback = self.lookback.max(duration);
        }

        let [start, end] = self.text_spans[i];
        self.text_garbage += end - start;
        let span = push_searchable_text(&mut self.text, &incident);
        put_and_move!(self.text_spans, span);
        self.compact_text_if_wasteful();

        let record = self.record[i];
        put_and_move!(self.record, record);
        let old = std::mem::replace(&mut self.incidents[record as usize], incident);
        if self.longest_date.get().is_some_and(|l| l == old.date.as_str()) {
            self.longest_date.take();
        } else if let Some(longest) = self.longest_date.get_mut()
            && super::longer_date(self.incidents[record as usize].date.as_str(), longest)
        {
            self.incidents[record as usize].date.as_str().clone_into(longest);
        }
        if self.areas.get().is_some() {
            let name = super::areas::area_of(self, new_id, self.area_locator);
            if let Some(areas) = self.areas.get_mut() {
                areas.remove(i);
                areas.insert(j, name);
            }
        }
        Some((old, new_id))
    }

    /// The index of the incident with this id that starts at `start`: found by binary search on the
    /// start column, so it stays fast at millions of incidents (unlike [`Store::find_id`]).
    #[must_use]
    pub fn find_id_starting(&self, id: &str, start: crate::model::UnixSeconds) -> Option<u32> {
        let from = self.start.partition_point(|&s| s < start);
        let to = self.start.partition_point(|&s| s <= start);
        (from..to).map(to_u32).find(|&i| self.incident(i).id == id)
    }

    /// The incident at an index, or `None` past the end.
    #[must_use]
    pub fn get(&self, index: u32) -> Option<&Incident> {
        let record = *self.record.get(index as usize)?;
        self.incidents.get(record as usize)
    }

    /// Where an incident with this start and end goes: after every incident that sorts before or equal.
    pub(super) fn insertion_point(&self, start: i64, end: i64) -> usize {
        self.partition(|key| key <= (start, end))
    }

    /// The first index whose start and end do not sort before these.
    fn first_not_before(&self, start: i64, end: i64) -> usize {
        self.partition(|key| key < (start, end))
    }

    /// The number of leading indices whose `(start, end)` passes `before` (which must hold for a prefix).
    fn partition(&self, before: impl Fn((i64, i64)) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = usize::midpoint(lo, hi);
            if before((self.start[mid], self.end[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The code of a category, adding it to the sorted names (and renumbering the codes after it) if new.
    pub(super) fn code_for_new(&mut self, name: &str) -> u16 {
        match self.category_names.binary_search_by(|n| n.as_str().cmp(name)) {
            Ok(found) => u16::try_from(found).unwrap_or(u16::MAX),
            Err(place) => {
                self.category_names.insert(place, name.to_owned());
                let code = u16::try_from(place).unwrap_or(u16::MAX);
                for c in &mut self.category {
                    if *c >= code {
                        *c = c.saturating_add(1);
                    }
                }
                code
            }
        }
    }

    /// Rewrites the search text without the bytes of removed incidents once they are most of it.
    pub(super) fn compact_text_if_wasteful(&mut self) {
        if self.text_garbage <= self.text.len() / 2 {
            return;
        }
        let mut text = String::with_capacity(self.text.len() - self.text_garbage);
        for span in &mut self.text_spans {
            let start = text.len();
            text.push_str(&self.text[span[0]..span[1]]);
            *span = [start, text.len()];
        }
        self.text = text;
        self.text_garbage = 0;
    }
}

/// Turns a stretch by `by` places: to the left (the first items go to its end) or to the right.
fn turn<T>(part: &mut [T], left: bool, by: usize) {
    if left {
        part.rotate_left(by);
    } else {
        part.rotate_right(by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EdtfDate, Geometry, Position};
    use crate::store::{BBox, CategorySet, Query, TimeWindow};
    use proptest::prelude::*;

    const DATES: [&str; 8] =
        ["2001", "2001-05", "2001-05-03", "1999/2005", "2001-05-03T10:00Z", "2014~", "../2003", "2010-02"];
    const CATEGORIES: [&str; 4] = ["attack", "raid", "arrest", "plot"];

    fn incident(n: u32, date: usize, category: usize, places: &[(f64, f64)], words: &str) -> Incident {
        let date = EdtfDate::parse(DATES[date % DATES.len()]).unwrap_or_else(|_| unreachable!());
        let mut i = Incident::new(format!("i{n}"), format!("Title {words}"), date, CATEGORIES[category % 4]);
        i.geometry = match places {
            [] => Geometry::None,
            [(lat, lon)] => Geometry::Point(Position::lat_lon(*lat, *lon)),
            many => {
                Geometry::MultiPoint(many.iter().map(|&(lat, lon)| Position::lat_lon(lat, lon)).collect())
            }
        };
        i.killed = Some(n % 7);
        i
    }

    /// Everything a view can ask of a store, to compare an edited store with one built afresh.
    fn answers(store: &Store) -> Vec<String> {
        let mut out = vec![format!("{:?}", store.iter().map(|i| &i.id).collect::<Vec<_>>())];
        // An edited store keeps the names of emptied categories; compare the ones in use.
        let counts = store.category_counts(0..to_u32(store.len()));
        let in_use: Vec<&String> =
            store.categories().iter().zip(&counts).filter(|(_, n)| **n > 0).map(|(c, _)| c).collect();
        out.push(format!("{in_use:?}"));
        for i in 0..to_u32(store.len()) {
            let interval = store.interval_of(i);
            out.push(format!(
                "{} {:?} {} {:?} {:?}",
                i,
                interval,
                store.categories()[usize::from(store.category_of(i))],
                store.points_of(i),
                store.date_precision_of(i)
            ));
        }
        let boxes = [
            BBox { min_lon: -10.0, min_lat: -10.0, max_lon: 10.0, max_lat: 10.0 },
            BBox { min_lon: 170.0, min_lat: -5.0, max_lon: -170.0, max_lat: 5.0 },
        ];
        for bbox in &boxes {
            out.push(format!("box {:?}", store.in_bbox(bbox)));
        }
        for date in DATES {
            let window = EdtfDate::parse(date).unwrap_or_else(|_| unreachable!()).interval();
            out.push(format!("window {date} {:?}", store.in_window(window)));
            let query = Query { window: Some(window), bbox: Some(boxes[0]), ..Query::default() };
            out.push(format!("both {date} {:?}", store.visible(&query)));
        }
        out.push(format!("text {:?}", store.matching_text("w3")));
        out.push(format!("text {:?}", store.matching_text("title w1")));
        out.push(format!("wide {:?}", store.in_window(TimeWindow { start: i64::MIN, end: i64::MAX })));
        let raids = store.category_code("raid").map(|c| CategorySet::from_codes([c]));
        out.push(format!("raids {:?}", raids.map(|set| store.by_categories(&set)).unwrap_or_default()));
        out.push(store.longest_date_text().to_owned());
        out
    }

    /// An incident to insert: date, category, places, word.
    type NewOne = (usize, usize, Vec<(f64, f64)>, u8);

    #[derive(Debug, Clone)]
    enum Edit {
        Insert {
            date: usize,
            category: usize,
            places: Vec<(f64, f64)>,
            word: u8,
        },
        Remove(usize),
        Replace {
            at: usize,
            date: usize,
            category: usize,
            places: Vec<(f64, f64)>,
            word: u8,
        },
        InsertMany(Vec<NewOne>),
        RemoveMany(Vec<usize>),
        /// Removes these together and puts them back at their indices, as undo of a delete does.
        RemoveAndPutBack(Vec<usize>),
    }

    fn places() -> impl Strategy<Value = Vec<(f64, f64)>> {
        prop::collection::vec((-12.0..12.0f64, prop_oneof![-12.0..12.0f64, 165.0..180.0f64]), 0..3)
    }

    fn edits() -> impl Strategy<Value = Vec<Edit>> {
        let edit = prop_oneof![
            (0..8usize, 0..5usize, places(), 0..5u8)
                .prop_map(|(date, category, places, word)| Edit::Insert { date, category, places, word }),
            (0..40usize).prop_map(Edit::Remove),
            (0..40usize, 0..8usize, 0..5usize, places(), 0..5u8).prop_map(
                |(at, date, category, places, word)| Edit::Replace { at, date, category, places, word }
            ),
            prop::collection::vec((0..8usize, 0..5usize, places(), 0..5u8), 0..12).prop_map(Edit::InsertMany),
            prop::collection::vec(0..45usize, 0..12).prop_map(Edit::RemoveMany),
            prop::collection::vec(0..45usize, 0..12).prop_map(Edit::RemoveAndPutBack),
        ];
        prop::collection::vec(edit, 1..40)
    }

    proptest! {
        /// Any sequence of edits leaves the store answering every query exactly as a store built from
        /// the resulting incidents does.
        #[test]
        fn an_edited_store_answers_as_one_built_afresh(seed in 0..20u32, edits in edits()) {
            let start: Vec<Incident> = (0..seed)
                .map(|n| incident(n, n as usize, n as usize, &[(f64::from(n) - 10.0, 1.0)], &format!("w{}", n % 5)))
                .collect();
            let mut store = Store::new(start);
            let _ = store.longest_date_text();
            let mut next = 100;
            for edit in edits {
                next += 1;
                match edit {
                    Edit::Insert { date, category, places, word } => {
                        store.insert(incident(next, date, category, &places, &format!("w{word}")));
                    }
                    Edit::Remove(at) => {
                        let expected = (at < store.len()).then(|| store.incident(to_u32(at)).id.clone());
                        prop_assert_eq!(store.remove(to_u32(at)).map(|i| i.id), expected);
                    }
                    Edit::Replace { at, date, category, places, word } => {
                        let new = incident(next, date, category, &places, &format!("w{word}"));
                        if let Some((_, index)) = store.replace(to_u32(at), new) {
                            prop_assert_eq!(&store.incident(index).id, &format!("i{next}"));
                        }
                    }
                    Edit::InsertMany(many) => {
                        let items: Vec<(Incident, Option<u32>)> = many
                            .iter()
                            .enumerate()
                            .map(|(k, (date, category, places, word))| {
                                let n = next * 100 + to_u32(k);
                                (incident(n, *date, *category, places, &format!("w{word}")), None)
                            })
                            .collect();
                        let ids: Vec<String> = items.iter().map(|(i, _)| i.id.clone()).collect();
                        let placed = store.insert_many(items);
                        for (id, index) in ids.iter().zip(placed) {
                            prop_assert_eq!(&store.incident(index).id, id);
                        }
                    }
                    Edit::RemoveMany(at) => {
                        let indices: Vec<u32> = at.iter().map(|&a| to_u32(a)).collect();
                        let mut seen = std::collections::HashSet::new();
                        let expected: Vec<Option<String>> = at
                            .iter()
                            .map(|&a| (a < store.len() && seen.insert(a)).then(|| store.incident(to_u32(a)).id.clone()))
                            .collect();
                        let gone: Vec<Option<String>> = store.remove_many(&indices).into_iter().map(|i| i.map(|i| i.id)).collect();
                        prop_assert_eq!(gone, expected);
                    }
                    Edit::RemoveAndPutBack(at) => {
                        let before: Vec<String> = store.iter().map(|i| i.id.clone()).collect();
                        let indices: Vec<u32> = at.iter().map(|&a| to_u32(a)).collect();
                        let gone = store.remove_many(&indices);
                        let back: Vec<(Incident, Option<u32>)> = gone
                            .into_iter()
                            .zip(&indices)
                            .filter_map(|(i, &at)| Some((i?, Some(at))))
                            .collect();
                        store.insert_many(back);
                        let after: Vec<String> = store.iter().map(|i| i.id.clone()).collect();
                        prop_assert_eq!(after, before, "each back in its very place");
                    }
                }
            }
            let afresh = Store::new(store.iter().cloned().collect());
            prop_assert_eq!(answers(&store), answers(&afresh));
        }
    }

    #[test]
    fn many_edits_rebuild_the_tree_and_compact_the_text_without_changing_answers() {
        let mut store = Store::new((0..50).map(|n| incident(n, 0, 0, &[(1.0, 1.0)], "w1")).collect());
        for round in 0..3000u32 {
            let at = round % 40;
            let new = incident(1000 + round, round as usize, round as usize, &[(2.0, 2.0)], "w2");
            assert!(store.replace(at, new).is_some());
        }
        assert!(store.text_garbage <= store.text.len() / 2, "text compacted");
        let afresh = Store::new(store.iter().cloned().collect());
        assert_eq!(answers(&store), answers(&afresh));
    }

    #[test]
    fn the_longest_date_and_areas_follow_edits() {
        let day = |d: &str| EdtfDate::parse(d).unwrap_or_else(|_| unreachable!());
        let mut store = Store::new(vec![Incident::new("a", "A", day("2001"), "attack")]);
        assert_eq!(store.longest_date_text(), "2001");
        store.insert(Incident::new("b", "B", day("2001-05-03~"), "attack"));
        assert_eq!(store.longest_date_text(), "2001-05-03~");
        let _ = store.remove(store.find_id("b").unwrap_or_default());
        assert_eq!(store.longest_date_text(), "2001");

        let mut located = Incident::new("c", "C", day("2002"), "raid");
        located.extra.insert("country", serde_json::Value::String("Russia".into()));
        assert!(store.areas().countries().is_empty());
        let c = store.insert(located);
        assert_eq!(store.areas().countries(), [("Russia".to_owned(), 1)]);
        let _ = store.remove(c);
        assert!(store.areas().countries().is_empty());

        // The same, many at once.
        let in_country = |id: &str, date: &str, country: &str| {
            let mut i = Incident::new(id, id, day(date), "raid");
            i.extra.insert("country", serde_json::Value::String(country.into()));
            (i, None)
        };
        let placed = store.insert_many(vec![
            in_country("d", "2003", "Russia"),
            in_country("e", "1999-01-02~", "Syria"),
            in_country("f", "2004", "Russia"),
        ]);
        assert_eq!(store.areas().countries(), [("Russia".to_owned(), 2), ("Syria".to_owned(), 1)]);
        assert_eq!(store.longest_date_text(), "1999-01-02~");
        let gone = store.remove_many(&placed[..2]);
        assert_eq!(gone.iter().flatten().count(), 2);
        assert_eq!(store.areas().countries(), [("Russia".to_owned(), 1)]);
        assert_eq!(store.longest_date_text(), "2004", "of 2001 and 2004, as long: the later");
        assert_eq!(store.areas().of.len(), store.len());
    }

    #[test]
    fn find_id_starting_finds_among_equal_starts() {
        let day = |d: &str| EdtfDate::parse(d).unwrap_or_else(|_| unreachable!());
        let store = Store::new(vec![
            Incident::new("a", "A", day("2001"), "attack"),
            Incident::new("b", "B", day("2001"), "attack"),
            Incident::new("c", "C", day("2002"), "attack"),
        ]);
        let start = day("2001").interval().start;
        assert_eq!(store.find_id_starting("b", start), Some(1));
        assert_eq!(store.find_id_starting("c", start), None);
    }
}
