//! The pattern-rule language: rule files, compiled rule sets, and matching
//! over a document's tokens and entities. The language is documented in
//! `rules/README.md`.
//!
//! Matching never tries every rule at every token: each rule is anchored on a
//! required word or list (found by one hash lookup per token) or on an entity
//! label, and runs only in a bounded window around the anchor.

mod parse;
mod program;

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::cell::Cell;
use std::sync::Arc;

use crate::error::{Diagnostic, Error};
use crate::text::{fold, tokenize, Lexicon};
use parse::{Atom, Node, Pos};
pub(crate) use parse::{Emit, Example};
pub(crate) use program::{label_bit, Doc, Feat, Program, Scratch, Tokens};

/// The rule files shipped with the crate: `(path, contents)` for every
/// `rules/*.rules`.
pub(crate) const EMBEDDED_RULES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The word lists shipped with the crate: every `gazetteers/lists/*.txt`.
pub(crate) const EMBEDDED_LISTS: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/embedded_lists.rs"));

/// The longest span, in tokens, that an entity or list entry may take when
/// sizing the window before a rule's anchor.
const LONG: u32 = 12;
/// The furthest a match may start before its anchor, and extend after its
/// start, in tokens.
const MAX_PREFIX: usize = 24;
const MAX_SPAN: usize = 64;

/// A compiled rule.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: Arc<str>,
    pub file: Arc<str>,
    pub line: usize,
    pub program: Program,
    pub emit: Emit,
    pub priority: i32,
    pub mode: Option<String>,
    pub examples: Vec<Example>,
    /// Tokens the match may start before the anchor.
    prefix: usize,
    /// What every token before the anchor passes, when that can be told:
    /// starts before a token that fails are not tried.
    pass: Option<program::Pass>,
    /// A cheap test of the first token.
    start: Option<Vec<program::First>>,
    /// The required elements ([`requirements`]), turned into `need` and
    /// `near` when the set is finished.
    groups: Vec<Requirement>,
    /// Bits of the requirement groups, see [`RuleSet::find`].
    need: u128,
    /// The groups of the required elements after the anchor, each as its
    /// bit and window: the rule is not run from an anchor without a word
    /// of each group in its window.
    near: Vec<(u128, u32, u32)>,
}

/// A required element of a pattern's top-level sequence: the words (or
/// `@lists`) one of which starts it, which must all occur in a sentence
/// for the rule to match there, and for an element after a word anchor,
/// the fewest and most tokens from the anchor's first token to its own.
type Requirement = (Vec<String>, Option<(u32, u32)>);

impl Rule {
    /// The index of a capture by name.
    pub fn capture(&self, name: &str) -> Option<usize> {
        self.program.captures.iter().position(|c| c == name)
    }

    /// The windows that [`Rule::near`] checks (none, in tests that turn
    /// them off).
    fn windows(&self) -> &[(u128, u32, u32)] {
        #[cfg(test)]
        if tests::NO_WINDOWS.get() {
            return &[];
        }
        &self.near
    }
}

/// A list: entries as sequences of word ids, indexed by first word.
#[derive(Debug, Clone, Default)]
pub(crate) struct List {
    by_first: FxHashMap<u32, Vec<Vec<u32>>>,
    /// The most tokens an entry has.
    pub longest: usize,
}

impl List {
    fn new(entries: &[String], lexicon: &mut Lexicon) -> List {
        let mut by_first: FxHashMap<u32, Vec<Vec<u32>>> = FxHashMap::default();
        for e in entries {
            let toks: Vec<u32> = tokenize(e)
                .iter()
                .map(|t| lexicon.intern(&fold(t.text(e))))
                .collect();
            if let Some(&first) = toks.first() {
                let v = by_first.entry(first).or_default();
                if !v.contains(&toks) {
                    v.push(toks);
                }
            }
        }
        for v in by_first.values_mut() {
            v.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
        let longest = by_first.values().flatten().map(Vec::len).max().unwrap_or(0);
        List { by_first, longest }
    }

    /// The end of the longest entry starting at token `i`, given the
    /// document's word ids.
    pub fn longest_at(&self, ids: &[u32], i: usize) -> Option<usize> {
        let cands = self.by_first.get(ids.get(i)?)?;
        cands
            .iter()
            .find(|seq| words_at(ids, i, seq))
            .map(|seq| i + seq.len())
    }
}

/// Whether the word ids `seq` occur in `ids` at `i`. Compared one by one:
/// a sequence is a few words, too short for a call to `memcmp` to pay.
#[inline]
pub(crate) fn words_at(ids: &[u32], i: usize, seq: &[u32]) -> bool {
    ids.get(i..i + seq.len())
        .is_some_and(|got| got.iter().zip(seq).all(|(a, b)| a == b))
}

/// Buffers of [`RuleSet::find`], kept per thread.
#[derive(Debug, Default)]
struct FindBuffers {
    scratch: Scratch,
    /// (anchor token, rule) pairs found in the current sentence.
    hits: Vec<(usize, u32)>,
    /// Per rule, the first start not yet tried.
    next: Vec<usize>,
    feats: Vec<Feat>,
    ids: Vec<u32>,
}

/// One match of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleMatch {
    pub rule: u32,
    pub start: usize,
    pub end: usize,
    caps: Caps,
}

