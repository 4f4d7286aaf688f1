//! The recogniser: from a draft's words to an [`EntityIndex`].
//!
//! One pass left to right over capitalised words in prose:
//! 1. A name of a names list (desk's first, then the built-in one) wins: `Xi Jinping`,
//!    `Pope Leo XIV`, a variant `Volodymyr Zelensky`.
//! 2. Otherwise the word starts a *run* of capitalised words (with particles such as `de`,
//!    `bin`, initials, `Jr.`), split where a title or role word introduces the next name
//!    (`Browns DL Sheldon Richardson`).
//! 3. The run is a person when the copy says so: a title or role right before it
//!    (`President`, `Kremlin foreign policy adviser`, `Dr.`), a first name from the census
//!    list opening a run of two or more words, an appositive (`, a fisherman`, `, who`,
//!    `, senior fellow at`, `, president and chief operating officer of`), the surname of
//!    someone already met, or a speech verb (`said Karim Ben Salah`, `Ushakov said`) when the
//!    run is not a place. Two to four capitalised words shaped like a name count too, at the
//!    start of a sentence only before a verb (`Sergei Bobrovsky stopped 35 shots`, `Patrik
//!    Laine and Nikolaj Ehlers scored`). Not a person: a job title after a title word
//!    (`Chief Strategy Officer`), a company's unit (`President Ascom North America`), a
//!    product before a model number (`Velop Wi-Fi 6`), an adjective in lower case before a
//!    run (`the major Asian markets`).
//! 4. Otherwise it is a place when the gazetteer knows it and the context does not argue
//!    against (a place that opens a longer capitalised name — `Pittsburgh Steelers`,
//!    `Washington Post` — is not one; cities that are also English words or given names —
//!    `Nice`, `Florence` — need `in`, `from`… before them or `, Country` after).
//!    A city followed by a state code (`Raleigh, NC`, `Monroe, La.`, `Washington, D.C.`)
//!    is that state's city, and the code a mention of the state.
//! 5. A demonym (`Russian`) is linked to its country.
//!
//! Then surname-only mentions are linked to the full mention of the same person, before or
//! after it, and a second scan finds bare surnames of the people met (`Rudolph instigated`).
//! Sentence-initial words are never names on their own: `Recommended Stories`,
//! `Advertisement` and `Published On` start no entity.

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;

use super::cues::{self, ABBREV, COURTESY, GEO, ORG, PARTICLE, PLACE_PREP, ROLE, ROLE_STOP, SPEECH, STOP, SUFFIX, TITLE};
use super::gazetteer::{self, Candidate, Form, Gazetteer, Kind};
use super::names_list::{NameForm, NamesList};
use super::normalize::{self, class, CharClass};
use super::tokens::{gap, tokenize, Case, Token};
use super::{Entity, EntityIndex, EntityKind, Evidence, Mention, MentionForm, PlaceRef, Source};
use crate::draft::Draft;

/// Bits of what the gazetteer says of one word alone.
mod lex {
    pub const LOOKED: u8 = 1;
    pub const FIRST: u8 = 1 << 1;
    pub const FIRST_WORD: u8 = 1 << 2;
    pub const DICT: u8 = 1 << 3;
    pub const DEMONYM: u8 = 1 << 4;
    pub const STRONG_PLACE: u8 = 1 << 5;
}

/// How many words a name can have.
const MAX_WORDS: usize = 8;

/// What a hit names.
#[derive(Clone, Debug, PartialEq)]
enum Found {
    /// A person of the built-in list (row).
    Listed(usize, NameForm),
    /// A person of the desk's list (index).
    Desk(usize, NameForm),
    /// A person known only from the copy.
    Copy,
    Place(PlaceRef, MentionForm),
    /// A demonym (row of demonyms.tsv).
    Demonym(usize),
    /// A given name alone (`Elise`), the same person as the mention starting at this byte.
    SameAs(usize),
}

#[derive(Clone, Debug)]
struct Hit {
    /// Token indices covered.
    toks: Range<usize>,
    range: Range<usize>,
    found: Found,
    role: Option<Range<usize>>,
    courtesy: Option<Range<usize>>,
    evidence: Evidence,
}

/// A gazetteer match starting at some word: the word after its last one, its byte end, and
/// its readings.
#[derive(Clone, Copy, Debug)]
struct Match {
    end_tok: usize,
    end: usize,
    cands: &'static [Candidate],
}

struct Recognizer<'a> {
    draft: &'a Draft<'a>,
    text: &'a str,
    toks: Vec<Token>,
    /// Per word: cue flags, computed on first use (`u32::MAX` = not yet).
    flag_cache: Vec<Cell<u32>>,
    /// Per word: what the gazetteer says of it alone ([`lex`] bits; 0 = not looked up).
    lex_cache: Vec<Cell<u8>>,
    /// Per line start offset: whether the line has lower-case letters.
    mixed_cache: std::cell::RefCell<HashMap<usize, bool>>,
    /// Per paragraph start offset: whether the paragraph reads as English.
    english_cache: std::cell::RefCell<HashMap<usize, (bool, bool)>>,
    gaz: Gazetteer,
    desk: &'a NamesList,
    hits: Vec<Hit>,
    /// Surname keys of people met so far → hit index of their full mention.
    surnames: HashMap<Vec<u8>, usize>,
    /// Given-name keys of people in no list met in full → hit index (`usize::MAX` when two
    /// people share the given name).
    given: HashMap<Vec<u8>, usize>,
}

/// Finds every person and place in `draft` (see the module docs).
pub fn recognize(draft: &Draft, desk: &NamesList) -> EntityIndex {
    let toks = tokenize(draft);
    let n = toks.len();
    let mut r = Recognizer {
        draft,
        text: draft.text,
        toks,
        flag_cache: vec![Cell::new(u32::MAX); n],
        lex_cache: vec![Cell::new(0); n],
        mixed_cache: Default::default(),
        english_cache: Default::default(),
        gaz: Gazetteer::new(),
        desk,
        hits: Vec::new(),
        surnames: HashMap::new(),
        given: HashMap::new(),
    };
    r.scan();
    r.second_scan();
    r.build()
}

