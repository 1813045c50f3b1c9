import Foundation

/// Which reader produced a record; normalise uses it for precedence between sources.
public enum SourceKind: String, Sendable, CaseIterable {
    case ctf
    case extract
}

/// A pupil as one input file states it, before any code set is applied. Pupil-level: a restricted table.
///
/// Values are trimmed but otherwise as written in the source; empty means "the source does not say".
/// Address, phone, e-mail and contact data are never read into this record.
///
/// The table has no `source_file` column: every row of an ingest folder comes from the one input its manifest names
/// (`inputs[0].path`), so `IngestedInput.read(directory:)` sets `sourceFile` from there rather than each row
/// repeating it (a quarter of what ingest wrote for a large extract; docs/performance.md). A table that does have
/// the column (written by hand, or by an older gaps-ingest) still has it read.
public struct IngestedPupil: TableRecord, Sendable, Equatable {
    /// The input file, from the ingest folder's manifest (not a column of the table).
    public var sourceFile = ""
    public var sourceLine = 0
    public var sourceKind = SourceKind.ctf
    /// When the source was produced (CTF header DateTime, ISO 8601); empty for extracts.
    public var sourceDate = ""
    public var upn = ""
    public var formerUPN = ""
    public var surname = ""
    public var forename = ""
    /// ISO date YYYY-MM-DD.
    public var dob = ""
    /// M or F as written (CTF Gender/Sex, extract SEX).
    public var sex = ""
    public var ncYear = ""
    /// Ethnicity code as given: extended (WENG), main (WBRI) or a major-group code.
    public var ethnicity = ""
    public var ethnicitySource = ""
    /// First language code (ENG, OTB, ...) or an extract's EAL group (1 English, 2 other, 3 unclassified).
    public var firstLanguage = ""
    public var serviceChild = ""
    /// CTF LookedAfter/InCare (true/false) or an extract's looked-after flag.
    public var lookedAfter = ""
    /// CTF FSM periods as `start/end` pairs separated by `;` (ISO dates, end empty when open).
    public var fsmPeriods = ""
    /// Extract flags: 1/0 or Y/N as written. Empty for CTF, where normalise derives them from `fsmPeriods`.
    public var fsmEligible = ""
    public var fsmEver6 = ""
    /// Current SEN provision (N, K, E or legacy A, P, Q, S).
    public var senProvision = ""
    public var senPrimaryNeed = ""
    public var la = ""
    public var estab = ""
    public var urn = ""
    public var schoolName = ""
    /// The academic year the source describes, as written (CTF header AcademicYear, extract ACADYR).
    public var academicYear = ""
    /// School census "post looked after arrangements" code as written (A adopted, G SGO, R RO, C CAO, N not declared,
    /// ...); empty when the source does not carry it (CTFs never do).
    public var postLookedAfter = ""
    /// The source's own disadvantaged flag as written (the KS4 pupil file's "Is the pupil disadvantaged?"); empty
    /// when the source does not state one. The DfE's flag also counts previously looked-after pupils, whom no other
    /// column of that file shows.
    public var statedDisadvantaged = ""

    public init() {}

    public static let columns = [
        "source_line", "source_kind", "source_date", "upn", "former_upn", "surname", "forename",
        "dob", "sex", "nc_year", "ethnicity", "ethnicity_source", "first_language", "service_child",
        "looked_after", "fsm_periods", "fsm_eligible", "fsm_ever6", "sen_provision", "sen_primary_need", "la",
        "estab", "urn", "school_name", "academic_year", "post_looked_after",
        "stated_disadvantaged",
    ]

    public var fieldValues: [String] {
        [String(sourceLine), sourceKind.rawValue, sourceDate, upn, formerUPN, surname, forename, dob, sex,
         ncYear, ethnicity, ethnicitySource, firstLanguage, serviceChild, lookedAfter, fsmPeriods, fsmEligible,
         fsmEver6, senProvision, senPrimaryNeed, la, estab, urn, schoolName, academicYear, postLookedAfter,
         statedDisadvantaged]
    }