/// Capture slots in token indices: inline for up to four captures (every
/// shipped rule), so that a match allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Caps {
    /// `u32::MAX` when unset.
    Few([u32; 8]),
    /// `usize::MAX` when unset.
    Many(Vec<usize>),
}

impl Caps {
    fn new(slots: &[usize]) -> Caps {
        if slots.len() <= 8 {
            let mut few = [u32::MAX; 8];
            for (f, &s) in few.iter_mut().zip(slots) {
                *f = u32::try_from(s).unwrap_or(u32::MAX);
            }
            Caps::Few(few)
        } else {
            Caps::Many(slots.to_vec())
        }
    }

    fn slot(&self, i: usize) -> Option<usize> {
        match self {
            Caps::Few(few) => few.get(i).filter(|&&s| s != u32::MAX).map(|&s| s as usize),
            Caps::Many(v) => v.get(i).filter(|&&s| s != usize::MAX).copied(),
        }
    }
}

impl RuleMatch {
    /// The token range of capture `k`.
    pub fn capture(&self, k: usize) -> Option<(usize, usize)> {
        let (a, b) = (self.caps.slot(2 * k)?, self.caps.slot(2 * k + 1)?);
        (a < b).then_some((a, b))
    }
}

/// All compiled rules and lists.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleSet {
    pub rules: Vec<Rule>,
    pub lists: Vec<List>,
    list_ids: HashMap<String, u32>,
    /// Every word the rules and lists mention.
    lexicon: Lexicon,
    /// While building: folded first word (or `@list`) -> rules anchored on it.
    by_word: FxHashMap<String, Vec<u32>>,
    /// Word id -> what the rule set knows of the word. The last entry is
    /// all zeros and stands for every id past the end (see
    /// [`RuleSet::word`]).
    words: Vec<WordInfo>,
    /// The rules anchored on words, each word's in one stretch.
    anchor_rules: Vec<u32>,
    /// Word id -> bit `l` set when list `l` (< 64) has an entry starting
    /// with it.
    list_starts: Vec<u64>,
    /// The lists whose bits the rules' one-token tests and first-token
    /// tests read.
    mask_lists: u64,
    /// Label bit -> rules anchored on an entity with that label.
    by_label: [Vec<u32>; 7],
}

/// What a rule set knows of one word.
#[derive(Debug, Clone, Copy, Default)]
struct WordInfo {
    /// The requirement groups (at most 128 over all rules) that the word
    /// satisfies.
    groups: u128,
    /// Bit `l`: list `l` (< 64) has an entry starting with the word.
    list_starts: u64,
    /// Bit `l`: the word alone is an entry of list `l`, no longer entry
    /// of it starts with the word, and a one-token test reads the list.
    list_only: u64,
    /// Bit `l`: the word is in some entry of list `l`.
    list_words: u64,
    /// The rules anchored on the word: `anchor_rules[start..end]`.
    anchors: (u32, u32),
}

/// What a rule is anchored on.
enum Anchor {
    Words(Vec<String>),
    Label(u8),
}

