//! Candidate mentions from gazetteers and rules, the overlap policy that
//! turns them into one mention per span, and in-document linking.
//!
//! # Overlap policy
//!
//! Candidates are considered longest first; among equally long ones the
//! higher priority wins (a rule's `priority:`, 0 for gazetteer names), then a
//! gazetteer name over a rule, then the earlier one. A candidate is kept only
//! if it overlaps none already kept. Where one name is in several gazetteer
//! entries, the entry is chosen by [`crate::gazetteer`]'s preference order.

mod link;

use std::sync::Arc;

use crate::document::{Entity, Label, Source, Span};
use crate::gazetteer::{GazHit, Gazetteer};
use crate::rules::{RuleMatch, RuleSet, Tokens};
use crate::text::{Analysis, Shape, Token};

pub(crate) use link::{link, slug, LINK_PARTICLES};

/// A candidate or accepted mention.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    pub span: Span,
    /// Token range `[start, end)`.
    pub toks: (usize, usize),
    pub label: Label,
    /// Gazetteer entry, when found by or linked to one.
    pub entry: Option<u32>,
    /// Other entries that shared the name.
    pub others: Vec<u32>,
    /// The rule that produced it.
    pub rule: Option<u32>,
    pub priority: i32,
    pub source: Source,
    /// A document-local id for names no gazetteer knows.
    pub local: Option<Arc<str>>,
    /// ISO value for dates.
    pub value: Option<String>,
}

impl Mention {
    /// A date mention; dates win over names of the same length.
    pub fn date(d: crate::time::DateMention) -> Mention {
        Mention {
            span: d.span,
            toks: d.toks,
            label: Label::Date,
            entry: None,
            others: Vec::new(),
            rule: None,
            priority: 10,
            source: Source::Date,
            local: None,
            value: d.value,
        }
    }
}

thread_local! {
    /// Emptied lists of mentions, for the thread's next documents: a list
    /// of a document's candidates is a few kilobytes, which the allocator
    /// serves slowly.
    static SPARE: std::cell::RefCell<Vec<Vec<Mention>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// An empty list of mentions, with room from an earlier document when the
/// thread has one.
pub(crate) fn spare_mentions() -> Vec<Mention> {
    SPARE
        .try_with(|s| s.borrow_mut().pop())
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Empties `v` and keeps it for [`spare_mentions`]: at most two lists a
/// thread, and none sized for a huge document.
pub(crate) fn keep_spare(mut v: Vec<Mention>) {
    if v.capacity() == 0 || v.capacity() > crate::reuse::KEEP_UP_TO {
        return;
    }
    v.clear();
    // Not during the thread's teardown: the list is then dropped.
    let _ = SPARE.try_with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            if s.len() < 2 {
                s.push(v);
            }
        }
    });
}

/// Mentions for gazetteer hits, with `priority`, appended to `out`.
pub(crate) fn from_gazetteer(
    an: &Analysis,
    hits: impl ExactSizeIterator<Item = GazHit>,
    priority: i32,
    out: &mut Vec<Mention>,
) {
    // Sized for all: a filtered collect would grow from nothing.
    out.reserve(hits.len());
    out.extend(hits.filter_map(|h| {
        let toks = h.toks;
        // A name never runs across a sentence or paragraph break.
        let sent = an.sentences.partition_point(|&(_, b)| b <= toks.0);
        if an.sentences.get(sent).is_some_and(|&(_, b)| toks.1 > b) {
            return None;
        }
        Some(Mention {
            span: h.span,
            toks,
            label: h.label,
            entry: Some(h.entry),
            others: h.others,
            rule: None,
            priority,
            source: Source::Gazetteer,
            local: None,
            value: None,
        })
    }));
}

