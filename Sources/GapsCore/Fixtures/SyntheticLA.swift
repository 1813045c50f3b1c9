import Foundation

/// A synthetic local authority: primary schools, their Year 6 pupils and KS2 (and, where one existed, KS1)
/// results, written as real-structured CTF 19 files and an NPD-style KS2 extract; and secondary schools whose
/// Year 11 pupils are in a KS4 performance-tables pupil file (`SecondaryFixtures.swift`).
///
/// Deterministic: the same configuration gives the same bytes on every platform and run (own PRNG, no clock, no
/// locale). Every pupil is invented; addresses and contacts are fixed placeholders (`placeholder*`) so that
/// tests of the ingest stage can prove it never copies them.
///
/// Layout written by `write(to:onPupil:)`:
/// - `ctf/<LAESTAB>-<KS2 year>.xml`: one CTF per school with CTFs and KS2 year (Year 6 pupils);
/// - `npd/ks2-<KS2 year>.csv`: the LA's KS2 extract for each extract year, covering every school;
/// - `npd/KS4pu<YY>.csv`: the KS4 pupil file of every secondary school for each KS4 year;
/// - `npd/ks2-<KS4 year - 5>.csv`: those Year 11 pupils' KS2 results, at their primary schools (KS2 prior attainment);
/// - `npd/ks1-<KS4 year - 9>.csv`: their KS1 levels at the same primary schools, when KS1 reported levels (to 2015);
/// - `README.md`: what was generated, from which seed;
/// - `.gitattributes`: keeps git from rewriting line ends in the committed demo.
public struct SyntheticLA: Sendable {
    /// What to generate. The defaults give the committed demo (`fixtures/demo`).
    public struct Configuration: Sendable, Equatable {
        public var seed: UInt64
        /// Number of primary schools (1...999): estab numbers 2001 upwards.
        public var schoolCount: Int
        /// Multiplies every cohort size, for benchmarks (1...10000).
        public var scale: Int
        /// KS2 assessment years (end of the academic year: 2024 for 2023/24). 2020 and 2021 had no assessments.
        public var ks2Years: [Int]
        /// KS2 years for which an NPD-style extract of all schools is written.
        public var extractYears: [Int]
        /// How many of the last schools appear only in the extracts (no CTF), as when a school's CTF is missing.
        public var extractOnlySchoolCount: Int
        /// A real LA number, so that published geography resolves (EES `acceptable_las.csv`).
        public var laNumber: Int
        public var laName: String
        /// Number of secondary schools (0...99): estab numbers 4001 upwards, in the KS4 pupil file only.
        public var secondarySchoolCount: Int
        /// KS4 years (summer) for which a KS4 pupil file of every secondary school is written.
        public var ks4Years: [Int]

        public init(
            seed: UInt64 = 2006, schoolCount: Int = 10, scale: Int = 1, ks2Years: [Int] = [2023, 2024],
            extractYears: [Int] = [2024], extractOnlySchoolCount: Int = 2, laNumber: Int = 888,
            laName: String = "Lancashire", secondarySchoolCount: Int = 2, ks4Years: [Int] = [2024]
        ) {
            self.secondarySchoolCount = secondarySchoolCount
            self.ks4Years = ks4Years
            self.seed = seed
            self.schoolCount = schoolCount
            self.scale = scale
            self.ks2Years = ks2Years
            self.extractYears = extractYears
            self.extractOnlySchoolCount = extractOnlySchoolCount
            self.laNumber = laNumber
            self.laName = laName
        }

