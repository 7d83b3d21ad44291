//! Events: triggers found by event rules, then participants, places, date
//! and modality attached from the trigger's sentence.
//!
//! Rules (`rules/events.rules`) decide *that* a sentence reports an event and
//! where its trigger is; they may also bind roles to captures. Whatever a rule
//! leaves unbound is filled in here from the entities around the trigger:
//!
//! - **agent**: the nearest actor (person, organisation, place standing for
//!   its government, nationality) before the trigger, with the actors
//!   coordinated with it (`Syria and Jordan signed`);
//! - **counterpart / target**: the first actor after the trigger, with its
//!   coordinated actors; `between A and B` gives both; a passive `by X` is the
//!   agent;
//! - **places**: places introduced by `in`, `at`, `near`, `to`, `into` … near
//!   the trigger (or named directly after a visit or attack trigger);
//! - **date**: the date mention nearest the trigger in the sentence;
//! - **modality**: negation, condition or future marked before the trigger
//!   (`did not`, `could`, `will`, `is expected to` …), unless the rule sets it.
//!
//! A nationality adjective that only modifies a named actor (`Iraqi Foreign
//! Minister Fuad Hussein`) is not a participant of its own; news outlets
//! cited as sources (`told Rudaw`, `according to DPA`) are the attribution,
//! not participants.

mod codes;

use std::sync::Arc;

use crate::document::{Label, Span};
use crate::entities::{Mention, View};
use crate::rules::{Emit, RuleMatch, RuleSet, Tokens};
use crate::text::Shape;

pub use codes::{Codes, EventType, Modality, Role};

/// A participant of an event: an entity of the document and its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// Index into [`crate::Document::entities`].
    pub entity: usize,
    /// The role it plays.
    pub role: Role,
}

/// An event reported by a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// What kind of event.
    pub kind: EventType,
    /// The trigger's span in the original text.
    pub trigger: Span,
    /// Who took part, agent first.
    pub participants: Vec<Participant>,
    /// Where it happened (entity indices).
    pub places: Vec<usize>,
    /// When, as an ISO 8601 value at the precision the text gives.
    pub date: Option<String>,
    /// Whether it happened, is planned, was denied or is hypothetical.
    pub modality: Modality,
    /// The index of the sentence containing the trigger.
    pub sentence: usize,
    /// The id of the rule that found it.
    pub rule: Arc<str>,
    /// Who the report is attributed to (entity index), if the sentence says.
    pub attribution: Option<usize>,
}

impl Event {
    /// Its PLOVER category and CAMEO code.
    pub fn codes(&self) -> Codes {
        codes::codes(self.kind, self.modality)
    }
}

/// A trigger before arguments are attached.
struct Found {
    kind: EventType,
    toks: (usize, usize),
    rule: u32,
    roles: Vec<(Role, (usize, usize))>,
    sentence: usize,
}