/// Where a place name is shared by places in several countries, prefers
/// the one in a country the document names unambiguously elsewhere
/// (`Tripoli` in a story about Lebanon), keeping the others as runners-up.
pub(crate) fn prefer_document_countries(gaz: &Gazetteer, mentions: &mut [Mention]) {
    // Only an ambiguous place name has anything to prefer.
    if !mentions
        .iter()
        .any(|m| !m.others.is_empty() && m.label.is_place())
    {
        return;
    }
    let country = |e: u32| gaz.entry(e).country.as_deref();
    let mut named: Vec<&str> = mentions
        .iter()
        .filter(|m| m.others.is_empty() && m.label.is_place())
        .filter_map(|m| m.entry.and_then(country))
        .collect();
    named.sort_unstable();
    named.dedup();
    if named.is_empty() {
        return;
    }
    for m in mentions.iter_mut() {
        let Some(best) = m.entry else { continue };
        if m.others.is_empty()
            || !m.label.is_place()
            || country(best).is_some_and(|c| named.contains(&c))
        {
            continue;
        }
        if let Some(pos) = m.others.iter().position(|&o| {
            gaz.entry(o).label == m.label && country(o).is_some_and(|c| named.contains(&c))
        }) {
            let alt = m.others[pos];
            m.others[pos] = best;
            m.entry = Some(alt);
        }
    }
}

/// Mentions for entity-rule matches.
pub(crate) fn from_rules(an: &Analysis, rules: &RuleSet, matches: &[RuleMatch]) -> Vec<Mention> {
    let mut out = Vec::with_capacity(matches.len());
    for m in matches {
        let rule = &rules.rules[m.rule as usize];
        let crate::rules::Emit::Entity(label, cap) = &rule.emit else {
            continue;
        };
        let Some((a, b)) = rule.capture(cap).and_then(|k| m.capture(k)) else {
            continue;
        };
        // Trim punctuation at the edges of a capture.
        let (mut a, mut b) = (a, b);
        while a < b && an.tokens[a].shape == Shape::Punct {
            a += 1;
        }
        while b > a && an.tokens[b - 1].shape == Shape::Punct {
            b -= 1;
        }
        if a == b {
            continue;
        }
        out.push(Mention {
            span: Span::new(an.tokens[a].start as usize, an.tokens[b - 1].end as usize),
            toks: (a, b),
            label: *label,
            entry: None,
            others: Vec::new(),
            rule: Some(m.rule),
            priority: rule.priority,
            source: Source::Rule,
            local: None,
            value: None,
        });
    }
    // The same rule may match from several starts and yield the same name.
    out.sort_by_key(|x| (x.span, x.label, x.rule));
    out.dedup_by(|a, b| a.span == b.span && a.label == b.label && a.rule == b.rule);
    out
}

