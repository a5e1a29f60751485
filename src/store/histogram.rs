//! Counts of incidents per time bin and category, for the timeline.

use super::{Filter, Query, Store};
use crate::model::{UNBOUNDED_FUTURE, UNBOUNDED_PAST, UnixSeconds};

/// Sorted bin edges in UTC seconds: `n + 1` edges make `n` bins `[edge[k], edge[k+1])`.
/// Bins may differ in width (calendar months, years).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinEdges(Vec<UnixSeconds>);

impl BinEdges {
    /// Edges from a sorted list; `None` unless there are at least two strictly increasing edges.
    #[must_use]
    pub fn new(edges: Vec<UnixSeconds>) -> Option<Self> {
        (edges.len() >= 2 && edges.windows(2).all(|w| w[0] < w[1])).then_some(Self(edges))
    }

    /// `bins` equal bins from `start` to `end`.
    ///
    /// ```
    /// use incident_atlas::store::BinEdges;
    /// let edges = BinEdges::uniform(0, 100, 4).unwrap();
    /// assert_eq!(edges.edges(), &[0, 25, 50, 75, 100]);
    /// ```
    #[must_use]
    pub fn uniform(start: UnixSeconds, end: UnixSeconds, bins: usize) -> Option<Self> {
        if bins == 0 || end <= start {
            return None;
        }
        let span = i128::from(end) - i128::from(start);
        let count = i128::try_from(bins).ok()?;
        let edges =
            (0..=count).map(|k| i64::try_from(i128::from(start) + span * k / count).unwrap_or(end)).collect();
        Self::new(edges)
    }

    /// Calendar bins (UTC) of one unit covering `[start, end)`, at most `max_bins` of them.
    ///
    /// ```
    /// use incident_atlas::store::{BinEdges, BinUnit};
    /// // Six earthquakes over two hours of a USGS feed: hourly bins from the hour.
    /// let edges = BinEdges::calendar(BinUnit::Hour, 1_478_185_429, 1_478_198_297, 400).unwrap();
    /// assert_eq!((edges.bins(), edges.edges()[0] % 3600), (4, 0));
    /// assert_eq!(BinUnit::for_span(2 * 3600, 400), BinUnit::Minute);
    /// ```
    ///
    /// ```
    /// use incident_atlas::store::{BinEdges, BinUnit};
    /// let y2016 = 1_451_606_400; // 2016-01-01
    /// let edges = BinEdges::calendar(BinUnit::Month, y2016, y2016 + 40 * 86_400, 100).unwrap();
    /// assert_eq!(edges.bins(), 2); // January and February
    /// assert_eq!(edges.edges()[1] - edges.edges()[0], 31 * 86_400);
    /// ```
    #[must_use]
    pub fn calendar(unit: BinUnit, start: UnixSeconds, end: UnixSeconds, max_bins: usize) -> Option<Self> {
        use jiff::ToSpan;
        if matches!(unit, BinUnit::Minute | BinUnit::Hour) {
            // UTC minutes and hours are all the same length.
            let step = unit.approx_seconds();
            let mut edges = vec![start.checked_sub(start.rem_euclid(step))?];
            while let Some(&last) = edges.last().filter(|&&e| e < end && edges.len() <= max_bins) {
                edges.push(last.checked_add(step)?);
            }
            return Self::new(edges);
        }
        let utc = jiff::tz::Offset::UTC;
        let first = crate::model::utc_datetime(start)?.date();
        let mut edge = match unit {
            BinUnit::Minute | BinUnit::Hour | BinUnit::Day | BinUnit::Week => first,
            BinUnit::Month => first.first_of_month(),
            BinUnit::Year => first.first_of_year(),
        };
        let step = match unit {
            BinUnit::Minute | BinUnit::Hour | BinUnit::Day => 1.day(),
            BinUnit::Week => 7.days(),
            BinUnit::Month => 1.month(),
            BinUnit::Year => 1.year(),
        };
        let seconds =
            |d: jiff::civil::Date| utc.to_timestamp(d.at(0, 0, 0, 0)).map(jiff::Timestamp::as_second).ok();
        let mut edges = vec![seconds(edge)?];
        while edges.last().is_some_and(|&e| e < end) && edges.len() <= max_bins {
            edge = edge.checked_add(step).ok()?;
            edges.push(seconds(edge)?);
        }
        Self::new(edges)
    }

    /// The edges.
    #[must_use]
    pub fn edges(&self) -> &[UnixSeconds] {
        &self.0
    }

    /// Number of bins.
    #[must_use]
    pub fn bins(&self) -> usize {
        self.0.len() - 1
    }

    /// The bin holding time `t`, or `None` outside the edges. Near-uniform edges are found in O(1).
    #[must_use]
    pub fn bin_of(&self, t: UnixSeconds) -> Option<usize> {
        let e = &self.0;
        let (first, last) = (e[0], e[e.len() - 1]);
        if t < first || t >= last {
            return None;
        }
        let bins = self.bins();
        let mut k = (((t - first) as f64 / (last - first) as f64) * bins as f64) as usize;
        k = k.min(bins - 1);
        while k > 0 && e[k] > t {
            k -= 1;
        }
        while k + 1 < bins && e[k + 1] <= t {
            k += 1;
        }
        Some(k)
    }
}

