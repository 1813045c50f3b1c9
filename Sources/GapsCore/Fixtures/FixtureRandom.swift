import Foundation

/// SplitMix64 (Steele, Lea and Flood 2014): turns one seed into well-mixed 64-bit words.
///
/// Used only to seed `FixtureRandom` and to derive independent streams from (seed, purpose, indices), so that
/// each school's pupils are the same whichever other schools or sizes are generated alongside.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman and Vigna 2018), the fixture generator's only source of randomness.
///
/// Our own generator rather than `SystemRandomNumberGenerator` or the standard library's algorithms, whose
/// output is neither seedable nor promised to stay the same across platforms and Swift releases: fixtures must be
/// identical byte for byte on every machine and run.
struct FixtureRandom: RandomNumberGenerator {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A stream for `seed` and a purpose path such as `[streamPupils, year, school]`.
    init(seed: UInt64, stream: [UInt64] = []) {
        var mixer = SplitMix64(seed: seed)
        for part in stream {
            mixer = SplitMix64(seed: mixer.next() ^ (part &* 0xD1B5_4A32_D192_ED03))
        }
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is the one xoshiro cannot leave
    }

    mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) from the top 53 bits (exact in a Double).
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in `lower...upper` by multiply-shift; the tiny bias is irrelevant for fixtures and, unlike the
    /// standard library's `Int.random(in:using:)`, the algorithm is fixed here.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
    }

    mutating func chance(_ probability: Double) -> Bool { uniform() < probability }

    /// A standard normal draw by the Box-Muller transform.
    ///
    /// Uses `log`, `sqrt` and `cos`; `sqrt` is exact and the other two are accurate to an ulp on every libm we
    /// build on, so an output (a rounded scaled score, a threshold comparison) could only differ between
    /// platforms if a draw landed within an ulp of a boundary.
    mutating func normal() -> Double {
        let u1 = 1.0 - uniform()  // (0, 1]: log is finite
        let u2 = uniform()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// An element chosen with probability proportional to its weight (weights >= 0, not all zero).
    mutating func pick<Element>(_ elements: [Element], weight: (Element) -> Double) -> Element {
        let total = elements.reduce(0) { $0 + weight($1) }
        var target = uniform() * total
        for element in elements {
            target -= weight(element)
            if target < 0 { return element }
        }
        return elements[elements.count - 1]
    }

    mutating func element<Element>(of elements: [Element]) -> Element {
        elements[integer(in: 0...(elements.count - 1))]
    }
}
