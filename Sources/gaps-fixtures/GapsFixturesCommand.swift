import ArgumentParser
import Foundation
import GapsCore

/// `gaps-fixtures`: writes a synthetic local authority's CTF files and KS2 extract (see `SyntheticLA`).
@main
struct GapsFixturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps-fixtures",
        abstract: "Write a synthetic local authority's CTF files, NPD-style KS2 extract and KS4 pupil file, for demos, tests and benchmarks.",
        discussion: """
            Reads only its own code tables (Resources/fixtures). Writes into --out,
            which is replaced whole and never left half-written:
              ctf/<LAESTAB>-<year>.xml   CTF 19.0, one per school with CTFs and KS2
                                         year (2023, 2024): Year 6 pupils, KS2
                                         results, KS1 2019 results (science
                                         included) for 2023 only
              npd/ks2-2024.csv           NPD-style KS2 extract of every school's
                                         2023/24 pupils (UTF-8 BOM, CRLF)
              npd/KS4pu24.csv            KS4 performance-tables pupil file of two
                                         secondary schools, 2023/24: KS2 prior
                                         attainment, Attainment 8, Progress 8
                                         and its elements (not scaled)
              npd/ks2-2019.csv           NPD-style KS2 extract of those pupils'
                                         own KS2 results (2018/19), at the
                                         LA's primary schools
              README.md                  what was generated, from which seed
            LA 888 (Lancashire). Schools 1 to N-2 have CTFs; the last two are
            only in the extract. Every pupil, name and result is invented;
            addresses and contacts are placeholders. The same options give the
            same bytes on every platform. --scale multiplies cohort sizes for
            benchmarks (--scale 1000: about 550 000 pupils), written pupil by
            pupil in flat memory.
            """)

    @Option(help: "Output directory (replaced).")
    var out: String

    @Option(help: "Random seed: the same seed gives the same files.")
    var seed: UInt64 = 2006

    @Option(help: "Number of primary schools (1-999).")
    var schools: Int = 10

    @Option(help: "Multiplier for every cohort size (1-10000), for benchmarks.")
    var scale: Int = 1

    func run() throws {
        let la = try SyntheticLA(SyntheticLA.Configuration(seed: seed, schoolCount: schools, scale: scale))
        let output = try AtomicOutputDirectory(out)
        let summary = try la.write(to: output.stagingURL)
        try output.commit()
        FileHandle.standardError.write(Data(
            "gaps-fixtures: wrote \(summary.pupilCount) pupils in \(summary.files.count) files to \(output.finalURL.path)\n".utf8))
    }
}
