//! Parsing rule files into rule definitions with pattern syntax trees.

use crate::document::Label;
use crate::error::Diagnostic;

/// A pattern syntax tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// One test at the current position.
    Atom(Atom, Pos),
    /// Elements one after another.
    Seq(Vec<Node>),
    /// Any one of the alternatives, the first preferred.
    Alt(Vec<Node>),
    /// `min` to `max` repetitions (`None`: no upper bound); greedy or lazy.
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
    /// A named capture.
    Capture(String, Box<Node>, Pos),
}

/// A position in a rule file: line and 1-based column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub line: usize,
    pub col: usize,
}

/// A test at one position of the token stream.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Atom {
    /// Literal words, compared folded (several for a quoted phrase).
    Words(Vec<String>),
    /// A literal word compared exactly.
    Exact(String),
    /// An entry of a named list.
    List(String),
    /// A regular expression on the token's text.
    Regex(String),
    /// A token shape class.
    Shape(ShapeClass),
    /// A whole entity with one of these labels (and optionally a subtype).
    Entity(Vec<Label>, Option<String>),
    /// One token that does not pass the inner test.
    Not(Box<Atom>),
    /// Every one of the tests, over the same tokens (`Cap&!@titles`).
    And(Vec<Atom>),
}

/// Shape classes usable in patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShapeClass {
    /// Capitalised, all-caps or caseless word: something that can be a name.
    Cap,
    /// All capitals.
    Upper,
    /// All lower case.
    Lower,
    /// A number.
    Num,
    /// Punctuation.
    Punct,
    /// Any word or number.
    Word,
    /// Any token.
    Any,
}

/// What a rule produces.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Emit {
    /// An entity with this label over this capture.
    Entity(Label, String),
    /// An event of this type, with role bindings `(role, capture)`.
    Event(String, Vec<(String, String)>),
}

/// An attached example.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Example {
    pub text: String,
    /// For `expect`: what must come out, `LABEL "text"` or an event type; None for `reject`.
    pub want: Option<(String, Option<String>)>,
    pub line: usize,
}

/// One rule as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RuleDef {
    pub id: String,
    pub line: usize,
    pub pattern: Node,
    pub pattern_pos: Pos,
    pub emit: Emit,
    /// Where the `emit:` value starts (column: byte offset + 1).
    pub emit_pos: Pos,
    pub priority: i32,
    pub mode: Option<String>,
    pub examples: Vec<Example>,
}

/// One list defined in a rule file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListDef {
    pub name: String,
    pub entries: Vec<String>,
    pub line: usize,
}

/// A parsed rule file.
#[derive(Debug, Default)]
pub(crate) struct RuleFile {
    pub rules: Vec<RuleDef>,
    pub lists: Vec<ListDef>,
}

/// Where a stretch of a field's value came from: a `match:` may continue on
/// the following indented lines, joined into one value with spaces.
#[derive(Debug, Clone, Copy)]
struct Seg {
    /// Byte offset in the joined value.
    at: usize,
    /// The line it is on.
    line: usize,
    /// Its byte offset in that line.
    col: usize,
}

/// One `key: value` line of a rule block (with its continuation lines).
struct Field {
    key: String,
    line: usize,
    /// Byte offset of the value in its line.
    col: usize,
    value: String,
    segs: Vec<Seg>,
}

/// The line and byte offset in it of byte `at` of a joined value.
fn locate(segs: &[Seg], at: usize) -> (usize, usize) {
    let k = segs.partition_point(|s| s.at <= at).max(1) - 1;
    match segs.get(k) {
        Some(s) => (s.line, s.col + at.saturating_sub(s.at)),
        None => (1, at),
    }
}

struct Ctx<'a> {
    file: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn err(&mut self, line: usize, text: &str, byte: usize, msg: impl Into<String>) {
        let col = text
            .get(..byte.min(text.len()))
            .map_or(1, |p| p.chars().count() + 1);
        self.diags.push(Diagnostic {
            file: self.file.to_string(),
            line,
            column: col,
            message: msg.into(),
            source_line: text.to_string(),
        });
    }
}

const KEYS: &[&str] = &[
    "match", "emit", "priority", "mode", "expect", "reject", "note",
];

