/// The dates that define one Year 6 cohort.
struct CohortCalendar: Sendable {
    /// KS2 assessment year: the end of the academic year (2024 for 2023/24).
    let ks2Year: Int
    /// Spring census of the KS2 year: FSM flags are taken at this date.
    let census: CivilDate
    /// Start of the FSM Ever 6 window: six years before the census.
    let ever6Start: CivilDate
    /// 1 September of the Reception year (7 years before the KS2 summer).
    let receptionStart: CivilDate
    /// Dates of birth: 1 September (KS2 year - 12) to 31 August (KS2 year - 11).
    let birthDays: ClosedRange<Int>
    /// The KS1 assessment year, when statutory KS1 teacher assessment with 2016+ codes took place then.
    let ks1Year: Int?
    /// The KS1 assessment year when it reported National Curriculum levels (to 2015: KS2 in 2019 or earlier).
    let ks1LevelsYear: Int?
    /// KS2 results day: the first Tuesday on or after 4 July (9 July 2024, 4 July 2023).
    let ks2ResultDate: CivilDate
    let ks1ResultDate: CivilDate?
    /// When the CTFs were "exported": a fixed time, never the clock.
    let ctfDateTime: String

    /// KS1 years with statutory teacher assessment in the 2016+ codes: none in 2020 and 2021, optional from 2024.
    static let ks1AssessmentYears: Set<Int> = [2016, 2017, 2018, 2019, 2022, 2023]
    /// The last KS1 year of National Curriculum levels.
    static let ks1LevelsLastYear = 2015

    init(ks2Year: Int) {
        self.ks2Year = ks2Year
        census = CivilDate.januaryCensus(of: ks2Year)
        ever6Start = census.addingYears(-FSMStatus.everYears)
        receptionStart = CivilDate(year: ks2Year - 7, month: 9, day: 1)!
        birthDays = CivilDate(year: ks2Year - 12, month: 9, day: 1)!.dayNumber...CivilDate(year: ks2Year - 11, month: 8, day: 31)!.dayNumber
        let year2 = ks2Year - 4
        ks1Year = Self.ks1AssessmentYears.contains(year2) ? year2 : nil
        ks1LevelsYear = year2 <= Self.ks1LevelsLastYear ? year2 : nil
        ks2ResultDate = CivilDate.first(weekday: 2, onOrAfter: CivilDate(year: ks2Year, month: 7, day: 4)!)
        ks1ResultDate = ks1Year.map { CivilDate(year: $0, month: 6, day: 28)! }
        ctfDateTime = "\(ks2Year)-07-19T16:00:00"
    }

    /// The academic year as NPD writes it: 2023/2024.
    var academicYearSlash: String { "\(ks2Year - 1)/\(ks2Year)" }
}

/// Draws pupils: characteristics, FSM and SEN histories, and results from `AttainmentModel`.
struct PupilFactory {
    let la: SyntheticLA
    let yearCount: Int
    /// UPN blocks of 999 serials needed by the largest cohort (1 unless scaled up).
    let blocksPerCohort: Int

    /// Pupil UPNs are `UPN.make(la, school estab, Reception year, serial 1...999)`, as a school allocates them.
    /// A cohort larger than 999 (only when scaled up for benchmarks) takes further blocks with estab numbers
    /// 3000-9999, as if allocated by other schools; this is the limit on blocks.
    static let overflowBlockCapacity = 7000 * 100

    init(la: SyntheticLA, years: [Int], largestCohort: Int) throws {
        self.la = la
        yearCount = years.count
        blocksPerCohort = (largestCohort + 998) / 999
        let overflowBlocks = (blocksPerCohort - 1) * years.count * la.schools.count
        guard overflowBlocks <= Self.overflowBlockCapacity else {
            throw GapsError.invalidConfiguration(
                SourceLocation(file: "gaps-fixtures"),
                message: "too many pupils for unique UPNs (\(overflowBlocks) blocks of 999 beyond the schools' own); lower --scale or --schools")
        }
    }