/// Finds the events of a document. `mentions` are the final entities (sorted,
/// disjoint); indices in the returned events refer to them.
pub(crate) fn extract(
    view: &View<'_>,
    rules: &RuleSet,
    sentences: &[(usize, usize)],
    mentions: &[Mention],
) -> Vec<Event> {
    /// The rule matches, the triggers, which of them to keep, and the
    /// sentence uses.
    type Buffers = (Vec<RuleMatch>, Vec<Found>, Vec<bool>, Option<SentenceUses>);
    thread_local! {
        /// The buffers of the thread's last document, for its next.
        static BUFFERS: std::cell::Cell<Buffers> = Default::default();
    }
    let (mut matches, mut found, mut keep, mut cache) = crate::reuse::take(&BUFFERS);
    matches.clear();
    found.clear();
    if let Some(c) = &mut cache {
        // Another document's sentence: worked out afresh.
        c.sentence = usize::MAX;
    }
    rules.find(view, sentences, &mut matches);
    for m in &matches {
        let rule = &rules.rules[m.rule as usize];
        let Emit::Event(ty, bindings) = &rule.emit else {
            continue;
        };
        let Some(kind) = EventType::parse(ty) else {
            continue;
        };
        let toks = rule
            .capture("trigger")
            .and_then(|k| m.capture(k))
            .unwrap_or((m.start, m.end));
        let roles = bindings
            .iter()
            .filter_map(|(role, cap)| {
                let r = Role::parse(role)?;
                let span = rule.capture(cap).and_then(|k| m.capture(k))?;
                Some((r, span))
            })
            .collect();
        let sentence = sentences.partition_point(|&(_, b)| b <= toks.0);
        found.push(Found {
            kind,
            toks,
            rule: m.rule,
            roles,
            sentence,
        });
    }
    // A trigger noun that refers back to an event already reported ("his
    // visit", "during the meeting", "responsible for the attacks").
    found.retain(|f| !is_back_reference(view, f.toks, sentences[f.sentence].0));
    // One event per sentence and type: the earliest trigger.
    found.sort_by_key(|f| (f.sentence, f.kind, f.toks.0, f.rule));
    found.dedup_by(|b, a| a.sentence == b.sentence && a.kind == b.kind);
    drop_embedded(&mut found, &mut keep, view);
    found.sort_by_key(|f| (f.toks.0, f.kind));
    // `attach` finds a sentence's mentions by binary search, which needs them
    // in token order. They are: every mention starts at the start of its
    // first token, and `entities::link` sorts them by start.
    debug_assert!(mentions.windows(2).all(|w| w[0].toks.0 <= w[1].toks.0));
    let events = found
        .drain(..)
        .map(|f| attach(view, rules, sentences, mentions, f, &mut cache))
        .collect();
    let size = matches
        .capacity()
        .max(found.capacity())
        .max(keep.capacity())
        .max(cache.as_ref().map_or(0, |c| c.in_sent.capacity()));
    crate::reuse::give_back(&BUFFERS, (matches, found, keep, cache), size);
    events
}

/// Drops triggers that are only the purpose or the cancelled object of
/// another event in the same sentence. `found` is sorted by sentence;
/// `keep` is a buffer.
fn drop_embedded(found: &mut Vec<Found>, keep: &mut Vec<bool>, view: &View<'_>) {
    keep.clear();
    keep.extend(found.iter().map(|f| {
        // Only the events of the same sentence (at most one per type),
        // not all events of the document: that was quadratic in the
        // number of sentences.
        let lo = found.partition_point(|o| o.sentence < f.sentence);
        let hi = found.partition_point(|o| o.sentence <= f.sentence);
        let others = found[lo..hi]
            .iter()
            .filter(|o| o.sentence == f.sentence && o.kind != f.kind);
        for o in others {
            // The thing cancelled: "cancelled a planned meeting", "the
            // meeting between A and B was postponed".
            if o.kind == EventType::Cancellation
                && matches!(
                    f.kind,
                    EventType::Meeting | EventType::Visit | EventType::Agreement
                )
                && (o.toks.1 <= f.toks.0 && f.toks.0 - o.toks.1 <= 6
                    || f.toks.1 <= o.toks.0 && o.toks.0 - f.toks.1 <= 40)
            {
                return false;
            }
            // Troops arriving are a deployment, not a visit.
            if f.kind == EventType::Visit
                && o.kind == EventType::Deployment
                && o.toks.0.abs_diff(f.toks.0) <= 4
            {
                return false;
            }
            // A purpose: "arrived for talks", "signed an agreement to establish".
            if o.toks.1 <= f.toks.0 && f.toks.0 - o.toks.1 <= 12 && is_purpose(view, f.toks.0) {
                return false;
            }
        }
        true
    }));
    let mut k = keep.iter();
    found.retain(|_| k.next().copied().unwrap_or(true));
}

/// Nouns that name an event, and so can refer back to one.
fn is_event_noun(w: &str) -> bool {
    matches!(
        w,
        "visit"
            | "visits"
            | "trip"
            | "meeting"
            | "meetings"
            | "talks"
            | "negotiations"
            | "discussions"
            | "conference"
            | "summit"
            | "call"
            | "attack"
            | "attacks"
            | "strike"
            | "strikes"
            | "airstrike"
            | "airstrikes"
            | "explosion"
            | "blast"
            | "bombing"
            | "assault"
            | "offensive"
            | "agreement"
            | "deal"
            | "accord"
            | "memorandum"
            | "ceasefire"
            | "truce"
            | "deployment"
            | "arrest"
            | "arrests"
            | "cancellation"
            | "postponement"
            | "establishment"
            | "formation"
            | "incident"
    )
}