impl RuleSet {
    /// Builds a rule set from list files and rule files, reporting every
    /// fault in every file.
    ///
    /// Word ids continue those of `seed`: a rule set built from another's
    /// vocabulary reads the same ids for the same words, so one id per token
    /// serves both (see [`Tokens::words`]).
    pub fn build<'a>(
        list_files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
        rule_files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
        events: bool,
        seed: Lexicon,
    ) -> Result<RuleSet, Error> {
        let mut diags = Vec::new();
        let mut set = RuleSet {
            lexicon: seed,
            ..RuleSet::default()
        };
        for (name, bytes) in list_files {
            let mut rep = crate::gazetteer::Reporter {
                file: name,
                out: Vec::new(),
            };
            let lines = crate::gazetteer::lines(bytes, &mut rep);
            crate::gazetteer::check_header(&lines, "list", &mut rep);
            let entries: Vec<String> = lines
                .iter()
                .map(|(_, l)| l.trim())
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect();
            diags.extend(rep.out);
            let stem = std::path::Path::new(name)
                .file_stem()
                .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
            set.add_list(&stem, &entries);
        }
        let mut parsed = Vec::new();
        for (name, bytes) in rule_files {
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let mut rep = crate::gazetteer::Reporter {
                        file: name,
                        out: Vec::new(),
                    };
                    crate::gazetteer::lines(bytes, &mut rep);
                    if rep.out.is_empty() {
                        rep.error(
                            1,
                            "",
                            0,
                            format!("invalid UTF-8 at byte {}", e.valid_up_to()),
                        );
                    }
                    diags.extend(rep.out);
                    continue;
                }
            };
            let f = parse::parse_file(name, text, &mut diags);
            for l in &f.lists {
                set.add_list(&l.name, &l.entries);
            }
            parsed.push((name, text, f));
        }
        let mut seen: HashMap<String, (String, usize)> = HashMap::new();
        for (name, text, f) in parsed {
            let file: Arc<str> = Arc::from(name);
            let lines: Vec<&str> = text.lines().collect();
            for def in f.rules {
                let src = |p: Pos| {
                    lines
                        .get(p.line.wrapping_sub(1))
                        .copied()
                        .unwrap_or("")
                        .to_string()
                };
                let mut err = |p: Pos, msg: String| {
                    let line = src(p);
                    // Positions are byte offsets + 1; diagnostics count
                    // characters, so the caret sits under the fault in lines
                    // with non-ASCII text too.
                    let column = line
                        .get(..p.col.saturating_sub(1))
                        .map_or(p.col.max(1), |b| b.chars().count() + 1);
                    diags.push(Diagnostic {
                        file: name.to_string(),
                        line: p.line,
                        column,
                        message: msg,
                        source_line: line,
                    })
                };
                let head = Pos {
                    line: def.line,
                    col: 1,
                };
                if let Some((f0, l0)) = seen.get(&def.id) {
                    err(
                        head,
                        format!("duplicate rule id `{}` (first in {f0}:{l0})", def.id),
                    );
                    continue;
                }
                seen.insert(def.id.clone(), (name.to_string(), def.line));
                if let Some(p) = unknown_list(&def.pattern, &set.list_ids) {
                    err(p.1, format!("unknown list `@{}`: define it with `list {}: …` or add gazetteers/lists/{}.txt", p.0, p.0, p.0));
                    continue;
                }
                let ids = &set.list_ids;
                let lexicon = &mut set.lexicon;
                let program =
                    match Program::compile(&def.pattern, &|n| ids.get(n).copied(), lexicon) {
                        Ok(p) => p,
                        Err(m) => {
                            err(def.pattern_pos, m);
                            continue;
                        }
                    };
                let bound: Vec<&str> = match &def.emit {
                    Emit::Entity(_, c) => vec![c.as_str()],
                    Emit::Event(_, roles) => roles.iter().map(|(_, c)| c.as_str()).collect(),
                };
                if let Some(c) = bound
                    .iter()
                    .find(|c| !program.captures.iter().any(|x| x == *c))
                {
                    // Point at the capture in the `emit:` line: `LABEL c` or
                    // `role=c`.
                    let emit_line = src(def.emit_pos);
                    let from = def.emit_pos.col.saturating_sub(1).min(emit_line.len());
                    let at = emit_line
                        .get(from..)
                        .and_then(|rest| {
                            let mut off = 0;
                            rest.split(' ').find_map(|w| {
                                let here = from + off;
                                off += w.len() + 1;
                                if w == *c {
                                    Some(here)
                                } else {
                                    w.strip_suffix(*c)
                                        .filter(|r| r.ends_with('='))
                                        .map(|r| here + r.len())
                                }
                            })
                        })
                        .unwrap_or(from);
                    err(
                        Pos {
                            line: def.emit_pos.line,
                            col: at + 1,
                        },
                        format!(
                            "unknown capture `{c}` in `emit:`: the pattern captures {}",
                            if program.captures.is_empty() {
                                "nothing".to_string()
                            } else {
                                program.captures.join(", ")
                            }
                        ),
                    );
                    continue;
                }
                let (ids, lexicon) = (&set.list_ids, &mut set.lexicon);
                let mut open_before = |k: usize| {
                    k > 0
                        && pass_before(&def.pattern, k, ids, lexicon)
                            .is_none_or(|p| p.takes_lower())
                };
                let Some((anchor, prefix, at)) = find_anchor(&def.pattern, &mut open_before) else {
                    err(
                        def.pattern_pos,
                        "the pattern needs a required word, @list or entity label to anchor it"
                            .into(),
                    );
                    continue;
                };
                if matches!(def.emit, Emit::Event(..)) != events {
                    continue;
                }
                let pass = pass_before(&def.pattern, at, &set.list_ids, &mut set.lexicon);
                // A label anchor is any token of an entity, not where the
                // element starts: no windows for those.
                let windows_from = matches!(anchor, Anchor::Words(_)).then_some(at);
                let groups = requirements(&def.pattern, windows_from, &|a| match a {
                    Atom::List(l) => set
                        .list_ids
                        .get(l)
                        .map(|&i| set.lists[i as usize].longest as u32),
                    _ => None,
                });
                let idx = set.rules.len() as u32;
                match anchor {
                    Anchor::Words(ws) => {
                        for w in ws {
                            let v = set.by_word.entry(w).or_default();
                            if !v.contains(&idx) {
                                v.push(idx);
                            }
                        }
                    }
                    Anchor::Label(mask) => {
                        for (b, v) in set.by_label.iter_mut().enumerate() {
                            if mask & (1 << b) != 0 {
                                v.push(idx);
                            }
                        }
                    }
                }
                set.rules.push(Rule {
                    id: Arc::from(def.id.as_str()),
                    file: file.clone(),
                    line: def.line,
                    start: program.firsts(),
                    program,
                    emit: def.emit,
                    priority: def.priority,
                    mode: def.mode,
                    examples: def.examples,
                    prefix: prefix.min(MAX_PREFIX),
                    pass,
                    groups,
                    need: 0,
                    near: Vec::new(),
                });
            }
        }
        if !diags.is_empty() {
            return Err(Error::data(diags));
        }
        set.finish();
        Ok(set)
    }

    fn add_list(&mut self, name: &str, entries: &[String]) {
        let list = List::new(entries, &mut self.lexicon);
        match self.list_ids.get(name) {
            Some(&i) => {
                // A later definition extends the list.
                let l = &mut self.lists[i as usize];
                l.longest = l.longest.max(list.longest);
                for (k, v) in list.by_first {
                    let e = self.lists[i as usize].by_first.entry(k).or_default();
                    for s in v {
                        if !e.contains(&s) {
                            e.push(s);
                        }
                    }
                    e.sort_by_key(|s| std::cmp::Reverse(s.len()));
                }
            }
            None => {
                self.list_ids
                    .insert(name.to_string(), self.lists.len() as u32);
                self.lists.push(list);
            }
        }
    }

    /// Runs every rule whose anchor occurs, over each sentence (`sentences`
    /// as token ranges), appending matches in a deterministic order.
    pub fn find<T: Tokens>(&self, t: &T, sentences: &[(usize, usize)], out: &mut Vec<RuleMatch>) {
        thread_local! {
            /// Buffers reused from document to document on each thread.
            static BUFFERS: std::cell::RefCell<FindBuffers> = Default::default();
        }
        BUFFERS.with(|b| match b.try_borrow_mut() {
            Ok(mut b) => self.find_with(t, sentences, out, &mut b),
            // Only reachable if a caller nests searches on one thread.
            Err(_) => self.find_with(t, sentences, out, &mut FindBuffers::default()),
        });
    }

    /// The vocabulary id of every token (or [`Lexicon::NONE`]).
    pub fn word_ids_into<T: Tokens>(&self, t: &T, ids: &mut Vec<u32>) {
        ids.clear();
        ids.extend((0..t.len()).map(|i| self.lexicon.get(t.folded(i))));
    }

    /// The [`Feat`]ures of token `i` for this rule set.
    fn feat_at<T: Tokens + ?Sized>(&self, t: &T, ids: &[u32], i: usize) -> Feat {
        let w = self.word(ids.get(i).copied().unwrap_or(Lexicon::NONE));
        // Most list words are one-word entries and start no longer one:
        // their bits are known without looking at the next tokens.
        let mut f = Feat {
            shape: 1 << t.tokens()[i].shape as u8,
            label: t.label_bits().get(i).copied().unwrap_or(0),
            any: w.list_only,
            one: w.list_only,
            inside: t.inside_bits().get(i).copied().unwrap_or(0),
            in_lists: w.list_words,
        };
        let mut bits = w.list_starts & self.mask_lists & !w.list_only;
        while bits != 0 {
            let l = bits.trailing_zeros();
            bits &= bits - 1;
            if let Some(end) = self.lists[l as usize].longest_at(ids, i) {
                f.any |= 1 << l;
                if end == i + 1 {
                    f.one |= 1 << l;
                }
            }
        }
        f
    }

    /// What the rule set knows of word `id`: ids it does not know (most
    /// of a text's) read the all-zero last entry, found by a `min` rather
    /// than a branch that the mix of known and unknown words would make
    /// the processor mispredict.
    #[inline]
    fn word(&self, id: u32) -> &WordInfo {
        static UNKNOWN: WordInfo = WordInfo {
            groups: 0,
            list_starts: 0,
            list_only: 0,
            list_words: 0,
            anchors: (0, 0),
        };
        match self.words.len() {
            0 => &UNKNOWN,
            n => &self.words[(id as usize).min(n - 1)],
        }
    }

    /// The words of this rule set, to seed another built from the same
    /// files.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    fn find_with<T: Tokens>(
        &self,
        t: &T,
        sentences: &[(usize, usize)],
        out: &mut Vec<RuleMatch>,
        buf: &mut FindBuffers,
    ) {
        let FindBuffers {
            scratch,
            hits,
            next,
            feats,
            ids,
        } = buf;
        let ids: &[u32] = match t.words() {
            Some(w) if w.len() == t.len() => w,
            _ => {
                self.word_ids_into(t, ids);
                ids
            }
        };
        let labels = t.label_bits();
        // Features are computed for the tokens that tests read (`Doc::feat`).
        feats.clear();
        feats.resize(t.len(), Feat::default());
        let d = Doc {
            t,
            ids,
            lists: &self.lists,
            starts: &self.list_starts,
            feats: Cell::from_mut(feats.as_mut_slice()).as_slice_of_cells(),
            set: self,
        };
        // Starts only move forward, so no start is tried twice.
        next.clear();
        next.resize(self.rules.len(), 0);
        for &(a, b) in sentences {
            // The anchors of the sentence, and the requirement groups it
            // satisfies: a rule that needs a word the sentence lacks is not
            // tried in it.
            let mut present = 0u128;
            hits.clear();
            let words = ids.get(a..b.min(ids.len())).unwrap_or_default();
            for (i, &id) in (a..).zip(words) {
                let w = self.word(id);
                present |= w.groups;
                let (s, e) = w.anchors;
                if s != e {
                    hits.extend(
                        self.anchor_rules[s as usize..e as usize]
                            .iter()
                            .map(|&r| (i, r)),
                    );
                }
                let mut lb = labels.get(i).copied().unwrap_or(0);
                while lb != 0 {
                    let l = lb.trailing_zeros() as usize;
                    lb &= lb - 1;
                    hits.extend(self.by_label[l].iter().map(|&r| (i, r)));
                }
            }
            // Which rules a sentence lacks words for varies from hit to hit
            // (see `crate::select`).
            crate::select::retain_where(hits, |&(_, r)| {
                self.rules[r as usize].need & !present == 0
            });
            // The sentence's last token with a word id.
            let last = b.min(ids.len()).saturating_sub(1);
            for &(i, r) in hits.iter() {
                let rule = &self.rules[r as usize];
                // Each required word after the anchor must be in reach of
                // it. A hit left out does not move `next`: its starts are
                // tried from the next anchor of the rule whose window
                // holds the words, and a match's anchor is such a one.
                if !rule.windows().iter().all(|&(bit, lo, hi)| {
                    ids.get(i + lo as usize..=last.min(i + hi as usize))
                        .is_some_and(|w| w.iter().any(|&id| self.word(id).groups & bit != 0))
                }) {
                    continue;
                }
                let mut from = i.saturating_sub(rule.prefix).max(a).max(next[r as usize]);
                next[r as usize] = i + 1;
                // Every token between a start and the anchor is matched by
                // the elements before the anchor, so it passes one of their
                // tests: no start before a token that passes none.
                if let Some(pass) = &rule.pass {
                    let mut j = i;
                    while j > from && d.feat(j - 1).is_some_and(|f| pass.passes(&f, ids[j - 1])) {
                        j -= 1;
                    }
                    from = j;
                }
                for s in from..=i {
                    if !rule
                        .start
                        .as_ref()
                        .is_none_or(|firsts| firsts.iter().any(|f| f.passes(&d, s)))
                    {
                        continue;
                    }
                    let limit = b.min(s + MAX_SPAN);
                    if let Some(end) = rule.program.run(&d, s, limit, scratch) {
                        if end > s {
                            out.push(RuleMatch {
                                rule: r,
                                start: s,
                                end,
                                caps: Caps::new(scratch.caps()),
                            });
                        }
                    }
                }
            }
        }
        out.sort_by_key(|x| (x.start, x.rule, x.end));
        out.dedup();
    }
}

