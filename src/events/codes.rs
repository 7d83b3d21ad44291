//! Event types, roles, modalities and their PLOVER / CAMEO codes.

use std::fmt;

/// The nine event types of the annotation guidelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventType {
    /// A meeting, talks, negotiations, a call or a conference.
    Meeting,
    /// A party travelling to, arriving in, or received in a place.
    Visit,
    /// An agreement, deal, accord, memorandum or ceasefire.
    Agreement,
    /// Forces sent, deployed, reinforced, mobilised or placed on alert.
    Deployment,
    /// An armed attack, strike, shelling, bombing or clash.
    Attack,
    /// People arrested, detained or captured by security forces.
    Arrest,
    /// One party accusing, blaming or condemning another.
    Accusation,
    /// A planned meeting, visit, agreement or operation called off.
    Cancellation,
    /// A body, committee, cell, centre or force formed.
    Establishment,
}

impl EventType {
    /// Every type, in order.
    pub const ALL: [EventType; 9] = [
        EventType::Meeting,
        EventType::Visit,
        EventType::Agreement,
        EventType::Deployment,
        EventType::Attack,
        EventType::Arrest,
        EventType::Accusation,
        EventType::Cancellation,
        EventType::Establishment,
    ];

    /// The name used in rule files and output: `meeting`, `visit` …
    pub fn as_str(&self) -> &'static str {
        match self {
            EventType::Meeting => "meeting",
            EventType::Visit => "visit",
            EventType::Agreement => "agreement",
            EventType::Deployment => "deployment",
            EventType::Attack => "attack",
            EventType::Arrest => "arrest",
            EventType::Accusation => "accusation",
            EventType::Cancellation => "cancellation",
            EventType::Establishment => "establishment",
        }
    }

    /// The type with this name.
    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The roles of the party before the trigger and the party after it.
    pub fn roles(&self) -> (Role, Role) {
        match self {
            EventType::Visit => (Role::Visitor, Role::Host),
            EventType::Attack | EventType::Arrest | EventType::Accusation => {
                (Role::Agent, Role::Target)
            }
            _ => (Role::Agent, Role::Counterpart),
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The role of a participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The party that acts.
    Agent,
    /// The other party of a meeting or agreement.
    Counterpart,
    /// The party attacked, arrested or accused.
    Target,
    /// The party that travels.
    Visitor,
    /// The party that receives a visitor.
    Host,
    /// Where it happened (used in rule bindings only).
    Place,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 6] = [
        Role::Agent,
        Role::Counterpart,
        Role::Target,
        Role::Visitor,
        Role::Host,
        Role::Place,
    ];

    /// The name used in rule files and output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Counterpart => "counterpart",
            Role::Target => "target",
            Role::Visitor => "visitor",
            Role::Host => "host",
            Role::Place => "place",
        }
    }

    /// The role with this name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Whether the event happened, is planned, was denied, or is hypothetical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modality {
    /// Reported as happening or having happened.
    Asserted,
    /// Planned, expected or scheduled.
    Future,
    /// Denied or said not to have happened.
    Negated,
    /// Possible, conditional or asked about.
    Hypothetical,
}

impl Modality {
    /// The name used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Future => "future",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
        }
    }

    /// The modality with this name.
    pub fn parse(s: &str) -> Option<Modality> {
        [
            Modality::Asserted,
            Modality::Future,
            Modality::Negated,
            Modality::Hypothetical,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }
}

/// An event's codes in the PLOVER and CAMEO schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Codes {
    /// The PLOVER event category (`CONSULT`, `ASSAULT` …); none for
    /// establishment, which extends PLOVER.
    pub plover: Option<&'static str>,
    /// The CAMEO code (`040`, `190` …).
    pub cameo: Option<&'static str>,
}

/// Codes per the annotation guidelines' table.
pub(crate) fn codes(kind: EventType, modality: Modality) -> Codes {
    let (plover, cameo) = match kind {
        EventType::Meeting => ("CONSULT", "040"),
        EventType::Visit => ("CONSULT", "042"),
        EventType::Agreement if modality == Modality::Future => ("AGREE", "030"),
        EventType::Agreement => ("SUPPORT", "057"),
        EventType::Deployment => ("MOBILIZE", "150"),
        EventType::Attack => ("ASSAULT", "190"),
        EventType::Arrest => ("COERCE", "173"),
        EventType::Accusation => ("ACCUSE", "112"),
        EventType::Cancellation => ("REJECT", "125"),
        EventType::Establishment => {
            return Codes {
                plover: None,
                cameo: None,
            }
        }
    };
    Codes {
        plover: Some(plover),
        cameo: Some(cameo),
    }
}
