//! Compiled patterns and the bounded backtracking matcher that runs them.
//!
//! A pattern compiles to a small program (test, split, jump, save, match).
//! It runs from one start token with a visited set over (instruction,
//! position) pairs, like RE2's bit-state engine: every pair is explored at
//! most once, so one run costs at most `instructions × window` steps however
//! the pattern nests its repetitions.

use regex::Regex;
use std::cell::Cell;

use super::parse::{Atom, Node, ShapeClass};
use crate::document::Label;
use crate::text::{Shape, Token};

/// One instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inst {
    /// Consume what atom `n` matches, or fail.
    Test(u32),
    /// Try the first target, then the second.
    Split(u32, u32),
    /// Continue at a target.
    Jmp(u32),
    /// Record the position in a capture slot.
    Save(u32),
    /// Success.
    Match,
}

/// A compiled token test.
#[derive(Debug, Clone)]
pub(crate) enum CAtom {
    /// One folded word, as its lexicon id.
    Word(u32),
    /// Folded words, one per token, as lexicon ids.
    Words(Vec<u32>),
    /// One token that is one of these folded words (sorted): an
    /// alternation of single words, `(took | takes | went)`, tested at once
    /// rather than word by word.
    OneOf(Box<[u32]>),
    /// Exact token text.
    Exact(String),
    /// A list, by index.
    List(u32),
    /// A regular expression on the token text.
    Regex(Regex),
    /// A shape class.
    Shape(ShapeClass),
    /// A whole entity: label bit mask and subtype.
    Entity(u8, Option<String>),
    /// One token that does not pass the inner test.
    Not(Box<CAtom>),
    /// All tests, ending at the same token.
    And(Vec<CAtom>),
    /// One token tested against its [`Feat`]ures: the shape is one of
    /// `shapes`, no entity with a label in `no_labels` starts there, every
    /// list in `lists` has a one-token entry there (and no longer one), and
    /// no list in `no_lists` has an entry there. Tests of shapes, of lists
    /// and of entity labels compile to this where they are one token long.
    Mask {
        shapes: u8,
        no_labels: u8,
        lists: u64,
        no_lists: u64,
    },
}

/// What the one-token tests read of a token, computed for a document and
/// rule set the first time a test reads it (see [`Doc::feat`] and
/// [`CAtom::Mask`]). A computed `shape` is never 0; the default is the
/// mark of features not yet computed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Feat {
    /// Bit of the token's [`Shape`].
    pub shape: u8,
    /// Label bit of the entity starting at the token, if any.
    pub label: u8,
    /// Bit `l`: list `l` (< 64) has an entry matching at the token.
    pub any: u64,
    /// Bit `l`: the longest entry of list `l` there is one token long.
    pub one: u64,
    /// Label bits of the entities that cover the token.
    pub inside: u8,
    /// Bit `l`: the token's word is in some entry of list `l`.
    pub in_lists: u64,
}

/// A test that every token of a stretch matched by some elements passes
/// (see [`Program::passes`]): before an anchor, the starts worth trying are
/// those from which every token up to the anchor passes. A token passes
/// when any part does.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pass {
    /// Shape bits of the masks that test shapes only.
    shapes: u8,
    /// Label bits of entities that cover the token.
    inside: u8,
    /// Lists one of whose entries holds the token's word.
    in_lists: u64,
    words: Vec<u32>,
    /// Masks that test more than shapes.
    masks: Vec<CAtom>,
}

impl Pass {
    /// Whether a token of features `f` and word id `id` passes.
    pub fn passes(&self, f: &Feat, id: u32) -> bool {
        f.shape & self.shapes != 0
            || f.inside & self.inside != 0
            || f.in_lists & self.in_lists != 0
            || self.words.contains(&id)
            || self.masks.iter().any(|m| mask_passes(m, f))
    }

    /// Whether every lowercase word passes, whatever it is: then the
    /// stretch before an anchor runs on through ordinary text.
    pub fn takes_lower(&self) -> bool {
        let lower = 1 << Shape::Lower as u8;
        self.shapes & lower != 0
            || self.masks.iter().any(|m| {
                matches!(m, CAtom::Mask { shapes, lists: 0, no_labels: 0, .. } if shapes & lower != 0)
            })
    }