/// Applies the overlap policy. Returns the kept mentions in text order and,
/// if `keep_lost`, the candidates that lost (else none).
pub(crate) fn resolve(mut cands: Vec<Mention>, keep_lost: bool) -> (Vec<Mention>, Vec<Mention>) {
    /// `owner`, `keep`, `order` and `by_start`.
    type Buffers = (
        Vec<u32>,
        Vec<bool>,
        Vec<(u128, u32)>,
        Vec<(usize, usize, u32)>,
    );
    thread_local! {
        /// The buffers, reused from document to document.
        static BUFFERS: std::cell::Cell<Buffers> = Default::default();
    }
    let (mut owner, mut keep, mut order, mut by_start) = crate::reuse::take(&BUFFERS);
    // Mentions cover whole tokens, so spans overlap exactly when their
    // token ranges do. First each token counts the candidates over it: one
    // that shares no token is kept whatever the order, and only the others
    // are ranked (most candidates stand alone).
    let n = cands.iter().map(|c| c.toks.1).max().unwrap_or(0);
    owner.clear();
    owner.resize(n, 0);
    for c in &cands {
        if let Some(o) = owner.get_mut(c.toks.0..c.toks.1) {
            o.iter_mut().for_each(|k| *k = k.saturating_add(1));
        }
    }
    keep.clear();
    keep.resize(cands.len(), false);
    // Longest first, then the higher priority, a gazetteer name before a
    // rule's, the earlier, the lower rule index, and the input order: one
    // key per candidate, read in one pass. Offsets fit 32 bits (texts are
    // at most 4 GiB), and so does any rule index a rule file can reach.
    order.clear();
    for (i, c) in cands.iter().enumerate() {
        let shared = owner
            .get(c.toks.0..c.toks.1)
            .is_some_and(|o| o.iter().any(|&k| k > 1));
        if !shared {
            keep[i] = true;
            continue;
        }
        let long = u32::MAX - u32::try_from(c.span.len()).unwrap_or(u32::MAX);
        let priority = !((c.priority as u32) ^ 0x8000_0000);
        let rule = c.rule.map_or(0, |r| r.saturating_add(1).min(0x7FFF_FFFF));
        let start = u32::try_from(c.span.start).unwrap_or(u32::MAX);
        let key = u128::from(long) << 96
            | u128::from(priority) << 64
            | u128::from(c.source != Source::Gazetteer) << 63
            | u128::from(start) << 31
            | u128::from(rule);
        order.push((key, i as u32));
    }
    order.sort_unstable();
    // Now each token remembers the kept mention over it.
    owner.fill(u32::MAX);
    let mut lost_order: Vec<u32> = Vec::new();
    for &(_, ci) in &order {
        let c = &cands[ci as usize];
        // The kept mention that starts last among those it overlaps.
        let clash = owner
            .get(c.toks.0..c.toks.1)
            .and_then(|o| o.iter().rev().find(|&&k| k != u32::MAX))
            .copied();
        match clash {
            Some(k) => {
                // A rule that found exactly a gazetteer name confirms it: the
                // mention keeps the rule's label and gains the entry.
                let held = &cands[k as usize];
                if held.entry.is_none()
                    && c.entry.is_some()
                    && held.span == c.span
                    && held.label == c.label
                {
                    let (entry, others) = (c.entry, c.others.clone());
                    let held = &mut cands[k as usize];
                    held.entry = entry;
                    held.others = others;
                    held.source = Source::Gazetteer;
                }
                if keep_lost {
                    lost_order.push(ci);
                }
            }
            None => {
                if let Some(o) = owner.get_mut(c.toks.0..c.toks.1) {
                    o.fill(ci);
                }
                keep[ci as usize] = true;
            }
        }
    }
    // The losers in the order they lost, for explanations (a loser is
    // never changed after it lost).
    let lost = lost_order
        .iter()
        .map(|&i| cands[i as usize].clone())
        .collect();
    let mut flags = keep.iter();
    cands.retain(|_| flags.next().copied().unwrap_or(false));
    // Kept mentions cover disjoint tokens, so their starts differ. They
    // come as a few sorted runs (names, rule matches, dates): sort their
    // indices, then move each mention once, instead of shifting the large
    // mentions about (that sort was 2% of the pipeline).
    if !cands.is_sorted_by_key(|m| (m.span.start, m.toks.0)) {
        by_start.clear();
        by_start.extend(
            cands
                .iter()
                .enumerate()
                .map(|(i, m)| (m.span.start, m.toks.0, i as u32)),
        );
        by_start.sort_unstable();
        // `owner` is free again: it holds the permutation.
        owner.clear();
        owner.extend(by_start.iter().map(|&(_, _, i)| i));
        permute(&mut cands, &mut owner);
    }
    let size = n.max(keep.len());
    crate::reuse::give_back(&BUFFERS, (owner, keep, order, by_start), size);
    (cands, lost)
}

