//! People and places through the engine's public API: recognition, hover cards, outline,
//! and the hand-annotated drafts in tests/fixtures/entities (recall and precision floors).

use copydesk::config::Settings;
use copydesk::draft::Format;
use copydesk::engine;
use copydesk::entities::{EntityIndex, EntityKind, MentionForm};

fn index(text: &str) -> EntityIndex {
    engine::entities(text, Format::Plain, &Settings::default())
}

/// (kind, canonical name, mentions as written) for every entity, in order.
fn summary(text: &str) -> Vec<(EntityKind, String, Vec<String>)> {
    index(text)
        .entities
        .iter()
        .map(|e| (e.kind, e.name.clone(), e.mentions.iter().map(|m| text[m.range.clone()].to_string()).collect()))
        .collect()
}

fn names(text: &str, kind: EntityKind) -> Vec<String> {
    summary(text).into_iter().filter(|(k, _, _)| *k == kind).map(|(_, n, _)| n).collect()
}

#[test]
fn multiword_names_and_the_likeliest_place() {
    let text = "Officials in São Paulo and the United States said Xi Jinping would travel to Moscow.";
    assert_eq!(names(text, EntityKind::Place), ["São Paulo", "United States", "Moscow"]);
    assert_eq!(names(text, EntityKind::Person), ["Xi Jinping"]);
    let card = engine::hover(text, Format::Plain, &Settings::default(), text.find("Moscow").unwrap()).unwrap();
    assert!(card.markdown.contains("Country: Russia"), "{}", card.markdown);
    assert!(card.markdown.contains("Capital of Russia"), "{}", card.markdown);
    let idaho = "The University of Idaho is in Moscow, Idaho, a college town.";
    let card = engine::hover(idaho, Format::Plain, &Settings::default(), idaho.find("Moscow").unwrap()).unwrap();
    assert!(card.markdown.contains("Region: Idaho"), "{}", card.markdown);
}

#[test]
fn people_introduced_by_titles_roles_and_speech_verbs() {
    let text = "President Xi Jinping met Kremlin foreign policy adviser Yuri Ushakov and Dr. Amina Farouk. \
                \"We agreed,\" said Karim Ben Salah, a fisherman from Sfax.";
    assert_eq!(names(text, EntityKind::Person), ["Xi Jinping", "Yuri Ushakov", "Amina Farouk", "Karim Ben Salah"]);
}

#[test]
fn unknown_people_get_the_role_the_copy_gives_and_its_line() {
    let text = "Storms hit the coast.\n\nHarbour master Olek Brandvold said the port would close. Brandvold said ships were safe.\n";
    let at = text.rfind("Brandvold").unwrap();
    let card = engine::hover(text, Format::Plain, &Settings::default(), at + 2).unwrap();
    assert!(card.markdown.starts_with("**Olek Brandvold** · person"), "{}", card.markdown);
    assert!(card.markdown.contains("Role: Harbour master — *as the copy puts it, line 3*"), "{}", card.markdown);
    assert!(card.markdown.contains("First reference: line 3 · 2 mentions"), "{}", card.markdown);
    assert_eq!(&text[card.range.clone()], "Brandvold");
}

#[test]
fn surnames_link_to_the_full_mention_before_and_after_it() {
    let text = "Ushakov said talks would resume. Kremlin foreign policy adviser Yuri Ushakov spoke in Moscow. \
                Later, Ushakov's office said more.";
    let s = summary(text);
    let ushakov = s.iter().find(|(_, n, _)| n == "Yuri Ushakov").expect("Ushakov found");
    assert_eq!(ushakov.2, ["Ushakov", "Yuri Ushakov", "Ushakov"]);
    // Hover on any mention shows the same card.
    let settings = Settings::default();
    let cards: Vec<String> = text
        .match_indices("Ushakov")
        .map(|(i, _)| engine::hover(text, Format::Plain, &settings, i).unwrap().markdown)
        .collect();
    assert_eq!(cards.len(), 3);
    assert!(cards.windows(2).all(|w| w[0] == w[1]));
    assert!(cards[0].contains("names list"), "{}", cards[0]);
}

#[test]
fn sentence_initial_words_and_menus_are_not_names() {
    let text = "Recommended Stories\nAdvertisement\nPublished On 12 May 2025\n\nRead More\nShare This\n";
    assert!(index(text).entities.is_empty(), "{:?}", summary(text));
    assert!(engine::hover(text, Format::Plain, &Settings::default(), 3).is_none());
    assert!(engine::hover(text, Format::Plain, &Settings::default(), text.find("Published").unwrap()).is_none());
}

#[test]
fn code_and_urls_are_not_read_for_names() {
    let text = "Talks in Geneva.\n\n```\nMoscow Paris London\n```\n\nSee `Tokyo` at https://example.com/Berlin.\n";
    let idx = engine::entities(text, Format::Markdown, &Settings::default());
    let found: Vec<&str> = idx.entities.iter().flat_map(|e| e.mentions.iter().map(|m| &text[m.range.clone()])).collect();
    assert_eq!(found, ["Geneva"]);
}