        /// Throws `invalidConfiguration` naming the first setting out of range.
        public func validate() throws {
            func fail(_ message: String) -> GapsError {
                GapsError.invalidConfiguration(SourceLocation(file: "gaps-fixtures"), message: message)
            }
            guard (1...999).contains(schoolCount) else { throw fail("--schools must be 1...999, found \(schoolCount)") }
            guard (1...10_000).contains(scale) else { throw fail("--scale must be 1...10000, found \(scale)") }
            guard (100...999).contains(laNumber) else { throw fail("LA number must have 3 digits, found \(laNumber)") }
            guard !ks2Years.isEmpty, Set(ks2Years).count == ks2Years.count else {
                throw fail("KS2 years must be given, each once")
            }
            for year in ks2Years where !SyntheticLA.supportedKS2Years.contains(year) {
                throw fail("KS2 year \(year) is not supported: use 2022 or later (2020 and 2021 had no KS2 assessments, and writing pre-key-stage codes PK1-PK6 start in 2019)")
            }
            for year in extractYears where !ks2Years.contains(year) {
                throw fail("extract year \(year) is not one of the KS2 years \(ks2Years)")
            }
            guard (0...schoolCount).contains(extractOnlySchoolCount) else {
                throw fail("extract-only schools must be 0...\(schoolCount), found \(extractOnlySchoolCount)")
            }
            guard (0...99).contains(secondarySchoolCount) else {
                throw fail("secondary schools must be 0...99, found \(secondarySchoolCount)")
            }
            guard Set(ks4Years).count == ks4Years.count else { throw fail("KS4 years must be given once each") }
            for year in ks4Years where !SyntheticLA.supportsKS4Year(year) {
                throw fail("KS4 year \(year) is not supported: use 2022 to 2040 except 2025 and 2026 (their KS2, five years earlier, was not assessed)")
            }
            for year in ks4Years where secondarySchoolCount > 0 && extractYears.contains(year - 5) {
                throw fail("KS4 year \(year) would write its pupils' KS2 extract npd/ks2-\(year - 5).csv over the primary schools' extract of that year")
            }
        }
    }

    /// One synthetic primary school.
    public struct School: Sendable, Equatable {
        /// 1-based position; also picks the school's CTF writing style.
        public var index: Int
        public var name: String
        public var estab: Int
        /// LA number * 10000 + estab, as DfE writes it (8882001).
        public var laestab: Int
        public var urn: Int
        /// Pupils per year group at scale 1 (each year varies by up to 15% either way).
        public var cohortSize: Int
        /// Chance that a pupil is FSM Ever 6.
        public var disadvantagedRate: Double
        /// Multiplies the weight of every ethnicity other than White British: 1 is the LA-wide mix.
        public var diversity: Double
        /// The school's effect on attainment in SD units, drawn from N(0, 0.3) (`AttainmentModel`).
        public var effect: Double
        /// False for the extract-only schools at the end of the list.
        public var writesCTF: Bool
    }

    /// A file written, relative to the output directory.
    public struct WrittenFile: Sendable, Equatable {
        /// `ks2PriorExtract`: the NPD KS2 extract of the KS4 pupils, five years before their KS4 year;
        /// `ks1PriorExtract`: their NPD KS1 extract (levels era), four years before that.
        public enum Kind: String, Sendable { case ctf, extract, ks4Extract, ks2PriorExtract, ks1PriorExtract, readme, gitAttributes }
        public var path: String
        public var kind: Kind
        /// Pupils in a CTF or rows in an extract (header excluded); 0 for the README and `.gitattributes`.
        public var pupils: Int
    }

    /// What `write(to:onPupil:)` wrote.
    public struct Summary: Sendable, Equatable {
        public var files: [WrittenFile]
        /// Distinct pupils generated (a pupil in a CTF and in an extract counts once).
        public var pupilCount: Int
    }

    /// Placeholder contact details: the only address, phone and e-mail values the generator ever writes.
    public static let placeholderHouse = "1"
    public static let placeholderStreet = "Example Street"
    public static let placeholderTown = "Exampletown"
    public static let placeholderPostcode = "ZZ99 9ZZ"
    public static let placeholderPhone = "00000 000000"
    public static let placeholderEmail = "contact@example.invalid"
    /// The forename of every parent or carer in a CTF's Contacts.
    public static let placeholderContactForename = "Example"

    /// The extract's columns, in order: NPD KS2 field names without prefix.
    public static let extractColumns = [
        "UPN", "SURNAME", "FORENAMES", "DOB", "SEX", "LA", "ESTAB", "LAESTAB", "URN", "SCHNAME", "ACADYR",
        "READSCORE", "READOUTCOME", "MATSCORE", "MATOUTCOME", "GPSSCORE", "GPSOUTCOME", "WRITTAOUTCOME", "FSM", "FSM6",
        "CLA_PP_1_DAY", "EALGRP", "SENPROV", "ETHNICITYMAJOR", "ETHNICITYMINOR",
    ]

