//! Changing the dataset: add, change and delete incidents through commands, each change one undoable
//! step with a name ("change date of ‘…’"), and whether the dataset has changed since it was saved.
//! The store is edited in place (see `Store::insert`), so a step costs the same at any size.

use crate::model::{EdtfDate, Geometry, Incident, Position, UnixSeconds, set_tags};
use crate::store::{Store, TimeWindow};

/// One incident before and after a step: `None` before for an added one, `None` after for a deleted one.
#[derive(Debug, Clone, PartialEq)]
struct Swap {
    before: Option<Incident>,
    after: Option<Incident>,
    /// Where `before` was taken out and `after` put in when the step was first done, so that undo and
    /// redo put each back in the very place it had among incidents of the same date.
    before_at: Option<u32>,
    after_at: Option<u32>,
}

impl Swap {
    fn new(before: Option<Incident>, after: Option<Incident>) -> Self {
        Self { before, after, before_at: None, after_at: None }
    }
}

/// One undoable step: what the Edit menu calls it and the incidents it swapped.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    label: String,
    swaps: Vec<Swap>,
    /// Numbers steps as they are made, so that "saved at step N" survives undo and redo.
    serial: u64,
}

/// The steps done and undone since the dataset was opened (unlimited until it is replaced).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    next_serial: u64,
    /// The serial of the last step done when the dataset was last saved (or opened): 0 for none.
    saved_at: u64,
}

impl History {
    /// What Undo would undo ("change date of ‘Raid in Kaluga’"), if anything.
    #[must_use]
    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|s| s.label.as_str())
    }

    /// What Redo would redo, if anything.
    #[must_use]
    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|s| s.label.as_str())
    }

    /// Whether the dataset differs from what was last saved or opened.
    #[must_use]
    pub fn unsaved(&self) -> bool {
        self.done.last().map_or(0, |s| s.serial) != self.saved_at
    }

    /// Marks the dataset as it is now as saved.
    pub fn mark_saved(&mut self) {
        self.saved_at = self.done.last().map_or(0, |s| s.serial);
    }

    /// Carries out a new step on the store and records it (clearing what was undone). Gives the index
    /// of the last incident the step put in, for the selection.
    fn record(&mut self, store: &mut Store, label: String, mut swaps: Vec<Swap>) -> Outcome {
        let outcome = apply(store, &mut swaps, true);
        self.next_serial += 1;
        self.done.push(Step { label, swaps, serial: self.next_serial });
        self.undone.clear();
        outcome
    }

    /// Undoes the last step; gives the index of the incident it put back, if one.
    fn undo(&mut self, store: &mut Store) -> Option<Outcome> {
        let mut step = self.done.pop()?;
        let outcome = apply(store, &mut step.swaps, false);
        self.undone.push(step);
        Some(outcome)
    }

    /// Redoes the last undone step.
    fn redo(&mut self, store: &mut Store) -> Option<Outcome> {
        let mut step = self.undone.pop()?;
        let outcome = apply(store, &mut step.swaps, true);
        self.done.push(step);
        Some(outcome)
    }
}

