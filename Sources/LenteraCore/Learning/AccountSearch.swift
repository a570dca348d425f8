import Foundation

/// What a search on the accounts page asks for: the start of a NIP, or part of a name.
public enum AccountSearch: Sendable, Equatable {
    /// NIPs that begin with these digits.
    case nipPrefix(String)
    /// Names that contain this text, ASCII letters in either case.
    case name(String)

    /// Reads a search as typed; nil when it is empty. Digits alone (spaces allowed, as NIPs are printed on cards) are
    /// the start of a NIP; anything else is part of a name.
    public init?(_ text: String) {
        let search = text.trimmingSpaces()
        guard !search.isEmpty else { return nil }
        let digits = search.filter(\.isNumber)
        if digits.count == search.filter({ !$0.isWhitespace }).count {
            self = .nipPrefix(digits)
        } else {
            self = .name(search)
        }
    }
}
