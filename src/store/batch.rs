//! Inserting or removing many incidents at once (a file added to the data on screen, a delete of many
//! picked rows, and their undo and redo): one pass over each column whatever their number, where one at
//! a time moves every column once per incident.

use super::columns::{merged, to_u32, without};
use super::{LONG_DURATION, Store, push_searchable_text};
use crate::model::Incident;

impl Store {
    /// Adds incidents at once and gives each one's index, in the order given. Each goes after the
    /// incidents of the same start and end already there, those given together in the order given;
    /// unless every one has an index (`Some`) and those indices keep the time order, as when undo puts
    /// back incidents deleted together: then each goes at its index.
    ///
    /// ```
    /// # use incident_atlas::{model::*, store::*};
    /// let day = |d: &str| EdtfDate::parse(d).unwrap();
    /// let at = |id: &str, d: &str| Incident::new(id, id, day(d), "raid");
    /// let mut store = Store::new(vec![at("a", "2001"), at("b", "2003")]);
    /// let placed = store.insert_many(vec![(at("c", "2004"), None), (at("d", "2002"), None), (at("e", "2001"), None)]);
    /// assert_eq!(placed, [4, 2, 1]);
    /// let ids: Vec<&str> = store.iter().map(|i| i.id.as_str()).collect();
    /// assert_eq!(ids, ["a", "e", "d", "b", "c"]);
    /// ```
    pub fn insert_many(&mut self, items: Vec<(Incident, Option<u32>)>) -> Vec<u32> {
        let count = items.len();
        if count == 0 {
            return Vec::new();
        }
        let keys: Vec<(i64, i64)> = items
            .iter()
            .map(|(incident, _)| {
                let interval = incident.date.interval();
                (interval.start, interval.end)
            })
            .collect();
        // `order`: the items by where they go; `finals`: where, ascending, in the store afterwards.
        let (order, finals) = self.exact_places(&items, &keys).unwrap_or_else(|| {
            let mut order: Vec<usize> = (0..count).collect();
            let points: Vec<usize> = keys.iter().map(|&(s, e)| self.insertion_point(s, e)).collect();
            order.sort_by_key(|&k| (points[k], keys[k], k));
            let finals = order.iter().enumerate().map(|(n, &k)| points[k] + n).collect();
            (order, finals)
        });
        let mut items: Vec<Option<Incident>> =
            items.into_iter().map(|(incident, _)| Some(incident)).collect();
        let incoming: Vec<Incident> = order.iter().filter_map(|&k| items[k].take()).collect();

        // Every new category first: adding one renumbers the codes after it.
        for incident in &incoming {
            self.code_for_new(&incident.category);
        }
        let codes: Vec<u16> = incoming.iter().map(|i| self.code_for_new(&i.category)).collect();
        self.start = merged(&self.start, &finals, incoming.iter().map(|i| i.date.interval().start));
        self.end = merged(&self.end, &finals, incoming.iter().map(|i| i.date.interval().end));
        self.category = merged(&self.category, &finals, codes);
        self.casualties = merged(&self.casualties, &finals, incoming.iter().map(Incident::casualties));
        self.date_precision =
            merged(&self.date_precision, &finals, incoming.iter().map(|i| i.date.precision()));
        let spans: Vec<[usize; 2]> =
            incoming.iter().map(|incident| push_searchable_text(&mut self.text, incident)).collect();
        self.text_spans = merged(&self.text_spans, &finals, spans);

        let coords: Vec<Vec<[f32; 2]>> = incoming
            .iter()
            .map(|i| i.geometry.positions().iter().map(|p| [p.lon as f32, p.lat as f32]).collect())
            .collect();
        let renumbered = self.merge_points(&finals, &coords);
        self.tree.renumber(|old| renumbered.get(old as usize).copied());
        for (&at, places) in finals.iter().zip(&coords) {
            for &c in places {
                self.tree.add(to_u32(at), c);
            }
        }
        for id in &mut self.long_ids {
            *id = renumbered.get(*id as usize).copied().unwrap_or(*id);
        }
        for (&at, incident) in finals.iter().zip(&incoming) {
            let interval = incident.date.interval();
            let duration = interval.end.saturating_sub(interval.start);
            if duration > LONG_DURATION {
                self.long_ids.push(to_u32(at));
            } else {
                self.lookback = self.lookback.max(duration);
            }
            if let Some(longest) = self.longest_date.get_mut()
                && super::longer_date(incident.date.as_str(), longest)
            {
                incident.date.as_str().clone_into(longest);
            }
        }
        self.long_ids.sort_unstable();

        let first_record = self.incidents.len();
        self.record = merged(&self.record, &finals, (0..count).map(|n| to_u32(first_record + n)));
        self.incidents.extend(incoming);
        if self.areas.get().is_some() {
            let names: Vec<_> =
                finals.iter().map(|&at| super::areas::area_of(self, to_u32(at), self.area_locator)).collect();
            if let Some(areas) = self.areas.get_mut() {
                areas.insert_many(&finals, names);
            }
        }
        let mut placed = vec![0; count];
        for (&k, &at) in order.iter().zip(&finals) {
            placed[k] = to_u32(at);
        }
        placed
    }