/// Carries out swaps forward (before → after) or back, in reverse order when going back, noting where
/// each incident was taken out and put in. Gives the index of the last incident put in, and the move
/// when the step changed one incident in place.
fn apply(store: &mut Store, swaps: &mut [Swap], forward: bool) -> Outcome {
    if swaps.len() >= MANY
        && let Some(outcome) = apply_many(store, swaps, forward)
    {
        return outcome;
    }
    let mut placed = None;
    let mut moves = Vec::new();
    let mut one = |swap: &mut Swap| {
        let (out, into) = if forward { (&swap.before, &swap.after) } else { (&swap.after, &swap.before) };
        let out_at = out.as_ref().and_then(|out| store.find_id_starting(&out.id, out.date.interval().start));
        // The first time, a changed incident stays where the old one was if its date allows.
        let into_hint = if forward { swap.after_at } else { swap.before_at }.or(out_at);
        // A change turns only the stretch between the old and the new place (`Store::replace_near`).
        let into_at = match (out_at, into) {
            (Some(at), Some(into)) => {
                let placed = store.replace_near(at, into.clone(), into_hint).map(|(_, placed)| placed);
                moves.extend(placed.map(|to| (at, to)));
                placed
            }
            (Some(at), None) => {
                let _ = store.remove(at);
                None
            }
            (None, Some(into)) => Some(store.insert_near(into.clone(), into_hint)),
            (None, None) => None,
        };
        if forward {
            (swap.before_at, swap.after_at) = (out_at, into_at);
        } else {
            (swap.after_at, swap.before_at) = (out_at, into_at);
        }
        placed = into_at.or(placed);
    };
    if forward {
        swaps.iter_mut().for_each(&mut one);
    } else {
        swaps.iter_mut().rev().for_each(&mut one);
    }
    let moved = match (swaps.len(), moves.as_slice()) {
        (1, [one]) => Some(*one),
        _ => None,
    };
    Outcome { placed, moved }
}

/// From this many incidents, a step that only adds or only takes out goes through the store's batch
/// edits (`Store::insert_many`, `Store::remove_many`): one pass over each column instead of one per
/// incident.
const MANY: usize = 8;

/// [`apply`] for a step that only adds incidents or only takes them out (an import added to the data, a
/// delete of many rows, and their undo): `None` for any other step.
fn apply_many(store: &mut Store, swaps: &mut [Swap], forward: bool) -> Option<Outcome> {
    fn sides(swap: &Swap, forward: bool) -> (&Option<Incident>, &Option<Incident>) {
        if forward { (&swap.before, &swap.after) } else { (&swap.after, &swap.before) }
    }
    if swaps.iter().all(|swap| matches!(sides(swap, forward), (Some(_), None))) {
        let at: Vec<u32> = swaps
            .iter()
            .map(|swap| {
                let out = sides(swap, forward).0.as_ref()?;
                store.find_id_starting(&out.id, out.date.interval().start)
            })
            .collect::<Option<_>>()?;
        let _ = store.remove_many(&at);
        for (swap, &at) in swaps.iter_mut().zip(&at) {
            if forward {
                (swap.before_at, swap.after_at) = (Some(at), None);
            } else {
                (swap.after_at, swap.before_at) = (Some(at), None);
            }
        }
        return Some(Outcome { placed: None, moved: None });
    }
    if swaps.iter().all(|swap| matches!(sides(swap, forward), (None, Some(_)))) {
        let items: Vec<(Incident, Option<u32>)> = swaps
            .iter()
            .filter_map(|swap| {
                let hint = if forward { swap.after_at } else { swap.before_at };
                Some((sides(swap, forward).1.clone()?, hint))
            })
            .collect();
        let placed = store.insert_many(items);
        for (swap, &at) in swaps.iter_mut().zip(&placed) {
            if forward {
                (swap.before_at, swap.after_at) = (None, Some(at));
            } else {
                (swap.after_at, swap.before_at) = (None, Some(at));
            }
        }
        // As one at a time would: the last put in, in the order the step goes.
        let last = if forward { placed.last() } else { placed.first() };
        return Some(Outcome { placed: last.copied(), moved: None });
    }
    None
}

/// A change asked for by a view.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Put this incident in place of the one at the index (its id may not change).
    Change(u32, Box<Incident>),
    /// Add new incidents, as one step (their ids must be new).
    Add(Vec<Incident>),
    /// A copy of the incident at the index, with a new id.
    Duplicate(u32),
    /// Delete these incidents.
    Delete(Vec<u32>),
    /// The same change to each of these incidents, as one step (picked rows in the list).
    Bulk(Vec<u32>, BulkChange),
}

