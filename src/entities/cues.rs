//! The words the recogniser reads as cues: titles and roles that introduce a person, speech
//! verbs, name particles, words that make a capitalised run an organisation, and capitalised
//! words that are never part of a name (`The`, `Monday`, `Recommended`).
//!
//! One table, sorted and looked up case-insensitively; a word can carry several flags.
//! Written by the copydesk team from general English newsroom usage.

/// Never part of a person's or place's name, even capitalised (function words, pronouns,
/// days, months, words that open menus and headings).
pub const STOP: u32 = 1;
/// A formal or courtesy title written before a name (`President`, `Dr`, `Sen.`): the name
/// that follows is a person.
pub const TITLE: u32 = 1 << 1;
/// A courtesy title (`Mr`, `Mrs`, `Ms`, `Miss`, `Mx`): AP drops these on later references.
pub const COURTESY: u32 = 1 << 2;
/// A role noun (`adviser`, `spokeswoman`, `quarterback`): a name right after it is a person.
pub const ROLE: u32 = 1 << 3;
/// A speech or attribution verb (`said`, `told`): a name next to it is usually a person.
pub const SPEECH: u32 = 1 << 4;
/// A particle inside names (`de`, `van`, `bin`, `al`).
pub const PARTICLE: u32 = 1 << 5;
/// A word that makes a capitalised run an organisation, event or thing (`Ministry`,
/// `University`, `Post`): such a run is no person.
pub const ORG: u32 = 1 << 6;
/// A preposition that puts a place after it (`in`, `from`, `near`).
pub const PLACE_PREP: u32 = 1 << 7;
/// A suffix after a name (`Jr.`, `III`).
pub const SUFFIX: u32 = 1 << 8;
/// An abbreviation whose full stop does not end a sentence (`Mr.`, `Gen.`, `Jan.`, `St.`).
pub const ABBREV: u32 = 1 << 9;
/// A word the role phrase before a name does not reach back past (`the`, `with`, `met`).
pub const ROLE_STOP: u32 = 1 << 10;
/// A word that opens place names (`New`, `North`, `San`): a run it opens is no person.
pub const GEO: u32 = 1 << 11;

const S: u32 = STOP;
const T: u32 = TITLE;
const C: u32 = TITLE | COURTESY;
const R: u32 = ROLE;
const V: u32 = SPEECH;
const P: u32 = PARTICLE;
const O: u32 = ORG;
const L: u32 = PLACE_PREP;
const X: u32 = SUFFIX;
const A: u32 = ABBREV;
const B: u32 = ROLE_STOP;
const G: u32 = GEO;