    fn add_mask(&mut self, m: &CAtom) {
        match m {
            CAtom::Mask {
                shapes,
                no_labels: 0,
                lists: 0,
                no_lists: 0,
            } => self.shapes |= shapes,
            m => self.masks.push(m.clone()),
        }
    }
}

impl CAtom {
    /// The lists (< 64) whose bits a mask in this atom reads.
    pub fn mask_lists(&self) -> u64 {
        match self {
            CAtom::Mask {
                lists, no_lists, ..
            } => lists | no_lists,
            CAtom::Not(inner) => inner.mask_lists(),
            CAtom::And(all) => all.iter().fold(0, |m, a| m | a.mask_lists()),
            _ => 0,
        }
    }
}

/// A test that the first token of every match of a program passes
/// (see [`Program::firsts`]): tried before the program runs.
#[derive(Debug, Clone)]
pub(crate) enum First {
    /// A one-token test ([`CAtom::Mask`]).
    Mask(CAtom),
    /// An entity with one of these labels starts there.
    Label(u8),
    /// The token is this word.
    Word(u32),
    /// An entry of this list (< 64) matches at the token: its bit in
    /// [`Feat::any`], which the rule set computes for every list a
    /// `First::List` names.
    List(u32),
}

impl First {
    /// Whether token `i` passes.
    pub fn passes<T: Tokens + ?Sized>(&self, d: &Doc<T>, i: usize) -> bool {
        let Some(f) = d.feat(i) else {
            return false;
        };
        match self {
            First::Mask(m) => mask_passes(m, &f),
            First::Label(l) => f.label & l != 0,
            First::Word(w) => d.ids.get(i) == Some(w),
            First::List(l) => f.any & (1 << l) != 0,
        }
    }
}

/// Whether a token with features `f` passes a mask (any other atom: yes).
fn mask_passes(m: &CAtom, f: &Feat) -> bool {
    match m {
        CAtom::Mask {
            shapes,
            no_labels,
            lists,
            no_lists,
        } => {
            f.shape & shapes != 0
                && f.label & no_labels == 0
                && f.one & lists == *lists
                && f.any & no_lists == 0
        }
        _ => true,
    }
}

/// The bits of the shapes a class accepts.
pub(crate) fn shape_bits(c: ShapeClass) -> u8 {
    SHAPES
        .iter()
        .filter(|&&sh| shape_ok(c, sh))
        .fold(0, |m, &sh| m | 1 << sh as u8)
}

/// Every token shape, for building shape masks.
pub(crate) const SHAPES: [Shape; 7] = [
    Shape::Capitalized,
    Shape::Upper,
    Shape::Lower,
    Shape::Mixed,
    Shape::Caseless,
    Shape::Number,
    Shape::Punct,
];