impl<'a> Recognizer<'a> {
    fn word(&self, i: usize) -> &'a str {
        &self.text[self.toks[i].range.clone()]
    }

    fn flags(&self, i: usize) -> u32 {
        let Some(cell) = self.flag_cache.get(i) else { return 0 };
        let mut f = cell.get();
        if f == u32::MAX {
            f = cues::flags(self.word(i));
            // `US` in capitals is the country, not the pronoun.
            if self.word(i) == "US" {
                f &= !STOP;
            }
            cell.set(f);
        }
        f
    }

    /// True when word `i` follows word `i - 1` within a name: separated by spaces only, or
    /// by the full stop of an initial or abbreviation (`F. Kennedy`, `Dr. Ahmed`).
    fn name_joined(&self, i: usize) -> bool {
        if i == 0 || i >= self.toks.len() {
            return false;
        }
        let t = &self.toks[i];
        if t.joined {
            return !self.toks[i - 1].possessive;
        }
        let prev = &self.toks[i - 1];
        t.gap == gap::DOT | gap::END && !prev.possessive && (prev.case == Case::Initial || self.flags(i - 1) & ABBREV != 0)
    }

    fn key_of(&self, range: Range<usize>) -> Vec<u8> {
        normalize::key(&self.text[range], gazetteer::fold_table())
    }

    /// All gazetteer matches starting at word `i`, shortest first.
    fn walk(&self, i: usize, out: &mut Vec<Match>) {
        self.walk_from(i, self.toks[i].range.start, out);
    }

    /// [`Self::walk`] starting at byte `from` inside word `i` (the part after a hyphen:
    /// `US-China`).
    fn walk_from(&self, i: usize, from: usize, out: &mut Vec<Match>) {
        out.clear();
        let mut buf: Vec<u8> = Vec::new();
        let mut w = self.gaz.walk();
        let n = self.toks.len();
        for t in i..n.min(i + MAX_WORDS) {
            if t > i {
                // The gap between two words of a name: spaces (one line break at most),
                // or a full stop and spaces (`St. Louis`), or an apostrophe/hyphen run.
                let g = self.toks[t].gap;
                if g & !(gap::DOT | gap::END | gap::NEWLINE | gap::APOSTROPHE) != 0 {
                    break;
                }
                let between = &self.text[self.toks[t - 1].range.end..self.toks[t].range.start];
                let mut space = false;
                let mut ok = true;
                for c in between.chars() {
                    match class(c) {
                        CharClass::Space => space = true,
                        CharClass::Period | CharClass::Apostrophe | CharClass::Hyphen => {
                            if space {
                                ok = w.feed(b' ');
                                space = false;
                            }
                            buf.clear();
                            normalize::push_char(c, gazetteer::fold_table(), &mut buf);
                            if c == '.' {
                                buf.clear();
                                buf.push(b'.');
                            }
                            ok = ok && w.feed_all(&buf);
                        }
                        _ => ok = false,
                    }
                    if !ok {
                        break;
                    }
                }
                if ok && space {
                    ok = w.feed(b' ');
                }
                if !ok {
                    break;
                }
            }
            let word_start = if t == i { from } else { self.toks[t].range.start };
            let word = &self.text[word_start..self.toks[t].range.end];
            let mut ok = true;
            for (at, c) in word.char_indices() {
                // A name ending at a hyphen inside a word (`South Dakota-sized`).
                if at > 0 && class(c) == CharClass::Hyphen {
                    if let Some(cands) = w.matched() {
                        out.push(Match { end_tok: t + 1, end: word_start + at, cands });
                    }
                }
                if c.is_ascii() {
                    let b = c as u8;
                    ok = w.feed(if b == b'`' { b'\'' } else { b.to_ascii_lowercase() });
                } else {
                    buf.clear();
                    normalize::push_char(c, gazetteer::fold_table(), &mut buf);
                    ok = w.feed_all(&buf);
                }
                if !ok {
                    break;
                }
            }
            if !ok {
                break;
            }
            let end = self.toks[t].range.end;
            if let Some(cands) = w.matched() {
                out.push(Match { end_tok: t + 1, end, cands });
            }
            if t == i && from == self.toks[i].range.start && self.lex_cache[i].get() == 0 {
                // The word alone, for `lex` (saves a second walk).
                self.lex_cache[i].set(lex_bits(w.matched().unwrap_or(&[])));
            }
            // A key ending in a full stop (`U.S.`, `Washington, D.C.`).
            if self.text.as_bytes().get(end) == Some(&b'.') {
                let mut d = w.clone();
                if d.feed(b'.') {
                    if let Some(cands) = d.matched() {
                        out.push(Match { end_tok: t + 1, end: end + 1, cands });
                    }
                }
            }
            if !w.alive() {
                break;
            }
        }
    }

    /// Desk-list matches at word `i`: (end word, person index, form), longest first.
    fn desk_walk(&self, i: usize) -> Option<(usize, usize, NameForm)> {
        if self.desk.is_empty() {
            return None;
        }
        let n = self.toks.len();
        let mut best = None;
        for t in i..n.min(i + self.desk.max_words()) {
            if t > i && !self.name_joined(t) && self.toks[t].gap & !(gap::NEWLINE) != 0 {
                break;
            }
            let key = self.key_of(self.toks[i].range.start..self.toks[t].range.end);
            if let Some(&(p, form)) = self.desk.lookup(&key).first() {
                best = Some((t + 1, p, form));
            }
        }
        best
    }

    fn scan(&mut self) {
        let n = self.toks.len();
        let mut matches = Vec::with_capacity(8);
        let mut i = 0;
        while i < n {
            let t = &self.toks[i];
            if !t.prose || !t.is_capitalised() {
                i += 1;
                continue;
            }
            let hits_before = self.hits.len();
            let fl = self.flags(i);
            if fl & STOP != 0 {
                i = self.the_place(i, &mut matches);
                continue;
            }
            // 1. Names lists.
            if let Some((end, p, form)) = self.desk_walk(i) {
                if self.list_form_fits(i, end, form) {
                    let byte_end = self.toks[end - 1].range.end;
                    self.push_person(i, end, byte_end, Found::Desk(p, form), Evidence::NamesList);
                    i = end;
                    continue;
                }
            }
            self.walk(i, &mut matches);
            if let Some((m, row, form)) = self.listed_person(i, &matches) {
                self.push_person(i, m.end_tok, m.end, Found::Listed(row, form), Evidence::NamesList);
                i = m.end_tok;
                continue;
            }
            // A title or role word introduces the next name; it is not one itself.
            if fl & (TITLE | ROLE) != 0 && self.name_joined(i + 1) && self.toks[i + 1].is_capitalised() {
                i += 1;
                continue;
            }
            // 2. The run.
            let j = self.run_from(i);
            let split = self.first_name_split(i, j, &matches);
            if split > i {
                let next = self.decide(i, split, &matches);
                if next <= split {
                    self.walk(split, &mut matches);
                    let next = self.decide(split, j, &matches);
                    i = next.max(split + 1);
                } else {
                    i = next;
                }
                continue;
            }
            let next = self.decide(i, j, &matches);
            if j == i + 1 {
                self.hyphen_parts(i, hits_before, &mut matches);
            }
            i = next.max(i + 1);
        }
    }

    /// Places after a hyphen inside word `i` (`US-China`, `Russia-Ukraine`): countries and
    /// other well-known places only.
    fn hyphen_parts(&mut self, i: usize, hits_before: usize, matches: &mut Vec<Match>) {
        let range = self.toks[i].range.clone();
        let word = &self.text[range.clone()];
        if !word.contains('-') {
            return;
        }
        let covered_to = self.hits[hits_before..].iter().map(|h| h.range.end).max().unwrap_or(range.start);
        let starts: Vec<usize> = word
            .match_indices('-')
            .map(|(at, _)| range.start + at + 1)
            .filter(|&b| b > covered_to && self.text[b..].chars().next().is_some_and(char::is_uppercase))
            .collect();
        for from in starts {
            self.walk_from(i, from, matches);
            let Some(m) = matches.iter().rev().find(|m| m.end_tok == i + 1).copied() else { continue };
            let end_ok = m.end == range.end || self.text[m.end..].starts_with('-');
            let Some(c) = m.cands.iter().find(|c| is_strong_place(**c) || c.kind() == Kind::Country) else { continue };
            if end_ok {
                self.hits.push(Hit {
                    toks: i..i + 1,
                    range: from..m.end,
                    found: Found::Place(place_ref(*c), form_of(c.form())),
                    role: None,
                    courtesy: None,
                    evidence: Evidence::Gazetteer,
                });
            }
        }
    }

    /// `The Hague`, `The Bahamas`: a place whose name starts with `The`.
    fn the_place(&mut self, i: usize, matches: &mut Vec<Match>) -> usize {
        let next_capitalised = self.toks.get(i + 1).is_some_and(|n| n.joined && n.is_capitalised());
        if !next_capitalised || !self.word(i).eq_ignore_ascii_case("the") {
            return i + 1;
        }
        self.walk(i, matches);
        let Some(m) = matches.iter().rev().find(|m| m.end_tok > i + 1).copied() else { return i + 1 };
        let pick = m.cands.iter().find(|c| match (c.kind(), city_meta(**c)) {
            (Kind::Country, _) => true,
            (Kind::City, Some(city)) => city.population >= 100_000,
            _ => false,
        });
        match pick {
            Some(c) if !self.continues_as_name(m.end_tok) => {
                let place = place_ref(*c);
                self.push(i, m.end_tok, m.end, Found::Place(place, form_of(c.form())));
                m.end_tok
            }
            _ => i + 1,
        }
    }

    /// The longest match at `i` naming a person of the built-in list by a full form, or by
    /// a surname form when the surname is the whole run and not also a place or first name.
    fn listed_person(&self, i: usize, matches: &[Match]) -> Option<(Match, usize, NameForm)> {
        for m in matches.iter().rev() {
            for c in m.cands {
                if c.kind() != Kind::Person {
                    continue;
                }
                let form = match c.form() {
                    Form::Main => NameForm::Main,
                    Form::Alias => NameForm::Alias,
                    Form::Variant => NameForm::Variant,
                    Form::Surname => NameForm::Surname,
                    _ => NameForm::SurnameVariant,
                };
                if !self.list_form_fits(i, m.end_tok, form) {
                    continue;
                }
                if matches!(form, NameForm::Surname | NameForm::SurnameVariant)
                    && self.surnames.get(&self.key_of(self.toks[i].range.start..m.end)).is_some_and(|&h| !matches!(self.hits[h].found, Found::Listed(r, _) if r == c.row()))
                {
                    // Someone else met in this draft has this surname (`John M. Ford`).
                    continue;
                }
                if matches!(form, NameForm::Surname | NameForm::SurnameVariant) {
                    // A bare surname (`Ford`, `Putin`): only when nothing else reads it
                    // better and the copy marks it as a person (`President Putin`, `Putin
                    // said`). Otherwise it joins the person once met in full (second scan).
                    let cue = self.cue_before(i).is_some() || self.speech_after(m.end_tok) || self.speech_before(i);
                    let one_word = m.end_tok == i + 1;
                    // Other readings: a first name, a place (a small town is no match for
                    // a listed surname: `Obama`), an English word (`Ford`).
                    // A bare surname stands alone for a head of state or government
                    // (`Polls show that Trump is…`), in the middle of a sentence; for anyone
                    // else it needs a cue (`Ford is rolling out` is the company, `Kellogg's`
                    // the cereal), or the full name elsewhere in the draft (second scan).
                    let leader = !self.toks[i].sentence_start
                        && !m.cands.iter().any(|o| o.kind() == Kind::FirstName)
                        && gazetteer::person(c.row()).is_some_and(|p| is_leader_role(p.role));
                    let other = m.cands.iter().any(|o| match o.kind() {
                        Kind::Person => false,
                        Kind::City => city_meta(*o).is_some_and(|x| x.population >= 100_000 || x.capital),
                        Kind::Word => !cue && !leader,
                        _ => true,
                    });
                    if other || self.continues_as_name(m.end_tok) || one_word && !cue && !leader {
                        continue;
                    }
                    // Without a cue, only the list's own spelling (`Trump`).
                    let written = &self.text[self.toks[i].range.start..m.end];
                    // A variant that is also an English word (`Store` for `Støre`) needs a cue.
                    let exact = gazetteer::person(c.row()).is_some_and(|p| {
                        p.surname == written || !self.is_dict_word(i) && p.surname_variant_list().any(|v| v == written)
                    });
                    if one_word && !cue && !exact {
                        continue;
                    }
                }
                return Some((*m, c.row(), form));
            }
        }
        None
    }

    /// Whether a names-list form fits the copy at words `i..end`: a name in capitals only
    /// where the copy is not shouting, and a one-word surname not at the start of a
    /// sentence unless a speech verb or title makes it a person.
    fn list_form_fits(&self, i: usize, end: usize, form: NameForm) -> bool {
        if !self.toks[i].is_capitalised() {
            return false;
        }
        if matches!(form, NameForm::Surname | NameForm::SurnameVariant) && end == i + 1 {
            if self.toks[i].case == Case::Upper && self.word(i).len() > 3 && !self.line_is_mixed_case(i) {
                return false;
            }
            if self.toks[i].sentence_start && !(self.speech_after(end) || self.cue_before(i).is_some()) {
                // `Putin said` opens sentences all the time; a surname that is an English
                // word (`May`, `Rice`) would not be alone.
                return !self.is_first_name(i);
            }
        }
        true
    }

    fn line_is_mixed_case(&self, i: usize) -> bool {
        let start = self.toks[i].range.start;
        let ls = self.text[..start].rfind('\n').map_or(0, |p| p + 1);
        if let Some(&v) = self.mixed_cache.borrow().get(&ls) {
            return v;
        }
        let le = self.text[start..].find('\n').map_or(self.text.len(), |p| start + p);
        let v = self.text[ls..le].chars().any(char::is_lowercase);
        self.mixed_cache.borrow_mut().insert(ls, v);
        v
    }

    /// (English, foreign prose) for the paragraph of word `i`: English by
    /// [`crate::lang::looks_english`]; foreign prose when, besides, fewer than one word in
    /// thirty is an English function word among eight or more lower-case words (a results
    /// table or a list of names is neither).
    fn language(&self, i: usize) -> (bool, bool) {
        let para = self.draft.paragraph_at(self.toks[i].range.start);
        if let Some(&v) = self.english_cache.borrow().get(&para.start) {
            return v;
        }
        let text = &self.text[para.clone()];
        let (function, total) = crate::lang::function_word_counts(text);
        let english = if total < 5 { function > 0 } else { function * 12 >= total };
        let foreign = !english && function * 30 < total && {
            let lower = text.split(|c: char| !c.is_alphabetic()).filter(|w| w.chars().next().is_some_and(char::is_lowercase)).count();
            lower >= 8
        };
        self.english_cache.borrow_mut().insert(para.start, (english, foreign));
        (english, foreign)
    }

    fn foreign_prose(&self, i: usize) -> bool {
        self.language(i).1
    }

    /// The end (exclusive word index) of the capitalised run starting at `i`.
    fn run_from(&self, i: usize) -> usize {
        let n = self.toks.len();
        let mut j = i + 1;
        if self.toks[i].possessive {
            return j;
        }
        // In a line of capitals (a shouted headline) words are not grouped into names.
        if self.toks[i].case == Case::Upper && !self.line_is_mixed_case(i) {
            return j;
        }
        while j < n && j - i < 6 {
            if !self.name_joined(j) || !self.toks[j].prose {
                break;
            }
            let t = &self.toks[j];
            let fl = self.flags(j);
            if t.is_capitalised() {
                let initial = t.case == Case::Initial && self.toks.get(j + 1).is_some_and(|n| n.gap & gap::DOT != 0);
                if fl & STOP != 0 && fl & PARTICLE == 0 && !initial {
                    break;
                }
                if fl & (TITLE | ROLE) != 0 && self.name_joined(j + 1) && self.toks.get(j + 1).is_some_and(|n| n.is_capitalised()) {
                    break;
                }
                j += 1;
                if fl & SUFFIX != 0 || t.possessive {
                    break;
                }
            } else if t.case == Case::Lower
                && fl & PARTICLE != 0
                && self.name_joined(j + 1)
                && self.toks.get(j + 1).is_some_and(|n| n.is_capitalised() && n.prose)
            {
                j += 1;
            } else {
                break;
            }
        }
        j
    }

    /// Where a run should split because a first name starts a person's name inside it
    /// (`Browns Sheldon Richardson`); `i` when it should not.
    fn first_name_split(&self, i: usize, j: usize, matches: &[Match]) -> usize {
        if j - i < 3 || self.is_first_name(i) {
            return i;
        }
        // Never inside a place name (`Los Angeles`: `Angeles` is a given name too).
        let place_end = matches.iter().filter(|m| m.cands.iter().any(|c| is_place(*c))).map(|m| m.end_tok).max().unwrap_or(i);
        if self.cue_before(i).is_some() || self.speech_before(i) {
            return i;
        }
        for p in (i + 1).max(place_end)..j - 1 {
            if self.is_first_name(p) && self.flags(p) & PARTICLE == 0 && self.flags(p - 1) & PARTICLE == 0 {
                return p;
            }
        }
        i
    }

    /// What the gazetteer says of word `i` alone ([`lex`] bits), looked up once.
    fn lex(&self, i: usize) -> u8 {
        let cell = &self.lex_cache[i];
        if cell.get() == 0 {
            cell.set(lex_bits(self.single_lookup(i)));
        }
        cell.get()
    }

    /// The readings of word `i` alone (no allocation for ASCII words).
    fn single_lookup(&self, i: usize) -> &'static [Candidate] {
        let mut w = self.gaz.walk();
        let mut buf = Vec::new();
        for c in self.word(i).chars() {
            let ok = if c.is_ascii() {
                w.feed(if c == '`' { b'\'' } else { (c as u8).to_ascii_lowercase() })
            } else {
                buf.clear();
                normalize::push_char(c, gazetteer::fold_table(), &mut buf);
                w.feed_all(&buf)
            };
            if !ok {
                return &[];
            }
        }
        w.matched().unwrap_or(&[])
    }

    /// Word `i` is an ordinary English word (any capitalisation).
    fn is_dict_word(&self, i: usize) -> bool {
        self.lex(i) & lex::DICT != 0
    }

    fn first_name_form(&self, i: usize) -> Option<Form> {
        if self.toks[i].case != Case::Title {
            return None;
        }
        let bits = self.lex(i);
        if bits & lex::FIRST != 0 {
            Some(Form::Main)
        } else if bits & lex::FIRST_WORD != 0 {
            Some(Form::Word)
        } else {
            None
        }
    }

    /// Word `i` is a given name that starts a person's name here. A given name that is also
    /// an English word (`Will`, `Tom`) counts at the start of a sentence only before a
    /// capitalised word that is neither an English word nor a place (`Tom Steyer`, not
    /// `Will China`).
    fn is_first_name(&self, i: usize) -> bool {
        match self.first_name_form(i) {
            Some(Form::Main) => true,
            Some(_) if !self.toks[i].sentence_start => true,
            Some(_) => {
                let k = i + 1;
                k < self.toks.len()
                    && self.toks[k].joined
                    && self.toks[k].case == Case::Title
                    && self.lex(k) & (lex::DICT | lex::STRONG_PLACE | lex::DEMONYM) == 0
                    && self.flags(k) & STOP == 0
            }
            None => false,
        }
    }

    /// A title or role right before word `i`: (range of the role phrase, courtesy title range).
    fn cue_before(&self, i: usize) -> Option<(Range<usize>, Option<Range<usize>>)> {
        if i == 0 || !self.name_joined(i) {
            return None;
        }
        let k = i - 1;
        let fl = self.flags(k);
        if fl & (TITLE | ROLE) == 0 || !self.toks[k].prose {
            return None;
        }
        // A title that is no role noun is written with a capital before a name (`Major
        // Smith`); in lower case it is an adjective (`the major Asian markets`).
        if fl & ROLE == 0 && self.toks[k].case == Case::Lower {
            return None;
        }
        let courtesy = (fl & COURTESY != 0).then(|| self.toks[k].range.start..self.toks[i].range.start);
        // Reach back over the words of the role phrase: `Kremlin foreign policy adviser`.
        let mut first = k;
        let mut steps = 0;
        while first > 0 && steps < 5 {
            let t = &self.toks[first];
            if !t.joined || self.toks[first - 1].possessive && steps > 0 {
                break;
            }
            let prev = first - 1;
            let w = self.word(prev);
            let f = self.flags(prev);
            let lower = self.toks[prev].case == Case::Lower;
            if f & (ROLE_STOP | SPEECH) != 0 || (f & STOP != 0 && lower) || !self.toks[prev].prose {
                break;
            }
            if lower && (w.ends_with("ed") || w.ends_with("ing")) && f & (ROLE | TITLE) == 0 {
                break;
            }
            if self.toks[prev].case == Case::Other {
                break;
            }
            first = prev;
            steps += 1;
            if self.toks[first].sentence_start {
                break;
            }
        }
        let mut end = self.toks[k].range.end;
        if self.text.as_bytes().get(end) == Some(&b'.') && self.flags(k) & ABBREV != 0 {
            end += 1;
        }
        Some((self.toks[first].range.start..end, courtesy))
    }

    /// A speech verb right after the run ending before word `j` (`Ushakov said`).
    fn speech_after(&self, j: usize) -> bool {
        j < self.toks.len() && self.toks[j].joined && self.toks[j].case == Case::Lower && self.flags(j) & SPEECH != 0
    }

    /// A speech verb right before word `i` (`said Karim Ben Salah`), or `according to`.
    fn speech_before(&self, i: usize) -> bool {
        if i == 0 || !self.toks[i].joined {
            return false;
        }
        let w = self.word(i - 1);
        if self.toks[i - 1].case == Case::Lower && self.flags(i - 1) & SPEECH != 0 {
            return true;
        }
        w == "to" && i >= 2 && self.toks[i - 1].joined && self.word(i - 2) == "according"
    }

    /// An appositive after the run ending before word `j`: `, who`, `, a fisherman from
    /// Sfax,`, `, 45, a teacher`. Returns the role phrase range when it gives one.
    fn appositive(&self, j: usize) -> Option<Option<Range<usize>>> {
        let n = self.toks.len();
        if j >= n || self.toks[j].gap & gap::COMMA == 0 || self.toks[j].gap & !(gap::COMMA) != 0 {
            return None;
        }
        let mut k = j;
        if self.toks[k].case == Case::Other && k + 1 < n && self.toks[k + 1].gap == gap::COMMA {
            k += 1; // an age: `, 45,`
        }
        let w = self.word(k);
        if w == "who" {
            return Some(None);
        }
        let start = self.toks[k].range.start;
        // `, president and chief operating officer of SpaceX`, `, Head of Research at`,
        // `, senior fellow at`, `, now a staff scientist`: a role noun opens the phrase or
        // follows a few modifiers.
        let after_now = if w == "now" && k + 1 < n && self.toks[k + 1].joined { k + 1 } else { k };
        let from = if matches!(self.word(after_now), "a" | "an" | "the") {
            after_now + 1
        } else if self.flags(k) & (ROLE | TITLE) != 0 && self.toks[k].case != Case::Upper || APPOSITIVE_MODIFIERS.contains(&w) {
            k
        } else {
            return None;
        };
        for m in from..n.min(k + 6) {
            if m > k + 1 && self.toks[m].gap != 0 && !self.toks[m].joined {
                return None;
            }
            // A verb before the role ends the noun phrase (`, the company created a speaker`).
            let w = self.word(m);
            let lower = self.toks[m].case == Case::Lower;
            if lower && self.flags(m) & ROLE == 0 && (w.ends_with("ed") || self.flags(m) & (SPEECH | ROLE_STOP) != 0) {
                return None;
            }
            if self.flags(m) & ROLE != 0 && (lower || m == k && self.toks[m].case == Case::Title) {
                // The role words themselves: `chief executive`, `president and chief
                // operating officer`.
                let mut r = m;
                while r + 1 < n
                    && self.toks[r + 1].joined
                    && self.toks[r + 1].case == Case::Lower
                    && (self.flags(r + 1) & ROLE != 0 || APPOSITIVE_MODIFIERS.contains(&self.word(r + 1)) || matches!(self.word(r + 1), "and" | "operating"))
                {
                    r += 1;
                }
                if self.toks.get(r + 1).is_some_and(|t| t.joined && t.is_capitalised() && self.flags(r + 1) & STOP == 0) {
                    // The role introduces the next name (`Goldman Sachs, chief executive
                    // David Solomon`): the run before it is not that person.
                    return None;
                }
                // The phrase runs to the next comma or full stop.
                let mut e = m;
                while e + 1 < n && self.toks[e + 1].joined && e < m + 6 {
                    e += 1;
                }
                return Some(Some(start..self.toks[e].range.end));
            }
        }
        None
    }

    /// The run at `i..j` continues as a longer capitalised name after word `end`.
    fn continues_as_name(&self, end: usize) -> bool {
        end < self.toks.len()
            && self.name_joined(end)
            && self.toks[end].is_capitalised()
            && self.toks[end].prose
            && self.flags(end) & (STOP | TITLE | ROLE) == 0
    }

    /// Decides what the run `i..j` is; returns the next word to look at.
    fn decide(&mut self, i: usize, j: usize, matches: &[Match]) -> usize {
        let len = j - i;
        let all_caps = (i..j).all(|k| self.toks[k].case == Case::Upper);
        // A run of titles alone (`Attorney General`) or outside English prose is no person.
        let cue = self.cue_before(i);
        let has_org = (i..j).any(|k| self.flags(k) & ORG != 0)
            || (i..j).all(|k| self.flags(k) & (TITLE | ROLE) != 0)
            || cue.is_some() && (self.title_phrase(i, j) || self.unit_of_place(i, j));
        let place = self.best_place(i, j, matches);
        let place_covers = place.as_ref().is_some_and(|p| p.0.end_tok >= j);
        let key = if self.surnames.is_empty() { Vec::new() } else { self.key_of(self.toks[i].range.start..self.toks[j - 1].range.end) };
        let known = !key.is_empty() && self.surnames.contains_key(&key);
        let first_name = (self.is_first_name(i) || self.given_name_before_verb(i, j)) && len >= 2 && !(i + 1..j).any(|k| self.camel_case(k));
        let appositive = self.appositive(j);

        let weak_place = place.as_ref().is_some_and(|p| p.2);
        // A title or role before a country, a state or a big city does not make it a person
        // (`defending champion Croatia`), unless it is a courtesy title (`Mr. Jordan`).
        let strong_place = place
            .as_ref()
            .is_some_and(|(m, c, weak)| m.end_tok >= j && !weak && (is_strong_place(*c) || c.kind() == Kind::Demonym));
        // A capitalised role word that is no title (`Star Wars`, `Insider`) is part of
        // another name more often than it introduces one.
        let cue_word = i.checked_sub(1).filter(|_| cue.is_some());
        let weak_cue = cue_word.is_some_and(|k| self.toks[k].case == Case::Title && self.flags(k) & TITLE == 0);
        let cue_counts = !weak_cue && cue.as_ref().is_some_and(|c| c.1.is_some() || !strong_place);
        let strong = !has_org
            && !all_caps
            && (cue_counts
                || known
                || first_name && (!place_covers || weak_place)
                || appositive.is_some() && !place_covers && len >= 2);
        // `said Karim Ben Salah`, `Ushakov said` once Ushakov is met; one unknown word only
        // after the verb (`said Shotwell`): companies say things too (`Volkswagen says`).
        let speech_before = self.speech_before(i) && self.run_ends_clause(j);
        let one_word_ok = len == 1 && speech_before && !self.is_dict_word(i) && place.is_none();
        // Speech verbs follow companies too (`said Kotak Institutional Equities`): a run whose
        // last word is an English word needs a given name to be a person.
        let name_like = !self.is_dict_word(j - 1) || self.is_first_name(i);
        let speech = !has_org && !all_caps && name_like && (len >= 2 || known || one_word_ok) && (self.speech_after(j) || speech_before);
        let pattern = !has_org
            && !all_caps
            && (!place_covers || weak_place)
            && self.name_pattern(i, j, place.is_some() && !weak_place)
            && !self.foreign_prose(i);
        let place_then_name = place.as_ref().is_some_and(|(m, c, _)| self.role_to_place(i, j, m, *c));
        if !place_then_name && (strong || speech && (!place_covers || weak_place) || pattern) {
            let role = cue.as_ref().map(|c| c.0.clone()).or_else(|| appositive.clone().flatten());
            let courtesy = cue.and_then(|c| c.1);
            let j = self.trim_person(i, j);
            let mut found = Found::Copy;
            if let Some(&h) = self.surnames.get(&key) {
                found = match &self.hits[h].found {
                    Found::Listed(r, _) => Found::Listed(*r, NameForm::Surname),
                    Found::Desk(r, _) => Found::Desk(*r, NameForm::Surname),
                    _ => Found::Copy,
                };
            }
            let end = self.toks[j - 1].range.end;
            let evidence = if matches!(found, Found::Listed(..) | Found::Desk(..)) {
                Evidence::NamesList
            } else if cue_counts || appositive.is_some() {
                Evidence::Cue
            } else if first_name {
                Evidence::GivenName
            } else if known {
                Evidence::Link
            } else if speech {
                Evidence::Speech
            } else {
                Evidence::Shape
            };
            self.hits.push(Hit { toks: i..j, range: self.toks[i].range.start..end, found, role, courtesy, evidence });
            self.note_surname(self.hits.len() - 1);
            return j;
        }
        if let Some((m, c, _)) = place {
            if self.inside_org_name(i) {
                // `University of Florida`, `Bank of England`.
                return m.end_tok.max(i + 1);
            }
            // `US EPA`, `U.S. Attorney’s Office`, `Moscow Mayor`: the place is a modifier.
            // `U.S. Defense Secretary Mark Esper`: a country before an office whose title
            // introduces a name.
            let office = matches!(c.kind(), Kind::Country | Kind::State)
                && j < self.toks.len()
                && self.name_joined(j)
                && self.toks[j].is_capitalised()
                && self.flags(j) & (TITLE | ROLE) != 0;
            // `ambassador to Britain Liu Xiaming`, `envoy to Ukraine Kurt Volker`: the place
            // ends a role phrase and the name follows.
            let role_to = self.role_to_place(i, j, &m, c);
            let modifier = m.end_tok < j
                && (office || role_to || self.toks[m.end_tok].case == Case::Upper || self.flags(m.end_tok) & (TITLE | ROLE) != 0);
            if m.end_tok < j && !modifier && !self.place_then_place(m.end_tok) {
                // `Pittsburgh Steelers`, `Washington Post`: part of a longer name.
                return j;
            }
            let mut end = m.end;
            let mut end_tok = m.end_tok;
            if end_tok < self.toks.len() && self.name_joined(end_tok) && self.word(end_tok) == "City" {
                end = self.toks[end_tok].range.end;
                end_tok += 1;
            }
            let found = match c.kind() {
                Kind::Demonym => Found::Demonym(c.row()),
                _ => Found::Place(place_ref(c), form_of(c.form())),
            };
            self.push(i, end_tok, end, found);
            // `New York, NY` and `Washington, DC` read as the state first: the code names it.
            if matches!(c.kind(), Kind::City | Kind::State) {
                if let Some(e) = self.push_state_after(end_tok) {
                    return e;
                }
            }
            return end_tok;
        }
        // Nothing here: look again from the next word (`Remember New Jersey`).
        i + 1
    }

    /// The shape of a personal name with no other cue: two to four capitalised words, not
    /// opening a sentence, none of them a cue word, a place or a demonym (`Feliciano
    /// Lopez`, `Gael Monfils`).
    fn name_pattern(&self, i: usize, j: usize, starts_with_place: bool) -> bool {
        let len = j - i;
        // At the start of a sentence only before a verb (`Sergei Bobrovsky stopped 35 shots`).
        let opens = self.toks[i].sentence_start && !self.verb_after(j) && !self.pair_before_verb(j);
        if !(2..=4).contains(&len) || starts_with_place || opens || !self.line_is_mixed_case(i) {
            return false;
        }
        // A product runs into a model number (`Velop Wi-Fi 6`, `Myco 2`).
        if self.model_number(j) {
            return false;
        }
        for k in i..j {
            let t = &self.toks[k];
            let edge = k == i || k == j - 1;
            let ok = match t.case {
                // `Wi-Fi`: no name is made of two-letter pieces.
                Case::Title => !self.camel_case(k) && !self.word(k).split('-').all(|p| p.chars().count() <= 2),
                Case::Initial => !edge,
                // `van der Berg`, not German `Form der Fieberkurve`.
                Case::Lower => {
                    !edge && self.flags(k) & PARTICLE != 0 && (!matches!(self.word(k), "der" | "den" | "des") || matches!(self.word(k - 1), "van" | "von" | "Van" | "Von"))
                }
                _ => false,
            };
            if !ok || self.flags(k) & (STOP | ORG | TITLE | ROLE) != 0 {
                return false;
            }
        }
        if self.flags(i) & GEO != 0 {
            // `New Yorker`, `South Dakotans`.
            return false;
        }
        // Neither end is a place or a demonym (`Pittsburgh Steelers`, `Russian Orthodox`),
        // and the surname is no ordinary English word (`Fix Containers`, `Home Depot`).
        for k in [i, j - 1] {
            if self.lex(k) & (lex::DEMONYM | lex::STRONG_PLACE) != 0 {
                return false;
            }
        }
        !self.is_dict_word(j - 1)
    }

    /// A lower-case verb right after the run ending before word `j`: a speech verb, a past
    /// tense or one of the verbs sports and news copy opens with (`Mike Glass threw`).
    fn verb_after(&self, j: usize) -> bool {
        if j >= self.toks.len() || !self.toks[j].joined || self.toks[j].case != Case::Lower {
            return false;
        }
        let w = self.word(j);
        self.flags(j) & SPEECH != 0
            || w.len() > 4 && w.ends_with("ed")
            || matches!(
                w,
                "had" | "has" | "was" | "is" | "won" | "threw" | "scored" | "made" | "took" | "got" | "ran" | "led" | "became" | "wrote" | "went" | "came" | "gave" | "hit" | "caught" | "lost" | "beat" | "drew" | "met" | "saw" | "spent" | "kept" | "began" | "will" | "would"
            )
    }

    /// The place of match `m` at word `i` ends a role phrase and a name of two or more words
    /// follows it in the run `i..j`: `ambassador to Britain Liu Xiaming`.
    fn role_to_place(&self, i: usize, j: usize, m: &Match, c: Candidate) -> bool {
        matches!(c.kind(), Kind::Country | Kind::State | Kind::Region | Kind::City)
            && m.end_tok < j
            && j - m.end_tok >= 2
            && i >= 2
            && self.toks[i].joined
            && self.toks[i - 1].joined
            && matches!(self.word(i - 1), "to" | "for" | "in")
            && self.toks[i - 2].case == Case::Lower
            && self.flags(i - 2) & ROLE != 0
    }

    /// `and` and a second name of two or three capitalised words, then a verb, after the run
    /// ending before word `j`: `Patrik Laine and Nikolaj Ehlers scored`.
    fn pair_before_verb(&self, j: usize) -> bool {
        if j >= self.toks.len() || !self.toks[j].joined || self.word(j) != "and" {
            return false;
        }
        let k = j + 1;
        let mut e = k;
        while e < self.toks.len() && e < k + 3 && self.toks[e].case == Case::Title && (e == k && self.toks[e].joined || self.name_joined(e)) {
            e += 1;
        }
        e - k >= 2 && self.verb_after(e)
    }

    /// A given name that is also an English word opening a sentence, then a surname and a
    /// verb: `Mike Glass threw`, not `Will China respond`.
    fn given_name_before_verb(&self, i: usize, j: usize) -> bool {
        j == i + 2
            && self.toks[i].sentence_start
            && self.first_name_form(i).is_some()
            && self.toks[i + 1].case == Case::Title
            && self.lex(i + 1) & (lex::STRONG_PLACE | lex::DEMONYM) == 0
            && self.flags(i + 1) & STOP == 0
            && self.verb_after(j)
    }

    /// A bare number right after the run ending before word `j` (`Wi-Fi 6`), not a score
    /// (`Nadal 6-3`).
    fn model_number(&self, j: usize) -> bool {
        j < self.toks.len()
            && self.toks[j].joined
            && self.toks[j].gap == 0
            && self.word(j).bytes().all(|b| b.is_ascii_digit())
            && !self.text[self.toks[j].range.end..].starts_with(['-', '–', ':', '/', '.'])
    }

    /// A job title after a title word, made of English words and ending in a title or
    /// organisation word: `Chief Strategy Officer`, `Chief Technology Officer`.
    fn title_phrase(&self, i: usize, j: usize) -> bool {
        j - i >= 2
            && self.first_name_form(i).is_none()
            && self.flags(j - 1) & (TITLE | ROLE | ORG) != 0
            && self.flags(j - 1) & SUFFIX == 0
            && (i..j - 1).all(|k| self.is_dict_word(k) || self.flags(k) & (TITLE | ROLE | ORG) != 0)
    }

    /// A run after a title that ends in a country or region and opens with no given name: a
    /// company's unit (`President Ascom North America`), not a person.
    fn unit_of_place(&self, i: usize, j: usize) -> bool {
        if j - i < 2 || self.is_first_name(i) {
            return false;
        }
        let mut tmp = Vec::new();
        (i + 1..j).any(|k| {
            self.walk(k, &mut tmp);
            tmp.iter().any(|m| m.end_tok == j && m.cands.iter().any(|c| matches!(c.kind(), Kind::Country | Kind::State | Kind::Region)))
        })
    }

    /// Word `k` has a capital inside it that no surname prefix explains (`AirPods`,
    /// `SpaceX`, not `McDonald`, `DeSantis`, `LaJoie`): a brand, not a name.
    fn camel_case(&self, k: usize) -> bool {
        let w = self.word(k);
        let b = w.as_bytes();
        let inner = b.iter().enumerate().skip(1).find(|(p, c)| c.is_ascii_uppercase() && b[p - 1].is_ascii_lowercase()).map(|(p, _)| p);
        match inner {
            None => false,
            Some(p) => !matches!(&w[..p], "Mc" | "Mac" | "De" | "Di" | "Da" | "Du" | "La" | "Le" | "Van" | "Von" | "Fitz"),
        }
    }

    /// A run after a speech verb ends its clause (`said Karim Ben Salah.`), so that `said
    /// Monday` or `says Apple Inc` do not read as people.
    fn run_ends_clause(&self, j: usize) -> bool {
        j >= self.toks.len() || self.toks[j].gap & (gap::COMMA | gap::END | gap::COLON | gap::QUOTE | gap::PARAGRAPH | gap::NEWLINE) != 0
    }

    /// Word `i` follows `Org-word of` (`University of`, `Bank of`): it is part of that name.
    fn inside_org_name(&self, i: usize) -> bool {
        i >= 2
            && self.toks[i].joined
            && self.word(i - 1) == "of"
            && self.toks[i - 1].joined
            && self.toks[i - 2].is_capitalised()
            && self.flags(i - 2) & ORG != 0
    }

    /// The next word starts another place (`Russia Ukraine talks`).
    fn place_then_place(&self, k: usize) -> bool {
        let mut tmp = Vec::new();
        self.walk(k, &mut tmp);
        tmp.iter().any(|m| {
            m.cands.iter().any(|c| {
                matches!(c.kind(), Kind::Country | Kind::State)
                    || c.kind() == Kind::City && city_meta(*c).is_some_and(|x| x.capital)
            })
        })
    }

    /// Drops trailing organisation or title words from a person's run; keeps `Jr.`.
    fn trim_person(&self, i: usize, j: usize) -> usize {
        let mut j = j;
        while j > i + 1 && self.flags(j - 1) & (ORG | TITLE) != 0 && self.flags(j - 1) & SUFFIX == 0 {
            j -= 1;
        }
        j
    }

    /// The best place reading of a match at `i` (within or just beyond the run `i..j`), with
    /// a flag saying the reading is weak (a city that is also a word or given name, kept for
    /// lack of a better reading).
    fn best_place(&self, i: usize, j: usize, matches: &[Match]) -> Option<(Match, Candidate, bool)> {
        for m in matches.iter().rev() {
            // A match may run past the run only over particles (`Rio de Janeiro`,
            // `Bosnia and Herzegovina`); it may stop inside the run (`Pittsburgh Steelers`).
            if m.end_tok > j && (m.end_tok - i) > MAX_WORDS {
                continue;
            }
            if let Some((c, weak)) = self.pick_place(i, m) {
                return Some((*m, c, weak));
            }
        }
        None
    }

    /// Picks the reading of match `m` at word `i`, with the context checks of the module docs.
    fn pick_place(&self, i: usize, m: &Match) -> Option<(Candidate, bool)> {
        let single = m.end_tok == i + 1;
        let t = &self.toks[i];
        let text = &self.text[t.range.start..m.end];
        let prep = i > 0 && self.toks[i].joined && self.flags(i - 1) & PLACE_PREP != 0 && self.toks[i - 1].case == Case::Lower;
        let comma_place = self.comma_place(m.end_tok);
        let upper = t.case == Case::Upper && single;
        let mut preferred: Option<Candidate> = None;
        if let Some((region, country)) = &comma_place {
            preferred = m.cands.iter().copied().find(|c| {
                c.kind() == Kind::City
                    && gazetteer_city(*c).is_some_and(|x| (!region.is_empty() && x.region == region) || x.country == country)
            });
        }
        let order = preferred.into_iter().chain(m.cands.iter().copied());
        for c in order {
            match c.kind() {
                Kind::Person | Kind::FirstName | Kind::Word => continue,
                Kind::Demonym => {
                    if single && t.case == Case::Title {
                        return Some((c, false));
                    }
                    continue;
                }
                _ => {}
            }
            if upper && c.form() == Form::Main {
                // `OR`, `IT`: three capitals are an abbreviation unless listed as an alias;
                // a word in capitals is a place only when it is a well-known one (`OBAMA` is
                // also a Japanese town) or a dateline names its country (`BAAR, Switzerland`).
                if text.len() < 4 || !is_strong_place(c) && comma_place.is_none() {
                    continue;
                }
                // Inside mixed-case prose capitals are emphasis, unless it is a dateline.
                if self.line_is_mixed_case(i) && !prep && comma_place.is_none() && !self.dateline(i, m.end_tok) {
                    continue;
                }
            }
            if c.kind() == Kind::City && COMPANY_TOWNS.contains(&text) {
                continue;
            }
            if !(is_strong_place(c) || city_meta(c).is_some_and(|x| x.capital)) && self.foreign_prose(i) {
                // In a passage in another language, small towns named like its words
                // (`Auch`, `Ende`, `Kita`) are noise.
                continue;
            }
            match c.form() {
                Form::Weak => {
                    let ok = match text {
                        // `US` in capitals inside mixed-case prose, not the pronoun in a
                        // shouted headline.
                        "US" => self.line_is_mixed_case(i),
                        "America" | "Congo" | "Macedonia" => true,
                        "Holland" => !(self.continues_as_name(m.end_tok) || i > 0 && self.name_joined(i) && self.is_first_name(i - 1)),
                        _ => false,
                    };
                    if ok {
                        return Some((c, false));
                    }
                    continue;
                }
                Form::Main | Form::Alias | Form::Alternate => {}
                _ => continue,
            }
            if c.kind() == Kind::City {
                let Some(city) = city_meta(c) else { continue };
                let context = prep || comma_place.is_some();
                if city.word {
                    let big = city.capital || city.population >= 1_000_000;
                    if context && !t.sentence_start || comma_place.is_some() || big && !t.sentence_start {
                        return Some((c, false));
                    }
                    continue;
                }
                if city.given_name {
                    // `Cleveland DL …`, `in Florence`: a place; `Florence Pugh`: a first name.
                    let first_name_use = self.continues_as_name(m.end_tok) || self.speech_after(m.end_tok);
                    if context || city.capital {
                        return Some((c, false));
                    }
                    if !first_name_use && city.population >= 100_000 {
                        return Some((c, t.sentence_start));
                    }
                    continue;
                }
                if single && city.population < 100_000 && !city.capital && !context {
                    // A small town named like anything else is weak evidence, and none at
                    // the start of a sentence (`Auch`, `Ende`: German words).
                    if t.sentence_start {
                        continue;
                    }
                    return Some((c, true));
                }
            }
            return Some((c, false));
        }
        None
    }

    /// A dateline: capitals opening a paragraph, then `(`, `,` or a dash (`MOSCOW (AP) —`,
    /// `KYIV, Ukraine —`).
    fn dateline(&self, i: usize, end: usize) -> bool {
        let opens = i == 0 || self.toks[i].gap & gap::PARAGRAPH != 0 || self.toks[i].gap & gap::NEWLINE != 0;
        opens && end < self.toks.len() && self.toks[end].gap & (gap::PAREN | gap::COMMA | gap::DASH) != 0
    }

    /// `, Idaho` / `, Russia` right after word `k`: (region name, country code).
    fn comma_place(&self, k: usize) -> Option<(String, String)> {
        let t = self.toks.get(k)?;
        if t.gap != gap::COMMA || !t.is_capitalised() {
            return None;
        }
        let w = self.word(k);
        if let Some((row, _, _)) = self.state_code(k) {
            return gazetteer::state(row).map(|st| (st.name.to_string(), "US".to_string()));
        }
        let mut best = None;
        for c in self.gaz.lookup(w) {
            match c.kind() {
                Kind::Country => {
                    best = gazetteer::country(c.row()).map(|x| (String::new(), x.iso2.to_string()));
                    break;
                }
                Kind::State => {
                    best = gazetteer::state(c.row()).map(|x| (x.name.to_string(), "US".to_string()));
                    break;
                }
                Kind::Region => {
                    if let Some(r) = gazetteer::region(c.row()).filter(|r| !r.country.is_empty()) {
                        best = Some((r.name.to_string(), r.country.to_string()));
                        break;
                    }
                }
                _ => {}
            }
        }
        best
    }

    /// A US state written as a postal code (`NY`) or an AP abbreviation (`Calif.`, `N.M.`,
    /// `D.C.`) at word `k`, after a comma: (row of us_states.tsv, end word, end byte).
    fn state_code(&self, k: usize) -> Option<(usize, usize, usize)> {
        let t = self.toks.get(k)?;
        if t.gap != gap::COMMA {
            return None;
        }
        let w = self.word(k);
        if t.case == Case::Upper && w.len() == 2 {
            return gazetteer::state_by_code(w).map(|(row, _)| (row, k + 1, t.range.end));
        }
        let rest = &self.text[t.range.start..];
        let (abbr, code) = AP_STATES.iter().find(|(abbr, _)| {
            rest.starts_with(abbr) && !rest[abbr.len()..].starts_with(|c: char| c.is_alphanumeric())
        })?;
        let end = t.range.start + abbr.len();
        let end_tok = (k..self.toks.len()).find(|&e| self.toks[e].range.start >= end).unwrap_or(self.toks.len());
        gazetteer::state_by_code(code).map(|(row, _)| (row, end_tok, end))
    }

    /// After a city, the state it is in when the copy names it by code (`Raleigh, NC`,
    /// `Monroe, La.`): a mention of that state.
    fn push_state_after(&mut self, end_tok: usize) -> Option<usize> {
        let (row, e, end) = self.state_code(end_tok)?;
        self.push(end_tok, e, end, Found::Place(PlaceRef::State(row), MentionForm::Alias));
        Some(e)
    }

    fn push(&mut self, i: usize, end_tok: usize, end: usize, found: Found) {
        self.hits.push(Hit {
            toks: i..end_tok,
            range: self.toks[i].range.start..end,
            found,
            role: None,
            courtesy: None,
            evidence: Evidence::Gazetteer,
        });
    }

    /// A person's mention at words `i..end`, ending at byte `byte_end` (before a hyphen in
    /// `Trump-era`).
    fn push_person(&mut self, i: usize, end: usize, byte_end: usize, found: Found, evidence: Evidence) {
        let cue = self.cue_before(i);
        let role = cue.as_ref().map(|c| c.0.clone()).or_else(|| self.appositive(end).flatten());
        let courtesy = cue.and_then(|c| c.1);
        let range = self.toks[i].range.start..byte_end;
        self.hits.push(Hit { toks: i..end, range, found, role, courtesy, evidence });
        self.note_surname(self.hits.len() - 1);
    }

    /// Remembers the surname of the person of hit `h` so that later bare surnames link to it.
    fn note_surname(&mut self, h: usize) {
        let hit = &self.hits[h];
        let surname = match &hit.found {
            Found::Listed(row, _) => gazetteer::person(*row).map(|p| p.surname.to_string()),
            Found::Desk(i, _) => self.desk.people().get(*i).map(|p| p.surname.clone()),
            Found::Copy => {
                // One word is a second-reference form only when a title introduced it
                // (`Prince Andrew` → `Andrew`).
                if hit.toks.len() < 2 && hit.role.is_none() {
                    None
                } else if hit.toks.len() < 2 {
                    Some(self.text[hit.range.clone()].to_string())
                } else {
                    Some(self.text[self.copy_surname(hit.toks.clone())].to_string())
                }
            }
            _ => None,
        };
        if let Found::Copy = hit.found {
            if hit.toks.len() >= 2 && self.toks[hit.toks.start].case == Case::Title {
                let key = self.key_of(self.toks[hit.toks.start].range.clone());
                let entry = self.given.entry(key).or_insert(h);
                let same = *entry != usize::MAX && self.text[self.hits[*entry].range.clone()] == self.text[hit.range.clone()];
                if *entry != h && !same {
                    *entry = usize::MAX;
                }
            }
        }
        let Some(surname) = surname else { return };
        let key = normalize::key(&surname, gazetteer::fold_table());
        if !key.is_empty() {
            self.surnames.entry(key).or_insert(h);
        }
        // Listed people are also met by their surname variants.
        if let Found::Listed(row, _) = &self.hits[h].found {
            if let Some(p) = gazetteer::person(*row) {
                for v in p.surname_variant_list() {
                    let key = normalize::key(v, gazetteer::fold_table());
                    self.surnames.entry(key).or_insert(h);
                }
            }
        }
    }

    /// The surname words of a person in no list: the last word, with a particle before it
    /// (`Ben Salah`, `van der Berg`), without a suffix (`Jr.`).
    fn copy_surname(&self, toks: Range<usize>) -> Range<usize> {
        let mut last = toks.end - 1;
        while last > toks.start + 1 && self.flags(last) & SUFFIX != 0 {
            last -= 1;
        }
        let mut first = last;
        while first > toks.start + 1 && self.flags(first - 1) & PARTICLE != 0 {
            first -= 1;
        }
        self.toks[first].range.start..self.toks[last].range.end
    }

    /// Links bare surnames anywhere in the draft (before or after the full mention) to the
    /// people met: words with no hit, or with only a weak place reading.
    fn second_scan(&mut self) {
        if self.surnames.is_empty() && self.given.is_empty() {
            return;
        }
        let mut covered = vec![usize::MAX; self.toks.len()];
        for (h, hit) in self.hits.iter().enumerate() {
            for t in hit.toks.clone() {
                covered[t] = h;
            }
        }
        let max_words = self.surnames.keys().map(|k| k.iter().filter(|&&b| b == b' ').count() + 1).max().unwrap_or(1);
        let mut i = 0;
        let n = self.toks.len();
        let mut added = Vec::new();
        let mut replaced = Vec::new();
        while i < n {
            let t = &self.toks[i];
            if !t.prose || t.case != Case::Title || (i > 0 && self.name_joined(i) && self.toks[i - 1].is_capitalised() && covered[i - 1] == usize::MAX && self.flags(i - 1) & (TITLE | ROLE | COURTESY) == 0) {
                i += 1;
                continue;
            }
            let mut linked = None;
            for w in (1..=max_words.min(n - i)).rev() {
                let end = i + w;
                if (i + 1..end).any(|k| !self.name_joined(k)) {
                    continue;
                }
                if self.continues_as_name(end) {
                    continue;
                }
                let key = self.key_of(t.range.start..self.toks[end - 1].range.end);
                if let Some(&h) = self.surnames.get(&key) {
                    linked = Some((end, h));
                    break;
                }
            }
            let mut given_of = None;
            // An English word that is no given name (`Apple` of a brand read as `Apple
            // Airpods`) is not a given name alone either.
            let word_not_name = self.is_dict_word(i) && self.first_name_form(i).is_none();
            if linked.is_none() && !word_not_name && !self.continues_as_name(i + 1) && self.lex(i) & (lex::STRONG_PLACE | lex::DEMONYM) == 0 {
                // A given name alone (`I think Guido helped me`), when only one person met
                // in full has it.
                if let Some(&h) = self.given.get(&self.key_of(t.range.clone())).filter(|h| **h != usize::MAX) {
                    linked = Some((i + 1, h));
                    given_of = Some(self.hits[h].range.start);
                }
            }
            let Some((end, h)) = linked else {
                i += 1;
                continue;
            };
            let existing = covered[i];
            let replace = if existing == usize::MAX {
                (i..end).all(|k| covered[k] == usize::MAX)
            } else {
                let e = &self.hits[existing];
                e.toks == (i..end)
                    && matches!(e.found, Found::Place(PlaceRef::City(_) | PlaceRef::State(_), _) | Found::Copy)
                    && !matches!(self.hits[h].found, Found::Place(..))
            };
            if !replace || self.toks[i].sentence_start && !self.sentence_start_surname_ok(end) {
                i = end;
                continue;
            }
            let found = match (&self.hits[h].found, given_of) {
                (_, Some(start)) => Found::SameAs(start),
                (Found::Listed(r, _), _) => Found::Listed(*r, NameForm::Surname),
                (Found::Desk(r, _), _) => Found::Desk(*r, NameForm::Surname),
                _ => Found::Copy,
            };
            if existing != usize::MAX {
                replaced.push(existing);
            }
            let cue = self.cue_before(i);
            added.push(Hit {
                toks: i..end,
                range: t.range.start..self.toks[end - 1].range.end,
                found,
                role: cue.as_ref().map(|c| c.0.clone()),
                courtesy: cue.and_then(|c| c.1),
                evidence: Evidence::Link,
            });
            i = end;
        }
        if !replaced.is_empty() {
            replaced.sort_unstable();
            for h in replaced.into_iter().rev() {
                self.hits.remove(h);
            }
        }
        self.hits.extend(added);
        self.hits.sort_by_key(|h| h.range.start);
    }

    /// A bare surname opening a sentence links to a person when it is followed by a verb
    /// that people do or by a possessive, not when it could be an ordinary capitalised word.
    fn sentence_start_surname_ok(&self, end: usize) -> bool {
        self.toks[end - 1].possessive || self.speech_after(end) || end < self.toks.len() && self.toks[end].case == Case::Lower && self.toks[end].joined
    }

    /// Groups hits into entities. People of the lists and full mentions of people in no
    /// list come first, so that short mentions (`Ushakov`, `Ben Salah`) — before or after
    /// the full one — can join them by surname.
    fn build(self) -> EntityIndex {
        let text = self.text;
        let hits = &self.hits;
        let fold = gazetteer::fold_table();
        // For copy people: (key of the whole mention, key of its surname part).
        let copy_keys: Vec<Option<(Vec<u8>, Vec<u8>)>> = hits
            .iter()
            .map(|h| {
                (h.found == Found::Copy).then(|| {
                    let sur = if h.toks.len() >= 2 { self.copy_surname(h.toks.clone()) } else { h.range.clone() };
                    (normalize::key(&text[h.range.clone()], fold), normalize::key(&text[sur], fold))
                })
            })
            .collect();
        let surname_parts: std::collections::HashSet<&[u8]> = copy_keys
            .iter()
            .flatten()
            .filter(|(full, sur)| full != sur)
            .map(|(_, sur)| sur.as_slice())
            .collect();
        let is_short = |h: usize| copy_keys[h].as_ref().is_some_and(|(full, sur)| full == sur || surname_parts.contains(full.as_slice()));
        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.sort_by_key(|&h| (matches!(hits[h].found, Found::SameAs(_)), is_short(h), hits[h].range.start));
        // Mention start → entity, for given names alone.
        let mut entity_at: HashMap<usize, usize> = HashMap::new();

        let mut entities: Vec<Entity> = Vec::new();
        let mut by_key: HashMap<EntityKey, usize> = HashMap::new();
        // Surname key → entity, for people met in full (any source).
        let mut by_surname: HashMap<Vec<u8>, usize> = HashMap::new();
        for h in order {
            let hit = &hits[h];
            if let Found::SameAs(start) = hit.found {
                if let Some(&e) = entity_at.get(&start) {
                    entities[e].mentions.push(mention(hit, MentionForm::Short, None));
                }
                continue;
            }
            let (key, kind, name, source, surname, form, house) = match &hit.found {
                Found::Listed(row, form) => {
                    let Some(p) = gazetteer::person(*row) else { continue };
                    let (f, house) = name_form(*form, p.name, p.surname);
                    (EntityKey::Listed(*row), EntityKind::Person, p.name.to_string(), Source::NamesList(*row), Some(p.surname.to_string()), f, house)
                }
                Found::Desk(i, form) => {
                    let Some(p) = self.desk.people().get(*i) else { continue };
                    let (f, house) = name_form(*form, &p.name, &p.surname);
                    (EntityKey::Desk(*i), EntityKind::Person, p.name.clone(), Source::DeskList(*i), Some(p.surname.clone()), f, house)
                }
                Found::Copy => {
                    let Some((full, _)) = &copy_keys[h] else { continue };
                    let written = &text[hit.range.clone()];
                    if is_short(h) {
                        if let Some(&e) = by_surname.get(full) {
                            entities[e].mentions.push(mention(hit, MentionForm::Short, None));
                            entity_at.insert(hit.range.start, e);
                            continue;
                        }
                        (EntityKey::Copy(full.clone()), EntityKind::Person, written.to_string(), Source::Copy, Some(written.to_string()), MentionForm::Short, None)
                    } else {
                        let sur_text = &text[self.copy_surname(hit.toks.clone())];
                        (EntityKey::Copy(full.clone()), EntityKind::Person, written.to_string(), Source::Copy, Some(sur_text.to_string()), MentionForm::Full, None)
                    }
                }
                Found::Place(place, form) => {
                    let name = place_name(*place);
                    (EntityKey::Place(*place), EntityKind::Place, name, Source::Gazetteer(*place), None, *form, None)
                }
                Found::SameAs(_) => continue,
                Found::Demonym(row) => {
                    let Some(d) = gazetteer::demonym(*row) else { continue };
                    let code = d.countries.split(',').next().unwrap_or("");
                    let Some((crow, c)) = country_row(code) else { continue };
                    let place = PlaceRef::Country(crow);
                    (EntityKey::Place(place), EntityKind::Place, c.name.to_string(), Source::Gazetteer(place), None, MentionForm::Demonym, None)
                }
            };
            let e = *by_key.entry(key).or_insert_with(|| {
                entities.push(Entity { kind, name, source, mentions: Vec::new(), surname: surname.clone(), evidence: hit.evidence });
                entities.len() - 1
            });
            entities[e].evidence = entities[e].evidence.min(hit.evidence);
            if kind == EntityKind::Person {
                if let Some(s) = &surname {
                    by_surname.entry(normalize::key(s, fold)).or_insert(e);
                }
            }
            entity_at.insert(hit.range.start, e);
            entities[e].mentions.push(mention(hit, form, house));
        }
        for e in &mut entities {
            e.mentions.sort_by_key(|m| m.range.start);
            e.mentions.dedup_by_key(|m| m.range.clone());
        }
        entities.sort_by_key(|e| e.mentions[0].range.start);
        EntityIndex { entities }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum EntityKey {
    Listed(usize),
    Desk(usize),
    Copy(Vec<u8>),
    Place(PlaceRef),
}

fn mention(hit: &Hit, form: MentionForm, house: Option<String>) -> Mention {
    Mention { range: hit.range.clone(), form, house_spelling: house, courtesy: hit.courtesy.clone(), role: hit.role.clone() }
}

/// The mention form of a names-list form, and the house spelling for a variant.
fn name_form(form: NameForm, name: &str, surname: &str) -> (MentionForm, Option<String>) {
    match form {
        NameForm::Main => (MentionForm::Full, None),
        NameForm::Alias => (MentionForm::Alias, None),
        NameForm::Variant => (MentionForm::Variant, Some(name.to_string())),
        NameForm::Surname => (MentionForm::Short, None),
        NameForm::SurnameVariant => (MentionForm::Variant, Some(surname.to_string())),
    }
}

fn form_of(form: Form) -> MentionForm {
    match form {
        Form::Main => MentionForm::Full,
        _ => MentionForm::Alias,
    }
}

/// A names-list role that leads a state or government (`President of …`, `Prime Minister
/// of …`, `King of …`).
fn is_leader_role(role: &str) -> bool {
    ["President of", "Prime Minister of", "Chancellor of", "King of", "Queen of", "Pope", "Supreme Leader", "Emir of", "Crown Prince", "Former President of", "Former Prime Minister of"]
        .iter()
        .any(|p| role.starts_with(p))
}

/// AP style's abbreviations of US states (and the District of Columbia), read after a
/// city and a comma: (as written, USPS code). Written from the AP Stylebook's list.
const AP_STATES: &[(&str, &str)] = &[
    ("Ala.", "AL"), ("Ariz.", "AZ"), ("Ark.", "AR"), ("Calif.", "CA"), ("Colo.", "CO"), ("Conn.", "CT"),
    ("D.C.", "DC"), ("Del.", "DE"), ("Fla.", "FL"), ("Ga.", "GA"), ("Ill.", "IL"), ("Ind.", "IN"), ("Kan.", "KS"),
    ("Ky.", "KY"), ("La.", "LA"), ("Mass.", "MA"), ("Md.", "MD"), ("Mich.", "MI"), ("Minn.", "MN"), ("Miss.", "MS"),
    ("Mo.", "MO"), ("Mont.", "MT"), ("N.C.", "NC"), ("N.D.", "ND"), ("N.H.", "NH"), ("N.J.", "NJ"), ("N.M.", "NM"),
    ("N.Y.", "NY"), ("Neb.", "NE"), ("Nev.", "NV"), ("Okla.", "OK"), ("Ore.", "OR"), ("Pa.", "PA"), ("R.I.", "RI"),
    ("S.C.", "SC"), ("S.D.", "SD"), ("Tenn.", "TN"), ("Va.", "VA"), ("Vt.", "VT"), ("W.Va.", "WV"), ("Wash.", "WA"),
    ("Wis.", "WI"), ("Wyo.", "WY"),
];

/// Lower-case words that can open an appositive before its role noun (`, senior fellow at`).
const APPOSITIVE_MODIFIERS: &[&str] =
    &["acting", "assistant", "associate", "chief", "co-founder", "deputy", "executive", "former", "interim", "lead", "managing", "now", "principal", "senior", "vice"];

/// Companies named after (or like) a town: in copy they are the company (`Toyota says`).
const COMPANY_TOWNS: &[&str] = &["Nokia", "Toyota"];

/// A country, US state, region, or a city of 100,000+ people that is neither an English
/// word nor a given name: a reading that cues for people should not override.
fn is_strong_place(c: Candidate) -> bool {
    match c.kind() {
        Kind::Country | Kind::State | Kind::Region => c.form() != Form::Weak,
        Kind::City => gazetteer::city_meta(c.row()).is_some_and(|x| x.population >= 100_000 && !x.word && !x.given_name),
        _ => false,
    }
}

/// The [`lex`] bits of a word's readings.
fn lex_bits(cands: &[Candidate]) -> u8 {
    let mut bits = lex::LOOKED;
    for c in cands {
        bits |= match c.kind() {
            Kind::FirstName if c.form() == Form::Word => lex::FIRST_WORD,
            Kind::FirstName => lex::FIRST,
            Kind::Word => lex::DICT,
            Kind::Demonym => lex::DEMONYM,
            _ if is_strong_place(*c) => lex::STRONG_PLACE,
            _ => 0,
        };
    }
    bits
}

fn is_place(c: Candidate) -> bool {
    matches!(c.kind(), Kind::Country | Kind::City | Kind::State | Kind::Region)
}

fn city_meta(c: Candidate) -> Option<gazetteer::CityMeta> {
    (c.kind() == Kind::City).then(|| gazetteer::city_meta(c.row())).flatten()
}

fn gazetteer_city(c: Candidate) -> Option<gazetteer::City> {
    (c.kind() == Kind::City).then(|| gazetteer::city(c.row())).flatten()
}

fn place_ref(c: Candidate) -> PlaceRef {
    match c.kind() {
        Kind::Country => PlaceRef::Country(c.row()),
        Kind::City => PlaceRef::City(c.row()),
        Kind::State => PlaceRef::State(c.row()),
        _ => PlaceRef::Region(c.row()),
    }
}

/// The row and record of the country with ISO code `code`.
pub(crate) fn country_row(code: &str) -> Option<(usize, gazetteer::Country)> {
    let row = gazetteer::country_index(code)?;
    Some((row, gazetteer::country(row)?))
}

/// The gazetteer's name of a place.
pub(crate) fn place_name(place: PlaceRef) -> String {
    match place {
        PlaceRef::Country(r) => gazetteer::country(r).map(|c| c.name),
        PlaceRef::City(r) => gazetteer::city(r).map(|c| c.name),
        PlaceRef::State(r) => gazetteer::state(r).map(|c| c.name),
        PlaceRef::Region(r) => gazetteer::region(r).map(|c| c.name),
    }
    .unwrap_or_default()
    .to_string()
}