/// Whether the trigger noun at `i` refers back to an event: after a
/// possessive or demonstrative ("his recent visit"), or after a definite
/// article that opens the sentence or follows a preposition or a verb of
/// inquiry ("during the meeting", "probe the attacks", "The visit included").
fn is_back_reference(view: &View<'_>, (i, end): (usize, usize), sentence_start: usize) -> bool {
    if !(i..end).any(|k| is_event_noun(view.folded(k))) {
        return false;
    }
    // Skip adjectives and noun modifiers: "the recent drone attacks".
    let mut j = i;
    while j > sentence_start
        && matches!(
            view.folded(j - 1),
            "recent"
                | "latest"
                | "previous"
                | "last"
                | "planned"
                | "upcoming"
                | "first"
                | "second"
                | "official"
                | "brief"
                | "surprise"
                | "drone"
                | "rocket"
                | "missile"
                | "deadly"
                | "alleged"
                | "reported"
                | "such"
                | "same"
                | "latter"
                | "former"
                | "new"
        )
    {
        j -= 1;
    }
    if j == sentence_start {
        // "Drone attacks hit …": a bare plural at the start reports events.
        return false;
    }
    match view.folded(j - 1) {
        "his" | "her" | "its" | "their" | "our" | "this" | "that" | "these" | "those" => true,
        "the" => {
            let k = j - 1;
            k == sentence_start
                || matches!(
                    view.folded(k - 1),
                    "during"
                        | "after"
                        | "before"
                        | "following"
                        | "since"
                        | "to"
                        | "at"
                        | "of"
                        | "for"
                        | "into"
                        | "about"
                        | "on"
                        | "over"
                        | "behind"
                        | "probe"
                        | "investigate"
                        | "investigating"
                        | "investigated"
                        | "in"
                        | "from"
                        | "by"
                        | "with"
                        | "\""
                )
        }
        "probe" | "investigate" | "investigating" | "investigated" | "into" => true,
        _ => false,
    }
}

/// Whether the trigger at `i` is introduced as a purpose (`to meet`, `for
/// renewed talks`), not as planned (`is expected to meet`).
fn is_purpose(view: &View<'_>, i: usize) -> bool {
    let mut j = i;
    for _ in 0..3 {
        if j == 0 {
            return false;
        }
        let w = view.folded(j - 1);
        if w == "to" || w == "for" {
            let before = if j >= 2 { view.folded(j - 2) } else { "" };
            return !matches!(
                before,
                "expected"
                    | "scheduled"
                    | "set"
                    | "plans"
                    | "planned"
                    | "planning"
                    | "due"
                    | "going"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "agreed"
                    | "decided"
                    | "preparing"
                    | "prepares"
                    | "intends"
                    | "aims"
                    | "plan"
                    | "ready"
                    | "continue"
                    | "continues"
            );
        }
        let filler = [
            "a",
            "an",
            "the",
            "new",
            "renewed",
            "further",
            "more",
            "direct",
            "joint",
            "bilateral",
            "fresh",
            "another",
            "formal",
            "indirect",
        ];
        if !filler.contains(&w) {
            return false;
        }
        j -= 1;
    }
    false
}

/// Words before a name that make it a place rather than an actor.
fn is_locative(w: &str) -> bool {
    matches!(
        w,
        "in" | "at"
            | "near"
            | "to"
            | "into"
            | "toward"
            | "towards"
            | "outside"
            | "inside"
            | "around"
            | "across"
            | "from"
            | "within"
            | "throughout"
            | "on"
            | "over"
            | "off"
    )
}

/// Words before a name that make it the source of the report.
fn is_attribution(w: &str) -> bool {
    matches!(w, "told" | "according" | "cited" | "quoted" | "via")
}

/// How a mention can serve.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Use {
    Actor,
    Place,
    Source,
    Modifier,
    None,
}

