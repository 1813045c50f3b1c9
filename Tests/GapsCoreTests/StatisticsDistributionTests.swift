import Foundation
import Testing
@testable import GapsCore

/// Normal and t distribution functions against printed tables and closed forms.
@Suite struct StatisticsDistributionTests {
    func close(_ actual: Double, _ expected: Double, within tolerance: Double) -> Bool {
        abs(actual - expected) <= tolerance
    }

    @Test func normalQuantilesMatchTables() {
        // Standard normal tables: z(0.975) = 1.959964, z(0.95) = 1.644854, z(0.995) = 2.575829, z(0.01) = -2.326348.
        #expect(close(Distributions.normalQuantile(0.975), 1.959964, within: 5e-7))
        #expect(close(Distributions.normalQuantile(0.95), 1.644854, within: 5e-7))
        #expect(close(Distributions.normalQuantile(0.995), 2.575829, within: 5e-7))
        #expect(close(Distributions.normalQuantile(0.01), -2.326348, within: 5e-7))
        #expect(Distributions.normalQuantile(0.5) == 0)
    }

    @Test func normalQuantileIsAntisymmetricAndReachesFarTails() {
        // Phi^-1(p) = -Phi^-1(1 - p). Far tails (AS 241's second and third regions): Phi^-1(1e-10) = -6.361341,
        // Phi^-1(1e-20) = -9.262340 (Abramowitz and Stegun / high-precision tables).
        #expect(close(Distributions.normalQuantile(0.025), -Distributions.normalQuantile(0.975), within: 1e-15))
        #expect(close(Distributions.normalQuantile(1e-10), -6.361341, within: 5e-7))
        #expect(close(Distributions.normalQuantile(1e-20), -9.262340, within: 5e-7))
        #expect(Distributions.normalQuantile(0) == -.infinity)
        #expect(Distributions.normalQuantile(1) == .infinity)
        #expect(Distributions.normalQuantile(1.5).isNaN)
    }

    @Test func tCDFMatchesClosedForms() {
        // df = 1 (Cauchy): F(t) = 1/2 + atan(t)/pi -> F(1) = 0.75, F(-1) = 0.25.
        #expect(close(Distributions.studentTCDF(1, degreesOfFreedom: 1), 0.75, within: 1e-12))
        #expect(close(Distributions.studentTCDF(-1, degreesOfFreedom: 1), 0.25, within: 1e-12))
        // df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2)) -> F(2) = 0.5 + 2 / (2 sqrt 6) = 0.5 + 0.408248 = 0.908248.
        #expect(close(Distributions.studentTCDF(2, degreesOfFreedom: 2), 0.908248, within: 5e-7))
        // df = 3: F(t) = 1/2 + (1/pi)(t/sqrt3 / (1 + t^2/3) + atan(t/sqrt3)); at t = sqrt3:
        // 1/2 + (1/pi)(1/2 + pi/4) = 3/4 + 1/(2 pi) = 0.75 + 0.159155 = 0.909155.
        #expect(close(Distributions.studentTCDF(3.0.squareRoot(), degreesOfFreedom: 3), 0.909155, within: 5e-7))
        #expect(Distributions.studentTCDF(0, degreesOfFreedom: 5) == 0.5)
    }

    @Test(arguments: [
        // Upper 2.5% points (two-sided 5%) from printed t tables, 4 decimal places.
        (1.0, 12.7062), (2.0, 4.3027), (3.0, 3.1824), (4.0, 2.7764), (7.0, 2.3646), (8.0, 2.3060),
        (10.0, 2.2281), (30.0, 2.0423),
    ])
    func tQuantilesMatchTables(degreesOfFreedom: Double, expected: Double) {
        #expect(close(Distributions.studentTQuantile(0.975, degreesOfFreedom: degreesOfFreedom), expected, within: 0.00005))
        #expect(close(Distributions.studentTQuantile(0.025, degreesOfFreedom: degreesOfFreedom), -expected, within: 0.00005))
    }

    @Test func tQuantileForOneDegreeOfFreedomIsExact() {
        // Cauchy: quantile = tan(pi (p - 1/2)); p = 0.975 -> tan(0.475 pi) = 12.706205.
        #expect(close(Distributions.studentTQuantile(0.975, degreesOfFreedom: 1), tan(0.475 * Double.pi), within: 1e-9))
        // Far tail, where undamped Newton would overshoot: p = 0.9995 -> tan(0.4995 pi) = 636.619097.
        #expect(close(Distributions.studentTQuantile(0.9995, degreesOfFreedom: 1), tan(0.4995 * Double.pi), within: 1e-6))
    }

    @Test func tQuantileForLargeDegreesOfFreedomApproachesNormal() {
        // Cornish-Fisher: t = z + (z^3 + z) / (4 df) + ...; df = 1e6: 1.959964 + (7.529 + 1.960) / 4e6 = 1.959966.
        #expect(close(Distributions.studentTQuantile(0.975, degreesOfFreedom: 1e6), 1.95996, within: 0.00001))
        #expect(close(Distributions.studentTQuantile(0.975, degreesOfFreedom: .infinity), 1.959964, within: 5e-7))
    }

    @Test func tQuantileForNonIntegerDegreesOfFreedomLiesBetweenNeighbours() {
        // df = 7.5 must lie strictly between the table values for df 8 (2.3060) and df 7 (2.3646).
        let t = Distributions.studentTQuantile(0.975, degreesOfFreedom: 7.5)
        #expect(t > 2.3060 && t < 2.3646)
        // And the CDF must map it back to 0.975.
        #expect(close(Distributions.studentTCDF(t, degreesOfFreedom: 7.5), 0.975, within: 1e-12))
    }

    @Test func tQuantileInvertsCDFAcrossRange() {
        for df in [0.5, 1, 2.989, 5, 29.5, 200] {
            for p in [0.0005, 0.01, 0.1, 0.4, 0.6, 0.9, 0.99, 0.9995] {
                let t = Distributions.studentTQuantile(p, degreesOfFreedom: df)
                #expect(close(Distributions.studentTCDF(t, degreesOfFreedom: df), p, within: 1e-10), "df \(df) p \(p)")
            }
        }
    }

    @Test func invalidArgumentsGiveNaN() {
        #expect(Distributions.studentTQuantile(0.975, degreesOfFreedom: 0).isNaN)
        #expect(Distributions.studentTCDF(1, degreesOfFreedom: -1).isNaN)
        #expect(Distributions.studentTQuantile(-0.1, degreesOfFreedom: 5).isNaN)
    }
}
