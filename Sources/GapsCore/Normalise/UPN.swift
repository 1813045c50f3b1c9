import Foundation

/// The Unique Pupil Number: check letter + LA (3 digits) + establishment (4) + year (2) + serial (3).
///
/// Source: DfE "Unique pupil numbers (UPNs)" guidance. The check letter weights characters 2-13 by 2...13, sums
/// them, takes the sum mod 23 and indexes the 23-letter alphabet below. A temporary UPN ends in a letter, which
/// counts as its index in the same alphabet.
public enum UPN {
    /// The check alphabet: A-Z without I, O and S.
    public static let alphabet = Array("ABCDEFGHJKLMNPQRTUVWXYZ")

    /// Why a UPN is not valid, in words a data manager can act on.
    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        case wrongLength(Int)
        case badCharacter(position: Int, character: Character)
        case wrongCheckLetter(found: Character, expected: Character)

        public var description: String {
            switch self {
            case let .wrongLength(length):
                return "UPN must be 13 characters, found \(length)"
            case let .badCharacter(position, character):
                return "UPN character \(position) '\(character)' is not allowed there (digits 2-12, letter or digit 13)"
            case let .wrongCheckLetter(found, expected):
                return "UPN check letter is \(found) but the digits give \(expected)"
            }
        }
    }

    /// The check letter for the 12 characters after it, or `nil` if they are not digits (plus an optional final letter).
    public static func checkLetter(forBody body: Substring) -> Character? {
        let characters = Array(body)
        guard characters.count == 12 else { return nil }
        var sum = 0
        for (offset, character) in characters.enumerated() {
            let weight = offset + 2
            let value: Int
            if let digit = character.wholeNumberValue, character.isASCII {
                value = digit
            } else if offset == 11, let index = alphabet.firstIndex(of: character) {
                value = index
            } else {
                return nil
            }
            sum += value * weight
        }
        return alphabet[sum % 23]
    }

    /// Checks format and check letter; `nil` means valid.
    public static func problem(with upn: String) -> Problem? {
        let characters = Array(upn)
        guard characters.count == 13 else { return .wrongLength(characters.count) }
        for (offset, character) in characters.enumerated() {
            let position = offset + 1
            let allowed: Bool
            switch position {
            case 1: allowed = alphabet.contains(character)
            case 13: allowed = (character.isASCII && character.isNumber) || alphabet.contains(character)
            default: allowed = character.isASCII && character.isNumber
            }
            if !allowed { return .badCharacter(position: position, character: character) }
        }
        let expected = checkLetter(forBody: upn.dropFirst())!
        return characters[0] == expected ? nil : .wrongCheckLetter(found: characters[0], expected: expected)
    }

    /// True for a temporary UPN (final character a letter).
    public static func isTemporary(_ upn: String) -> Bool {
        upn.count == 13 && upn.last.map { $0.isLetter } == true
    }

    /// Builds a valid UPN from LA, establishment, two-digit year and serial (used by the fixture generator).
    public static func make(la: Int, estab: Int, year: Int, serial: Int) -> String {
        let body = String(format: "%03d%04d%02d%03d", la, estab, year % 100, serial % 1000)
        return String(checkLetter(forBody: Substring(body))!) + body
    }
}
