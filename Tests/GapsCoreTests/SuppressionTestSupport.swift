@testable import GapsCore

extension Suppression {
    /// The default thresholds with each place protected on its own (`acrossPlaces: false`), for tests of
    /// statistics on a school that shares its LA with a tiny school: protection across places (the default) would
    /// withhold the larger school's breakdowns beside the tiny one's, which PublishingSuppressionSecondaryTests and
    /// PublishingSuppressionAttackerTests test.
    static let placesApart = Suppression(acrossPlaces: false)
}

extension AggregateOptions {
    /// `AggregateOptions()` with `Suppression.placesApart`.
    static var placesApart: AggregateOptions { AggregateOptions(suppression: .placesApart) }
}