    func upn(school: SyntheticLA.School, cohort: CohortCalendar, yearIndex: Int, ordinal: Int) -> String {
        let block = ordinal / 999
        let serial = ordinal % 999 + 1
        if block == 0 {
            return UPN.make(la: la.configuration.laNumber, estab: school.estab, year: cohort.ks2Year - 7, serial: serial)
        }
        let overflow = ((yearIndex * la.schools.count) + school.index - 1) * (blocksPerCohort - 1) + block - 1
        return UPN.make(la: la.configuration.laNumber, estab: 3000 + overflow / 100, year: overflow % 100, serial: serial)
    }

    func makePupil(
        school: SyntheticLA.School, cohort: CohortCalendar, yearIndex: Int, ordinal: Int, random: inout FixtureRandom
    ) -> SyntheticPupil {
        let model = la.model
        let tables = la.codeTables
        let isBoy = !random.chance(0.5)
        let dob = CivilDate(dayNumber: random.integer(in: cohort.birthDays))
        let forename = random.element(of: isBoy ? FixtureNames.boys : FixtureNames.girls)
        let surname = random.element(of: FixtureNames.surnames)

        let ethnicity = random.pick(tables.ethnicities) { $0.mainCode == "WBRI" ? $0.weight : $0.weight * school.diversity }
        var language = "ENG"
        if let other = ethnicity.otherLanguage, random.chance(ethnicity.ealShare) { language = other }
        if random.chance(0.01) { language = "NOT" }

        let lookedAfter = random.chance(0.008)
        let fsmPeriods = makeFSMPeriods(everSix: random.chance(school.disadvantagedRate), cohort: cohort, random: &random)
        let fsmEver6 = FSMStatus.isEver6(on: cohort.census, periods: fsmPeriods)
        let disadvantaged = fsmEver6 || lookedAfter
        let (senHistory, senNeed) = makeSENHistory(lookedAfter: lookedAfter, disadvantaged: disadvantaged, cohort: cohort, random: &random)
        let senProvision = senHistory.first { $0.end == nil }?.provision ?? "N"

        // Attainment (see AttainmentModel).
        let general = random.normal()
        var base = school.effect + (disadvantaged ? model.disadvantagedEffect : 0)
        if senProvision == "K" { base += model.senSupportEffect }
        if senProvision == "E" { base += model.ehcPlanEffect }
        func latent(_ subject: AttainmentModel.Subject) -> Double {
            subject.intercept + base + model.generalLoading * general + model.specificLoading * random.normal()
                + (isBoy ? subject.boyEffect : 0)
        }
        let readingLatent = latent(model.reading)
        let mathsLatent = latent(model.maths)
        let gpsLatent = latent(model.gps)
        let writingLatent = latent(model.writing)

        var wholeCohortCode: String?
        let statusDraw = random.uniform()
        if statusDraw < model.leftChance {
            wholeCohortCode = "L"
        } else if statusDraw < model.leftChance + model.unableToAccessChance {
            wholeCohortCode = "T"
        }
        if random.chance(model.disappliedChanceWithEHCPlan), senProvision == "E", wholeCohortCode == nil {
            wholeCohortCode = "D"
        }
        var singleTestCode: (code: String, test: Int)?
        let singleDraw = random.uniform()
        let singleTest = random.integer(in: 0...2)
        if singleDraw < model.absentChance {
            singleTestCode = ("A", singleTest)
        } else if singleDraw < model.absentChance + model.missingChance {
            singleTestCode = ("M", singleTest)
        }

        func testResult(_ latent: Double, test: Int) -> SyntheticPupil.TestResult {
            let raw = model.scaledScoreCentre + model.scaledScorePerSD * latent
            let belowTest = raw < model.belowTestScore && random.chance(model.belowTestChance)
            if let wholeCohortCode { return .code(wholeCohortCode) }
            if let singleTestCode, singleTestCode.test == test { return .code(singleTestCode.code) }
            if belowTest { return .code("B") }
            return .scaledScore(min(120, max(80, Int(raw.rounded()))))
        }
        let reading = testResult(readingLatent, test: 0)
        let maths = testResult(mathsLatent, test: 1)
        let gps = testResult(gpsLatent, test: 2)

        var writingTA = model.writingTA(latent: writingLatent)
        if wholeCohortCode == "D" { writingTA = model.writingTA(writingTA, cappedAt: "PK6") }
        if wholeCohortCode == "T" { writingTA = model.writingTA(writingTA, cappedAt: "WTS") }

        var ks1: SyntheticPupil.KS1Assessments?
        if let ks1Year = cohort.ks1Year {
            func ks1Latent(_ ks2Latent: Double, _ subject: AttainmentModel.Subject) -> Double {
                model.ks1Loading * (ks2Latent - subject.intercept) + model.ks1NoiseSD * random.normal()
            }
            let reading = ks1Latent(readingLatent, model.reading)
            let writing = ks1Latent(writingLatent, model.writing)
            let maths = ks1Latent(mathsLatent, model.maths)
            // Science from a stream of its own: the draws above, and so every other file, are unchanged by it.
            var scienceRandom = FixtureRandom(seed: la.configuration.seed, stream: [
                SyntheticLA.Stream.ks1Science, UInt64(cohort.ks2Year), UInt64(school.index), UInt64(ordinal)])
            let scienceLatent = (reading + maths) / 2 + model.ks1NoiseSD * scienceRandom.normal()
            ks1 = SyntheticPupil.KS1Assessments(
                year: ks1Year,
                reading: model.ks1Code(latent: reading, cuts: model.ks1ReadingCuts),
                writing: model.ks1Code(latent: writing, cuts: model.ks1WritingCuts),
                maths: model.ks1Code(latent: maths, cuts: model.ks1MathsCuts),
                science: scienceLatent >= model.ks1ScienceCut ? "EXS" : "HNM")
        }

        // KS1 levels (to 2015) from streams of their own, so that every other draw is as it was.
        var ks1Levels: SyntheticPupil.KS1Levels?
        if let levelsYear = cohort.ks1LevelsYear {
            var levelsRandom = FixtureRandom(seed: la.configuration.seed, stream: [
                SyntheticLA.Stream.ks1Levels, UInt64(cohort.ks2Year), UInt64(school.index), UInt64(ordinal)])
            ks1Levels = model.ks1Levels(year: levelsYear, reading: readingLatent, writing: writingLatent, maths: mathsLatent,
                                        random: &levelsRandom)
        }

        return SyntheticPupil(
            upn: upn(school: school, cohort: cohort, yearIndex: yearIndex, ordinal: ordinal),
            surname: surname, forename: forename, dob: dob, sex: isBoy ? "M" : "F", schoolIndex: school.index,
            laestab: school.laestab, ks2Year: cohort.ks2Year, ethnicity: ethnicity.code,
            ethnicityMain: ethnicity.mainCode, ethnicityMajor: ethnicity.majorCode, firstLanguage: language,
            ealGroup: tables.ealGroups[language] ?? 3, serviceChild: random.chance(0.01), lookedAfter: lookedAfter,
            fsmPeriods: fsmPeriods, fsmEligible: FSMStatus.isEligible(on: cohort.census, periods: fsmPeriods),
            fsmEver6: fsmEver6, senHistory: senHistory, senProvision: senProvision, senPrimaryNeed: senNeed,
            reading: reading, maths: maths, gps: gps, writingTA: writingTA, ks1: ks1, ks1Levels: ks1Levels, inCTF: false, inExtract: false)
    }