/// The mask of a one-token test, if it is one: a shape class, the negation
/// of an entity label test (without subtype), of a list, or of a shape; and
/// a list only beside another one-token test (`Cap&@heads`), where it must
/// end after one token too.
fn mask_of(a: &CAtom) -> Option<CAtom> {
    let (mut shapes, mut no_labels, mut lists, mut no_lists) = (0x7f_u8, 0u8, 0u64, 0u64);
    let parts: &[CAtom] = match a {
        CAtom::And(all) => all,
        one => std::slice::from_ref(one),
    };
    let mut one_token = false;
    for p in parts {
        match p {
            CAtom::Shape(c) => {
                shapes &= shape_bits(*c);
                one_token = true;
            }
            // Parts are compiled first, so they may be masks already.
            CAtom::Mask {
                shapes: s,
                no_labels: nl,
                lists: l,
                no_lists: nls,
            } => {
                shapes &= s;
                no_labels |= nl;
                lists |= l;
                no_lists |= nls;
                one_token = true;
            }
            CAtom::List(l) if *l < 64 => lists |= 1 << l,
            CAtom::Not(inner) => {
                one_token = true;
                match &**inner {
                    CAtom::Shape(c) => shapes &= !shape_bits(*c),
                    CAtom::Mask {
                        shapes: s,
                        no_labels: 0,
                        lists: 0,
                        no_lists: 0,
                    } => shapes &= !s,
                    CAtom::Entity(m, None) => no_labels |= m,
                    CAtom::List(l) if *l < 64 => no_lists |= 1 << l,
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    one_token.then_some(CAtom::Mask {
        shapes,
        no_labels,
        lists,
        no_lists,
    })
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    pub insts: Vec<Inst>,
    pub atoms: Vec<CAtom>,
    /// Capture names; capture `k` uses slots `2k` and `2k + 1`.
    pub captures: Vec<String>,
}

/// The bit of a label in an entity mask.
pub(crate) fn label_bit(l: Label) -> u8 {
    1 << (l as u8)
}

/// What the matcher needs to know about the document.
pub(crate) trait Tokens {
    /// Number of tokens.
    fn len(&self) -> usize;
    /// The folded text of token `i`.
    fn folded(&self, i: usize) -> &str;
    /// The original text of token `i`.
    fn original(&self, i: usize) -> &str;
    /// The shape of token `i`.
    fn shape(&self, i: usize) -> Shape;
    /// The entity starting at token `i`: its label, subtype and end token.
    fn entity_at(&self, i: usize) -> Option<(Label, Option<&str>, usize)>;
    /// The tokens.
    fn tokens(&self) -> &[Token];
    /// Per token, the label bit (see [`label_bit`]) of the entity that
    /// [`Tokens::entity_at`] reports there, or 0 (also for a token past the
    /// end of the slice, which may be empty).
    fn label_bits(&self) -> &[u8];
    /// Per token, the label bits of the entities that [`Tokens::entity_at`]
    /// reports and that cover it (0 past the end of the slice).
    fn inside_bits(&self) -> &[u8];
    /// Every token's word id, when already looked up in a vocabulary that
    /// contains the rule set's own (see [`super::RuleSet::build`]).
    fn words(&self) -> Option<&[u32]> {
        None
    }
}

/// A document as the matcher sees it: its tokens, each token's vocabulary
/// id (so word and list tests compare integers), and the rule set.
pub(crate) struct Doc<'a, T: ?Sized> {
    pub t: &'a T,
    pub ids: &'a [u32],
    /// The rule set's lists and `list_starts`, held here as well as in
    /// `set`: the list tests read them directly, one load fewer than
    /// through `set` (0.5% of the pipeline's instructions).
    pub lists: &'a [super::List],
    /// Per word id, bit `l` set when list `l` (< 64) has an entry starting
    /// with that word.
    pub starts: &'a [u64],
    /// Per token, what one-token tests read, once computed (see
    /// [`Doc::feat`]).
    pub feats: &'a [Cell<Feat>],
    /// The rule set, which computes them.
    pub set: &'a super::RuleSet,
}

impl<T: Tokens + ?Sized> Doc<'_, T> {
    /// The features of token `i` (`None` past the end). They are computed
    /// the first time they are read: most tokens of a sentence where some
    /// rule runs are never tested.
    #[inline(always)]
    pub fn feat(&self, i: usize) -> Option<Feat> {
        let f = self.feats.get(i)?.get();
        if f.shape != 0 {
            return Some(f);
        }
        Some(self.compute(i))
    }

    #[inline(never)]
    fn compute(&self, i: usize) -> Feat {
        let f = self.set.feat_at(self.t, self.ids, i);
        self.feats[i].set(f);
        f
    }
}

/// The most compilation steps (nodes emitted, copies included) a pattern
/// may take. A repetition `{m,n}` is compiled as `n` copies of its element,
/// so nested repetitions multiply: `((_{64}){64}){64}` is 262,144 copies,
/// and a few more levels exhaust memory (found by fuzzing the rule parser).
/// The largest shipped rule compiles to about a hundred instructions.
pub(crate) const MAX_COMPILE_STEPS: usize = 20_000;

impl Program {
    /// Compiles a pattern; `list_index` resolves list names. Fails on an
    /// unknown list and on a pattern that would compile to more than
    /// [`MAX_COMPILE_STEPS`].
    pub fn compile(
        node: &Node,
        list_index: &dyn Fn(&str) -> Option<u32>,
        vocab: &mut crate::text::Lexicon,
    ) -> Result<Program, String> {
        let mut p = Program {
            insts: Vec::new(),
            atoms: Vec::new(),
            captures: Vec::new(),
        };
        let mut steps = 0;
        p.emit(node, list_index, vocab, &mut steps)?;
        p.insts.push(Inst::Match);
        Ok(p)
    }

    /// What every token a match consumes passes, whichever atom consumes
    /// it, if every atom's tokens can be told so.
    pub fn passes(&self) -> Option<Pass> {
        let mut out = Pass::default();
        for a in &self.atoms {
            match a {
                m @ CAtom::Mask { .. } => out.add_mask(m),
                CAtom::Word(w) => out.words.push(*w),
                CAtom::Words(ws) => out.words.extend(ws),
                CAtom::OneOf(ws) => out.words.extend(&ws[..]),
                CAtom::Entity(labels, _) => out.inside |= labels,
                CAtom::List(l) if *l < 64 => out.in_lists |= 1 << l,
                // One token, which passes every part, the mask among them.
                CAtom::And(all) => {
                    out.add_mask(all.iter().find(|p| matches!(p, CAtom::Mask { .. }))?)
                }
                _ => return None,
            }
        }
        out.words.sort_unstable();
        out.words.dedup();
        Some(out)
    }

    /// The tests that can consume a match's first token, if every such
    /// test is one that [`First`] can run (a match that consumes nothing is
    /// never kept).
    pub fn firsts(&self) -> Option<Vec<First>> {
        let mut seen = vec![false; self.insts.len()];
        let mut stack = vec![0usize];
        let mut out = Vec::new();
        while let Some(pc) = stack.pop() {
            if std::mem::replace(seen.get_mut(pc)?, true) {
                continue;
            }
            match self.insts[pc] {
                Inst::Split(a, b) => stack.extend([a as usize, b as usize]),
                Inst::Jmp(t) => stack.push(t as usize),
                Inst::Save(_) => stack.push(pc + 1),
                Inst::Match => {}
                Inst::Test(a) => match &self.atoms[a as usize] {
                    CAtom::OneOf(ws) => out.extend(ws.iter().map(|&w| First::Word(w))),
                    m @ CAtom::Mask { .. } => out.push(First::Mask(m.clone())),
                    CAtom::Entity(labels, _) => out.push(First::Label(*labels)),
                    CAtom::Word(w) => out.push(First::Word(*w)),
                    CAtom::Words(ws) => out.push(First::Word(*ws.first()?)),
                    CAtom::List(l) if *l < 64 => out.push(First::List(*l)),
                    _ => return None,
                },
            }
        }
        Some(out)
    }

    fn pc(&self) -> u32 {
        self.insts.len() as u32
    }

    fn atom(
        &mut self,
        a: &Atom,
        list_index: &dyn Fn(&str) -> Option<u32>,
        vocab: &mut crate::text::Lexicon,
    ) -> Result<CAtom, String> {
        Ok(match a {
            Atom::Words(ws) => {
                let mut folded = Vec::new();
                for w in ws {
                    let toks = crate::text::tokenize(w);
                    for t in toks {
                        folded.push(vocab.intern(&crate::text::fold(t.text(w))));
                    }
                }
                match folded[..] {
                    [w] => CAtom::Word(w),
                    _ => CAtom::Words(folded),
                }
            }
            Atom::Exact(w) => CAtom::Exact(w.clone()),
            Atom::List(name) => {
                CAtom::List(list_index(name).ok_or_else(|| format!("unknown list `@{name}`"))?)
            }
            Atom::Regex(r) => CAtom::Regex(Regex::new(r).map_err(|e| format!("bad regex: {e}"))?),
            Atom::Shape(s) => mask_of(&CAtom::Shape(*s)).unwrap_or(CAtom::Shape(*s)),
            Atom::Entity(labels, sub) => {
                CAtom::Entity(labels.iter().fold(0, |m, l| m | label_bit(*l)), sub.clone())
            }
            Atom::Not(inner) => {
                let not = CAtom::Not(Box::new(self.atom(inner, list_index, vocab)?));
                mask_of(&not).unwrap_or(not)
            }
            Atom::And(all) => {
                let and = CAtom::And(
                    all.iter()
                        .map(|a| self.atom(a, list_index, vocab))
                        .collect::<Result<_, _>>()?,
                );
                mask_of(&and).unwrap_or(and)
            }
        })
    }

    /// The words of an alternation whose every alternative is one word
    /// (sorted, deduplicated), or `None`. One token matches at most one of
    /// them and each ends after it, so a single test matches exactly what
    /// the alternatives would, in any order.
    fn one_word_alts(
        &mut self,
        alts: &[Node],
        li: &dyn Fn(&str) -> Option<u32>,
        vocab: &mut crate::text::Lexicon,
    ) -> Result<Option<Box<[u32]>>, String> {
        let mut words = Vec::with_capacity(alts.len());
        for a in alts {
            let Node::Atom(atom @ Atom::Words(_), _) = a else {
                return Ok(None);
            };
            match self.atom(atom, li, vocab)? {
                CAtom::Word(w) => words.push(w),
                _ => return Ok(None),
            }
        }
        if words.len() < 2 {
            return Ok(None);
        }
        words.sort_unstable();
        words.dedup();
        Ok(Some(words.into()))
    }

    fn emit(
        &mut self,
        node: &Node,
        li: &dyn Fn(&str) -> Option<u32>,
        vocab: &mut crate::text::Lexicon,
        steps: &mut usize,
    ) -> Result<(), String> {
        // Counted per node emitted, not per instruction: `x{0}` emits
        // nothing, yet nesting it still multiplies the work.
        *steps += 1;
        if *steps > MAX_COMPILE_STEPS {
            return Err(format!(
                "pattern too large: its repetitions multiply to more than {MAX_COMPILE_STEPS} \
                 elements; nest fewer `{{m,n}}` or make them smaller"
            ));
        }
        match node {
            Node::Atom(a, _) => {
                let c = self.atom(a, li, vocab)?;
                self.atoms.push(c);
                let n = self.atoms.len() as u32 - 1;
                self.insts.push(Inst::Test(n));
            }
            Node::Seq(items) => {
                for i in items {
                    self.emit(i, li, vocab, steps)?;
                }
            }
            Node::Alt(alts) => {
                if let Some(words) = self.one_word_alts(alts, li, vocab)? {
                    self.atoms.push(CAtom::OneOf(words));
                    self.insts.push(Inst::Test(self.atoms.len() as u32 - 1));
                    return Ok(());
                }
                let mut jumps = Vec::new();
                for (k, a) in alts.iter().enumerate() {
                    if k + 1 < alts.len() {
                        let split = self.pc();
                        self.insts.push(Inst::Split(split + 1, 0));
                        self.emit(a, li, vocab, steps)?;
                        jumps.push(self.pc());
                        self.insts.push(Inst::Jmp(0));
                        let next = self.pc();
                        self.insts[split as usize] = Inst::Split(split + 1, next);
                    } else {
                        self.emit(a, li, vocab, steps)?;
                    }
                }
                let end = self.pc();
                for j in jumps {
                    self.insts[j as usize] = Inst::Jmp(end);
                }
            }
            Node::Repeat {
                node,
                min,
                max,
                greedy,
            } => {
                for _ in 0..*min {
                    self.emit(node, li, vocab, steps)?;
                }
                match max {
                    None => {
                        let top = self.pc();
                        self.insts.push(Inst::Split(0, 0));
                        self.emit(node, li, vocab, steps)?;
                        self.insts.push(Inst::Jmp(top));
                        let out = self.pc();
                        self.insts[top as usize] = if *greedy {
                            Inst::Split(top + 1, out)
                        } else {
                            Inst::Split(out, top + 1)
                        };
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.pc());
                            self.insts.push(Inst::Split(0, 0));
                            self.emit(node, li, vocab, steps)?;
                        }
                        let out = self.pc();
                        for s in splits {
                            self.insts[s as usize] = if *greedy {
                                Inst::Split(s + 1, out)
                            } else {
                                Inst::Split(out, s + 1)
                            };
                        }
                    }
                }
            }
            Node::Capture(name, inner, _) => {
                let k = match self.captures.iter().position(|c| c == name) {
                    Some(k) => k,
                    None => {
                        self.captures.push(name.clone());
                        self.captures.len() - 1
                    }
                } as u32;
                self.insts.push(Inst::Save(2 * k));
                self.emit(inner, li, vocab, steps)?;
                self.insts.push(Inst::Save(2 * k + 1));
            }
        }
        Ok(())
    }

    /// Where atom `a` ends if it matches at token `i` (before `limit`).
    /// The commonest tests, a one-token mask and a word, are a load and a
    /// compare, inlined into the matcher's loop; the rest are in
    /// [`Program::test_rest`].
    #[inline(always)]
    fn test<T: Tokens + ?Sized>(
        &self,
        a: &CAtom,
        d: &Doc<T>,
        i: usize,
        limit: usize,
    ) -> Option<usize> {
        if i >= limit {
            return None;
        }
        match a {
            CAtom::Mask { .. } => mask_passes(a, &d.feat(i)?).then_some(i + 1),
            CAtom::Word(w) => (d.ids.get(i) == Some(w)).then_some(i + 1),
            _ => self.test_rest(a, d, i, limit),
        }
    }

    /// [`Program::test`] for the atoms other than masks and words, at a
    /// token `i < limit`.
    #[inline(never)]
    fn test_rest<T: Tokens + ?Sized>(
        &self,
        a: &CAtom,
        d: &Doc<T>,
        i: usize,
        limit: usize,
    ) -> Option<usize> {
        let t = d.t;
        let end = match a {
            CAtom::Word(_) | CAtom::Mask { .. } => self.test(a, d, i, limit),
            CAtom::OneOf(ws) => d
                .ids
                .get(i)
                .is_some_and(|w| ws.contains(w))
                .then_some(i + 1),
            CAtom::Words(ws) => {
                (i + ws.len() <= limit && super::words_at(d.ids, i, ws)).then_some(i + ws.len())
            }
            CAtom::Exact(w) => (t.original(i) == w).then_some(i + 1),
            CAtom::List(l) => {
                // Most tokens start no entry of the list: one bit says so.
                if *l < 64 {
                    let bits = d.ids.get(i).and_then(|&id| d.starts.get(id as usize));
                    if bits.is_none_or(|b| b & (1 << *l) == 0) {
                        return None;
                    }
                }
                d.lists[*l as usize].longest_at(d.ids, i)
            }
            CAtom::Regex(r) => r.is_match(t.original(i)).then_some(i + 1),
            CAtom::Shape(s) => shape_ok(*s, t.shape(i)).then_some(i + 1),
            CAtom::Entity(mask, sub) => match t.entity_at(i) {
                Some((l, st, e)) if mask & label_bit(l) != 0 => match sub {
                    Some(want) if st != Some(want.as_str()) => None,
                    _ => Some(e),
                },
                _ => None,
            },
            CAtom::Not(inner) => match self.test(inner, d, i, limit) {
                Some(_) => None,
                None => Some(i + 1),
            },
            CAtom::And(all) => {
                let mut end = None;
                for a in all {
                    let e = self.test(a, d, i, limit)?;
                    if end.is_some_and(|x| x != e) {
                        return None;
                    }
                    end = Some(e);
                }
                end
            }
        }?;
        (end <= limit).then_some(end)
    }

    /// Runs the program from token `start`, never past `limit`. Returns the
    /// end of the first match in priority order; its capture slots are then
    /// [`Scratch::caps`].
    pub fn run<T: Tokens + ?Sized>(
        &self,
        d: &Doc<T>,
        start: usize,
        limit: usize,
        scratch: &mut Scratch,
    ) -> Option<usize> {
        // Positions stay in `start..=limit`: every test ends at or after
        // where it starts and at most at `limit` (see `test`), so the
        // visited bit of any (pc, pos) pair is inside the set. Callers pass
        // `start <= limit`.
        let width = limit.saturating_sub(start) + 1;
        scratch.begin(self.insts.len() * width);
        let stamp = scratch.stamp;
        scratch.caps.clear();
        scratch.caps.resize(self.captures.len() * 2, usize::MAX);
        scratch.stack.push(Job::Explore(0, start));
        while let Some(job) = scratch.stack.pop() {
            let (mut pc, mut pos) = match job {
                Job::Restore(slot, old) => {
                    scratch.caps[slot as usize] = old;
                    continue;
                }
                Job::Explore(pc, pos) => (pc as usize, pos),
            };
            loop {
                let at = pc * width + (pos - start);
                if scratch.visited[at] == stamp {
                    break;
                }
                scratch.visited[at] = stamp;
                match self.insts[pc] {
                    Inst::Match => return Some(pos),
                    Inst::Test(a) => match self.test(&self.atoms[a as usize], d, pos, limit) {
                        Some(e) => {
                            pc += 1;
                            pos = e;
                        }
                        None => break,
                    },
                    Inst::Jmp(to) => pc = to as usize,
                    Inst::Split(a, b) => {
                        scratch.stack.push(Job::Explore(b, pos));
                        pc = a as usize;
                    }
                    Inst::Save(s) => {
                        scratch
                            .stack
                            .push(Job::Restore(s, scratch.caps[s as usize]));
                        scratch.caps[s as usize] = pos;
                        pc += 1;
                    }
                }
            }
        }
        None
    }
}