/// The first list name used in a pattern that is not defined.
fn unknown_list(n: &Node, ids: &HashMap<String, u32>) -> Option<(String, Pos)> {
    match n {
        Node::Atom(Atom::List(l), p) if !ids.contains_key(l) => Some((l.clone(), *p)),
        Node::Atom(Atom::Not(inner), p) => unknown_list(&Node::Atom((**inner).clone(), *p), ids),
        Node::Atom(Atom::And(all), p) => all
            .iter()
            .find_map(|a| unknown_list(&Node::Atom(a.clone(), *p), ids)),
        Node::Atom(..) => None,
        Node::Seq(v) | Node::Alt(v) => v.iter().find_map(|x| unknown_list(x, ids)),
        Node::Repeat { node, .. } | Node::Capture(_, node, _) => unknown_list(node, ids),
    }
}

/// What every token before element `k` of the pattern's top level passes:
/// those elements compiled on their own (`None` when nothing comes before
/// or that cannot be told).
fn pass_before(
    pattern: &Node,
    k: usize,
    ids: &HashMap<String, u32>,
    lexicon: &mut Lexicon,
) -> Option<program::Pass> {
    if k == 0 {
        return None;
    }
    let before = Node::Seq(
        flatten(pattern)
            .get(..k)?
            .iter()
            .map(|&n| n.clone())
            .collect(),
    );
    Program::compile(&before, &|n| ids.get(n).copied(), lexicon)
        .ok()
        .and_then(|p| p.passes())
}