/// Reorders `v` so that `v[k]` is what was at `src[k]` (`src` is a
/// permutation of `0..v.len()`), one cycle of swaps at a time.
fn permute<T>(v: &mut [T], src: &mut [u32]) {
    debug_assert_eq!(v.len(), src.len());
    for start in 0..v.len().min(src.len()) {
        let mut k = start;
        // A visited place holds its own index.
        while src[k] as usize != k {
            let from = src[k] as usize;
            src[k] = k as u32;
            if from == start {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}

/// The view of a document that rules match against.
pub(crate) struct View<'a> {
    pub text: &'a str,
    pub an: &'a Analysis,
    pub gaz: &'a Gazetteer,
    /// Per token: 1 + index of the mention starting there, or 0.
    ent_start: Vec<u32>,
    /// Per token: the label bit of the mention in `ent_start`, or 0.
    labels: Vec<u8>,
    /// Per token: the label bits of the mentions in `ent_start` over it.
    inside: Vec<u8>,
    mentions: &'a [Mention],
    /// Word ids of the tokens, looked up once for both rule sets.
    words: Option<&'a [u32]>,
}

impl<'a> View<'a> {
    /// A view over analysed text with the given mentions (sorted, disjoint).
    pub fn new(
        text: &'a str,
        an: &'a Analysis,
        gaz: &'a Gazetteer,
        mentions: &'a [Mention],
    ) -> View<'a> {
        let (ent_start, labels, inside) = crate::reuse::take(&VIEW_BUFFERS);
        let mut v = View {
            text,
            an,
            gaz,
            ent_start,
            labels,
            inside,
            mentions,
            words: None,
        };
        v.set_mentions(mentions);
        v
    }

    /// The view with the tokens' word ids already looked up.
    pub fn with_words(mut self, words: &'a crate::stages::Words) -> View<'a> {
        self.words = Some(&words.0);
        self
    }

    /// Replaces the mentions the view reports.
    pub fn set_mentions(&mut self, mentions: &'a [Mention]) {
        self.ent_start.clear();
        self.labels.clear();
        self.inside.clear();
        self.mentions = mentions;
        // Readers take a missing token's entry for 0: without mentions
        // (linking reads tokens only) the tables stay empty.
        if mentions.is_empty() {
            return;
        }
        self.ent_start.resize(self.an.tokens.len(), 0);
        self.labels.resize(self.an.tokens.len(), 0);
        self.inside.resize(self.an.tokens.len(), 0);
        for (i, m) in mentions.iter().enumerate() {
            if let Some(slot) = self.ent_start.get_mut(m.toks.0) {
                if *slot == 0 {
                    *slot = i as u32 + 1;
                    let bit = crate::rules::label_bit(m.label);
                    self.labels[m.toks.0] = bit;
                    if let Some(ins) = self.inside.get_mut(m.toks.0..m.toks.1) {
                        ins.iter_mut().for_each(|x| *x |= bit);
                    }
                }
            }
        }
        self.mentions = mentions;
    }

    /// The mention starting at token `i`.
    pub fn mention_at(&self, i: usize) -> Option<&'a Mention> {
        self.mention_index_at(i).map(|(_, m)| m)
    }

    /// The mention starting at token `i` and its index in the view's mentions.
    pub fn mention_index_at(&self, i: usize) -> Option<(usize, &'a Mention)> {
        match self.ent_start.get(i) {
            Some(&k) if k > 0 => self
                .mentions
                .get(k as usize - 1)
                .map(|m| (k as usize - 1, m)),
            _ => None,
        }
    }
}

type ViewBuffers = (Vec<u32>, Vec<u8>, Vec<u8>);

thread_local! {
    /// The per-token tables of the thread's last view, for its next: a
    /// document makes two views, and each would otherwise allocate three
    /// tables.
    static VIEW_BUFFERS: std::cell::Cell<ViewBuffers> = Default::default();
}

impl Drop for View<'_> {
    fn drop(&mut self) {
        let size = self.ent_start.capacity();
        let bufs = (
            std::mem::take(&mut self.ent_start),
            std::mem::take(&mut self.labels),
            std::mem::take(&mut self.inside),
        );
        crate::reuse::give_back(&VIEW_BUFFERS, bufs, size);
    }
}

impl Tokens for View<'_> {
    fn len(&self) -> usize {
        self.an.tokens.len()
    }

    fn folded(&self, i: usize) -> &str {
        self.an.folded_token(i)
    }

    fn original(&self, i: usize) -> &str {
        self.an.tokens[i].text(self.text)
    }

    fn shape(&self, i: usize) -> Shape {
        self.an.tokens[i].shape
    }

    fn entity_at(&self, i: usize) -> Option<(Label, Option<&str>, usize)> {
        let m = self.mention_at(i)?;
        let sub = m.entry.and_then(|e| self.gaz.entry(e).subtype.as_deref());
        Some((m.label, sub, m.toks.1))
    }

    fn tokens(&self) -> &[Token] {
        &self.an.tokens
    }

    fn label_bits(&self) -> &[u8] {
        &self.labels
    }

    fn inside_bits(&self) -> &[u8] {
        &self.inside
    }

    fn words(&self) -> Option<&[u32]> {
        self.words
    }
}