fn classify(view: &View<'_>, mentions: &[Mention], k: usize, sent: (usize, usize)) -> Use {
    let m = &mentions[k];
    if m.label == Label::Date {
        return Use::None;
    }
    let (a, b) = m.toks;
    // Words before, skipping articles and direction adjectives.
    let mut j = a;
    let mut prev = "";
    while j > sent.0 {
        let w = view.folded(j - 1);
        if matches!(
            w,
            "the"
                | "northern"
                | "southern"
                | "eastern"
                | "western"
                | "central"
                | "northeast"
                | "northeastern"
                | "northwest"
                | "northwestern"
                | "southeast"
                | "southeastern"
                | "southwest"
                | "southwestern"
                | "north"
                | "south"
                | "east"
                | "west"
                | "rural"
                | "occupied"
        ) {
            j -= 1;
            continue;
        }
        prev = w;
        break;
    }
    let next = if b < sent.1 { view.folded(b) } else { "" };
    if is_attribution(prev) || (prev == "to" && a >= 2 && view.folded(a - 2) == "according") {
        return Use::Source;
    }
    if m.label == Label::Org
        && (next == "reported"
            || (next == "has" && b + 1 < sent.1 && view.folded(b + 1) == "learned"))
    {
        return Use::Source;
    }
    if m.label.is_place() && m.label != Label::Gpe {
        return if is_locative(prev) || m.label == Label::Fac {
            Use::Place
        } else {
            Use::None
        };
    }
    if m.label == Label::Gpe && is_locative(prev) {
        return Use::Place;
    }
    // A GPE directly before another name (`Iraq's Counter-Terrorism
    // Service`, `US Special Envoy X`) or a nationality adjective before a
    // name, title or counterpart only modifies it.
    if matches!(m.label, Label::Norp | Label::Gpe) {
        let mut t = b;
        if t < sent.1 && view.folded(t) == "'" && t + 1 < sent.1 && view.folded(t + 1) == "s" {
            t += 2;
        }
        for step in 0..4 {
            if t + step >= sent.1 {
                break;
            }
            if let Some(n) = view.mention_at(t + step) {
                if matches!(n.label, Label::Person | Label::Org) {
                    return Use::Modifier;
                }
                break;
            }
            let w = view.folded(t + step);
            if matches!(
                w,
                "counterpart"
                    | "counterparts"
                    | "minister"
                    | "president"
                    | "envoy"
                    | "ambassador"
                    | "commander"
                    | "chief"
                    | "leader"
                    | "prime"
                    | "foreign"
                    | "defense"
                    | "defence"
                    | "interior"
                    | "oil"
                    | "energy"
                    | "special"
                    | "intelligence"
                    | "deputy"
                    | "spokesperson"
                    | "spokesman"
            ) {
                continue;
            }
            if m.label == Label::Norp && step == 0 && view.shape(t) == Shape::Lower {
                break;
            }
            if view.shape(t + step) == Shape::Punct && w == "," {
                continue;
            }
            break;
        }
    }
    if matches!(
        m.label,
        Label::Person | Label::Org | Label::Gpe | Label::Norp
    ) {
        Use::Actor
    } else {
        Use::None
    }
}

/// A sentence's mentions and how each can serve, worked out once for all
/// the events of the sentence.
struct SentenceUses {
    sentence: usize,
    in_sent: Vec<usize>,
    uses: Vec<(usize, Use)>,
}

impl SentenceUses {
    fn new(view: &View<'_>, mentions: &[Mention], sentence: usize, sent: (usize, usize)) -> Self {
        let mut su = SentenceUses {
            sentence,
            in_sent: Vec::new(),
            uses: Vec::new(),
        };
        su.fill(view, mentions, sentence, sent);
        su
    }

    /// Works out the uses of another sentence in the same buffers.
    fn fill(
        &mut self,
        view: &View<'_>,
        mentions: &[Mention],
        sentence: usize,
        sent: (usize, usize),
    ) {
        // Mentions are sorted: the sentence's are one contiguous run.
        let first = mentions.partition_point(|m| m.toks.0 < sent.0);
        let last = mentions.partition_point(|m| m.toks.0 < sent.1);
        self.sentence = sentence;
        self.in_sent.clear();
        self.in_sent
            .extend((first..last).filter(|&k| mentions[k].toks.1 <= sent.1));
        self.uses.clear();
        self.uses.extend(
            self.in_sent
                .iter()
                .map(|&k| (k, classify(view, mentions, k, sent))),
        );
    }
}