    static let supportedKS2Years = 2022...2035

    public let configuration: Configuration
    public let schools: [School]
    /// Secondary schools (KS4 pupil file only); their `index` follows the primary schools'.
    public let secondarySchools: [School]
    let codeTables: FixtureCodeTables
    let model = AttainmentModel()

    /// Validates the configuration, reads the shipped code tables and lays out the schools.
    public init(_ configuration: Configuration = Configuration()) throws {
        try configuration.validate()
        self.configuration = configuration
        self.codeTables = try FixtureCodeTables.loadShipped()
        self.schools = Self.makeSchools(configuration, model: model)
        self.secondarySchools = Self.makeSecondarySchools(configuration, model: model)
    }

    /// The first ten schools: (pupils per year group, FSM Ever 6 rate, diversity). Schools with CTFs are small
    /// one-form or rural-sized primaries, the two extract-only schools the largest: that keeps the committed demo
    /// (about 2.3 KB of CTF per pupil) well under 1 MB while cohorts still range from 12 to 90.
    private static let schoolProfiles: [(size: Int, rate: Double, diversity: Double)] = [
        (20, 0.08, 0.5), (16, 0.22, 0.8), (14, 0.55, 1.6), (12, 0.30, 1.0), (26, 0.15, 0.7),
        (13, 0.42, 2.0), (18, 0.35, 1.3), (15, 0.12, 0.9), (90, 0.48, 1.8), (60, 0.25, 0.9),
    ]

    private static func makeSchools(_ configuration: Configuration, model: AttainmentModel) -> [School] {
        (1...configuration.schoolCount).map { index in
            var random = FixtureRandom(seed: configuration.seed, stream: [Stream.school, UInt64(index)])
            let effect = random.normal() * model.schoolEffectSD
            let profile: (size: Int, rate: Double, diversity: Double)
            if index <= schoolProfiles.count {
                profile = schoolProfiles[index - 1]
            } else {
                profile = (random.integer(in: 12...90), 0.08 + 0.47 * random.uniform(), 0.5 + 1.5 * random.uniform())
            }
            let estab = 2000 + index
            return School(
                index: index, name: FixtureNames.school(index), estab: estab,
                laestab: configuration.laNumber * 10_000 + estab, urn: 190_000 + index, cohortSize: profile.size,
                disadvantagedRate: profile.rate, diversity: profile.diversity, effect: effect,
                writesCTF: index <= configuration.schoolCount - configuration.extractOnlySchoolCount)
        }
    }

    /// Purposes of the independent random streams: a school's pupils do not depend on any other school.
    enum Stream {
        static let school: UInt64 = 1
        static let cohortSize: UInt64 = 2
        static let pupils: UInt64 = 3
        static let layout: UInt64 = 4
        /// Secondary schools and their pupils (after every primary draw, in streams of their own).
        static let secondary: UInt64 = 5
        /// KS1 science, one stream per pupil, so that adding it left every other draw as it was.
        static let ks1Science: UInt64 = 6
        /// A secondary pupil's primary school (the KS2 extract of KS4 pupils), one stream per pupil.
        static let feederSchool: UInt64 = 7
        /// KS1 levels of a pupil in Year 2 up to 2015 (the KS4 pupils' KS1), one stream per pupil.
        static let ks1Levels: UInt64 = 8
    }

    /// Year 6 pupils of `school` in KS2 year `ks2Year`, scale included.
    public func cohortSize(school: School, ks2Year: Int) -> Int {
        var random = FixtureRandom(
            seed: configuration.seed, stream: [Stream.cohortSize, UInt64(ks2Year), UInt64(school.index)])
        let size = (Double(school.cohortSize) * (0.85 + 0.3 * random.uniform())).rounded()
        return max(1, Int(size)) * configuration.scale
    }