/// A change made to several incidents at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkChange {
    /// Give each this category.
    SetCategory(String),
    /// Add this actor to each that lacks it.
    AddActor(String),
    /// Take this actor from each that has it.
    RemoveActor(String),
    /// Add this tag to each that lacks it.
    AddTag(String),
    /// Take this tag from each that has it.
    RemoveTag(String),
}

impl BulkChange {
    /// The incident with the change made.
    fn applied_to(&self, incident: &Incident) -> Incident {
        let mut changed = incident.clone();
        match self {
            BulkChange::SetCategory(category) => category.clone_into(&mut changed.category),
            BulkChange::AddActor(actor) => {
                if !changed.actors.contains(actor) {
                    changed.actors = changed.actors.iter().chain([actor]).cloned().collect();
                }
            }
            BulkChange::RemoveActor(actor) => {
                if changed.actors.contains(actor) {
                    changed.actors = changed.actors.iter().filter(|a| *a != actor).cloned().collect();
                }
            }
            BulkChange::AddTag(tag) => {
                let mut tags = changed.tags();
                if !tags.contains(tag) {
                    tags.push(tag.clone());
                    set_tags(&mut changed.extra, &tags);
                }
            }
            BulkChange::RemoveTag(tag) => {
                let tags = changed.tags();
                if tags.contains(tag) {
                    let kept: Vec<String> = tags.into_iter().filter(|t| t != tag).collect();
                    set_tags(&mut changed.extra, &kept);
                }
            }
        }
        changed
    }

    /// The step's name for `count` incidents: "set category of 3 incidents to ‘raid’".
    fn label(&self, count: usize) -> String {
        let many = if count == 1 { "1 incident".to_owned() } else { format!("{count} incidents") };
        match self {
            BulkChange::SetCategory(category) => format!("set category of {many} to ‘{category}’"),
            BulkChange::AddActor(actor) => format!("add actor ‘{actor}’ to {many}"),
            BulkChange::RemoveActor(actor) => format!("remove actor ‘{actor}’ from {many}"),
            BulkChange::AddTag(tag) => format!("add tag ‘{tag}’ to {many}"),
            BulkChange::RemoveTag(tag) => format!("remove tag ‘{tag}’ from {many}"),
        }
    }
}

/// What an edit did, for the state to follow: the incident to select afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// The index of the incident the step put in, if any.
    pub(crate) placed: Option<u32>,
    /// When the step changed one incident where it was: its index before and after (those between
    /// moved by one towards its old place), so that lists of indices can follow without a new search.
    pub(crate) moved: Option<(u32, u32)>,
}

