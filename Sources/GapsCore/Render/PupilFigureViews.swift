/// The values the progress, entitlement and progress-plan templates show (see `PageViews.swift` for the rules:
/// stored properties only; an optional's name is used by no enclosing view).

/// A column heading of a count table; `columnClass` is "num" for a column of numbers.
struct CountColumnView {
    let columnText: String
    let columnClass: String?
}

struct CountRowView {
    let rowLabel: String
    let cells: [CellView]
}

/// Rows under one heading ("By disadvantage", "(a) KS1 below expected ..."); no heading for the all-pupils row.
struct CountRowGroupView {
    let countGroupHeading: String?
    let countGroupSpan: Int
    let countRows: [CountRowView]
}

/// A table of counts and percentages with a caption, column headings with `scope="col"`, row headings with
/// `scope="row"` and row-group headings with `scope="rowgroup"` (`count-tables.mustache`).
struct CountTableView {
    let countCaption: String
    let countColumns: [CountColumnView]
    let countGroups: [CountRowGroupView]
}

/// One year of a progress or entitlement section: the sentences, then the tables that give every figure.
struct PupilFiguresYearView {
    let yearID: String
    let yearLabel: String
    let yearSentences: [String]
    let hasYearSentences: Bool
    let countTables: [CountTableView]
    let hasCountTables: Bool
}

/// The body of the evidence pack's progress and entitlement sections (`section-pupil-figures.mustache`).
struct PupilFiguresSectionBody {
    let introParagraphs: [String]
    let figureYears: [PupilFiguresYearView]
    let hasFigureYears: Bool
    let noFiguresText: String
    /// "A restricted list ... is available to the school": said, never linked.
    let restrictedListNote: String?
}

// MARK: The restricted progress-plan list

/// What the restricted page says above everything else, and on every printed page.
struct RestrictedNoticeView {
    let noticeLabel: String
    let noticeText: String
    /// The printed pages' top-centre margin box, a CSS string (see `PrintHeaderView`).
    let noticePrintCSS: String

    init(label: String, text: String, printText: String) {
        noticeLabel = label
        noticeText = text
        noticePrintCSS = CSSEscaping.quotedString(printText)
    }
}

struct PlanEvidenceRowView {
    let entitlementText: String
    let subjectText: String
    let evidenceText: String
    let priorText: String
    let laterText: String
    let scoreText: String
}

/// One pupil on the progress-plan list: who, which group, what support is recorded, and the evidence.
struct PlanPupilView {
    let pupilID: String
    let pupilHeading: String
    let pupilFacts: [String]
    let evidenceCaption: String
    let evidenceRows: [PlanEvidenceRowView]
}

struct ProgressPlanSectionBody {
    let planIntro: String
    let planPupils: [PlanPupilView]
}