/// Chooses the anchor: the first required literal or list of the top-level
/// sequence, else its first required entity test. Returns the anchor, how
/// many tokens may come before it, and its index in [`flatten`]'s elements.
/// `open_before(k)` says whether any lowercase word passes the elements
/// before element `k` (see [`program::Pass::takes_lower`]).
fn find_anchor(
    n: &Node,
    open_before: &mut dyn FnMut(usize) -> bool,
) -> Option<(Anchor, usize, usize)> {
    let items: Vec<&Node> = flatten(n);
    let mut prefix: Option<u32> = Some(0);
    let mut label: Option<(u8, usize, usize)> = None;
    let mut weak: Option<(Vec<String>, usize, usize)> = None;
    for (k, item) in items.iter().enumerate() {
        let p = prefix.map_or(MAX_PREFIX, |p| p as usize);
        if let Some(a) = required_words(item) {
            // Punctuation and function words occur everywhere: anchor on a
            // rarer required word when the pattern has one.
            if a.iter().all(|w| is_common(w)) {
                weak.get_or_insert((a, p, k));
            } else {
                // Unless the elements before the rarer word take any
                // lowercase word and those before the common one do not:
                // the rarer word's starts are then every token of its
                // window, the common one's only those just before it
                // (`person.before-role`: a name, a comma, a role).
                if let Some((w, wp, wk)) = weak {
                    if open_before(k) && !open_before(wk) {
                        return Some((Anchor::Words(w), wp, wk));
                    }
                }
                return Some((Anchor::Words(a), p, k));
            }
        }
        if label.is_none() {
            if let Some(m) = required_label(item) {
                label = Some((m, p, k));
            }
        }
        let (_, w) = program::width(item, &|_| Some(LONG));
        prefix = prefix.zip(w).map(|(a, b)| a.saturating_add(b));
    }
    match (weak, label) {
        (Some((w, p, k)), _) => Some((Anchor::Words(w), p, k)),
        (None, Some((m, p, k))) => Some((Anchor::Label(m), p, k)),
        (None, None) => None,
    }
}