/// Carries out an edit as a new step made at `now` (UTC seconds: what a changed incident's `updated`
/// and a new one's `created` become); `None` when there is nothing to do (an unknown index, an id
/// taken already, a change that changes nothing).
pub(crate) fn edit(
    history: &mut History,
    store: &mut Store,
    edit: Edit,
    now: UnixSeconds,
) -> Option<Outcome> {
    let (label, swaps) = match edit {
        Edit::Change(index, mut after) => {
            let before = store.get(index)?.clone();
            if before == *after || before.id != after.id {
                return None;
            }
            after.updated = Some(now);
            (change_label(&before, &after), vec![Swap::new(Some(before), Some(*after))])
        }
        Edit::Add(mut incidents) => {
            for added in &mut incidents {
                added.created.get_or_insert(now);
                added.updated = Some(now);
            }
            let mut ids: Vec<&str> = incidents.iter().map(|i| i.id.as_str()).collect();
            ids.sort_unstable();
            let repeated = ids.windows(2).any(|w| w[0] == w[1]);
            if repeated || any_id_taken(store, &ids) {
                return None;
            }
            let label = match incidents.as_slice() {
                [] => return None,
                [one] => format!("add ‘{}’", one.title),
                many => format!("add {} incidents", many.len()),
            };
            (label, incidents.into_iter().map(|i| Swap::new(None, Some(i))).collect())
        }
        Edit::Duplicate(index) => {
            let mut copy = store.get(index)?.clone();
            let label = format!("duplicate ‘{}’", copy.title);
            copy.id = new_id(store, &copy.id);
            (copy.created, copy.updated) = (Some(now), Some(now));
            (label, vec![Swap::new(None, Some(copy))])
        }
        Edit::Delete(mut indices) => {
            indices.sort_unstable();
            indices.dedup();
            let gone: Vec<Incident> = indices.iter().filter_map(|&i| store.get(i).cloned()).collect();
            let label = match gone.as_slice() {
                [] => return None,
                [one] => format!("delete ‘{}’", one.title),
                many => format!("delete {} incidents", many.len()),
            };
            (label, gone.into_iter().map(|i| Swap::new(Some(i), None)).collect())
        }
        Edit::Bulk(mut indices, change) => {
            indices.sort_unstable();
            indices.dedup();
            let swaps: Vec<Swap> = indices
                .iter()
                .filter_map(|&i| store.get(i))
                .filter_map(|before| {
                    let mut after = change.applied_to(before);
                    (after != *before).then(|| {
                        after.updated = Some(now);
                        Swap::new(Some(before.clone()), Some(after))
                    })
                })
                .collect();
            if swaps.is_empty() {
                return None;
            }
            // The selection stays where it was, among the incidents changed.
            let done = history.record(store, change.label(swaps.len()), swaps);
            return Some(Outcome { placed: None, ..done });
        }
    };
    Some(history.record(store, label, swaps))
}

/// Undoes the last step, if any.
pub(crate) fn undo(history: &mut History, store: &mut Store) -> Option<Outcome> {
    history.undo(store)
}

/// Redoes the last undone step, if any.
pub(crate) fn redo(history: &mut History, store: &mut Store) -> Option<Outcome> {
    history.redo(store)
}

/// A new incident for the user to fill in: "New incident", dated to the day in the middle of `window`
/// (so that it is shown), in `category`, placed at `at` or nowhere yet, with the first free id
/// `new-1`, `new-2`, … (`None` only for a window outside the calendar).
#[must_use]
pub fn blank(store: &Store, window: TimeWindow, category: &str, at: Option<Position>) -> Option<Incident> {
    let middle = window.start / 2 + window.end / 2;
    let day = jiff::Timestamp::from_second(middle).ok()?.strftime("%Y-%m-%d").to_string();
    let date = EdtfDate::parse(&day).ok()?;
    let id = (1..u64::MAX).map(|n| format!("new-{n}")).find(|id| store.find_id(id).is_none())?;
    let mut incident = Incident::new(id, "New incident", date, category);
    incident.geometry = at.map_or(Geometry::None, Geometry::Point);
    Some(incident)
}

/// An id not in the store, made from `base`: `base-2`, `base-3`, …
#[must_use]
pub fn new_id(store: &Store, base: &str) -> String {
    (2..u64::MAX)
        .map(|n| format!("{base}-{n}"))
        .find(|id| store.find_id(id).is_none())
        .unwrap_or_else(|| base.to_owned())
}

/// Whether the store holds an incident with any of these ids: one search per id for a few, else one
/// pass over the store's ids (a search is a pass: a thousand of them at a million incidents take
/// half a minute).
fn any_id_taken(store: &Store, ids: &[&str]) -> bool {
    if ids.len() <= 4 {
        return ids.iter().any(|id| store.find_id(id).is_some());
    }
    let wanted: foldhash::HashSet<&str> = ids.iter().copied().collect();
    store.iter().any(|incident| wanted.contains(incident.id.as_str()))
}

/// Incidents from a file to add to the dataset on screen (File ▸ Import, "Add to the data on screen"):
/// those to add, with ids made unique, and what was done to the others.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Merge {
    /// The incidents to add, in the file's order (one [`Edit::Add`] step).
    pub added: Vec<Incident>,
    /// Incidents left out because the dataset already holds them, the same in every field but the
    /// times they were made and changed (a file imported twice).
    pub already_there: usize,
    /// Incidents whose id was taken (by a different incident in the dataset, or earlier in the file),
    /// given the next free one (`id-2`, `id-3`, …).
    pub renamed: usize,
}