    /// A date drawn uniformly from `lower...upper` (both inclusive).
    private func date(_ lower: CivilDate, _ upper: CivilDate, _ random: inout FixtureRandom) -> CivilDate {
        CivilDate(dayNumber: random.integer(in: lower.dayNumber...max(lower.dayNumber, upper.dayNumber)))
    }

    /// FSM periods for an Ever 6 pupil (eligible at the census or earlier in the window) or, rarely, for one who
    /// is not: a period that ended before the window or began after the census. Dates keep 30 days clear of the
    /// census and window boundaries, so inclusive and exclusive readings of the rule agree.
    private func makeFSMPeriods(everSix: Bool, cohort: CohortCalendar, random: inout FixtureRandom) -> [FSMPeriod] {
        typealias Period = FSMPeriod
        let census = cohort.census
        var periods: [Period] = []
        if everSix {
            if random.chance(0.7) {
                var earliest = cohort.receptionStart
                if random.chance(0.25) {
                    let start = date(cohort.receptionStart, census.adding(days: -900), &random)
                    let end = start.adding(days: random.integer(in: 90...400))
                    periods.append(Period(start: start, end: end))
                    earliest = end.adding(days: 60)
                }
                let start = date(earliest, census.adding(days: -30), &random)
                let end = random.chance(0.8) ? nil : census.adding(days: random.integer(in: 30...150))
                periods.append(Period(start: start, end: end))
            } else {
                let start = date(cohort.ever6Start.adding(days: 30), census.adding(days: -200), &random)
                let end = date(start.adding(days: 60), census.adding(days: -30), &random)
                periods.append(Period(start: start, end: end))
            }
        } else {
            let draw = random.uniform()
            if draw < 0.03 {
                // Eligible for a few weeks of the Reception autumn, before the Ever 6 window opens in January.
                let start = date(cohort.receptionStart, cohort.ever6Start.adding(days: -75), &random)
                let end = date(start.adding(days: 30), cohort.ever6Start.adding(days: -30), &random)
                periods.append(Period(start: start, end: end))
            } else if draw < 0.04 {
                periods.append(Period(start: date(census.adding(days: 30), census.adding(days: 120), &random), end: nil))
            }
        }
        return periods
    }