/// Parses a rule file, reporting every fault.
pub(crate) fn parse_file(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> RuleFile {
    let mut cx = Ctx { file, diags };
    let mut out = RuleFile::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let t = strip_comment(raw).trim_end();
        if t.trim().is_empty() {
            i += 1;
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let body = t.trim_start();
        if let Some(rest) = body.strip_prefix("list ") {
            out.lists
                .extend(parse_list(&mut cx, i + 1, raw, indent + 5, rest));
            i += 1;
        } else if let Some(rest) = body.strip_prefix("rule ") {
            let id = rest.trim();
            let start = i;
            i += 1;
            // The block: following lines that are indented.
            let mut fields: Vec<Field> = Vec::new();
            while i < lines.len() {
                let l = lines[i];
                let lt = strip_comment(l);
                if lt.trim().is_empty() {
                    i += 1;
                    // A blank line ends the block unless the next line is indented.
                    if i < lines.len()
                        && lines[i].starts_with([' ', '\t'])
                        && !lines[i].trim().is_empty()
                    {
                        continue;
                    }
                    break;
                }
                if !l.starts_with([' ', '\t']) {
                    break;
                }
                let ind = l.len() - l.trim_start().len();
                let content = lt.trim();
                match content
                    .split_once(':')
                    .filter(|(k, _)| KEYS.contains(&k.trim()))
                {
                    Some((k, v)) => {
                        let vstart = ind + k.len() + 1 + (v.len() - v.trim_start().len());
                        fields.push(Field {
                            key: k.trim().to_string(),
                            line: i + 1,
                            col: vstart,
                            value: v.trim().to_string(),
                            segs: vec![Seg {
                                at: 0,
                                line: i + 1,
                                col: vstart,
                            }],
                        });
                    }
                    None => match fields.last_mut() {
                        Some(f) if f.key == "match" => {
                            f.value.push(' ');
                            // Positions in this stretch map to this line.
                            f.segs.push(Seg {
                                at: f.value.len(),
                                line: i + 1,
                                col: ind,
                            });
                            f.value.push_str(content);
                        }
                        _ => cx.err(
                            i + 1,
                            l,
                            ind,
                            format!("expected one of `{}` followed by `:`", KEYS.join("`, `")),
                        ),
                    },
                }
                i += 1;
            }
            if let Some(r) = build_rule(&mut cx, &lines, start, raw, id, fields) {
                out.rules.push(r);
            }
        } else {
            cx.err(i + 1, raw, indent, "expected `rule ID` or `list NAME: …`");
            i += 1;
        }
    }
    out
}

fn strip_comment(line: &str) -> &str {
    // A `#` outside quotes and regexes starts a comment.
    let mut quote: Option<char> = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'' | '/') => quote = Some(c),
            (Some(q), c2) if q == c2 => quote = None,
            (None, '#') => return &line[..i],
            _ => {}
        }
    }
    line
}

fn parse_list(cx: &mut Ctx<'_>, line: usize, raw: &str, at: usize, rest: &str) -> Option<ListDef> {
    let Some((name, body)) = rest.split_once(':') else {
        cx.err(line, raw, at, "expected `list NAME: entry | entry …`");
        return None;
    };
    let name = name.trim().trim_start_matches('@');
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        cx.err(line, raw, at, "a list name is letters, digits, `_` or `-`");
        return None;
    }
    let body = strip_comment(body);
    let entries: Vec<String> = body
        .split('|')
        .map(|e| e.trim().trim_matches('"').trim().to_string())
        .filter(|e| !e.is_empty())
        .collect();
    if entries.is_empty() {
        cx.err(
            line,
            raw,
            raw.len(),
            format!("list `{name}` has no entries"),
        );
        return None;
    }
    Some(ListDef {
        name: name.to_string(),
        entries,
        line,
    })
}