    /// The items by index and their indices, when every item has one and they keep the time order.
    fn exact_places(
        &self,
        items: &[(Incident, Option<u32>)],
        keys: &[(i64, i64)],
    ) -> Option<(Vec<usize>, Vec<usize>)> {
        let mut order: Vec<usize> = (0..items.len()).collect();
        let hints: Vec<usize> =
            items.iter().map(|(_, hint)| hint.map(|h| h as usize)).collect::<Option<_>>()?;
        order.sort_by_key(|&k| hints[k]);
        let finals: Vec<usize> = order.iter().map(|&k| hints[k]).collect();
        let total = self.len() + items.len();
        if finals.windows(2).any(|w| w[0] >= w[1]) || finals.last().is_some_and(|&last| last >= total) {
            return None;
        }
        // Each goes between the incidents that will be before and after it, which must not sort after
        // or before it.
        let key_at = |final_index: usize, n: usize| -> Option<(i64, i64)> {
            // The incident at `final_index` afterwards, when it is one already here (n new ones before it).
            let old = final_index.checked_sub(n)?;
            Some((*self.start.get(old)?, *self.end.get(old)?))
        };
        for (n, (&k, &at)) in order.iter().zip(&finals).enumerate() {
            let key = keys[k];
            let before = if n > 0 && finals[n - 1] + 1 == at {
                Some(keys[order[n - 1]])
            } else {
                at.checked_sub(1).and_then(|b| key_at(b, n))
            };
            let after = if n + 1 < finals.len() && finals[n + 1] == at + 1 {
                Some(keys[order[n + 1]])
            } else {
                key_at(at + 1, n + 1)
            };
            if before.is_some_and(|b| b > key) || after.is_some_and(|a| a < key) {
                return None;
            }
        }
        Some((order, finals))
    }

    /// Rebuilds the points and their offsets with the new incidents' places at `finals`, and gives each
    /// old index its new one.
    fn merge_points(&mut self, finals: &[usize], coords: &[Vec<[f32; 2]>]) -> Vec<u32> {
        let total = self.len() + finals.len();
        let added: usize = coords.iter().map(Vec::len).sum();
        let mut points = Vec::with_capacity(self.points.len() + added);
        let mut offsets = Vec::with_capacity(total + 1);
        let mut renumbered = Vec::with_capacity(self.len());
        offsets.push(0);
        let (mut old, mut next) = (0usize, 0usize);
        for at in 0..total {
            if finals.get(next) == Some(&at) {
                points.extend_from_slice(&coords[next]);
                next += 1;
            } else {
                let own = self.point_offsets[old] as usize..self.point_offsets[old + 1] as usize;
                points.extend_from_slice(&self.points[own]);
                renumbered.push(to_u32(at));
                old += 1;
            }
            offsets.push(to_u32(points.len()));
        }
        self.points = points;
        self.point_offsets = offsets;
        renumbered
    }