fn attach(
    view: &View<'_>,
    rules: &RuleSet,
    sentences: &[(usize, usize)],
    mentions: &[Mention],
    f: Found,
    cache: &mut Option<SentenceUses>,
) -> Event {
    let sent = sentences
        .get(f.sentence)
        .copied()
        .unwrap_or((0, view.len()));
    let rule = &rules.rules[f.rule as usize];
    // A sentence's uses are worked out once for all its events, into the
    // buffers of the previous sentence's.
    let su = match cache {
        Some(c) if c.sentence == f.sentence => c,
        Some(c) => {
            c.fill(view, mentions, f.sentence, sent);
            c
        }
        None => cache.insert(SentenceUses::new(view, mentions, f.sentence, sent)),
    };
    let (in_sent, uses) = (&su.in_sent[..], &su.uses[..]);
    let (ta, tb) = f.toks;
    let mut participants: Vec<Participant> = Vec::new();
    let mut places: Vec<usize> = Vec::new();
    // Roles bound by the rule.
    for (role, (a, b)) in &f.roles {
        for &(k, _) in uses {
            let m = &mentions[k];
            if m.toks.0 >= *a && m.toks.1 <= *b {
                if *role == Role::Place {
                    places.push(k);
                } else {
                    participants.push(Participant {
                        entity: k,
                        role: *role,
                    });
                }
            }
        }
    }
    let (agent_role, other_role) = f.kind.roles();
    if !participants.iter().any(|p| p.role == agent_role) {
        // `between A and B`: both parties.
        let between = (ta..sent.1.min(tb + 6)).find(|&i| view.folded(i) == "between");
        if let Some(bi) = between {
            group_after(view, mentions, uses, bi + 1, sent.1, |k| {
                participants.push(Participant {
                    entity: k,
                    role: agent_role,
                })
            });
        }
        if participants.is_empty() {
            // Passive: "was received by X", "signed by X".
            let passive = (tb..sent.1.min(tb + 3)).find(|&i| view.folded(i) == "by");
            match passive {
                Some(bi) => group_after(view, mentions, uses, bi + 1, sent.1, |k| {
                    participants.push(Participant {
                        entity: k,
                        role: agent_role,
                    })
                }),
                None => group_before(
                    view,
                    mentions,
                    uses,
                    skip_apposition(view, ta, sent.0),
                    sent.0,
                    &mut participants,
                    agent_role,
                ),
            }
        }
    }
    // The party after the trigger, for the types that have one: a visit's
    // host, a cancelled or established thing, a deployment's destination
    // are not counterparts.
    let two_sided = matches!(
        f.kind,
        EventType::Meeting
            | EventType::Agreement
            | EventType::Attack
            | EventType::Arrest
            | EventType::Accusation
    );
    if two_sided
        && !participants.iter().any(|p| p.role == other_role)
        && participants.iter().all(|p| p.role == agent_role)
    {
        group_after(view, mentions, uses, tb, sent.1.min(tb + 14), |k| {
            if !participants.iter().any(|p| p.entity == k) {
                participants.push(Participant {
                    entity: k,
                    role: other_role,
                });
            }
        });
    }
    // Places near the trigger.
    if places.is_empty() {
        let near = uses.iter().filter(|(k, u)| {
            let m = &mentions[*k];
            *u == Use::Place && m.toks.0 + 12 >= ta && m.toks.0 <= tb + 14
        });
        places.extend(near.map(|(k, _)| *k).take(3));
        // A place named right after a visit or attack trigger: "visited Erbil".
        if places.is_empty()
            && matches!(
                f.kind,
                EventType::Visit | EventType::Attack | EventType::Deployment
            )
        {
            let mut t = tb;
            while t < sent.1 && matches!(view.folded(t), "the") {
                t += 1;
            }
            // The view indexes these same mentions, so its index is ours.
            if let Some((k, m)) = view.mention_index_at(t) {
                if m.label.is_place() && mentions.get(k).is_some_and(|x| x.span == m.span) {
                    places.push(k);
                    participants.retain(|p| p.entity != k);
                }
            }
        }
    }
    participants.retain(|p| !places.contains(&p.entity));
    // A parenthesised acronym stands for the name just before it: report
    // the name ("Syrian Democratic Forces (SDF)").
    for p in participants.iter_mut() {
        p.entity = expansion_of(view, mentions, p.entity);
    }
    participants.dedup_by_key(|p| p.entity);
    // The date nearest the trigger, unless it dates the report rather than
    // the event ("said on Wednesday that …", "since last October").
    let date = in_sent
        .iter()
        .filter(|&&k| mentions[k].label == Label::Date && mentions[k].value.is_some())
        .filter(|&&k| dates_the_event(view, &mentions[k], (ta, tb)))
        .min_by_key(|&&k| {
            let m = &mentions[k];
            if m.toks.0 >= tb {
                m.toks.0 - tb
            } else {
                ta - m.toks.1.min(ta)
            }
        })
        .and_then(|&k| mentions[k].value.clone());
    let attribution = uses
        .iter()
        .find(|(_, u)| *u == Use::Source)
        .map(|(k, _)| *k);
    let modality = match rule.mode.as_deref().and_then(Modality::parse) {
        Some(m) => m,
        None => modality(view, ta, sent.0),
    };
    Event {
        kind: f.kind,
        trigger: Span::new(
            view.an.tokens[ta].start as usize,
            view.an.tokens[tb - 1].end as usize,
        ),
        participants,
        places,
        date,
        modality,
        sentence: f.sentence,
        rule: rule.id.clone(),
        attribution,
    }
}