fn build_rule(
    cx: &mut Ctx<'_>,
    lines: &[&str],
    start: usize,
    raw: &str,
    id: &str,
    fields: Vec<Field>,
) -> Option<RuleDef> {
    let line = start + 1;
    if id.is_empty() || id.contains(char::is_whitespace) {
        cx.err(
            line,
            raw,
            raw.find("rule").map_or(0, |p| p + 5),
            "expected a rule id without spaces",
        );
        return None;
    }
    let mut pattern = None;
    let mut emit = None;
    let mut emit_pos = Pos::default();
    let mut priority = 0;
    let mut mode = None;
    let mut examples = Vec::new();
    let mut ok = true;
    let line_text = |ln: usize| lines.get(ln.wrapping_sub(1)).copied().unwrap_or("");
    for Field {
        key,
        line: ln,
        col,
        value,
        segs,
    } in fields
    {
        let src = line_text(ln);
        match key.as_str() {
            "match" => {
                let mut p = PatternParser {
                    s: &value,
                    i: 0,
                    segs: &segs,
                    depth: 0,
                };
                match p.parse_all() {
                    Ok(n) => {
                        pattern = Some((
                            n,
                            Pos {
                                line: ln,
                                col: col + 1,
                            },
                        ))
                    }
                    Err((at, msg)) => {
                        // On the line the fault is on, which may be a
                        // continuation line.
                        let (l, c) = locate(&segs, at);
                        cx.err(l, line_text(l), c, msg);
                        ok = false;
                    }
                }
            }
            "emit" => match parse_emit(&value) {
                Ok(e) => {
                    emit = Some(e);
                    emit_pos = Pos {
                        line: ln,
                        col: col + 1,
                    };
                }
                Err(m) => {
                    cx.err(ln, src, col, m);
                    ok = false;
                }
            },
            "priority" => match value.parse() {
                Ok(p) => priority = p,
                Err(_) => {
                    cx.err(ln, src, col, "expected a whole number");
                    ok = false;
                }
            },
            "mode" => {
                if ["asserted", "future", "negated", "hypothetical"].contains(&value.as_str()) {
                    mode = Some(value);
                } else {
                    cx.err(
                        ln,
                        src,
                        col,
                        "expected asserted, future, negated or hypothetical",
                    );
                    ok = false;
                }
            }
            "expect" | "reject" => match parse_example(&value, key == "expect") {
                Ok((text, want)) => examples.push(Example {
                    text,
                    want,
                    line: ln,
                }),
                Err(m) => {
                    cx.err(ln, src, col, m);
                    ok = false;
                }
            },
            _ => {}
        }
    }
    if pattern.is_none() && ok {
        cx.err(line, raw, 0, format!("rule `{id}` has no `match:` line"));
        ok = false;
    }
    if emit.is_none() && ok {
        cx.err(line, raw, 0, format!("rule `{id}` has no `emit:` line"));
        ok = false;
    }
    if !examples.iter().any(|e| e.want.is_some()) && ok {
        cx.err(
            line,
            raw,
            0,
            format!("rule `{id}` has no `expect:` example"),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    let (pattern, pattern_pos) = pattern?;
    Some(RuleDef {
        id: id.to_string(),
        line,
        pattern,
        pattern_pos,
        emit: emit?,
        emit_pos,
        priority,
        mode,
        examples,
    })
}

fn parse_emit(v: &str) -> Result<Emit, String> {
    let mut parts = v.split_whitespace();
    let first = parts
        .next()
        .ok_or("expected `LABEL capture` or `event TYPE role=capture …`")?;
    if first == "event" {
        let ty = parts.next().ok_or("expected an event type after `event`")?;
        const TYPES: &[&str] = &[
            "meeting",
            "visit",
            "agreement",
            "deployment",
            "attack",
            "arrest",
            "accusation",
            "cancellation",
            "establishment",
        ];
        if !TYPES.contains(&ty) {
            return Err(format!(
                "unknown event type `{ty}`: expected one of {}",
                TYPES.join(", ")
            ));
        }
        let mut roles = Vec::new();
        for p in parts {
            let (r, c) = p
                .split_once('=')
                .ok_or_else(|| format!("expected role=capture, found `{p}`"))?;
            roles.push((r.to_string(), c.to_string()));
        }
        return Ok(Emit::Event(ty.to_string(), roles));
    }
    let label: Label = first.parse()?;
    let cap = parts
        .next()
        .ok_or("expected the capture to emit after the label")?;
    if let Some(extra) = parts.next() {
        return Err(format!("unexpected `{extra}` after the capture"));
    }
    Ok(Emit::Entity(label, cap.to_string()))
}

/// What an `expect:` example must yield: a label or event type, and text.
type Want = Option<(String, Option<String>)>;

/// `"sentence" => LABEL "text"`, `"sentence" => type`, or `"sentence"`.
fn parse_example(v: &str, expect: bool) -> Result<(String, Want), String> {
    let v = v.trim();
    let Some(rest) = v.strip_prefix('"') else {
        return Err("expected a quoted example sentence".into());
    };
    let end = rest
        .find('"')
        .ok_or("unterminated example sentence: expected a closing `\"`")?;
    let text = rest[..end].to_string();
    let after = rest[end + 1..].trim();
    if !expect {
        if !after.is_empty() {
            return Err("a `reject:` example has only a sentence".into());
        }
        return Ok((text, None));
    }
    let after = after
        .strip_prefix("=>")
        .ok_or("expected `=>` and what the rule yields")?
        .trim();
    let (what, quoted) = match after.find('"') {
        Some(q) => {
            let inner = &after[q + 1..];
            let e = inner
                .find('"')
                .ok_or("unterminated expected text: expected a closing `\"`")?;
            (after[..q].trim().to_string(), Some(inner[..e].to_string()))
        }
        None => (after.to_string(), None),
    };
    if what.is_empty() {
        return Err("expected a label or event type after `=>`".into());
    }
    Ok((text, Some((what, quoted))))
}

/// How deeply groups, `!`, captures and postfix operators may nest in a
/// pattern. The parser and every later pass over the pattern recurse once
/// per level, so unbounded nesting (`((((…` or `x????…` from a fuzzer) would
/// overflow the stack; real rules nest a few levels.
const MAX_NESTING: usize = 32;

/// A recursive-descent parser for one pattern.
struct PatternParser<'a> {
    s: &'a str,
    i: usize,
    /// Where the stretches of `s` are in the file.
    segs: &'a [Seg],
    /// Current nesting depth (see `MAX_NESTING`).
    depth: usize,
}

type PResult<T> = Result<T, (usize, String)>;

impl PatternParser<'_> {
    fn pos(&self) -> Pos {
        let (line, col) = locate(self.segs, self.i);
        Pos { line, col: col + 1 }
    }

    fn ws(&mut self) {
        while self.i < self.s.len() && self.s.as_bytes()[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn parse_all(&mut self) -> PResult<Node> {
        let n = self.alt()?;
        self.ws();
        if self.i < self.s.len() {
            return Err((
                self.i,
                format!(
                    "unexpected `{}`: expected an element, `|` or the end of the pattern",
                    self.peek().unwrap_or(' ')
                ),
            ));
        }
        Ok(n)
    }

    fn alt(&mut self) -> PResult<Node> {
        let mut alts = vec![self.seq()?];
        loop {
            self.ws();
            if self.peek() == Some('|') {
                self.i += 1;
                alts.push(self.seq()?);
            } else {
                break;
            }
        }
        Ok(if alts.len() == 1 {
            alts.remove(0)
        } else {
            Node::Alt(alts)
        })
    }

    fn seq(&mut self) -> PResult<Node> {
        let mut items = Vec::new();
        loop {
            self.ws();
            match self.peek() {
                None | Some(')') | Some('|') => break,
                _ => items.push(self.postfix()?),
            }
        }
        if items.is_empty() {
            return Err((
                self.i,
                "expected a pattern element (a word, @list, LABEL, shape, `(`)".into(),
            ));
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Seq(items)
        })
    }

    fn postfix(&mut self) -> PResult<Node> {
        let mut n = self.primary()?;
        let mut wraps = 0;
        loop {
            if matches!(self.peek(), Some('?' | '*' | '+' | '{')) {
                // Each operator wraps the element once more.
                wraps += 1;
                if self.depth + wraps > MAX_NESTING {
                    return Err((
                        self.i,
                        format!("patterns nest at most {MAX_NESTING} levels deep"),
                    ));
                }
            }
            match self.peek() {
                Some('?') => {
                    self.i += 1;
                    n = Node::Repeat {
                        node: Box::new(n),
                        min: 0,
                        max: Some(1),
                        greedy: true,
                    };
                }
                Some('*') => {
                    self.i += 1;
                    n = Node::Repeat {
                        node: Box::new(n),
                        min: 0,
                        max: None,
                        greedy: true,
                    };
                }
                Some('+') => {
                    self.i += 1;
                    n = Node::Repeat {
                        node: Box::new(n),
                        min: 1,
                        max: None,
                        greedy: true,
                    };
                }
                Some('{') => {
                    let (min, max) = self.braces()?;
                    n = Node::Repeat {
                        node: Box::new(n),
                        min,
                        max: Some(max),
                        greedy: true,
                    };
                }
                _ => break,
            }
        }
        Ok(n)
    }

    /// `{n}` or `{m,n}`.
    fn braces(&mut self) -> PResult<(u32, u32)> {
        let start = self.i;
        let close = self.s[self.i..]
            .find('}')
            .ok_or((start, "unterminated `{`: expected `{m,n}`".to_string()))?;
        // `self.s[self.i]` is the one-byte `{`, and `close` the offset of
        // the one-byte `}`: both ends are character boundaries.
        let inner = &self.s[self.i + 1..self.i + close];
        self.i += close + 1;
        let num = |x: &str| {
            x.trim()
                .parse::<u32>()
                .map_err(|_| (start, format!("expected a number in `{{{inner}}}`")))
        };
        let (m, n) = match inner.split_once(',') {
            Some((a, b)) => (num(a)?, num(b)?),
            None => {
                let v = num(inner)?;
                (v, v)
            }
        };
        if m > n || n > 64 {
            return Err((
                start,
                format!("bad repetition `{{{inner}}}`: expected m ≤ n ≤ 64"),
            ));
        }
        Ok((m, n))
    }

    fn primary(&mut self) -> PResult<Node> {
        let start = self.i;
        let first = self.primary_one()?;
        if self.peek() != Some('&') {
            return Ok(first);
        }
        let Node::Atom(a, pos) = first else {
            return Err((
                start,
                "`&` joins single tests, not groups or captures".into(),
            ));
        };
        let mut all = vec![a];
        while self.peek() == Some('&') {
            self.i += 1;
            let at = self.i;
            match self.primary_one()? {
                Node::Atom(b, _) => all.push(b),
                _ => return Err((at, "`&` joins single tests, not groups or captures".into())),
            }
        }
        Ok(Node::Atom(Atom::And(all), pos))
    }

    /// One element; counts a level of nesting around `primary_inner`, whose
    /// groups, `!` and captures recurse back here.
    fn primary_one(&mut self) -> PResult<Node> {
        if self.depth >= MAX_NESTING {
            return Err((
                self.i,
                format!("patterns nest at most {MAX_NESTING} levels deep"),
            ));
        }
        self.depth += 1;
        let r = self.primary_inner();
        self.depth -= 1;
        r
    }

    fn primary_inner(&mut self) -> PResult<Node> {
        let pos = self.pos();
        let start = self.i;
        let c = self
            .peek()
            .ok_or((self.i, "expected a pattern element".to_string()))?;
        match c {
            '(' => {
                self.i += 1;
                let n = self.alt()?;
                self.ws();
                if self.peek() != Some(')') {
                    return Err((self.i, "expected `)`".into()));
                }
                self.i += 1;
                Ok(n)
            }
            '.' if self.s[self.i..].starts_with("...") => {
                self.i += 3;
                let max = if self.peek() == Some('{') {
                    let (m, n) = self.braces()?;
                    if m != 0 && m != n {
                        return Err((start, "a gap takes `...{N}`: up to N tokens".into()));
                    }
                    n
                } else {
                    8
                };
                Ok(Node::Repeat {
                    node: Box::new(Node::Atom(Atom::Shape(ShapeClass::Any), pos)),
                    min: 0,
                    max: Some(max),
                    greedy: false,
                })
            }
            '!' => {
                self.i += 1;
                match self.primary_one()? {
                    Node::Atom(a, p) => Ok(Node::Atom(Atom::Not(Box::new(a)), p)),
                    _ => Err((
                        start,
                        "`!` applies to one test (word, list, regex, shape, label), not a group"
                            .into(),
                    )),
                }
            }
            '"' | '\'' => {
                self.i += 1;
                let end = self.s[self.i..].find(c).ok_or((
                    start,
                    format!("unterminated literal: expected a closing `{c}`"),
                ))?;
                let lit = &self.s[self.i..self.i + end];
                self.i += end + 1;
                if lit.trim().is_empty() {
                    return Err((start, "empty literal".into()));
                }
                if c == '\'' {
                    Ok(Node::Atom(Atom::Exact(lit.to_string()), pos))
                } else {
                    Ok(Node::Atom(Atom::Words(vec![lit.to_string()]), pos))
                }
            }
            '/' => {
                self.i += 1;
                let end = self.s[self.i..].find('/').ok_or((
                    start,
                    "unterminated regex: expected a closing `/`".to_string(),
                ))?;
                let re = &self.s[self.i..self.i + end];
                self.i += end + 1;
                if let Err(e) = regex::Regex::new(re) {
                    return Err((
                        start + 1,
                        format!("bad regex: {}", e.to_string().lines().last().unwrap_or("")),
                    ));
                }
                Ok(Node::Atom(Atom::Regex(re.to_string()), pos))
            }
            '@' => {
                self.i += 1;
                let name = self.ident();
                if name.is_empty() {
                    return Err((self.i, "expected a list name after `@`".into()));
                }
                Ok(Node::Atom(Atom::List(name), pos))
            }
            _ => {
                let word = self.word();
                if word.is_empty() {
                    return Err((
                        start,
                        format!("unexpected `{c}`: expected a pattern element"),
                    ));
                }
                // `name:element` is a capture; `LABEL:subtype` an entity test.
                if self.peek() == Some(':')
                    && word.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && !word.contains('|')
                {
                    self.i += 1;
                    let inner = self.postfix_single()?;
                    return Ok(Node::Capture(word, Box::new(inner), pos));
                }
                self.word_atom(&word, start, pos)
            }
        }
    }

    /// The element after `name:`, with its own postfix operators.
    fn postfix_single(&mut self) -> PResult<Node> {
        if self.peek().is_none_or(|c| c.is_whitespace()) {
            return Err((self.i, "expected an element after the capture name".into()));
        }
        self.postfix()
    }

    fn ident(&mut self) -> String {
        let st = self.i;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                self.i += c.len_utf8();
            } else {
                break;
            }
        }
        self.s[st..self.i].to_string()
    }

    /// A bare word, possibly `ORG|GPE` or `FAC:dam`.
    fn word(&mut self) -> String {
        let st = self.i;
        while let Some(c) = self.peek() {
            let upper_run = self.s[st..self.i]
                .chars()
                .all(|x| x.is_ascii_uppercase() || x == '|');
            if c.is_alphanumeric()
                || c == '_'
                || c == '-'
                || c == '\'' && !upper_run
                || (c == '|'
                    && upper_run
                    && self.i > st
                    && self.s[self.i + 1..].starts_with(|n: char| n.is_ascii_uppercase()))
            {
                self.i += c.len_utf8();
            } else {
                break;
            }
        }
        self.s[st..self.i].to_string()
    }

    fn word_atom(&mut self, word: &str, start: usize, pos: Pos) -> PResult<Node> {
        let shape = match word {
            "Cap" => Some(ShapeClass::Cap),
            "Upper" => Some(ShapeClass::Upper),
            "Lower" => Some(ShapeClass::Lower),
            "Num" => Some(ShapeClass::Num),
            "Punct" => Some(ShapeClass::Punct),
            "Word" => Some(ShapeClass::Word),
            "_" => Some(ShapeClass::Any),
            _ => None,
        };
        if let Some(s) = shape {
            return Ok(Node::Atom(Atom::Shape(s), pos));
        }
        let is_labels = word.split('|').all(|w| label_names(w).is_some());
        if is_labels {
            let mut labels = Vec::new();
            for w in word.split('|') {
                labels.extend(label_names(w).unwrap_or_default());
            }
            let mut subtype = None;
            if self.peek() == Some(':') {
                self.i += 1;
                let st = self.ident();
                if st.is_empty() {
                    return Err((self.i, "expected a subtype after `:`".into()));
                }
                subtype = Some(st);
            }
            return Ok(Node::Atom(Atom::Entity(labels, subtype), pos));
        }
        if word.chars().all(|c| c.is_ascii_uppercase() || c == '|') && word.len() > 1 {
            return Err((start, format!("unknown label `{word}`: expected PERSON, ORG, GPE, LOC, FAC, NORP, DATE, PLACE or ENT")));
        }
        Ok(Node::Atom(Atom::Words(vec![word.to_string()]), pos))
    }
}