/// The required elements of the top-level sequence ([`required_words`]),
/// those after element `anchor` (if given) with their window: the fewest
/// and most tokens between the anchor's first token and theirs. `long`
/// bounds the tokens of a list entry or an entity (`None`: no bound). A
/// match ends within [`MAX_SPAN`] tokens of its start, which is at or
/// before the anchor: that bounds what nothing else does.
fn requirements(
    pattern: &Node,
    anchor: Option<usize>,
    long: &dyn Fn(&Atom) -> Option<u32>,
) -> Vec<Requirement> {
    const FAR: u32 = MAX_SPAN as u32 - 1;
    let (mut lo, mut hi) = (0u32, Some(0u32));
    let mut out = Vec::new();
    for (k, item) in flatten(pattern).into_iter().enumerate() {
        let after = anchor.is_some_and(|at| k > at);
        let window = (after && lo <= FAR).then(|| (lo, hi.map_or(FAR, |h| h.min(FAR))));
        if let Some(words) = required_words(item) {
            out.push((words, window));
        }
        if anchor.is_some_and(|at| k >= at) {
            let (min, max) = program::width(item, long);
            lo = lo.saturating_add(min);
            hi = hi.zip(max).map(|(h, m)| h.saturating_add(m));
        }
    }
    out
}

/// Whether a folded anchor word is punctuation or a function word.
fn is_common(w: &str) -> bool {
    !w.chars().any(char::is_alphanumeric)
        || matches!(
            w,
            "the" | "a" | "an" | "of" | "and" | "in" | "on" | "to" | "for" | "with" | "by" | "at"
        )
}

/// The top-level sequence, looking through captures.
fn flatten(n: &Node) -> Vec<&Node> {
    match n {
        Node::Seq(v) => v.iter().flat_map(flatten).collect(),
        Node::Capture(_, inner, _) => match &**inner {
            Node::Seq(_) => flatten(inner),
            _ => vec![n],
        },
        _ => vec![n],
    }
}

/// If a node always starts with one of some literal words, those words
/// (folded first tokens). Lists are expanded by the caller through
/// `ListWords`; here they are marked with a leading `@`.
fn required_words(n: &Node) -> Option<Vec<String>> {
    match n {
        Node::Atom(Atom::Words(ws), _) => {
            let first = ws.first()?;
            let t = tokenize(first);
            Some(vec![fold(t.first()?.text(first))])
        }
        Node::Atom(Atom::List(l), _) => Some(vec![format!("@{l}")]),
        Node::Atom(Atom::And(all), p) => all
            .iter()
            .find_map(|a| required_words(&Node::Atom(a.clone(), *p))),
        Node::Capture(_, inner, _) => required_words(inner),
        Node::Repeat { node, min, .. } if *min >= 1 => required_words(node),
        Node::Seq(v) => v.first().and_then(required_words),
        Node::Alt(alts) => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(required_words(a)?);
            }
            Some(all)
        }
        _ => None,
    }
}

fn required_label(n: &Node) -> Option<u8> {
    match n {
        Node::Atom(Atom::Entity(labels, _), _) => {
            Some(labels.iter().fold(0, |m, l| m | program::label_bit(*l)))
        }
        Node::Capture(_, inner, _) => required_label(inner),
        Node::Repeat { node, min, .. } if *min >= 1 => required_label(node),
        Node::Seq(v) => v.first().and_then(required_label),
        Node::Alt(alts) => alts
            .iter()
            .map(required_label)
            .try_fold(0, |m, x| x.map(|x| m | x)),
        _ => None,
    }
}

impl RuleSet {
    /// The ids of the words a match starts with when it starts with `w`: a
    /// folded word, or `@name` for the first words of the list's entries.
    fn first_ids(&self, w: &str) -> Vec<u32> {
        match w.strip_prefix('@') {
            Some(name) => self
                .list_ids
                .get(name)
                .map(|&l| self.lists[l as usize].by_first.keys().copied().collect())
                .unwrap_or_default(),
            // Words of rules were interned when their patterns compiled.
            None => Some(self.lexicon.get(w))
                .filter(|&id| id != Lexicon::NONE)
                .into_iter()
                .collect(),
        }
    }