/// The mention a parenthesised acronym at `k` abbreviates, or `k`.
fn expansion_of(view: &View<'_>, mentions: &[Mention], k: usize) -> usize {
    let m = &mentions[k];
    let (a, b) = m.toks;
    let bracketed = a >= 1 && view.folded(a - 1) == "(" && view.folded(b) == ")";
    if !bracketed || k == 0 {
        return k;
    }
    let prev = &mentions[k - 1];
    let same = (prev.entry.is_some() && prev.entry == m.entry)
        || (prev.local.is_some() && prev.local == m.local);
    if same && prev.toks.1 + 1 == a {
        k - 1
    } else {
        k
    }
}

/// Whether a date mention dates the event at trigger `(ta, tb)`: not one
/// that a reporting verb stands between ("announced on Wednesday the
/// arrest", "said on Saturday it will deploy") or that starts a duration
/// ("since last October").
fn dates_the_event(view: &View<'_>, d: &Mention, (ta, tb): (usize, usize)) -> bool {
    let (da, db) = d.toks;
    if da >= 1 && matches!(view.folded(da - 1), "since" | "until" | "till") {
        return false;
    }
    // A date that another planned event is set for ("scheduled for
    // Saturday") or that modifies a noun ("the March 10 agreement").
    if da >= 2
        && view.folded(da - 1) == "for"
        && matches!(
            view.folded(da - 2),
            "scheduled" | "planned" | "set" | "slated"
        )
    {
        return false;
    }
    if db < view.len()
        && view.shape(db) == crate::text::Shape::Lower
        && da >= 1
        && view.folded(da - 1) == "the"
    {
        return false;
    }
    let between = if db <= ta { db..ta } else { tb..da };
    if between.len() > 15 {
        return false;
    }
    // Another clause in between ("… following the fall of the regime in
    // December").
    let clause = |w: &str| {
        matches!(
            w,
            "following"
                | "after"
                | "before"
                | "amid"
                | "citing"
                | "when"
                | "which"
                | "while"
                | "since"
                | ";"
        )
    };
    if between.clone().any(|i| clause(view.folded(i))) {
        return false;
    }
    let reporting = |w: &str| {
        matches!(
            w,
            "said"
                | "says"
                | "told"
                | "announced"
                | "revealed"
                | "stated"
                | "confirmed"
                | "added"
                | "noted"
                | "reported"
                | "explained"
                | "indicated"
                | "claimed"
                | "interview"
        )
    };
    // A reporting verb right before the date governs it too ("said on Tuesday").
    let before = da.saturating_sub(3)..da;
    let reported_between = between.clone().any(|i| reporting(view.folded(i)));
    let trigger_reports = (ta..tb).any(|i| reporting(view.folded(i)));
    let governed_by_report = db <= ta && before.clone().any(|i| reporting(view.folded(i)));
    !reported_between && (trigger_reports || !governed_by_report)
}

/// The actor nearest before token `at` and those coordinated with it.
fn group_before(
    view: &View<'_>,
    mentions: &[Mention],
    uses: &[(usize, Use)],
    at: usize,
    floor: usize,
    out: &mut Vec<Participant>,
    role: Role,
) {
    // From the last actor back.
    let mut actors = uses
        .iter()
        .rev()
        .filter(|(k, u)| {
            *u == Use::Actor
                && mentions[*k].toks.1 <= at
                && mentions[*k].toks.1 + 16 >= at
                && mentions[*k].toks.0 >= floor
        })
        .map(|(k, _)| *k);
    let Some(last) = actors.next() else {
        return;
    };
    // Walk back over "A and B", "A, B and C", then put them in text order.
    let start = out.len();
    coordinated(view, mentions, last, actors, |k| {
        out.push(Participant { entity: k, role })
    });
    out[start..].reverse();
}