#[test]
fn demonyms_link_to_their_country_but_stay_out_of_the_outline() {
    let text = "Russian officials met Chinese diplomats in Paris.";
    let idx = index(text);
    let russia = idx.entities.iter().find(|e| e.name == "Russia").expect("Russian → Russia");
    assert_eq!(russia.mentions[0].form, MentionForm::Demonym);
    let outline = engine::outline(text, Format::Plain, &Settings::default());
    let places: Vec<&str> = outline.places.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(places, ["Paris"]);
    let card = engine::hover(text, Format::Plain, &Settings::default(), 2).unwrap();
    assert!(card.markdown.starts_with("`Russian` → Russia"), "{}", card.markdown);
}

#[test]
fn outline_lists_people_and_places_with_their_first_mention() {
    let text = "MOSCOW (AP) — Kremlin aide Yuri Ushakov said Xi Jinping would visit. Ushakov spoke in Moscow.";
    let outline = engine::outline(text, Format::Plain, &Settings::default());
    let people: Vec<(&str, &str, usize)> =
        outline.people.iter().map(|p| (p.name.as_str(), &text[p.range.clone()], p.mentions)).collect();
    assert_eq!(people, [("Yuri Ushakov", "Yuri Ushakov", 2), ("Xi Jinping", "Xi Jinping", 1)]);
    let places: Vec<(&str, &str, usize)> =
        outline.places.iter().map(|p| (p.name.as_str(), &text[p.range.clone()], p.mentions)).collect();
    assert_eq!(places, [("Moscow", "MOSCOW", 2)]);
    assert!(outline.places[0].detail.contains("Russia"), "{}", outline.places[0].detail);
}

#[test]
fn place_cards_give_kind_country_population_source_and_coordinates() {
    let text = "Flooding hit São Paulo.";
    let card = engine::hover(text, Format::Plain, &Settings::default(), text.find("Paulo").unwrap()).unwrap();
    for part in ["**São Paulo** · city", "Country: Brazil", "Population: ", "(GeoNames, CC BY 4.0)", "Coordinates: ", "° S, ", "° W"] {
        assert!(card.markdown.contains(part), "{part} missing from:\n{}", card.markdown);
    }
    let text = "Talks in the West Bank stalled.";
    let card = engine::hover(text, Format::Plain, &Settings::default(), text.find("Bank").unwrap()).unwrap();
    assert!(card.markdown.contains("Country: Palestinian Territory"), "{}", card.markdown);
}

// --- hand-annotated drafts ---------------------------------------------------------------

/// Parses a draft marked up with `[[text|person]]` / `[[text|place]]`: (plain text, spans).
fn parse_annotated(marked: &str) -> (String, Vec<(std::ops::Range<usize>, EntityKind)>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("]]").expect("unclosed [[");
        let (name, kind) = after[..close].rsplit_once('|').expect("[[text|kind]]");
        let kind = match kind {
            "person" => EntityKind::Person,
            "place" => EntityKind::Place,
            other => panic!("unknown kind {other}"),
        };
        spans.push((text.len()..text.len() + name.len(), kind));
        text.push_str(name);
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    (text, spans)
}

#[test]
fn hand_annotated_drafts_meet_the_floors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entities");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    files.sort();
    assert!(files.len() >= 5, "at least five annotated drafts");
    for kind in [EntityKind::Person, EntityKind::Place] {
        let (mut agree, mut predicted, mut found, mut gold) = (0, 0, 0, 0);
        let mut misses = Vec::new();
        for path in &files {
            let (text, spans) = parse_annotated(&std::fs::read_to_string(path).unwrap());
            let idx = index(&text);
            let ours: Vec<_> = idx
                .entities
                .iter()
                .filter(|e| e.kind == kind)
                .flat_map(|e| e.mentions.iter().filter(|m| m.form != MentionForm::Demonym).map(|m| m.range.clone()))
                .collect();
            let theirs: Vec<_> = spans.iter().filter(|(_, k)| *k == kind).map(|(r, _)| r.clone()).collect();
            let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| a.start < b.end && b.start < a.end;
            predicted += ours.len();
            gold += theirs.len();
            for o in &ours {
                if theirs.iter().any(|t| overlaps(o, t)) {
                    agree += 1;
                } else {
                    misses.push(format!("extra {:?} in {}", &text[o.clone()], path.display()));
                }
            }
            for t in &theirs {
                if ours.iter().any(|o| overlaps(o, t)) {
                    found += 1;
                } else {
                    misses.push(format!("missed {:?} in {}", &text[t.clone()], path.display()));
                }
            }
        }
        let precision = agree as f64 / predicted.max(1) as f64;
        let recall = found as f64 / gold.max(1) as f64;
        assert!(precision >= 0.95 && recall >= 0.95, "{kind:?}: precision {precision:.3}, recall {recall:.3}\n{}", misses.join("\n"));
    }
}