    /// Turns what building collected into tables indexed by word id: the
    /// rules anchored on each word, the lists each word starts an entry of,
    /// and the requirement groups each word satisfies (each distinct group
    /// of the rules gets a bit, the first 128; each rule its `need`).
    /// Called once after building.
    fn finish(&mut self) {
        let n = self.lexicon.len();
        let mut anchors: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (w, rules) in std::mem::take(&mut self.by_word) {
            for id in self.first_ids(&w) {
                anchors[id as usize].extend(&rules);
            }
        }
        // One more entry, left all zeros, for the ids past the end.
        let mut words = vec![WordInfo::default(); n + 1];
        for (info, mut rules) in words.iter_mut().zip(anchors) {
            rules.sort_unstable();
            rules.dedup();
            let start = self.anchor_rules.len() as u32;
            self.anchor_rules.extend(rules);
            info.anchors = (start, self.anchor_rules.len() as u32);
        }

        self.mask_lists = self
            .rules
            .iter()
            .flat_map(|r| &r.program.atoms)
            .fold(0, |m, a| m | a.mask_lists())
            | self
                .rules
                .iter()
                .flat_map(|r| r.start.iter().flatten())
                .fold(0, |m, f| match f {
                    program::First::List(l) => m | 1 << l,
                    _ => m,
                });
        for (l, list) in self.lists.iter().enumerate().take(64) {
            for &id in list.by_first.values().flatten().flatten() {
                words[id as usize].list_words |= 1 << l;
            }
            for (&f, entries) in &list.by_first {
                let w = &mut words[f as usize];
                w.list_starts |= 1 << l;
                if entries.iter().all(|e| e.len() == 1) && self.mask_lists & (1 << l) != 0 {
                    w.list_only |= 1 << l;
                }
            }
        }
        self.list_starts = words.iter().map(|w| w.list_starts).collect();

        let mut seen: Vec<Vec<String>> = Vec::new();
        for r in 0..self.rules.len() {
            let (mut need, mut near) = (0u128, Vec::new());
            for (g, window) in std::mem::take(&mut self.rules[r].groups) {
                let k = match seen.iter().position(|x| *x == g) {
                    Some(k) => k,
                    None if seen.len() < 128 => {
                        for id in g.iter().flat_map(|w| self.first_ids(w)) {
                            words[id as usize].groups |= 1u128 << seen.len();
                        }
                        seen.push(g);
                        seen.len() - 1
                    }
                    None => continue,
                };
                let bit = 1u128 << k;
                need |= bit;
                near.extend(window.map(|(lo, hi)| (bit, lo, hi)));
            }
            self.rules[r].need = need;
            self.rules[r].near = near;
        }
        self.words = words;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Set: rules run from every anchor, whatever their windows say.
        pub(super) static NO_WINDOWS: Cell<bool> = const { Cell::new(false) };
    }

    fn build(rules: &str) -> Result<RuleSet, Error> {
        RuleSet::build(
            std::iter::empty(),
            [("t.rules", rules.as_bytes())],
            false,
            Lexicon::default(),
        )
    }

    #[test]
    fn shipped_rules_are_far_below_the_size_limits() {
        let lists = EMBEDDED_LISTS.iter().map(|(n, t)| (*n, t.as_bytes()));
        let files = || EMBEDDED_RULES.iter().map(|(n, t)| (*n, t.as_bytes()));
        let mut largest = 0;
        for events in [false, true] {
            let set = RuleSet::build(lists.clone(), files(), events, Lexicon::default()).unwrap();
            for r in &set.rules {
                largest = largest.max(r.program.insts.len());
            }
        }
        assert!(
            largest * 10 < program::MAX_COMPILE_STEPS,
            "a shipped rule compiles to {largest} instructions"
        );
    }

    /// The rules anchored on word `w`.
    fn anchored_on(set: &RuleSet, w: &str) -> usize {
        let (a, b) = set.word(set.lexicon.get(w)).anchors;
        (b - a) as usize
    }

    #[test]
    fn a_common_word_anchors_when_the_rare_one_follows_ordinary_text() {
        let with = |before_role: &str| {
            let src = format!(
                "list roles: director | spokesman\n\
                 rule r\n  match: name:(Cap Cap{{0,2}}) \",\" {before_role} @roles of\n  emit: PERSON name\n  \
                 expect: \"Rawand Sabri, director of the office\" => PERSON \"Rawand Sabri\"\n"
            );
            build(&src).unwrap()
        };
        // Any lowercase word may stand between the comma and the role, so
        // the role's window would be tried from every capitalised word in
        // it: the comma, after a run of capitalised words only, anchors.
        let set = with("(Lower){0,3}");
        assert_eq!(
            (anchored_on(&set, ","), anchored_on(&set, "director")),
            (1, 0)
        );
        // Only an article may: the role is rarer and as tightly bound.
        let set = with("(\"the\" | \"a\")?");
        assert_eq!(
            (anchored_on(&set, ","), anchored_on(&set, "director")),
            (0, 1)
        );
    }

    /// The texts of the entities that an extractor with the rule file
    /// `src` alone (no gazetteer) finds in a text.
    fn names_found_by(src: &str) -> impl Fn(&str) -> Vec<String> {
        let ex = crate::ExtractorBuilder::new()
            .default_data(false)
            .rules_str("t.rules", src)
            .build()
            .unwrap();
        move |text| {
            let doc = ex.extract(text, &crate::Meta::default());
            doc.entities.into_iter().map(|e| e.text).collect()
        }
    }

    #[test]
    fn an_alternation_of_single_words_is_one_test() {
        let src =
            "rule r\n  match: (met | visited | hosted | met) x:Cap (in | at) \"the\"? Cap\n  \
                   emit: PERSON x\n  expect: \"They met Omar in Homs.\" => PERSON \"Omar\"\n";
        let set = build(src).unwrap();
        let p = &set.rules[0].program;
        let one_of: Vec<usize> = p
            .atoms
            .iter()
            .filter_map(|a| match a {
                program::CAtom::OneOf(ws) => Some(ws.len()),
                _ => None,
            })
            .collect();
        // The duplicate `met` is one word; `"the"?` is not an alternation of words.
        assert_eq!(one_of, [3, 2]);
        let names = names_found_by(src);
        assert_eq!(
            names("Aides visited Karim at the Palace and hosted Omar in Homs."),
            ["Karim", "Omar"]
        );
        assert_eq!(
            names("Aides greeted Ziad in Homs; met Sami near Homs."),
            [] as [&str; 0]
        );
    }

