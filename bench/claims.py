"""Claims benchmark: score.py on seeds, polnear-dev and polnear-train, and the stage's throughput.

    python bench/claims.py [--bench ../shared/bench] [--sets seeds polnear-dev polnear-train]
    python bench/claims.py --frontier [--speed-files 1000]

Quality goes through the real flow (bench/quality.py). Throughput runs the claims stage
alone (transforms.extract.claims.process, with the people mentions it resolves speakers against)
over polnear-train's bodies in one process.

``--frontier`` prints the quality/speed frontier of the README: for each configuration
(patterns only; the tagger without a parse; the parse only for cue units; the parse of every
unit), polnear-dev claims F1, strict F1 and is_direct accuracy through the flow, and the claims
stage's words per CPU second on one process over the first ``--speed-files`` Reuters-21578
stories (CPU time, because this machine is shared: wall time drifts with the other load).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FRONTIER = {            # configuration -> [claims] settings
    "patterns only": {"learned_tagger": "false"},
    "tagger without parse": {"syntax_units": '"none"'},
    "parse of cue units": {"syntax_units": '"cue_candidates"'},
    "parse of every unit (default)": {},
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--sets", nargs="+", default=["seeds", "polnear-dev", "polnear-train"])
    ap.add_argument("--frontier", action="store_true", help="the README's quality/speed table")
    ap.add_argument("--speed-files", type=int, default=1000, help="Reuters stories for the frontier's speed column")
    args = ap.parse_args()
    if args.frontier:
        return frontier(Path(args.bench), args.speed_files)
    subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--sets", *args.sets, "--bench", args.bench], check=True)

    from _common import parsed_articles, throughput, timed

    from transforms.extract import claims, people
    from transforms.common.settings import load_settings

    settings = load_settings()
    arts, _ = parsed_articles(Path(args.bench) / "polnear-train" / "raw", settings)
    mentions, _ = people.resolve(people.find_mentions(arts, settings), arts, settings)
    words = int(arts["body"].str.split().str.len().sum())
    rows, dt = timed(claims.process, arts, mentions, settings)
    print(throughput("claims", "polnear-train", len(arts), words, dt, f"{len(rows):,} claims"))
    return 0


def frontier(bench: Path, speed_files: int) -> int:
    from _common import parsed_articles

    from transforms.common.settings import load_settings
    from transforms.extract import people

    corpus = ROOT / "scratch" / "throughput" / f"raw-{speed_files}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(bench / "corpus-reuters21578" / "materialize.py"), "--out", str(corpus),
                        "--limit", str(speed_files)], check=True, stdout=subprocess.DEVNULL)
    base = load_settings()
    arts, _ = parsed_articles(corpus, base)
    mentions, _ = people.resolve(people.find_mentions(arts, base), arts, base)
    words = int(arts["body"].str.split().str.len().sum())
    lines = ["| configuration | polnear-dev claims F1 | strict F1 | is_direct acc | claims-stage words/CPU-s |", "|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for k, (name, keys) in enumerate(FRONTIER.items()):
            config = Path(tmp) / f"claims-{k}.toml"            # one file each: settings are cached by path
            config.write_text("[claims]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items()))
            out = Path(tmp) / "quality"
            subprocess.run([sys.executable, str(ROOT / "bench" / "quality.py"), "--sets", "polnear-dev", "--bench", str(bench),
                            "--out", str(out), "--config", str(config)], check=True, stdout=subprocess.DEVNULL)
            res = json.loads((out / "polnear-dev" / "score.json").read_text())["claims"]
            speed = _stage_speed(arts, mentions, load_settings(str(config)), words)
            lines.append(f"| {name} | {res['F1']:.3f} | {res['strict_F1']:.3f} | {res['direct_acc']:.3f} | {speed:,.0f} |")
            print(lines[-1], flush=True)
    print("\n".join(lines))
    return 0


def _stage_speed(arts, mentions, settings, words: int) -> float:
    """Words per CPU second of the claims stage on one process (models loaded first)."""
    from transforms.extract import claims

    claims.process(arts.iloc[:5], mentions, settings)             # loads the models and spaCy
    start = time.process_time()
    claims.process(arts, mentions, settings)
    return words / (time.process_time() - start)


if __name__ == "__main__":
    sys.exit(main())
