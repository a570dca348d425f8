import Foundation

extension AccountRules {
    /// Whether storing `account` over a record whose role was `previousRole` ends the account's sessions at once: a
    /// changed role or a deactivation applies to the next request, not to the next sign-in. (nil: a role this build
    /// does not know, which is a change.)
    public static func endsSessions(storing account: Account, previousRole: Role?) -> Bool {
        previousRole != account.role || account.deactivation != nil
    }
}
