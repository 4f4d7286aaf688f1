//! English-ness of a passage: how much of it is common English function words.
//!
//! Rules tuned to English (doubled words, boilerplate vocabulary) consult this so that they
//! stay quiet on copy in other languages, where the same patterns can be grammatical
//! (Indonesian `biasa-biasa` written `biasa biasa`, German `ein ein` in a quoted stammer).

/// The most frequent English function words, lowercase. Their share of a passage's words is
/// about 0.4–0.5 in English news copy and under 0.05 in most other languages.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could",
    "for", "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "more",
    "not", "of", "on", "one", "or", "our", "out", "said", "she", "so", "than", "that", "the", "their", "them",
    "there", "they", "this", "to", "up", "was", "we", "were", "what", "when", "which", "who", "will", "with",
    "would", "you",
];

/// True when `word` (any case) is one of the common English function words.
pub fn is_function_word(word: &str) -> bool {
    // Every function word is short ASCII: lower-case into a stack buffer, no allocation.
    let bytes = word.as_bytes();
    if bytes.len() > 8 || !word.is_ascii() {
        return false;
    }
    let mut buf = [0u8; 8];
    for (b, c) in buf.iter_mut().zip(bytes) {
        *b = c.to_ascii_lowercase();
    }
    let lower = &buf[..bytes.len()];
    FUNCTION_WORDS.binary_search_by(|w| w.as_bytes().cmp(lower)).is_ok()
}

/// Counts (function words, all words) in `text`; words are runs of alphabetic characters.
pub fn function_word_counts(text: &str) -> (usize, usize) {
    let mut function = 0;
    let mut total = 0;
    for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        total += 1;
        if word.len() <= 5 && is_function_word(word) {
            function += 1;
        }
    }
    (function, total)
}

/// True when `text` reads as English: at least one word in twelve is a common English
/// function word. Passages of fewer than five words are judged English when any of their
/// words is one (a short line cannot be judged better).
pub fn looks_english(text: &str) -> bool {
    let (function, total) = function_word_counts(text);
    if total < 5 {
        return function > 0;
    }
    function * 12 >= total
}