/// A mention's entity id and canonical name: its gazetteer entry's, else
/// its document-local id and no name.
pub(crate) fn names<'a>(
    m: &'a Mention,
    gaz: &'a Gazetteer,
) -> (Option<&'a Arc<str>>, Option<&'a Arc<str>>) {
    match (m.entry, &m.local) {
        (Some(e), _) => {
            let e = gaz.entry(e);
            (Some(&e.id), Some(&e.name))
        }
        (None, Some(l)) => (Some(l), None),
        _ => (None, None),
    }
}

/// Turns accepted mentions into entities.
pub(crate) fn to_entities(text: &str, gaz: &Gazetteer, mentions: &[Mention]) -> Vec<Entity> {
    mentions.iter().map(|m| to_entity(text, gaz, m)).collect()
}

/// The entity of an accepted mention.
pub(crate) fn to_entity(text: &str, gaz: &Gazetteer, m: &Mention) -> Entity {
    let (id, canonical) = names(m, gaz);
    Entity {
        span: m.span,
        text: text[m.span.range()].to_string(),
        label: m.label,
        id: id.cloned(),
        canonical: canonical.cloned(),
        source: m.source,
        value: m.value.clone(),
        alternatives: m.others.iter().map(|&o| gaz.entry(o).id.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_moves_each_place_to_where_the_permutation_says() {
        // Every permutation of five places, by Heap's algorithm.
        fn all(k: usize, p: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
            if k <= 1 {
                out.push(p.clone());
                return;
            }
            for i in 0..k {
                all(k - 1, p, out);
                p.swap(if k % 2 == 0 { i } else { 0 }, k - 1);
            }
        }
        let mut perms = Vec::new();
        all(5, &mut (0..5).collect(), &mut perms);
        assert_eq!(perms.len(), 120);
        for src in perms {
            let mut v: Vec<String> = (0..5).map(|i| format!("m{i}")).collect();
            permute(&mut v, &mut src.clone());
            let want: Vec<String> = src.iter().map(|i| format!("m{i}")).collect();
            assert_eq!(v, want, "{src:?}");
        }
    }

    /// A mention over bytes `[s, e)`, one token per byte.
    fn m(s: usize, e: usize, source: Source, priority: i32) -> Mention {
        Mention {
            span: Span::new(s, e),
            toks: (s, e),
            label: Label::Org,
            entry: None,
            others: Vec::new(),
            rule: None,
            priority,
            source,
            local: None,
            value: None,
        }
    }

    #[test]
    fn longest_then_priority_then_gazetteer() {
        let cands = vec![
            m(0, 5, Source::Gazetteer, 0),
            m(0, 9, Source::Rule, 0),
            m(10, 15, Source::Rule, 0),
            m(10, 15, Source::Gazetteer, 0),
            m(20, 25, Source::Gazetteer, 0),
            m(20, 25, Source::Rule, 5),
            m(8, 12, Source::Gazetteer, 0),
        ];
        // Without the losers the kept mentions are the same.
        let (without, none) = resolve(cands.clone(), false);
        assert!(none.is_empty());
        let (kept, lost) = resolve(cands, true);
        assert_eq!(without.len(), kept.len());
        assert!(without
            .iter()
            .zip(&kept)
            .all(|(a, b)| a.span == b.span && a.source == b.source));
        let got: Vec<_> = kept
            .iter()
            .map(|k| (k.span.start, k.span.end, k.source))
            .collect();
        assert_eq!(
            got,
            [
                (0, 9, Source::Rule),
                (10, 15, Source::Gazetteer),
                (20, 25, Source::Rule)
            ]
        );
        assert_eq!(lost.len(), 4);
    }
}