    /// Takes the incidents at these indices out of the store at once and gives them back, in the
    /// order given (`None` for an index with no incident, or given twice).
    ///
    /// ```
    /// # use incident_atlas::{model::*, store::*};
    /// let day = |d: &str| EdtfDate::parse(d).unwrap();
    /// let at = |id: &str, d: &str| Incident::new(id, id, day(d), "raid");
    /// let mut store = Store::new(vec![at("a", "2001"), at("b", "2002"), at("c", "2003"), at("d", "2004")]);
    /// let gone = store.remove_many(&[2, 0, 9]);
    /// let ids: Vec<Option<&str>> = gone.iter().map(|i| i.as_ref().map(|i| i.id.as_str())).collect();
    /// assert_eq!(ids, [Some("c"), Some("a"), None]);
    /// assert_eq!(store.find_id("d"), Some(1));
    /// ```
    pub fn remove_many(&mut self, indices: &[u32]) -> Vec<Option<Incident>> {
        let len = self.len();
        let mut gone: Vec<usize> = indices.iter().map(|&i| i as usize).filter(|&i| i < len).collect();
        gone.sort_unstable();
        gone.dedup();
        if gone.is_empty() {
            return indices.iter().map(|_| None).collect();
        }
        let mut renumbered: Vec<Option<u32>> = Vec::with_capacity(len);
        let mut points = Vec::with_capacity(self.points.len());
        let mut offsets = Vec::with_capacity(len - gone.len() + 1);
        offsets.push(0);
        let mut next = 0;
        for at in 0..len {
            if gone.get(next) == Some(&at) {
                next += 1;
                renumbered.push(None);
                let [start, end] = self.text_spans[at];
                self.text_garbage += end - start;
            } else {
                renumbered.push(Some(to_u32(offsets.len() - 1)));
                let own = self.point_offsets[at] as usize..self.point_offsets[at + 1] as usize;
                points.extend_from_slice(&self.points[own]);
                offsets.push(to_u32(points.len()));
            }
        }
        self.points = points;
        self.point_offsets = offsets;
        self.tree.renumber(|old| renumbered.get(old as usize).copied().flatten());
        self.long_ids
            .retain_mut(|id| renumbered.get(*id as usize).copied().flatten().map(|n| *id = n).is_some());

        // The records: each taken out of `incidents` by swapping the last into its place, from the
        // highest, with the index of the record moved noted through the inverse of `record`.
        let mut index_of_record = vec![0u32; self.incidents.len()];
        for (index, &record) in self.record.iter().enumerate() {
            index_of_record[record as usize] = to_u32(index);
        }
        let mut records: Vec<(u32, usize)> = gone.iter().map(|&at| (self.record[at], at)).collect();
        records.sort_unstable_by_key(|&(record, _)| std::cmp::Reverse(record));
        let mut taken: std::collections::HashMap<usize, Incident> =
            std::collections::HashMap::with_capacity(gone.len());
        for (record, at) in records {
            let record = record as usize;
            let last = self.incidents.len() - 1;
            taken.insert(at, self.incidents.swap_remove(record));
            if record != last {
                let moved_index = index_of_record[last] as usize;
                self.record[moved_index] = to_u32(record);
                index_of_record[record] = to_u32(moved_index);
            }
        }
        without(&mut self.start, &gone);
        without(&mut self.end, &gone);
        without(&mut self.category, &gone);
        without(&mut self.casualties, &gone);
        without(&mut self.date_precision, &gone);
        without(&mut self.text_spans, &gone);
        without(&mut self.record, &gone);
        if let Some(areas) = self.areas.get_mut() {
            areas.remove_many(&gone);
        }
        if taken.values().any(|i| self.longest_date.get().is_some_and(|l| l == i.date.as_str())) {
            self.longest_date.take();
        }
        self.compact_text_if_wasteful();
        let mut given = std::collections::HashSet::new();
        indices.iter().map(|&i| if given.insert(i) { taken.remove(&(i as usize)) } else { None }).collect()
    }
}
