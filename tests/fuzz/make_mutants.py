"""Writes mutated copies of the library scenarios: the corpus the fuzz target replays in ctest.

    make_mutants.py OUT_DIR PER_FILE SCENARIO...

Each mutant applies one or two of the damages the hardening work found crashes and hangs with:
lines deleted, duplicated or swapped; numbers made extreme (inf, nan, 1e309, -1e308, 4294967296,
1e-300); braces damaged; invalid UTF-8; deep nesting; very long names; long lists. The choice is
seeded, so the corpus is the same on every run.
"""
import os
import random
import re
import sys

EXTREMES = ["inf", "-inf", "nan", "1e309", "-1e308", "1e300", "4294967296", "18446744073709551616",
            "-1", "0", "1e-300", "-0"]


def mutate(lines, rng):
    lines = list(lines)
    kind = rng.randrange(10)
    if not lines:
        return lines
    i = rng.randrange(len(lines))
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(i, lines[i])
    elif kind == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 3:
        numbers = [k for k, l in enumerate(lines) if re.search(r":\s*-?[0-9.]", l)]
        if numbers:
            k = rng.choice(numbers)
            lines[k] = re.sub(r"(:\s*)-?[0-9][0-9.eE+-]*", lambda m: m.group(1) + rng.choice(EXTREMES),
                              lines[k], count=1)
    elif kind == 4:
        lines[i] = lines[i].replace("}", "", 1) if rng.random() < 0.5 else lines[i] + " {"
    elif kind == 5:
        lines[i] = lines[i].replace('"', '"\udcff\udcfe', 1)
    elif kind == 6:
        depth = rng.choice([50, 500, 5000])
        lines.insert(i, "market {" * depth + "}" * depth)
    elif kind == 7:
        lines.insert(i, "nations { id: \"" + "x" * rng.choice([1000, 40000]) + "\" }")
    elif kind == 8:
        lines.insert(i, "unknown_field_" + "q" * rng.choice([100, 40000]) + ": 1")
    else:
        block = 'uncertain { path: "adoption.mu" value { beta { alpha: %s beta: 2 } } }' % rng.choice(
            EXTREMES)
        lines.insert(i, block)
    return lines


def main():
    out, per_file, sources = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261205)
    written = 0
    for source in sources:
        with open(source, encoding="utf-8") as f:
            lines = f.read().split("\n")
        name = os.path.splitext(os.path.basename(source))[0]
        for k in range(per_file):
            mutant = mutate(lines, rng)
            if rng.random() < 0.3:
                mutant = mutate(mutant, rng)
            path = os.path.join(out, "%s-%03d.textproto" % (name, k))
            with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write("\n".join(mutant))
            written += 1
    print("%d mutants in %s" % (written, out))


if __name__ == "__main__":
    main()