    /// The windows (fewest, most tokens after the anchor) in which each
    /// rule's later required words are looked for.
    fn windows(set: &RuleSet) -> Vec<Vec<(u32, u32)>> {
        set.rules
            .iter()
            .map(|r| r.near.iter().map(|&(_, lo, hi)| (lo, hi)).collect())
            .collect()
    }

    #[test]
    fn a_rule_runs_only_where_its_later_words_are_in_reach() {
        let src = "list meetings: round of talks | talks\n\
             rule gap\n  match: met ...{0,3} in x:Cap\n  emit: PERSON x\n  \
             expect: \"They met with the envoys in Homs.\" => PERSON \"Homs\"\n\
             rule list\n  match: @meetings were held by x:Cap\n  emit: PERSON x\n  \
             expect: \"The round of talks were held by Karim.\" => PERSON \"Karim\"\n\
             rule entity\n  match: x:Cap told ORG (\"-\" | Lower){0,2} in\n  emit: PERSON x\n  \
             expect: \"Karim told Hezbollah in May.\" => PERSON \"Karim\"\n";
        // `in` is one to four tokens after `met`; a list entry is up to
        // three tokens, so `were` is one to three after its first, `held`
        // two to four and `by` three to five; an entity has no bound but
        // the longest match.
        let set = build(src).unwrap();
        assert_eq!(
            windows(&set),
            [
                vec![(1, 4)],
                vec![(1, 3), (2, 4), (3, 5)],
                vec![(2, MAX_SPAN as u32 - 1)]
            ]
        );
        // Matches at the far edge of each window are still found.
        let names = names_found_by(src);
        assert_eq!(
            names("Aides met with the two envoys in Homs. They met with the envoys in Hama."),
            ["Hama"]
        );
        assert_eq!(
            names("The round of talks were held by Karim. Talks were held by Omar."),
            ["Karim", "Omar"]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Skipping anchors whose later required words are out of reach
        /// changes no document: texts of words from the sample articles
        /// and the rules' lists, in any order, with and without windows.
        #[test]
        fn windows_change_no_document(
            picks in proptest::collection::vec(proptest::num::usize::ANY, 1..400),
        ) {
            let words = vocabulary();
            let text = picks
                .iter()
                .map(|&k| words[k % words.len()].as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let ex = shipped();
            let meta = crate::Meta::dated("2025-03-10").unwrap();
            let with = ex.extract_json(&text, &meta);
            NO_WINDOWS.set(true);
            let without = ex.extract_json(&text, &meta);
            NO_WINDOWS.set(false);
            proptest::prop_assert_eq!(with, without);
        }
    }

    /// The default extractor, built once for the tests of this module.
    fn shipped() -> &'static crate::Extractor {
        static EX: once_cell::sync::Lazy<crate::Extractor> =
            once_cell::sync::Lazy::new(|| crate::Extractor::builder().build().unwrap());
        &EX
    }

    /// Words of the sample articles (with their punctuation split off) and
    /// every entry of the shipped lists and of the rule files' lists.
    fn vocabulary() -> &'static [String] {
        static WORDS: once_cell::sync::Lazy<Vec<String>> = once_cell::sync::Lazy::new(|| {
            let mut words = std::collections::BTreeSet::new();
            for text in [
                include_str!("../../examples/data/sample.txt"),
                include_str!("../../examples/data/amman-summit-cancelled.txt"),
                include_str!("../../examples/data/iraq-turkey.txt"),
                include_str!("../../examples/data/lebanon-ceasefire.txt"),
            ] {
                for t in tokenize(text) {
                    words.insert(t.text(text).to_string());
                }
            }
            for (_, list) in EMBEDDED_LISTS {
                for line in list.lines().filter(|l| !l.starts_with('#')) {
                    words.insert(line.trim().to_string());
                }
            }
            for (name, rules) in EMBEDDED_RULES {
                let file = parse::parse_file(name, rules, &mut Vec::new());
                words.extend(file.lists.into_iter().flat_map(|l| l.entries));
            }
            words.remove("");
            words.into_iter().collect()
        });
        &WORDS
    }

    #[test]
    fn nested_repetitions_are_rejected_not_compiled() {
        // Five levels of {64} would be 64^5 copies; {0} copies nothing yet
        // still multiplies the work.
        for pat in [
            "((((said{64}){64}){64}){64}){64}",
            "((((said{0}){64}){64}){64}){64} said",
        ] {
            let src = format!(
                "rule r\n  match: {pat}\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n"
            );
            let err = build(&src).unwrap_err();
            assert!(
                err.to_string().contains("pattern too large"),
                "{pat}: {err}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = [
            format!("{}said{}", "(".repeat(5000), ")".repeat(5000)),
            format!("{}said", "!".repeat(5000)),
            format!("said{}", "?".repeat(5000)),
            format!("{}said", "a:".repeat(5000)),
        ];
        for pat in deep {
            let src = format!(
                "rule r\n  match: {pat}\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n"
            );
            let err = build(&src).unwrap_err();
            assert!(err.to_string().contains("nest at most"), "{err}");
        }
        // Nesting within the limit is fine.
        let ok = format!("{}said{}", "(".repeat(8), ")".repeat(8));
        let src =
            format!("rule r\n  match: x:{ok}\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n");
        build(&src).unwrap();
    }
}
