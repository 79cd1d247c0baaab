//! Anchor matching: unit cases, and the property that no published address ever
//! points at unrelated words, over random edit sequences; naive renumbering fails it.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;

fn prints(paras: &[&str]) -> Vec<Print> {
    paras.iter().map(|p| print(p)).collect()
}

fn ids(m: &Matched) -> Vec<&str> {
    m.assigned.iter().map(|a| a.id.as_str()).collect()
}

const A: &str = "The council met on Tuesday to discuss the humanitarian corridors from the city.";
const B: &str = "Officials said the trucks would return with wounded civilians later in the week.";
const C: &str = "The minister described the talks as difficult but said they would continue.";
const D: &str = "A completely different paragraph about the weather and the harvest this autumn.";

#[test]
fn first_build_numbers_in_order() {
    let m = assign(&prints(&[A, B, C]), &[], "2026-01-01");
    assert_eq!(ids(&m), vec!["p1", "p2", "p3"]);
    assert!(m.assigned.iter().all(|a| a.status == Status::New));
}

#[test]
fn typo_keeps_the_number_insertion_gets_a_letter_deletion_leaves_a_note() {
    let first = assign(&prints(&[A, B, C]), &[], "2026-01-01");
    let b_fixed = B.replace("wounded", "wonded");
    let second = assign(&prints(&[A, D, &b_fixed]), &first.lock, "2026-02-02");
    assert_eq!(ids(&second), vec!["p1", "p1a", "p2"]);
    assert_eq!(second.assigned[2].status, Status::Revised);
    assert_eq!(second.assigned[2].revised.as_deref(), Some("2026-02-02"));
    type Note<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
    let removed: Vec<Note> = second
        .lock
        .iter()
        .filter(|l| l.removed.is_some())
        .map(|l| {
            (
                l.id.as_str(),
                l.removed.as_deref(),
                l.after.as_deref(),
                l.before.as_deref(),
            )
        })
        .collect();
    assert_eq!(removed, vec![("p3", Some("2026-02-02"), Some("p2"), None)]);
    // The lock keeps the removed anchor in place, and a third build changes nothing.
    let third = assign(&prints(&[A, D, &b_fixed]), &second.lock, "2026-03-03");
    assert_eq!(third.lock, second.lock);
}

#[test]
fn moves_keep_addresses_and_appends_take_the_next_number() {
    let first = assign(&prints(&[A, B, C]), &[], "d");
    let second = assign(&prints(&[C, A, B, D]), &first.lock, "d");
    assert_eq!(ids(&second), vec!["p3", "p1", "p2", "p4"]);
}

#[test]
fn unrelated_replacement_is_not_a_revision() {
    let first = assign(&prints(&[A, B, C]), &[], "d");
    let second = assign(&prints(&[A, D, C]), &first.lock, "d");
    assert_eq!(ids(&second), vec!["p1", "p1a", "p3"]);
    assert!(
        second
            .lock
            .iter()
            .any(|l| l.id == "p2" && l.removed.is_some())
    );
}

#[test]
fn a_run_of_insertions_takes_letters_after_the_same_address() {
    // Each new block follows the last address kept, so a long run of insertions gets
    // short addresses (p1a, p1b, …), not ever longer ones (p1a, p1aa, p1aaa, …).
    let first = assign(&prints(&[A, B]), &[], "d");
    let inserted: Vec<String> = (0..30)
        .map(|i| format!("{D} {i} {}", "x".repeat(i)))
        .collect();
    let mut texts: Vec<&str> = vec![A];
    texts.extend(inserted.iter().map(String::as_str));
    texts.push(B);
    let second = assign(&prints(&texts), &first.lock, "d");
    let got = ids(&second);
    assert_eq!(&got[..4], &["p1", "p1a", "p1b", "p1c"]);
    assert_eq!(&got[26..], &["p1z", "p1aa", "p1ab", "p1ac", "p1ad", "p2"]);
}

#[test]
fn many_identical_blocks_keep_their_addresses_in_order() {
    let same = vec!["- a"; 5000];
    let first = assign(&prints(&same), &[], "d");
    let expected: Vec<String> = (1..=5000).map(|n| format!("p{n}")).collect();
    assert_eq!(ids(&first), expected);
    let second = assign(&prints(&same), &first.lock, "d");
    assert_eq!(second.lock, first.lock);
}