pub(crate) fn shape_ok(c: ShapeClass, s: Shape) -> bool {
    match c {
        ShapeClass::Cap => matches!(s, Shape::Capitalized | Shape::Upper | Shape::Caseless),
        ShapeClass::Upper => s == Shape::Upper,
        ShapeClass::Lower => s == Shape::Lower,
        ShapeClass::Num => s == Shape::Number,
        ShapeClass::Punct => s == Shape::Punct,
        ShapeClass::Word => s != Shape::Punct,
        ShapeClass::Any => true,
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Job {
    Explore(u32, usize),
    Restore(u32, usize),
}

/// Reusable buffers for [`Program::run`].
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    visited: Vec<u32>,
    stamp: u32,
    caps: Vec<usize>,
    stack: Vec<Job>,
}

impl Scratch {
    /// The capture slots of the last match [`Program::run`] found.
    pub fn caps(&self) -> &[usize] {
        &self.caps
    }

    /// Starts a run over `n` (instruction, position) pairs: a visited mark
    /// is the run's stamp, so nothing is cleared between runs.
    fn begin(&mut self, n: usize) {
        if self.visited.len() < n {
            self.visited.resize(n, 0);
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.visited.iter_mut().for_each(|v| *v = 0);
            self.stamp = 1;
        }
        self.stack.clear();
    }
}

/// The minimum and maximum number of tokens a node can span (`None`: no
/// bound). An entity or a list entry spans one token to `long(atom)`.
pub(crate) fn width(node: &Node, long: &dyn Fn(&Atom) -> Option<u32>) -> (u32, Option<u32>) {
    match node {
        Node::Atom(Atom::Words(ws), _) => {
            let n: u32 = ws
                .iter()
                .map(|w| crate::text::tokenize(w).len() as u32)
                .fold(0, u32::saturating_add);
            (n, Some(n))
        }
        Node::Atom(a @ (Atom::List(_) | Atom::Entity(..)), _) => (1, long(a)),
        Node::Atom(Atom::And(all), _) => {
            let w: Vec<_> = all
                .iter()
                .map(|a| width(&Node::Atom(a.clone(), Default::default()), long))
                .collect();
            (
                w.iter().map(|x| x.0).max().unwrap_or(1),
                w.iter().filter_map(|x| x.1).min(),
            )
        }
        Node::Atom(..) => (1, Some(1)),
        // Saturating: widths only size a window, and nested repetitions
        // could overflow `u32`.
        Node::Seq(items) => items.iter().fold((0, Some(0)), |(a, b), i| {
            let (c, d) = width(i, long);
            (
                a.saturating_add(c),
                b.zip(d).map(|(x, y)| x.saturating_add(y)),
            )
        }),
        Node::Alt(alts) => {
            let ws: Vec<_> = alts.iter().map(|a| width(a, long)).collect();
            let min = ws.iter().map(|w| w.0).min().unwrap_or(0);
            let max = ws.iter().try_fold(0, |m, w| w.1.map(|x| m.max(x)));
            (min, max)
        }
        Node::Repeat { node, min, max, .. } => {
            let (a, b) = width(node, long);
            (
                a.saturating_mul(*min),
                max.and_then(|m| b.map(|x| x.saturating_mul(m))),
            )
        }
        Node::Capture(_, inner, _) => width(inner, long),
    }
}
