import Hummingbird
import LenteraCore

/// The interface language of a request: `?lang=` (remembered in a cookie), then the cookie, then Indonesian.
struct LanguagePreference {
    static let cookieName = "lang"

    var language: Language
    /// Set when the request chose a language with `?lang=`, so the response remembers it.
    var cookieToSet: Cookie?

    static func resolve(_ request: Request) -> LanguagePreference {
        if let code = request.queryFields["lang"], let language = Language(code: code) {
            let cookie = Cookie(
                name: cookieName, value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/", httpOnly: true,
                sameSite: .lax
            )
            return LanguagePreference(language: language, cookieToSet: cookie)
        }
        if let code = request.cookie(named: cookieName), let language = Language(code: code) {
            return LanguagePreference(language: language, cookieToSet: nil)
        }
        return LanguagePreference(language: .indonesian, cookieToSet: nil)
    }
}