#[test]
fn the_lock_file_round_trips() {
    let first = assign(&prints(&[A, B]), &[], "d");
    let second = assign(&prints(&[B]), &first.lock, "2026-05-05");
    let mut file = LockFile {
        version: 1,
        documents: BTreeMap::new(),
        annotations: BTreeMap::new(),
    };
    file.annotations.insert("doc/note".into(), "p2".into());
    file.documents
        .insert("2022-04-26-x".into(), second.lock.clone());
    file.documents.insert("another".into(), first.lock.clone());
    let text = file.render();
    assert!(text.contains("{ id = \"p1\", hash = \""), "{text}");
    assert_eq!(LockFile::parse(&text).unwrap(), file);
}

#[test]
fn letters_count_like_spreadsheet_columns() {
    assert_eq!(
        (letters(1), letters(26), letters(27)),
        ("a".into(), "z".into(), "aa".into())
    );
}

// ---- The property -------------------------------------------------------------

/// A paragraph of the simulated document, with the original paragraphs it derives from.
#[derive(Debug, Clone)]
struct Para {
    text: String,
    origins: BTreeSet<u32>,
}

#[derive(Debug, Clone)]
enum Edit {
    Typo { at: usize, word: usize },
    Insert { at: usize, seed: u32 },
    Delete { at: usize },
    Move { from: usize, to: usize },
    Split { at: usize, word: usize },
    Merge { at: usize },
}

fn words(seed: u32, n: usize) -> String {
    // A vocabulary of a few thousand distinct made-up words.
    const SYL: [&str; 24] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "an", "el", "is", "or", "um",
        "be", "ga", "hu", "ji", "fe", "qu", "ze", "wy", "xo",
    ];
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(12345);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let len = 2 + (x % 3) as usize;
            (0..len)
                .map(|i| SYL[((x >> (i * 5)) % 24) as usize])
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn apply(doc: &mut Vec<Para>, edit: &Edit, next_origin: &mut u32) {
    let n = doc.len();
    match *edit {
        Edit::Typo { at, word } if n > 0 => {
            let p = &mut doc[at % n];
            let mut ws: Vec<String> = p.text.split(' ').map(str::to_string).collect();
            let w = word % ws.len();
            let mut chars: Vec<char> = ws[w].chars().collect();
            let i = chars.len() / 2;
            chars[i] = if chars[i] == 'x' { 'y' } else { 'x' };
            ws[w] = chars.into_iter().collect();
            p.text = ws.join(" ");
        }
        Edit::Insert { at, seed } => {
            *next_origin += 1;
            doc.insert(
                at % (n + 1),
                Para {
                    text: words(seed, 8 + (seed % 30) as usize),
                    origins: BTreeSet::from([*next_origin]),
                },
            );
        }
        Edit::Delete { at } if n > 1 => {
            doc.remove(at % n);
        }
        Edit::Move { from, to } if n > 1 => {
            let p = doc.remove(from % n);
            doc.insert(to % n, p);
        }
        Edit::Split { at, word } if n > 0 => {
            let p = doc[at % n].clone();
            let ws: Vec<&str> = p.text.split(' ').collect();
            if ws.len() >= 4 {
                let k = 2 + word % (ws.len() - 3);
                doc[at % n].text = ws[..k].join(" ");
                doc.insert(
                    at % n + 1,
                    Para {
                        text: ws[k..].join(" "),
                        origins: p.origins,
                    },
                );
            }
        }
        Edit::Merge { at } if n > 1 => {
            let i = at % (n - 1);
            let next = doc.remove(i + 1);
            doc[i].text = format!("{} {}", doc[i].text, next.text);
            doc[i].origins.extend(next.origins);
        }
        _ => {}
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<usize>(), any::<usize>()).prop_map(|(at, word)| Edit::Typo { at, word }),
        2 => (any::<usize>(), any::<u32>()).prop_map(|(at, seed)| Edit::Insert { at, seed }),
        2 => any::<usize>().prop_map(|at| Edit::Delete { at }),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Edit::Move { from, to }),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(at, word)| Edit::Split { at, word }),
        1 => any::<usize>().prop_map(|at| Edit::Merge { at }),
    ]
}

/// What a published address pointed at: its paragraph's origins and text.
type Published = BTreeMap<String, (BTreeSet<u32>, String)>;

