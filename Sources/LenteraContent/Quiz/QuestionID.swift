import LenteraCore

/// Ids made from text: a question's from its title when its format has no ids of its own (GIFT, Moodle XML), and the
/// one way every reader makes an id unique (`-2`, `-3`…).
enum QuestionID {
    /// `base`, or `base-2`, `base-3`… when taken; marks the result as used.
    static func unused(_ base: String, in used: inout Set<String>) -> String {
        let candidate = unused(base, isTaken: used.contains)
        used.insert(candidate)
        return candidate
    }

    /// `base`, or `base-2`, `base-3`… the first that `isTaken` does not claim.
    static func unused(_ base: String, isTaken: (String) -> Bool) -> String {
        var candidate = base
        var suffix = 2
        while isTaken(candidate) {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        return candidate
    }

    /// Lower-case letters and digits, other runs of characters as one `-`; nil when nothing is left.
    static func slug(_ title: String) -> String? {
        var slug = ""
        for scalar in title.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? nil : slug
    }
}