/// `first` and the actors of `rest` (in walking order) joined to it one
/// after the other by "and", commas or "&", each handed to `push`.
fn coordinated(
    view: &View<'_>,
    mentions: &[Mention],
    first: usize,
    rest: impl Iterator<Item = usize>,
    mut push: impl FnMut(usize),
) {
    push(first);
    let mut cur = first;
    for k in rest {
        let (a, b) = if k < cur { (k, cur) } else { (cur, k) };
        let gap = mentions[a].toks.1..mentions[b].toks.0;
        if gap.is_empty()
            || !gap
                .clone()
                .all(|i| matches!(view.folded(i), "and" | "," | "the" | "&"))
        {
            break;
        }
        push(k);
        cur = k;
    }
}

/// Where the subject's phrase ends before a trigger at `at`, looking past
/// appositions and brackets: in "A and B, the commander of C (D), signed",
/// the subject is "A and B".
fn skip_apposition(view: &View<'_>, mut at: usize, floor: usize) -> usize {
    for _ in 0..2 {
        if at == 0 || at <= floor {
            break;
        }
        let prev = view.folded(at - 1);
        if prev == ")" {
            if let Some(open) = (floor..at - 1)
                .rev()
                .take(12)
                .find(|&k| view.folded(k) == "(")
            {
                at = open;
                continue;
            }
        }
        if prev != "," {
            break;
        }
        // The opening comma of the apposition, and its first word.
        let Some(open) = (floor..at - 1)
            .rev()
            .take(20)
            .find(|&k| view.folded(k) == ",")
        else {
            break;
        };
        let first = view.folded(open + 1);
        if matches!(
            first,
            "the"
                | "a"
                | "an"
                | "who"
                | "which"
                | "whose"
                | "its"
                | "his"
                | "her"
                | "their"
                | "also"
                | "then"
                | "now"
        ) {
            at = open;
        } else {
            break;
        }
    }
    at
}

/// The first actor at or after token `from` (before `limit`) and those
/// coordinated with it, each handed to `push`.
fn group_after(
    view: &View<'_>,
    mentions: &[Mention],
    uses: &[(usize, Use)],
    from: usize,
    limit: usize,
    push: impl FnMut(usize),
) {
    let mut actors = uses
        .iter()
        .filter(|(k, u)| {
            *u == Use::Actor && mentions[*k].toks.0 >= from && mentions[*k].toks.0 < limit
        })
        .map(|(k, _)| *k);
    let Some(first) = actors.next() else {
        return;
    };
    coordinated(view, mentions, first, actors, push)
}

/// Modality from the words before the trigger in its sentence.
fn modality(view: &View<'_>, trigger: usize, floor: usize) -> Modality {
    let from = trigger.saturating_sub(7).max(floor);
    let words = (from..trigger).map(|i| view.folded(i));
    // Each set is a `match`, compiled to a few comparisons in place: a
    // search of a table of strings called `memcmp` for each of them.
    let has = |set: fn(&str) -> bool| words.clone().any(set);
    let negation = |w: &str| {
        matches!(
            w,
            "not"
                | "never"
                | "no"
                | "denied"
                | "denies"
                | "deny"
                | "without"
                | "refused"
                | "rejected"
                | "t"
        )
    };
    let hypothesis = |w: &str| {
        matches!(
            w,
            "could"
                | "may"
                | "might"
                | "if"
                | "whether"
                | "possible"
                | "possibly"
                | "potential"
                | "unless"
        )
    };
    let plan = |w: &str| {
        matches!(
            w,
            "will"
                | "ll"
                | "shall"
                | "would"
                | "expected"
                | "scheduled"
                | "plans"
                | "plan"
                | "planned"
                | "planning"
                | "set"
                | "due"
                | "intends"
                | "intend"
                | "preparing"
                | "prepares"
                | "prepare"
                | "upcoming"
                | "next"
                | "forthcoming"
                | "proposed"
                | "aims"
                | "seeks"
        )
    };
    if has(negation) {
        Modality::Negated
    } else if has(hypothesis) {
        Modality::Hypothetical
    } else if has(plan) {
        Modality::Future
    } else {
        Modality::Asserted
    }
}