/// Frequent function words of Spanish, Portuguese, French, German, Italian, Dutch, Indonesian
/// and Russian (lowercase, sorted, English ones left out), written down by the copydesk team
/// from general knowledge of those languages. Language-neutral signals use them together with
/// [`FUNCTION_WORDS`] so that copy in those languages counts as prose, not as word lists.
const OTHER_FUNCTION_WORDS: &[&str] = &[
    "aan", "aber", "ada", "adalah", "akan", "al", "algo", "algunas", "algunos", "alla", "als", "am",
    "anche", "ante", "antes", "ao", "aos", "atau", "até", "au", "auch", "auf", "aus", "aux", "avec",
    "bei", "bij", "bis", "bisa", "ce", "ces", "cette", "che", "ci", "com", "come", "comme", "como",
    "con", "contra", "cual", "cuando", "da", "dalam", "dan", "dans", "dari", "das", "dass", "dat",
    "de", "dei", "del", "dele", "deles", "della", "dem", "den", "dengan", "depois", "der", "des",
    "desde", "di", "die", "do", "donde", "door", "dos", "du", "durante", "durch", "e", "een", "ein",
    "eine", "einem", "einen", "einer", "el", "ela", "elas", "ele", "eles", "ella", "elle", "ellos",
    "em", "en", "entre", "er", "era", "es", "esa", "ese", "eso", "essa", "essas", "esse", "esses",
    "est", "esta", "estar", "estas", "este", "esto", "estos", "está", "estão", "et", "eu", "foi",
    "foram", "fosse", "fue", "für", "gli", "ha", "haben", "han", "hasta", "hat", "havia", "hay", "het",
    "há", "il", "im", "ini", "isso", "ist", "itu", "juga", "já", "kami", "karena", "ke", "kita", "la",
    "las", "le", "les", "leur", "lhe", "lo", "los", "lui", "ma", "maar", "mais", "man", "mas", "me",
    "mehr", "mereka", "mesmo", "met", "meu", "minha", "mit", "mucho", "muchos", "muito", "muy", "más",
    "na", "naar", "nach", "nada", "nas", "ne", "nel", "nem", "ni", "nicht", "niet", "no", "noch",
    "nog", "non", "nos", "nosotros", "nous", "num", "numa", "nur", "não", "nós", "o", "oder", "oleh",
    "om", "ont", "ook", "op", "os", "otra", "otras", "otro", "otros", "ou", "pada", "par", "para",
    "pas", "pela", "pelas", "pelo", "pelos", "per", "pero", "più", "plus", "poco", "por", "porque",
    "pour", "qual", "quando", "que", "quem", "questo", "qui", "quien", "quienes", "qué", "sa", "saya",
    "se", "sei", "sein", "seja", "sem", "seperti", "ser", "será", "ses", "seu", "seus", "si", "sich",
    "sie", "sin", "sind", "sobre", "son", "sono", "sont", "su", "sua", "suas", "sudah", "sur", "sus",
    "sí", "só", "también", "também", "tanto", "te", "telah", "tem", "tenho", "ter", "tidak", "tinha",
    "todo", "todos", "têm", "um", "uma", "un", "una", "und", "une", "uno", "unos", "untuk", "van",
    "você", "von", "voor", "vor", "vous", "war", "wel", "werden", "wie", "wird", "wurde", "y", "ya",
    "yang", "yo", "zijn", "zu", "zum", "zur", "à", "às", "è", "é", "él", "était", "été", "être",
    "über", "а", "бы", "был", "было", "быть", "в", "вот", "все", "вы", "для", "до", "его", "если",
    "же", "за", "и", "из", "или", "к", "как", "ли", "мы", "на", "не", "ни", "но", "о", "он", "она",
    "от", "по", "при", "с", "так", "то", "только", "ты", "у", "уже", "что", "это", "я",
];

/// Every function word of English and of the other languages (lowercase): the words for which
/// [`is_function_word_any_language`] is true, for callers that fold them into a table of their
/// own.
pub fn function_words_any_language() -> impl Iterator<Item = &'static str> {
    FUNCTION_WORDS.iter().chain(OTHER_FUNCTION_WORDS).copied()
}

/// True when `lower` (already lowercase) is a common function word of English or of one of the
/// other languages in [`OTHER_FUNCTION_WORDS`].
pub fn is_function_word_any_language(lower: &str) -> bool {
    FUNCTION_WORDS.binary_search(&lower).is_ok() || OTHER_FUNCTION_WORDS.binary_search(&lower).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        for list in [FUNCTION_WORDS, OTHER_FUNCTION_WORDS] {
            let mut sorted = list.to_vec();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted, list);
        }
        assert!(OTHER_FUNCTION_WORDS.iter().all(|w| !FUNCTION_WORDS.contains(w)));
    }

    #[test]
    fn function_words_of_other_languages_are_known() {
        for word in ["the", "und", "que", "yang", "что", "della"] {
            assert!(is_function_word_any_language(word), "{word}");
        }
        assert!(!is_function_word_any_language("minister"));
    }

    #[test]
    fn function_words_match_in_any_case_and_only_whole() {
        assert!(is_function_word("The") && is_function_word("WHICH") && is_function_word("a"));
        assert!(!is_function_word("theory") && !is_function_word("") && !is_function_word("thé"));
        assert!(FUNCTION_WORDS.iter().all(|w| w.len() <= 5), "the stack buffer holds every word");
    }

    #[test]
    fn tells_english_from_other_languages() {
        assert!(looks_english("The minister said on Monday that the talks would resume in March."));
        assert!(!looks_english("Pemerintah akan terus memantau situasi keamanan di wilayah tersebut."));
        assert!(!looks_english("Die Regierung hat am Montag ein neues Gesetz vorgestellt."));
        assert!(!looks_english("月別 月別 アーカイブ"));
    }
}