/// The labels a label name in a pattern stands for.
fn label_names(w: &str) -> Option<Vec<Label>> {
    match w {
        "PLACE" => Some(vec![Label::Gpe, Label::Loc, Label::Fac]),
        "ENT" => Some(
            Label::ALL
                .into_iter()
                .filter(|l| *l != Label::Date)
                .collect(),
        ),
        _ => w.parse::<Label>().ok().map(|l| vec![l]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> (RuleFile, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let f = parse_file("t.rules", src, &mut d);
        (f, d)
    }

    #[test]
    fn parses_a_rule_block() {
        let (f, d) = parse(
            "# people\nlist roles: commander | \"co-chair\"\nrule person.title\n  match: @titles name:(Cap+) \",\"?\n  emit: PERSON name\n  priority: 3\n  expect: \"Minister Ali Saleh said\" => PERSON \"Ali Saleh\"\n  reject: \"the minister said\"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.lists[0].entries, ["commander", "co-chair"]);
        let r = &f.rules[0];
        assert_eq!(r.id, "person.title");
        assert_eq!(r.priority, 3);
        assert_eq!(r.examples.len(), 2);
        assert!(matches!(r.emit, Emit::Entity(Label::Person, ref c) if c == "name"));
    }

    #[test]
    fn reports_errors_with_positions() {
        let table: &[(&str, usize, usize, &str)] = &[
            (
                "rule a\n  match: (met\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n",
                2,
                14,
                "expected `)`",
            ),
            (
                "rule a\n  match: \"met\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n",
                2,
                10,
                "unterminated literal",
            ),
            (
                "rule a\n  match: met\n  emit: CITY x\n  expect: \"x\" => PERSON \"x\"\n",
                3,
                9,
                "unknown label",
            ),
            (
                "rule a\n  match: met{3,1}\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n",
                2,
                13,
                "bad repetition",
            ),
            (
                "rule a\n  match: met\n  emit: PERSON x\n",
                1,
                1,
                "no `expect:` example",
            ),
            (
                "rule a\n  match: met /[/\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n",
                2,
                15,
                "bad regex",
            ),
            (
                "rule a\n  match: met\n  emit: PERSON x\n  expect: \"x => PERSON\n",
                4,
                11,
                "unterminated example",
            ),
            ("bogus line\n", 1, 1, "expected `rule ID`"),
            (
                "rule a\n  match: CITY\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n",
                2,
                10,
                "unknown label `CITY`",
            ),
        ];
        for (src, line, col, msg) in table {
            let (_, d) = parse(src);
            assert!(!d.is_empty(), "no error for {src:?}");
            assert_eq!((d[0].line, d[0].column), (*line, *col), "{src:?}: {}", d[0]);
            assert!(d[0].message.contains(msg), "{src:?}: {}", d[0].message);
        }
    }

    #[test]
    fn pattern_syntax() {
        let mut p = PatternParser {
            s: "a:(PERSON|ORG) ...{4} @meet (b:GPE:city)? 'Top' !Lower /^\\d+$/ _{1,2}",
            i: 0,
            segs: &[],
            depth: 0,
        };
        let n = p.parse_all().unwrap();
        let Node::Seq(items) = n else {
            panic!("a sequence")
        };
        assert_eq!(items.len(), 8);
        assert!(matches!(&items[0], Node::Capture(name, _, _) if name == "a"));
        assert!(matches!(
            &items[1],
            Node::Repeat {
                max: Some(4),
                greedy: false,
                ..
            }
        ));
        assert!(matches!(&items[2], Node::Atom(Atom::List(l), _) if l == "meet"));
    }
}