    /// Writes every file into `directory` (created if needed; an atomic staging directory in the command), pupil
    /// by pupil so that memory stays flat at any scale. `onPupil` sees each pupil once, after it is written.
    @discardableResult
    public func write(to directory: URL, onPupil: (SyntheticPupil) throws -> Void = { _ in }) throws -> Summary {
        let ctfDirectory = directory.appendingPathComponent("ctf", isDirectory: true)
        let extractDirectory = directory.appendingPathComponent("npd", isDirectory: true)
        for folder in [ctfDirectory, extractDirectory] {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw GapsError.io(path: folder.path, message: "cannot create directory: \(error.localizedDescription)")
            }
        }

        let years = configuration.ks2Years.sorted()
        let cohortSizes = years.map { year in schools.map { cohortSize(school: $0, ks2Year: year) } }
        let factory = try PupilFactory(la: self, years: years, largestCohort: cohortSizes.joined().max() ?? 1)
        var files: [WrittenFile] = []
        var statistics = FixtureStatistics()
        var pupilCount = 0

        for (yearIndex, year) in years.enumerated() {
            let cohort = CohortCalendar(ks2Year: year)
            var extract: ExtractFixtureWriter?
            if configuration.extractYears.contains(year) {
                let path = "npd/ks2-\(year).csv"
                extract = try ExtractFixtureWriter(url: directory.appendingPathComponent(path), path: path, cohort: cohort)
            }
            for school in schools {
                var random = FixtureRandom(seed: configuration.seed, stream: [Stream.pupils, UInt64(year), UInt64(school.index)])
                var ctf: CTFFixtureWriter?
                if school.writesCTF {
                    let path = "ctf/\(school.laestab)-\(year).xml"
                    ctf = try CTFFixtureWriter(
                        url: directory.appendingPathComponent(path), path: path, la: self, school: school, cohort: cohort,
                        layout: FixtureRandom(seed: configuration.seed, stream: [Stream.layout, UInt64(year), UInt64(school.index)]))
                }
                for ordinal in 0..<cohortSizes[yearIndex][school.index - 1] {
                    var pupil = factory.makePupil(
                        school: school, cohort: cohort, yearIndex: yearIndex, ordinal: ordinal, random: &random)
                    pupil.inCTF = ctf != nil
                    pupil.inExtract = extract != nil
                    try ctf?.write(pupil)
                    try extract?.write(pupil, school: school)
                    statistics.add(pupil)
                    pupilCount += 1
                    try onPupil(pupil)
                }
                if let ctf { files.append(try ctf.close()) }
            }
            if let extract { files.append(try extract.close()) }
        }

        var ks1Levels = KS1LevelTally()
        let ks4Files = try writeKS4Files(to: directory, ks1Levels: &ks1Levels)
        files += ks4Files
        // The KS2 extract of KS4 pupils holds the same pupils again.
        pupilCount += ks4Files.filter { $0.kind == .ks4Extract }.reduce(0) { $0 + $1.pupils }

        let readme = FixtureReadme(la: self, files: files, statistics: statistics, cohortSizes: cohortSizes, years: years,
                                   ks1Levels: ks1Levels)
        try writeText(readme.text, to: directory, path: "README.md")
        files.append(WrittenFile(path: "README.md", kind: .readme, pupils: 0))
        try writeText(Self.gitAttributes, to: directory, path: ".gitattributes")
        files.append(WrittenFile(path: ".gitattributes", kind: .gitAttributes, pupils: 0))
        return Summary(files: files, pupilCount: pupilCount)
    }

    /// Keeps git from converting line ends on checkout (core.autocrlf): the extract's CRLF and the files' exact
    /// bytes are part of what the fixtures test. Written by the generator because the command replaces the
    /// output directory whole.
    static let gitAttributes = """
        # Written by gaps-fixtures: check these files out byte for byte (the extract's CRLF is deliberate).
        * -text

        """

    private func writeText(_ text: String, to directory: URL, path: String) throws {
        let writer = try FixtureFileWriter(url: directory.appendingPathComponent(path))
        writer.append(text)
        try writer.close()
    }
}