impl std::fmt::Display for Merge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = |n: usize| if n == 1 { "1 incident".to_owned() } else { format!("{n} incidents") };
        write!(f, "added {}", count(self.added.len()))?;
        if self.already_there > 0 {
            write!(f, "; {} already in the data left out", count(self.already_there))?;
        }
        if self.renamed > 0 {
            write!(f, "; {} given a new id (theirs was taken)", count(self.renamed))?;
        }
        Ok(())
    }
}

/// Plans adding `incoming` to the incidents in `store` (see [`Merge`]).
///
/// ```
/// use incident_atlas::model::{EdtfDate, Incident};
/// use incident_atlas::state::merge;
/// use incident_atlas::store::Store;
///
/// let at = |id: &str, title: &str| Incident::new(id, title, EdtfDate::parse("2024").expect("date"), "raid");
/// let store = Store::new(vec![at("a", "A"), at("b", "B")]);
/// let plan = merge(&store, vec![at("a", "A"), at("b", "not B"), at("c", "C"), at("c", "C again")]);
/// let ids: Vec<&str> = plan.added.iter().map(|i| i.id.as_str()).collect();
/// assert_eq!(ids, ["b-2", "c", "c-2"]);
/// assert_eq!((plan.already_there, plan.renamed), (1, 2));
/// assert_eq!(plan.to_string(), "added 3 incidents; 1 incident already in the data left out; 2 incidents given a new id (theirs was taken)");
/// ```
#[must_use]
pub fn merge(store: &Store, incoming: Vec<Incident>) -> Merge {
    let mut plan = Merge::default();
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    // The store's ids once, not one search through them per incident arriving.
    let held: foldhash::HashMap<&str, u32> = store
        .iter()
        .enumerate()
        .map(|(index, i)| (i.id.as_str(), u32::try_from(index).unwrap_or(u32::MAX)))
        .collect();
    // One copy, not two: `a` with `b`'s times, compared with `b`.
    let same_but_times =
        |a: &Incident, b: &Incident| Incident { created: b.created, updated: b.updated, ..a.clone() } == *b;
    for mut incident in incoming {
        let there = held.get(incident.id.as_str()).map(|&index| store.incident(index));
        if there.is_some_and(|there| same_but_times(there, &incident)) && !taken.contains(&incident.id) {
            plan.already_there += 1;
            continue;
        }
        if there.is_some() || taken.contains(&incident.id) {
            let free = (2..u64::MAX)
                .map(|n| format!("{}-{n}", incident.id))
                .find(|id| !held.contains_key(id.as_str()) && !taken.contains(id));
            incident.id = free.unwrap_or_else(|| incident.id.clone());
            plan.renamed += 1;
        }
        taken.insert(incident.id.clone());
        plan.added.push(incident);
    }
    plan
}

