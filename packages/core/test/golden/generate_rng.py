#!/usr/bin/python3
"""Fixed vectors for Fieldtest's PRNG and seeded random split, from an independent
pure-Python implementation of the algorithms documented in
packages/core/src/random/create-rng.ts and splits/random-split.ts:

- SplitMix64 (Vigna's splitmix64.c) expands the seed (taken mod 2^64) into the state
  [lo32(z0), hi32(z0), lo32(z1), hi32(z1)] of xoshiro128** 1.1 (Blackman & Vigna).
- nextFloat = ((a >> 5) * 2^26 + (b >> 6)) / 2^53 from two outputs a, b.
- uniform int in [0, n): reject r >= 2^32 - (2^32 mod n), then r mod n.
- randomSplit: nTest = round-half-up(f * n) clamped to [1, n-1]; Fisher-Yates from the top;
  test = the first nTest entries of the permutation, both sides sorted.

    /usr/bin/python3 packages/core/test/golden/generate_rng.py

writes rng-vectors.json next to this file (no third-party packages needed).
"""

import json
import math
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rng-vectors.json")
M64 = (1 << 64) - 1
M32 = (1 << 32) - 1


def splitmix64(seed, count):
    x = seed & M64
    out = []
    for _ in range(count):
        x = (x + 0x9E3779B97F4A7C15) & M64
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        out.append(z ^ (z >> 31))
    return out


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class Xoshiro128ss:
    def __init__(self, seed):
        z0, z1 = splitmix64(seed, 2)
        self.s = [z0 & M32, z0 >> 32, z1 & M32, z1 >> 32]

    def next_uint32(self):
        s = self.s
        result = (rotl((s[1] * 5) & M32, 7) * 9) & M32
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
        return result

    def next_float(self):
        a = self.next_uint32() >> 5
        b = self.next_uint32() >> 6
        return (a * 67108864 + b) / 9007199254740992

    def uniform_int(self, n):
        limit = (1 << 32) - ((1 << 32) % n)
        while True:
            r = self.next_uint32()
            if r < limit:
                return r % n


def random_split(n, test_fraction, seed):
    x = test_fraction * n
    # JavaScript's Math.round: nearest integer, halves up (x - floor(x) is exact).
    rounded = math.floor(x) + (1 if x - math.floor(x) >= 0.5 else 0)
    n_test = min(n - 1, max(1, rounded))
    rng = Xoshiro128ss(seed)
    perm = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.uniform_int(i + 1)
        perm[i], perm[j] = perm[j], perm[i]
    return sorted(perm[n_test:]), sorted(perm[:n_test])


def main():
    seeds = [0, 1, 42, 2**32 - 1, 2**53 - 1, -1, 123456789]
    rng_cases = []
    for seed in seeds:
        r = Xoshiro128ss(seed)
        state = list(r.s)
        uint32 = [r.next_uint32() for _ in range(10)]
        r = Xoshiro128ss(seed)
        floats = [r.next_float() for _ in range(10)]
        r = Xoshiro128ss(seed)
        ints = [r.uniform_int(n) for n in (1, 2, 3, 10, 1000, 2**31 + 1, 2**32, 7, 6, 5)]
        rng_cases.append({
            "seed": seed,
            "state": state,
            "uint32": uint32,
            "float": floats,
            "uniformInt": {"bounds": [1, 2, 3, 10, 1000, 2**31 + 1, 2**32, 7, 6, 5], "values": ints},
        })
    split_cases = []
    for n, f, seed in [(2, 0.5, 0), (10, 0.3, 42), (25, 0.2, 7), (100, 0.07, 2024), (1000, 0.25, 1)]:
        train, test = random_split(n, f, seed)
        split_cases.append({"n": n, "testFraction": f, "seed": seed, "train": train, "test": test})
    out = {
        "generator": "packages/core/test/golden/generate_rng.py",
        "splitmix64_seed0_first": hex(splitmix64(0, 1)[0]),
        "rng": rng_cases,
        "randomSplit": split_cases,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