#[test]
fn a_state_written_as_a_code_after_a_city_is_a_place_and_picks_the_city() {
    let text = "The tour plays Raleigh, NC, then Santa Fe, N.M., and Monroe, La., before Washington, D.C.";
    let places = summary(text).into_iter().filter(|(k, _, _)| *k == EntityKind::Place).collect::<Vec<_>>();
    let written: Vec<&str> = places.iter().flat_map(|(_, _, m)| m.iter().map(String::as_str)).collect();
    for w in ["Raleigh", "NC", "Santa Fe", "N.M.", "Monroe", "La.", "D.C."] {
        assert!(written.contains(&w), "{w} missing from {places:?}");
    }
    let names: Vec<&str> = places.iter().map(|(_, n, _)| n.as_str()).collect();
    assert!(names.contains(&"North Carolina") && names.contains(&"New Mexico") && names.contains(&"Louisiana"), "{names:?}");
    let release = "NEW YORK, NY – The agency opened an office in Washington, DC, last year.";
    let written: Vec<String> = summary(release).into_iter().filter(|(k, _, _)| *k == EntityKind::Place).flat_map(|(_, _, m)| m).collect();
    assert!(written.contains(&"NY".to_string()) && written.contains(&"DC".to_string()), "{written:?}");
    // `Santa Fe, N.M.` is the city in New Mexico, not the one in Argentina.
    let card = engine::hover(text, Format::Plain, &Settings::default(), text.find("Santa Fe").unwrap()).unwrap();
    assert!(card.markdown.contains("Region: New Mexico"), "{}", card.markdown);
}

#[test]
fn provinces_regions_and_planets_are_places() {
    let text = "The helicopter crashed in Logar province, and plague cases were reported in Qinghai. \
                Astronauts could reach Mars within 20 years, far from Earth.";
    assert_eq!(names(text, EntityKind::Place), ["Logar", "Qinghai", "Mars", "Earth"]);
    let card = engine::hover(text, Format::Plain, &Settings::default(), text.find("Mars").unwrap()).unwrap();
    assert!(card.markdown.contains("planet or moon"), "{}", card.markdown);
    // Part of a longer name, a planet is not one: `Bruno Mars`, `Earth Day`.
    assert_eq!(names("Fans of Bruno Mars marked Earth Day in Ohio.", EntityKind::Place), ["Ohio"]);
}

#[test]
fn a_role_after_the_comma_or_a_verb_after_the_name_makes_a_person() {
    let text = "Gwynne Shotwell, president and chief operating officer of the company, said the lander was ready.\n\n\
                Avi Bell, senior fellow at the forum, disagreed.\n\n\
                Mike Glass threw for three touchdowns.\n\n\
                Sergei Bobrovsky stopped 35 shots.";
    assert_eq!(names(text, EntityKind::Person), ["Gwynne Shotwell", "Avi Bell", "Mike Glass", "Sergei Bobrovsky"]);
    let at = text.find("Shotwell").unwrap();
    let card = engine::hover(text, Format::Plain, &Settings::default(), at).unwrap();
    assert!(card.markdown.contains("Role: president and chief operating officer"), "{}", card.markdown);
    // A role that introduces the next name does not make the run before the comma a person.
    assert_eq!(names("Goldman Sachs, chief executive David Solomon said, was cautious.", EntityKind::Person), ["David Solomon"]);
    // Neither does a sentence-opening run with no verb after it.
    assert!(names("Hidden Gems\n\nRecommended Stories are below.", EntityKind::Person).is_empty());
}

#[test]
fn products_job_titles_and_adjectives_are_not_people() {
    let text = "I tested the Linksys Velop Wi-Fi 6 Mesh Router. Wi-Fi 6 is fast, and Wi-Fi adoption is growing. \
                Score the Apple Watch Series 3 today; Apple cut prices. \
                The firm hired Ivan Braiker as its first Chief Strategy Officer, and Braiker said he was thrilled. \
                The major Asian markets were mixed.";
    assert_eq!(names(text, EntityKind::Person), ["Ivan Braiker"]);
}

#[test]
fn sports_roundups_and_offices_of_a_country() {
    let text = "Jets 2, Predators 1: Patrik Laine and Nikolaj Ehlers scored, and Winnipeg won.\n\n\
                HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper arrived on Tuesday.";
    assert_eq!(names(text, EntityKind::Person), ["Patrik Laine", "Nikolaj Ehlers", "Mark Esper"]);
    let places = names(text, EntityKind::Place);
    assert!(places.contains(&"United States".to_string()), "{places:?}");
    let envoy = "China's ambassador to Britain Liu Xiaming said the unrest must end. Liu said talks were possible.";
    assert_eq!(names(envoy, EntityKind::Person), ["Liu Xiaming"]);
    assert!(names(envoy, EntityKind::Place).contains(&"United Kingdom".to_string()), "{:?}", names(envoy, EntityKind::Place));
    // A country that opens a longer name stays part of it.
    assert!(!names("He reads the Washington Post and China Daily.", EntityKind::Place).contains(&"China".to_string()));
}