/// Names a change by the field it changed, or "edit ‘…’" when it changed several.
fn change_label(before: &Incident, after: &Incident) -> String {
    let mut changed = Vec::new();
    let mut differs = |name: &'static str, same: bool| {
        if !same {
            changed.push(name);
        }
    };
    differs("title", before.title == after.title);
    differs("date", before.date == after.date);
    differs("place", before.geometry == after.geometry && before.place == after.place);
    differs(
        "location precision",
        before.location_precision == after.location_precision && before.uncertainty_m == after.uncertainty_m,
    );
    differs("category", before.category == after.category);
    differs("actors", before.actors == after.actors);
    differs("casualties", before.killed == after.killed && before.injured == after.injured);
    differs("description", before.description == after.description);
    differs("notes", before.notes == after.notes);
    differs("sources", before.sources == after.sources);
    differs("other fields", before.extra == after.extra);
    differs("when it was made", before.created == after.created);
    if after.is_draft() && after.draft() != before.draft() {
        return format!("keep ‘{}’ as a draft", after.title);
    }
    match changed.as_slice() {
        ["place"] if before.place == after.place => format!("move ‘{}’", after.title),
        [field] => format!("change {field} of ‘{}’", after.title),
        _ => format!("edit ‘{}’", after.title),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EdtfDate, Geometry, Position};

    fn incident(id: &str, date: &str) -> Incident {
        let date = EdtfDate::parse(date).unwrap_or_else(|_| unreachable!());
        Incident::new(id, format!("Title {id}"), date, "attack")
    }

    const NOW: UnixSeconds = 1_764_871_200;

    fn ids(store: &Store) -> Vec<String> {
        store.iter().map(|i| i.id.clone()).collect()
    }

    /// Steps of many incidents go through the store's batch edits; undo and redo still put each back in
    /// its very place among incidents of the same date, and the store answers as one built afresh.
    #[test]
    fn many_added_or_deleted_at_once_undo_and_redo_exactly() {
        let dates = ["2001", "2002", "2001", "2003", "2002"];
        let start: Vec<Incident> = (0..40).map(|n| incident(&format!("s{n}"), dates[n % 5])).collect();
        let mut store = Store::new(start);
        let mut history = History::default();
        let first = ids(&store);

        let gone: Vec<u32> = (0..40).step_by(3).collect();
        assert!(gone.len() >= MANY);
        edit(&mut history, &mut store, Edit::Delete(gone), NOW);
        let deleted = ids(&store);
        assert_eq!(deleted.len(), 40 - 14);
        history.undo(&mut store);
        assert_eq!(ids(&store), first, "undo puts each back in its place");
        history.redo(&mut store);
        assert_eq!(ids(&store), deleted);

        let arriving: Vec<Incident> =
            (0..12).map(|n| incident(&format!("new{n}"), dates[(n * 2) % 5])).collect();
        let outcome = edit(&mut history, &mut store, Edit::Add(arriving), NOW);
        let added = ids(&store);
        assert_eq!(added.len(), 26 + 12);
        assert_eq!(
            outcome.and_then(|o| o.placed).map(|i| store.incident(i).id.clone()),
            Some("new11".into())
        );
        history.undo(&mut store);
        assert_eq!(ids(&store), deleted);
        history.redo(&mut store);
        assert_eq!(ids(&store), added, "redo puts them where they went the first time");
        let afresh = Store::new(store.iter().cloned().collect());
        assert_eq!(ids(&afresh), added);
        for date in dates {
            let window = EdtfDate::parse(date).unwrap_or_else(|_| unreachable!()).interval();
            assert_eq!(store.in_window(window), afresh.in_window(window), "{date}");
        }
    }

    #[test]
    fn each_edit_is_a_named_step_that_undoes_and_redoes_exactly() {
        let mut store = Store::new(vec![incident("a", "2001"), incident("b", "2002"), incident("c", "2003")]);
        let mut history = History::default();
        assert!(!history.unsaved());

        let mut later = incident("a", "2005");
        later.title = "Title a".into();
        let moved = edit(&mut history, &mut store, Edit::Change(0, Box::new(later)), NOW);
        assert_eq!(moved, Some(Outcome { placed: Some(2), moved: Some((0, 2)) }));
        assert_eq!(ids(&store), ["b", "c", "a"]);
        assert_eq!(history.undo_label(), Some("change date of ‘Title a’"));
        assert!(history.unsaved());

        let mut placed = store.incident(2).clone();
        placed.geometry = Geometry::Point(Position::lat_lon(55.0, 37.0));
        edit(&mut history, &mut store, Edit::Change(2, Box::new(placed)), NOW);
        assert_eq!(history.undo_label(), Some("move ‘Title a’"));

        edit(&mut history, &mut store, Edit::Delete(vec![0, 1, 1]), NOW);
        assert_eq!(ids(&store), ["a"]);
        assert_eq!(history.undo_label(), Some("delete 2 incidents"));

        assert!(undo(&mut history, &mut store).is_some());
        assert_eq!(ids(&store), ["b", "c", "a"]);
        assert_eq!(history.redo_label(), Some("delete 2 incidents"));
        assert!(undo(&mut history, &mut store).is_some());
        assert!(!store.incident(2).geometry.is_located());
        assert!(undo(&mut history, &mut store).is_some());
        assert_eq!(ids(&store), ["a", "b", "c"]);
        assert_eq!(store.incident(0), &incident("a", "2001"));
        assert!(!history.unsaved(), "back where it was opened");
        assert!(undo(&mut history, &mut store).is_none());

        assert!(redo(&mut history, &mut store).is_some());
        assert!(redo(&mut history, &mut store).is_some());
        assert!(redo(&mut history, &mut store).is_some());
        assert_eq!(ids(&store), ["a"]);
        assert!(redo(&mut history, &mut store).is_none());
    }

    #[test]
    fn undo_puts_incidents_back_in_their_place_among_equal_dates() {
        let start: Vec<Incident> = ["a", "b", "c", "d"].iter().map(|id| incident(id, "2001")).collect();
        let mut store = Store::new(start);
        let mut history = History::default();
        edit(&mut history, &mut store, Edit::Delete(vec![0, 2]), NOW);
        assert_eq!(ids(&store), ["b", "d"]);
        undo(&mut history, &mut store);
        assert_eq!(ids(&store), ["a", "b", "c", "d"]);
        let mut changed = store.incident(1).clone();
        changed.title = "B".into();
        edit(&mut history, &mut store, Edit::Change(1, Box::new(changed)), NOW);
        assert_eq!(ids(&store), ["a", "b", "c", "d"], "a change keeps its place");
        undo(&mut history, &mut store);
        redo(&mut history, &mut store);
        assert_eq!(ids(&store), ["a", "b", "c", "d"]);
        assert_eq!(store.incident(1).title, "B");
    }

    #[test]
    fn a_new_step_after_undo_clears_redo_and_saving_marks_the_step() {
        let mut store = Store::new(vec![incident("a", "2001")]);
        let mut history = History::default();
        edit(&mut history, &mut store, Edit::Duplicate(0), NOW);
        assert_eq!(ids(&store), ["a", "a-2"]);
        history.mark_saved();
        assert!(!history.unsaved());
        undo(&mut history, &mut store);
        assert!(history.unsaved(), "undoing past the save is a change");
        edit(&mut history, &mut store, Edit::Add(vec![incident("z", "1990")]), NOW);
        assert_eq!(history.redo_label(), None);
        assert!(history.unsaved());
        assert_eq!(ids(&store), ["z", "a"]);
    }

    #[test]
    fn edits_that_would_do_nothing_or_break_ids_are_not_steps() {
        let mut store = Store::new(vec![incident("a", "2001"), incident("b", "2001")]);
        let mut history = History::default();
        let same = store.incident(0).clone();
        assert_eq!(edit(&mut history, &mut store, Edit::Change(0, Box::new(same)), NOW), None);
        let renamed = incident("x", "2001");
        assert_eq!(edit(&mut history, &mut store, Edit::Change(0, Box::new(renamed)), NOW), None);
        assert_eq!(edit(&mut history, &mut store, Edit::Add(vec![incident("b", "1990")]), NOW), None);
        let twins = vec![incident("n", "1990"), incident("n", "1991")];
        assert_eq!(edit(&mut history, &mut store, Edit::Add(twins), NOW), None);
        assert_eq!(edit(&mut history, &mut store, Edit::Delete(vec![7]), NOW), None);
        assert_eq!(
            edit(&mut history, &mut store, Edit::Change(9, Box::new(incident("a", "2001"))), NOW),
            None
        );
        assert_eq!(history, History::default());
    }
}