/// Runs the edits through `strategy` (a build: blocks + lock → addresses) and checks
/// after every build that each address ever published resolves to the same words, a
/// revised successor of them, or an explicit removal note.
fn check<F>(initial: Vec<Para>, edits: &[Edit], strategy: F) -> Result<(), String>
where
    F: Fn(&[Print], &[Locked]) -> Matched,
{
    let mut doc = initial;
    let mut next_origin = 10_000;
    let mut lock: Vec<Locked> = Vec::new();
    let mut published: Published = BTreeMap::new();
    for step in 0..=edits.len() {
        if step > 0 {
            apply(&mut doc, &edits[step - 1], &mut next_origin);
        }
        let texts: Vec<&str> = doc.iter().map(|p| p.text.as_str()).collect();
        let m = strategy(&prints(&texts), &lock);
        for (id, (origins, text)) in &published {
            let live = m.assigned.iter().position(|a| &a.id == id);
            match live {
                Some(i) => {
                    let para = &doc[i];
                    if para.origins.is_disjoint(origins) {
                        return Err(format!(
                            "step {step}: #{id} now points at unrelated words: {:?} (was {:?})",
                            para.text, text
                        ));
                    }
                    if &para.text != text && m.assigned[i].status != Status::Revised {
                        return Err(format!(
                            "step {step}: #{id} changed words without being marked revised"
                        ));
                    }
                }
                None if m.lock.iter().any(|l| &l.id == id && l.removed.is_some()) => {}
                None => {
                    return Err(format!(
                        "step {step}: #{id} vanished without a removal note"
                    ));
                }
            }
        }
        for (a, p) in m.assigned.iter().zip(&doc) {
            published.insert(a.id.clone(), (p.origins.clone(), p.text.clone()));
        }
        lock = m.lock;
    }
    Ok(())
}

fn initial(n: usize, seed: u32) -> Vec<Para> {
    (0..n as u32)
        .map(|i| Para {
            text: words(
                seed.wrapping_add(i * 7919),
                6 + ((seed as usize + i as usize * 13) % 40),
            ),
            origins: BTreeSet::from([i]),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn published_anchors_never_point_at_unrelated_words(
        n in 1usize..25,
        seed in any::<u32>(),
        edits in proptest::collection::vec(edit(), 1..20),
    ) {
        let result = check(initial(n, seed), &edits, |blocks, lock| assign(blocks, lock, "2026-01-01"));
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }
}

/// What a naive generator does: number the blocks 1, 2, 3… on every build.
fn naive(blocks: &[Print], _lock: &[Locked]) -> Matched {
    let assigned = (1..=blocks.len())
        .map(|n| Assigned {
            id: format!("p{n}"),
            status: Status::Same,
            revised: None,
        })
        .collect();
    Matched {
        assigned,
        lock: Vec::new(),
    }
}

#[test]
fn naive_renumbering_fails_the_property() {
    // One paragraph inserted at the top shifts every address onto other words.
    let err = check(initial(3, 7), &[Edit::Insert { at: 0, seed: 99 }], naive).unwrap_err();
    assert!(err.contains("now points at unrelated words"), "{err}");
    // And a deletion makes an address vanish.
    let err = check(initial(3, 7), &[Edit::Delete { at: 2 }], naive).unwrap_err();
    assert!(err.contains("vanished without a removal note"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The property has teeth: random edit sequences catch naive renumbering.
    #[test]
    fn random_edits_catch_naive_renumbering(
        n in 3usize..10,
        seed in any::<u32>(),
        at in 0usize..3,
    ) {
        let edits = [Edit::Insert { at, seed }];
        let caught = check(initial(n, seed), &edits, naive).is_err();
        prop_assert!(caught);
    }
}

#[test]
fn the_lock_file_round_trips_whatever_its_strings() {
    let mut lock = LockFile {
        version: 1,
        ..LockFile::default()
    };
    lock.documents.insert(
        "doc \"quoted\" \\ Київ".into(),
        vec![Locked {
            id: "p1".into(),
            hash: "00ff".into(),
            sim: "ff00".into(),
            revised: Some("2026-01-02".into()),
            removed: None,
            after: None,
            before: Some("p2\u{7}".into()),
        }],
    );
    lock.annotations.insert("a/\"b\"\n".into(), "p1".into());
    let text = lock.render();
    assert_eq!(LockFile::parse(&text).unwrap(), lock);
}

#[test]
fn the_shipped_lock_is_in_the_writers_format() {
    let text = include_str!("../../../content/anchors.lock");
    assert_eq!(LockFile::parse(text).unwrap().render(), text);
}