/// Sorted by lower-case word (byte order), unique. A test keeps it so.
static WORDS: &[(&str, u32)] = &[
    ("a", S | B), ("about", S | B), ("academy", O), ("accord", O), ("according", S | B), ("accords", O),
    ("accountant", R), ("across", S | L | B), ("act", O), ("activist", R), ("actor", R), ("actress", R),
    ("added", V | B), ("adds", V | B), ("adm", T | A), ("admiral", T | R), ("admitted", V | B),
    ("advertisement", S), ("adviser", R), ("advisor", R), ("after", S | B), ("against", S | B), ("agency", O),
    ("agent", R), ("agreement", O), ("aide", R), ("airline", O), ("airlines", O), ("airport", O), ("airways", O),
    ("al", P), ("all", S | B), ("also", S | B), ("although", S | B), ("am", S | B), ("ambassador", T | R),
    ("among", S | B), ("amphitheater", O), ("amphitheatre", O), ("an", S | B), ("analyst", R), ("and", S | B),
    ("announced", V | B), ("another", S | B), ("any", S | B), ("apr", S | A), ("april", S), ("aquarium", O),
    ("archaeologist", R), ("archbishop", T | R), ("architect", R), ("are", S | B), ("arena", O), ("argued", V | B),
    ("argues", V | B), ("army", O), ("around", S | L | B), ("article", S), ("artist", R), ("as", S | B),
    ("asked", V | B), ("assembly", O), ("associates", O), ("association", O), ("astronomer", R), ("at", S | L | B),
    ("athlete", R), ("attorney", T | R), ("auditorium", O), ("aug", S | A), ("august", S), ("aunt", R),
    ("author", R), ("authority", O), ("ave", O), ("avenue", O), ("award", O), ("awards", O), ("ayatollah", T),
    ("back", R), ("bank", O), ("banker", R), ("baron", T), ("baroness", T), ("bassist", R), ("batsman", R),
    ("bay", O), ("be", S | B), ("beach", O), ("because", S | B), ("been", S | B), ("before", S | B),
    ("being", S | B), ("ben", P), ("between", S | L | B), ("billionaire", R), ("bin", P), ("bint", P),
    ("biologist", R), ("bishop", T | R), ("blogger", R), ("blvd", O | A), ("board", O), ("boss", R),
    ("both", S | B), ("bowl", O), ("bowler", R), ("boxer", R), ("boyfriend", R), ("bridge", O), ("brig", T | A),
    ("brother", R), ("brothers", O), ("builder", R), ("bureau", O), ("businessman", R), ("businesswoman", R),
    ("but", S | B), ("by", S | B), ("cabinet", O), ("can", S | B), ("candidate", R), ("cape", G), ("capital", O),
    ("capt", T | A), ("captain", T | R), ("cardinal", T), ("carpenter", R), ("cashier", R), ("castle", O),
    ("cathedral", O), ("cb", R), ("cemetery", O), ("center", R | O), ("central", G), ("centre", R | O), ("ceo", R),
    ("cfo", R), ("chair", R), ("chairman", T | R), ("chairwoman", T | R), ("challenger", R), ("champion", R),
    ("championship", O), ("championships", O), ("chancellor", T | R), ("channel", O), ("chaplain", R), ("chef", R),
    ("chemist", R), ("chief", T | R), ("choreographer", R), ("church", O), ("city", O), ("claimed", V | B),
    ("classic", O), ("cleric", R), ("clerk", R), ("climatologist", R), ("clinic", O), ("club", O), ("cmdr", T | A),
    ("co", O | A), ("coach", T | R), ("col", T | A), ("colleague", R), ("college", O), ("colonel", T | R),
    ("columnist", R), ("comedian", R), ("commander", T | R), ("commentator", R), ("commission", O),
    ("commissioner", T | R), ("committee", O), ("company", O), ("composer", R), ("conceded", V | B),
    ("conductor", R), ("conference", O), ("confirmed", V | B), ("congress", O), ("congressman", T | R),
    ("congresswoman", T | R), ("consultant", R), ("continued", V | B), ("contributor", R), ("coo", R),
    ("cornerback", R), ("corp", O | A), ("corporation", O), ("correspondent", R), ("could", S | B), ("council", O),
    ("councillor", T | R), ("councilman", T | R), ("councilmember", T | R), ("councilwoman", T | R),
    ("counterpart", R), ("county", O), ("court", O), ("cousin", R), ("cpl", T | A), ("cup", O), ("curator", R),
    ("cyclist", R), ("da", P), ("daily", O), ("dame", T), ("dancer", R), ("das", P), ("daughter", R), ("day", O),
    ("de", P), ("dec", S | A), ("december", S), ("declared", V | B), ("defendant", R), ("defender", R), ("del", P),
    ("della", P), ("dentist", R), ("department", O), ("deputy", T | R), ("der", P), ("des", P), ("designer", R),
    ("det", T | A), ("detective", T | R), ("developer", R), ("di", P), ("did", S | B), ("diplomat", R),
    ("director", T | R), ("district", O), ("diver", R), ("division", O), ("dl", R), ("do", S | B),
    ("doctor", T | R), ("does", S | B), ("dos", P), ("dr", C | A), ("driver", R), ("drummer", R), ("du", P),
    ("duchess", T), ("duke", T), ("during", S | B), ("each", S | B), ("earlier", S | B), ("east", G),
    ("eastern", G), ("ecologist", R), ("economist", R), ("ed", S), ("editor", R), ("el", P), ("electrician", R),
    ("emir", T), ("emperor", T), ("empire", O), ("employee", R), ("energy", O), ("engineer", R),
    ("entertainment", O), ("entrepreneur", R), ("envoy", R), ("epidemiologist", R), ("equities", O), ("esq", X | A),
    ("even", S | B), ("every", S | B), ("exchange", O), ("executive", R), ("expert", R), ("explained", V | B),
    ("expo", O), ("father", T | R), ("feb", S | A), ("february", S), ("federation", O), ("fellow", R), ("festival", O),
    ("field", O), ("fighter", R), ("filmmaker", R), ("finals", O), ("firefighter", R), ("first", S | B),
    ("fisherman", R), ("for", S | B), ("force", O), ("forces", O), ("forecaster", R), ("former", B), ("fort", G),
    ("forum", O), ("forward", R), ("foundation", O), ("founder", R), ("fr", T | A), ("fri", S | A), ("friday", S),
    ("friend", R), ("from", S | L | B), ("frontman", R), ("fund", O), ("further", S | B), ("gallery", O),
    ("games", O), ("gardens", O), ("gazette", O), ("gen", T | A), ("general", T | R), ("geologist", R),
    ("girlfriend", R), ("goalkeeper", R), ("golfer", R), ("gov", T | A), ("government", O), ("governor", T | R),
    ("grand", O), ("granddaughter", R), ("grandfather", R), ("grandmother", R), ("grandson", R), ("greater", G),
    ("group", O), ("guard", R | O), ("guitarist", R), ("had", S | B), ("hall", O), ("harbor", O), ("harbour", O),
    ("has", S | B), ("have", S | B), ("he", S | B), ("head", R), ("her", S | B), ("herald", O), ("here", S | B),
    ("hers", S | B), ("him", S | B), ("his", S | B), ("historian", R), ("holdings", O), ("hon", T | A),
    ("hospital", O), ("host", R), ("hotel", O), ("house", O), ("how", S | B), ("however", S | B), ("husband", R),
    ("i", S | B), ("ibn", P), ("if", S | B), ("ii", X), ("iii", X), ("imam", T), ("in", S | L | B), ("inc", O | A),
    ("index", O), ("influencer", R), ("inside", S | L | B), ("insider", R), ("insisted", V | B),
    ("inspector", T | R), ("institute", O), ("instructor", R), ("into", S | L | B), ("investor", R), ("is", S | B),
    ("island", O), ("islands", O), ("it", S | B), ("its", S | B), ("iv", X), ("jail", O), ("jan", A),
    ("january", S), ("jockey", R), ("journal", O), ("journalist", R), ("jr", X | A), ("judge", T | R),
    ("jul", S | A), ("july", S), ("jun", A), ("june", S), ("just", S | B), ("justice", T | R), ("keeper", R),
    ("king", T), ("la", P), ("laboratory", O), ("labs", O), ("lady", T), ("lake", O | G), ("landlord", R),
    ("las", G), ("last", S | B), ("later", S | B), ("law", O), ("lawmaker", R), ("lawyer", R), ("lb", R), ("le", P),
    ("leader", T | R), ("league", O), ("lecturer", R), ("legislator", R), ("library", O), ("like", S | B),
    ("linebacker", R), ("lineman", R), ("lobbyist", R), ("lord", T), ("los", G), ("lower", G), ("lt", T | A),
    ("ltd", O | A), ("magazine", O), ("maj", T | A), ("major", T), ("mall", O), ("manager", R), ("mar", A),
    ("marathon", O), ("march", S), ("market", O), ("marshal", R), ("master", R), ("may", B), ("mayor", T | R),
    ("me", S | B), ("mechanic", R), ("media", O), ("medical", O), ("member", R), ("met", B), ("meteorologist", R),
    ("midfielder", R), ("might", S | B), ("miner", R), ("minister", T | R), ("ministry", O), ("miss", C),
    ("mon", S | A), ("monday", S), ("monk", R), ("more", S | B), ("mosque", O), ("most", S | B), ("mother", R),
    ("motor", O), ("motors", O), ("mount", O | G), ("mountain", O), ("mountains", O), ("mr", C | A), ("mrs", C | A),
    ("ms", C | A), ("msgr", T | A), ("mt", A), ("mufti", R), ("museum", O), ("musician", R), ("must", S | B),
    ("mx", C | A), ("my", S | B), ("navy", O), ("near", S | L | B), ("negotiator", R), ("neighbor", R),
    ("neighbour", R), ("nephew", R), ("network", O), ("never", S | B), ("new", G), ("news", O), ("next", S | B),
    ("niece", R), ("no", S | A | B), ("nominee", R), ("north", G), ("northern", G), ("not", S | B),
    ("noted", V | B), ("nov", S | A), ("novelist", R), ("november", S), ("now", S | B), ("nun", R), ("nurse", R),
    ("observed", V | B), ("oct", S | A), ("october", S), ("of", S | B), ("off", S | B), ("office", O),
    ("officer", T | R), ("official", R), ("olympics", O), ("on", S | B), ("once", S | B), ("only", S | B),
    ("opponent", R), ("or", S | B), ("organisation", O), ("organiser", R), ("organization", O), ("organizer", R),
    ("other", S | B), ("our", S | B), ("out", S | B), ("outside", S | L | B), ("over", S | B), ("owner", R),
    ("painter", R), ("palace", O), ("paramedic", R), ("park", O), ("parliament", O), ("partner", R),
    ("partners", O), ("party", O), ("pastor", T | R), ("pavilion", O), ("pensioner", R), ("petroleum", O),
    ("pharmaceuticals", O), ("pharmacist", R), ("philosopher", R), ("photographer", R), ("physician", R),
    ("physicist", R), ("pianist", R), ("pictures", O), ("pilot", R), ("pitcher", R), ("plaintiff", R),
    ("player", R), ("playwright", R), ("plaza", O), ("plc", O), ("plumber", R), ("poet", R), ("police", O),
    ("pollster", R), ("pope", T), ("port", O | G), ("post", O), ("posted", V | B), ("predecessor", R),
    ("predicted", V | B), ("premier", T | R), ("presenter", R), ("president", T | R), ("press", O), ("priest", R),
    ("prime", T), ("prince", T), ("princess", T), ("prison", O), ("prix", O), ("prize", O), ("producer", R),
    ("productions", O), ("prof", T | A), ("professor", T | R), ("program", O), ("programme", O), ("programmer", R),
    ("project", O), ("prosecutor", T | R), ("psychologist", R), ("published", S), ("publisher", R), ("pundit", R),
    ("qb", R), ("quarterback", R), ("queen", T), ("rabbi", T), ("radio", O), ("railway", O), ("railways", O),
    ("rancher", R), ("ranger", R), ("rapper", R), ("rb", R), ("rd", O), ("read", S), ("recalled", V | B),
    ("receiver", R), ("recommended", S), ("records", O), ("referee", R), ("related", S), ("remarked", V | B),
    ("rep", T | A), ("replied", V | B), ("reporter", R), ("representative", T | R), ("republic", O),
    ("researcher", R), ("resident", R), ("responded", V | B), ("retiree", R), ("rev", T | A), ("reverend", T),
    ("rider", R), ("rival", R), ("river", O), ("road", O), ("ruler", R), ("runner", R), ("rusher", R),
    ("said", V | B), ("sailor", R), ("saint", G), ("san", G), ("santa", G), ("sat", A), ("saturday", S),
    ("say", V | B), ("says", V | B), ("school", O), ("scientist", R), ("screenwriter", R), ("sculptor", R),
    ("sea", O), ("secretary", T | R), ("securities", O), ("sen", T | A), ("senate", O), ("senator", T | R),
    ("sept", S | A), ("september", S), ("sergeant", T | R), ("series", O), ("service", O), ("services", O),
    ("sgt", T | A), ("share", S), ("she", S | B), ("sheikh", T), ("shelter", O), ("sheriff", T | R),
    ("should", S | B), ("show", O), ("sign", S), ("since", S | B), ("singer", R), ("sir", T), ("sister", T | R),
    ("sisters", O), ("so", S | B), ("society", O), ("sociologist", R), ("soldier", R), ("some", S | B), ("son", R),
    ("sons", O), ("south", G), ("southern", G), ("speaker", T | R), ("specialist", R), ("spokesman", R),
    ("spokesperson", R), ("spokeswoman", R), ("sports", O), ("square", O), ("sr", X | A), ("st", O | A | G),
    ("stadium", O), ("star", R), ("state", O), ("stated", V | B), ("states", O), ("station", O), ("still", S | B),
    ("strategist", R), ("street", O), ("stressed", V | B), ("striker", R), ("student", R), ("studio", O),
    ("studios", O), ("subscribe", S), ("successor", R), ("such", S | B), ("summit", O), ("sun", A), ("sunday", S),
    ("supt", T | A), ("surgeon", R), ("survivor", R), ("suspect", R), ("swimmer", R), ("synagogue", O),
    ("system", O), ("teacher", R), ("teammate", R), ("technologies", O), ("teenager", R), ("television", O),
    ("temple", O), ("tenant", R), ("testified", V | B), ("than", S | B), ("that", S | B), ("the", S | B),
    ("theater", O), ("theatre", O), ("their", S | B), ("them", S | B), ("then", S | B), ("there", S | B),
    ("these", S | B), ("they", S | B), ("this", S | B), ("those", S | B), ("though", S | B), ("through", S | L | B),
    ("throughout", S | L | B), ("thu", S | A), ("thur", S | A), ("thurs", S | A), ("thursday", S), ("times", O),
    ("to", S | L | B), ("told", V | B), ("tournament", O), ("toward", S | L | B), ("towards", S | L | B),
    ("tower", O), ("trader", R), ("trainer", R), ("treaty", O), ("tribune", O), ("trooper", R), ("trust", O),
    ("tue", S | A), ("tues", S | A), ("tuesday", S), ("tweeted", V | B), ("uncle", R), ("under", S | B),
    ("union", O), ("university", O), ("until", S | B), ("up", S | B), ("upper", G), ("urged", V | B), ("us", S | B),
    ("valley", O), ("van", P), ("ventures", O), ("very", S | B), ("veteran", R), ("via", S | L | B), ("victim", R),
    ("violinist", R), ("vocalist", R), ("volunteer", R), ("von", P), ("vs", S | A | B), ("waiter", R),
    ("waitress", R), ("war", O), ("warden", R), ("warned", V | B), ("was", S | B), ("watch", S), ("we", S | B),
    ("wed", A), ("wednesday", S), ("week", O), ("were", S | B), ("west", G), ("western", G), ("what", S | B),
    ("when", S | B), ("where", S | B), ("whether", S | B), ("which", S | B), ("while", S | B), ("who", S | B),
    ("whose", S | B), ("why", S | B), ("wife", R), ("will", S | B), ("winger", R), ("with", S | B),
    ("within", S | L | B), ("without", S | B), ("witness", R), ("worker", R), ("would", S | B), ("wr", R),
    ("wrestler", R), ("writer", R), ("wrote", V | B), ("y", P), ("yes", S | B), ("yet", S | B), ("you", S | B),
    ("your", S | B), ("zoo", O),
];