/// A calendar unit for timeline bins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinUnit {
    /// One minute (for a feed whose events are minutes apart).
    Minute,
    /// One hour.
    Hour,
    /// One UTC day.
    Day,
    /// Seven days.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl BinUnit {
    /// Every unit, shortest first.
    pub const ALL: [BinUnit; 6] =
        [BinUnit::Minute, BinUnit::Hour, BinUnit::Day, BinUnit::Week, BinUnit::Month, BinUnit::Year];

    /// Roughly how long one bin is, in seconds (for choosing a unit).
    #[must_use]
    pub fn approx_seconds(self) -> i64 {
        match self {
            BinUnit::Minute => 60,
            BinUnit::Hour => 3_600,
            BinUnit::Day => 86_400,
            BinUnit::Week => 7 * 86_400,
            BinUnit::Month => 2_629_746,
            BinUnit::Year => 31_556_952,
        }
    }

    /// The shortest unit giving at most `max_bins` bins over `span` seconds.
    #[must_use]
    pub fn for_span(span: i64, max_bins: i64) -> BinUnit {
        BinUnit::ALL.into_iter().find(|u| span / u.approx_seconds() <= max_bins).unwrap_or(BinUnit::Year)
    }

    /// A name for labels ("month").
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            BinUnit::Minute => "minute",
            BinUnit::Hour => "hour",
            BinUnit::Day => "day",
            BinUnit::Week => "week",
            BinUnit::Month => "month",
            BinUnit::Year => "year",
        }
    }
}

/// Incident counts per bin and category. An incident spanning several bins (a date known only to the
/// year, shown in monthly bins) is spread over them in proportion to its overlap, so each incident adds
/// up to 1 in all; the date's imprecision is not hidden in its first bin.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// The bins.
    pub edges: BinEdges,
    /// Number of categories (the store's category codes).
    pub categories: usize,
    /// `counts[bin * categories + code]`.
    pub counts: Vec<f32>,
}

impl Histogram {
    /// The count in one bin for one category code.
    #[must_use]
    pub fn count(&self, bin: usize, code: u16) -> f32 {
        self.counts[bin * self.categories + usize::from(code)]
    }

    /// The count in one bin over all categories.
    #[must_use]
    pub fn bin_total(&self, bin: usize) -> f32 {
        self.counts[bin * self.categories..(bin + 1) * self.categories].iter().sum()
    }
}

impl Store {
    /// Counts per time bin and category of the incidents matching `query`.
    ///
    /// ```
    /// # use incident_atlas::{model::*, store::*};
    /// let d = |s: &str| EdtfDate::parse(s).unwrap();
    /// let store = Store::new(vec![
    ///     Incident::new("a", "A", d("2016-03-05"), "arrest"),
    ///     Incident::new("b", "B", d("2016"), "plot"),
    /// ]);
    /// let y = d("2016").interval();
    /// let edges = BinEdges::uniform(y.start, y.end, 2).unwrap(); // two half-years
    /// let h = store.histogram(&Query::default(), &edges);
    /// assert_eq!(h.count(0, store.category_code("arrest").unwrap()), 1.0);
    /// assert!((h.count(0, store.category_code("plot").unwrap()) - 0.5).abs() < 0.01);
    /// ```
    #[must_use]
    pub fn histogram(&self, query: &Query, edges: &BinEdges) -> Histogram {
        let categories = self.category_names.len().max(1);
        let mut counts = vec![0f32; edges.bins() * categories];
        let everything = query.window.is_none()
            && query.bbox.is_none()
            && Filter::new(self, query).passes_everything_cheap()
            && query.text.as_deref().is_none_or(|t| t.trim().is_empty());
        if everything {
            self.accumulate(0..self.len(), edges, categories, &mut counts);
        } else {
            let shown = self.visible(query);
            self.accumulate(shown.iter().map(|&i| i as usize), edges, categories, &mut counts);
        }
        Histogram { edges: edges.clone(), categories, counts }
    }

    /// Counts incidents, which must come in ascending (start-time) order, into `counts`.
    fn accumulate(
        &self,
        shown: impl Iterator<Item = usize>,
        edges: &BinEdges,
        categories: usize,
        counts: &mut [f32],
    ) {
        let e = edges.edges();
        let bins = edges.bins();
        let (first, last) = (e[0], e[bins]);
        // The bin of each start only moves forward.
        let mut cursor = 0usize;
        let mut next_edge = e[1];
        for i in shown {
            let (start, end) = (self.start[i], self.end[i]);
            if end <= first || start >= last {
                continue;
            }
            let cat = usize::from(self.category[i]);
            let from = start.max(first);
            while from >= next_edge && cursor + 1 < bins {
                cursor += 1;
                next_edge = e[cursor + 1];
            }
            if start >= first && end <= next_edge {
                counts[cursor * categories + cat] += 1.0;
                continue;
            }
            let to = end.min(last);
            let whole =
                if start == UNBOUNDED_PAST || end == UNBOUNDED_FUTURE { to - from } else { end - start };
            let per_second = 1.0 / whole as f64;
            let mut k = cursor;
            while k < bins && e[k] < to {
                let overlap = e[k + 1].min(to) - e[k].max(from);
                let share = (overlap as f64 * per_second) as f32;
                counts[k * categories + cat] += share;
                k += 1;
            }
        }
    }
}