    /// SEN records newest first (current one without end date) and the primary need for SEN support or EHC plan.
    private func makeSENHistory(
        lookedAfter: Bool, disadvantaged: Bool, cohort: CohortCalendar, random: inout FixtureRandom
    ) -> ([SyntheticPupil.SENRecord], String?) {
        typealias Record = SyntheticPupil.SENRecord
        let (support, ehc) = lookedAfter ? (0.35, 0.15) : disadvantaged ? (0.20, 0.045) : (0.10, 0.02)
        let draw = random.uniform()
        let census = cohort.census
        let reception = cohort.receptionStart
        switch draw {
        case ..<ehc:
            let start = date(reception.adding(days: 365), census.adding(days: -60), &random)
            var history = [Record(start: start, provision: "E", end: nil)]
            if random.chance(0.6) {
                history.append(Record(start: date(reception.adding(days: 30), start.adding(days: -60), &random), provision: "K", end: start.adding(days: -1)))
            }
            let need = random.pick(la.codeTables.senNeeds) { $0.ehcWeight }.code
            return (history, need)
        case ..<(ehc + support):
            let start = date(reception.adding(days: 60), census.adding(days: -60), &random)
            let need = random.pick(la.codeTables.senNeeds) { $0.supportWeight }.code
            return ([Record(start: start, provision: "K", end: nil)], need)
        default:
            if random.chance(0.06) {
                let start = date(reception.adding(days: 30), census.adding(days: -400), &random)
                let end = date(start.adding(days: 180), census.adding(days: -200), &random)
                return ([Record(start: end.adding(days: 1), provision: "N", end: nil), Record(start: start, provision: "K", end: end)], nil)
            }
            if random.chance(0.4) { return ([Record(start: reception, provision: "N", end: nil)], nil) }
            return ([], nil)
        }
    }
}