/// FNV-1a of the ASCII-lower-cased bytes.
const fn hash(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i].to_ascii_lowercase() as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    h
}

const SLOTS: usize = 2048;

/// An open-addressing hash table over `WORDS` (index + 1; 0 = empty), built at compile time,
/// so that a lookup is one hash and, usually, one comparison.
static TABLE: [u16; SLOTS] = {
    assert!(WORDS.len() * 2 < SLOTS);
    let mut table = [0u16; SLOTS];
    let mut i = 0;
    while i < WORDS.len() {
        let mut slot = hash(WORDS[i].0.as_bytes()) as usize & (SLOTS - 1);
        while table[slot] != 0 {
            slot = (slot + 1) & (SLOTS - 1);
        }
        table[slot] = (i + 1) as u16;
        i += 1;
    }
    table
};

/// The flags of `word` (any case; ASCII words only, others have none).
#[inline]
pub fn flags(word: &str) -> u32 {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > 16 {
        return 0;
    }
    let mut slot = hash(bytes) as usize & (SLOTS - 1);
    loop {
        let entry = TABLE[slot];
        if entry == 0 {
            return 0;
        }
        let (w, f) = WORDS[entry as usize - 1];
        if w.len() == bytes.len() && w.as_bytes().iter().zip(bytes).all(|(a, b)| *a == b.to_ascii_lowercase()) {
            return f;
        }
        slot = (slot + 1) & (SLOTS - 1);
    }
}

/// True when `word` carries `flag`.
#[inline]
pub fn is(word: &str, flag: u32) -> bool {
    flags(word) & flag != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_unique_and_lower_case() {
        for pair in WORDS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} before {:?}", pair[0].0, pair[1].0);
        }
        for (w, _) in WORDS {
            assert_eq!(*w, w.to_ascii_lowercase());
        }
    }

    #[test]
    fn lookups_ignore_case() {
        assert!(is("President", TITLE));
        assert!(is("MR", COURTESY));
        assert!(is("said", SPEECH));
        assert!(is("Recommended", STOP));
        assert!(!is("Ushakov", STOP));
        assert_eq!(flags("São"), 0);
    }
}
