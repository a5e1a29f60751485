//! A query prepared for testing one incident at a time.

use super::{BBox, Query, Store};

/// The non-indexed parts of a query, ready to test incidents by index. The cheap tests (category,
/// casualties) are branch-free so that scans over many incidents stay fast; the costly ones (box, text)
/// run only when the query has them.
#[derive(Debug, Clone)]
pub(crate) struct Filter<'a> {
    store: &'a Store,
    /// Whether each category code is shown.
    category_ok: Vec<bool>,
    min_casualties: u32,
    bbox_parts: Option<Vec<([f32; 2], [f32; 2])>>,
    words: Vec<String>,
    /// With an area query: each incident's area code, and whether each code is in the area asked for.
    area_ok: Option<(&'a [u32], Vec<bool>)>,
}

impl<'a> Filter<'a> {
    pub(crate) fn new(store: &'a Store, query: &Query) -> Self {
        let codes = store.category_names.len().max(1);
        let category_ok = (0..codes)
            .map(|c| {
                let code = u16::try_from(c).unwrap_or(u16::MAX);
                query.categories.as_ref().is_none_or(|set| set.contains(code))
            })
            .collect();
        let mut lower = String::new();
        super::push_lowercase(&mut lower, query.text.as_deref().unwrap_or_default());
        Filter {
            store,
            category_ok,
            min_casualties: query.min_casualties.unwrap_or(0),
            bbox_parts: query.bbox.as_ref().map(BBox::parts),
            words: lower.split_whitespace().map(str::to_owned).collect(),
            area_ok: query.area.as_ref().map(|wanted| {
                let areas = store.areas();
                let ok = areas
                    .names
                    .iter()
                    .map(|a| {
                        a.country == wanted.country && wanted.region.as_ref().is_none_or(|r| *r == a.region)
                    })
                    .collect();
                (areas.of.as_slice(), ok)
            }),
        }
    }

    /// Category and casualty tests, without branches.
    #[inline]
    #[expect(clippy::needless_bitwise_bool, reason = "`&` on purpose: no branch")]
    pub(crate) fn cheap(&self, i: usize) -> bool {
        let category = usize::from(self.store.category[i]);
        self.category_ok.get(category).copied().unwrap_or(false)
            & (self.store.casualties[i] >= self.min_casualties)
    }

    /// Whether the query has a box or text to test.
    pub(crate) fn has_costly(&self) -> bool {
        self.bbox_parts.is_some() || !self.words.is_empty() || self.area_ok.is_some()
    }

    /// Whether the cheap tests are all that can reject (no category filter, no casualty minimum).
    pub(crate) fn passes_everything_cheap(&self) -> bool {
        self.min_casualties == 0 && self.category_ok.iter().all(|&ok| ok)
    }

    /// The box and text tests.
    pub(crate) fn costly(&self, index: u32) -> bool {
        self.in_box(index) && self.text_matches(index) && self.in_area(index)
    }

    fn in_area(&self, index: u32) -> bool {
        let Some((codes, ok)) = &self.area_ok else { return true };
        let code = codes.get(index as usize).copied().unwrap_or(0);
        ok.get(code as usize).copied().unwrap_or(false)
    }

    /// Every test.
    pub(crate) fn accepts(&self, index: u32) -> bool {
        self.cheap(index as usize) && (!self.has_costly() || self.costly(index))
    }

    fn in_box(&self, index: u32) -> bool {
        let Some(parts) = &self.bbox_parts else { return true };
        self.store.points_of(index).iter().any(|c| {
            parts
                .iter()
                .any(|(min, max)| c[0] >= min[0] && c[0] <= max[0] && c[1] >= min[1] && c[1] <= max[1])
        })
    }

    /// Whether every word of the query's text appears in the incident's text.
    pub(crate) fn text_matches(&self, index: u32) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let [start, end] = self.store.text_spans[index as usize];
        let text = &self.store.text[start..end];
        self.words.iter().all(|w| text.contains(w.as_str()))
    }
}