    public init(row: TableRow) throws {
        sourceFile = row["source_file"]
        sourceLine = try row.int("source_line")
        guard let kind = SourceKind(rawValue: row["source_kind"]) else {
            throw GapsError.malformedInput(row.location, message: "column 'source_kind': expected ctf or extract, found '\(row["source_kind"])'")
        }
        sourceKind = kind
        sourceDate = row["source_date"]
        upn = row["upn"]
        formerUPN = row["former_upn"]
        surname = row["surname"]
        forename = row["forename"]
        dob = row["dob"]
        sex = row["sex"]
        ncYear = row["nc_year"]
        ethnicity = row["ethnicity"]
        ethnicitySource = row["ethnicity_source"]
        firstLanguage = row["first_language"]
        serviceChild = row["service_child"]
        lookedAfter = row["looked_after"]
        fsmPeriods = row["fsm_periods"]
        fsmEligible = row["fsm_eligible"]
        fsmEver6 = row["fsm_ever6"]
        senProvision = row["sen_provision"]
        senPrimaryNeed = row["sen_primary_need"]
        la = row["la"]
        estab = row["estab"]
        urn = row["urn"]
        schoolName = row["school_name"]
        academicYear = row["academic_year"]
        postLookedAfter = row["post_looked_after"]
        statedDisadvantaged = row["stated_disadvantaged"]
    }

    public static let fileName = "pupils.csv"
}

/// One assessment result as an input file states it, with the measure it feeds (from the assessment map).
///
/// `measure` is empty for results no measure uses (other components, other key stages): they are kept, not dropped,
/// so that rows in always equal rows out plus rows rejected.
///
/// Like `IngestedPupil`, the table has no `source_file` column: the folder's manifest names the input.
public struct IngestedResult: TableRecord, Sendable, Equatable {
    /// The input file, from the ingest folder's manifest (not a column of the table).
    public var sourceFile = ""
    public var sourceLine = 0
    public var upn = ""
    /// EYF, KS1, KS2, KS3, KS4.
    public var stage = ""
    /// The calendar year of the assessment (the summer of the academic year), as written.
    public var year = ""
    public var subject = ""
    /// TT test, TA teacher assessment, FA EYFS profile.
    public var method = ""
    public var component = ""
    public var resultStatus = ""
    /// SS scaled score, NC teacher-assessment outcome or level, ...
    public var qualifier = ""
    /// The result as written: a number, a TA code (EXS, 2B) or an outcome code (A, B, D, L ...).
    public var result = ""
    public var resultDate = ""
    /// The measure this result feeds (see `AssessmentMeasure`), or empty.
    public var measure = ""

    public init() {}

    public static let columns = [
        "source_line", "upn", "stage", "year", "subject", "method", "component", "result_status",
        "qualifier", "result", "result_date", "measure",
    ]

    public var fieldValues: [String] {
        [String(sourceLine), upn, stage, year, subject, method, component, resultStatus, qualifier, result,
         resultDate, measure]
    }

    public init(row: TableRow) throws {
        sourceFile = row["source_file"]
        sourceLine = try row.int("source_line")
        upn = row["upn"]
        stage = row["stage"]
        year = row["year"]
        subject = row["subject"]
        method = row["method"]
        component = row["component"]
        resultStatus = row["result_status"]
        qualifier = row["qualifier"]
        result = row["result"]
        resultDate = row["result_date"]
        measure = row["measure"]
    }

    public static let fileName = "results.csv"
}

/// The measures the pipeline computes from individual results. Raw values are the names used in the
/// assessment map and in every stage table.
public enum AssessmentMeasure: String, Sendable, CaseIterable, Codable {
    case ks1Reading = "ks1_reading"
    case ks1Writing = "ks1_writing"
    case ks1Maths = "ks1_maths"
    /// KS1 science teacher assessment: 2016 on EXS (met the expected standard) or HNM (has not met); levels to 2015.
    case ks1Science = "ks1_science"
    case ks2Reading = "ks2_reading"
    case ks2Writing = "ks2_writing"
    case ks2Maths = "ks2_maths"
    case ks2GPS = "ks2_gps"
    /// KS4 pupil figures as the performance-tables pupil file gives them.
    case ks4Attainment8 = "ks4_attainment8"
    case ks4Progress8 = "ks4_progress8"
    case ks4EnglishGrade = "ks4_english"
    case ks4MathsGrade = "ks4_maths"
    /// The DfE's Progress 8 elements for the pupil (performance-tables pupil file): English and maths (grade per
    /// slot, the double-weighted element halved), EBacc and open (per slot, out of three slots each).
    case ks4Progress8English = "ks4_p8_english"
    case ks4Progress8Maths = "ks4_p8_maths"
    case ks4Progress8EBacc = "ks4_p8_ebacc"
    case ks4Progress8Open = "ks4_p8_open"
}
