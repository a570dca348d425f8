import Foundation

/// Where reminders are mailed: an SMTP relay, named by a URL.
///
/// - `smtp://HOST[:PORT]`: plain SMTP (port 25), for a relay inside the office network; no login.
/// - `smtp+starttls://[USER:PASSWORD@]HOST[:PORT]`: STARTTLS required (port 587), the certificate checked.
/// - `smtps://[USER:PASSWORD@]HOST[:PORT]`: TLS from the start (port 465), the certificate checked.
///
/// `?ca=/path/ca.pem` trusts a private certificate authority instead of the system's. A login is refused without TLS:
/// a password never crosses the network in clear.
public struct SMTPRelay: Sendable, Equatable, CustomStringConvertible {
    public enum Security: String, Sendable, Equatable {
        case none, startTLS, tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// A PEM file of the certificate authorities trusted; nil: the system's.
    public var trustRoots: String?

    /// Why a relay's URL cannot be used.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads a relay's URL.
    public init(url text: String) throws(Invalid) {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased() else {
            throw Invalid(description: "the SMTP relay is written like smtp://relay.example:25 or smtp+starttls://user:password@relay.example:587")
        }
        switch scheme {
        case "smtp": (security, port) = (.none, url.port ?? 25)
        case "smtp+starttls": (security, port) = (.startTLS, url.port ?? 587)
        case "smtps": (security, port) = (.tls, url.port ?? 465)
        default: throw Invalid(description: "the SMTP relay's scheme \(scheme) is not known: use smtp, smtp+starttls or smtps")
        }
        guard let host = url.host, !host.isEmpty, (1...65535).contains(port) else {
            throw Invalid(description: "the SMTP relay's URL names no host (or a port outside 1-65535)")
        }
        self.host = host
        username = url.user.flatMap { $0.isEmpty ? nil : $0 }
        password = url.password
        if username != nil, security == .none {
            throw Invalid(description: "a login to the SMTP relay needs TLS: use smtp+starttls:// or smtps://")
        }
        trustRoots = nil
        for item in url.queryItems ?? [] {
            guard item.name == "ca", let path = item.value, !path.isEmpty else {
                throw Invalid(description: "the SMTP relay's URL takes only ?ca=/path/to/ca.pem")
            }
            guard security != .none else { throw Invalid(description: "?ca= needs TLS: use smtp+starttls:// or smtps://") }
            guard FileManager.default.isReadableFile(atPath: path) else { throw Invalid(description: "the certificate authority file \(path) cannot be read") }
            trustRoots = path
        }
    }

    /// The relay as logs show it: without its password.
    public var description: String { described }

    /// The relay without its password, for logs and the status page.
    public var described: String {
        let scheme = switch security {
        case .none: "smtp"
        case .startTLS: "smtp+starttls"
        case .tls: "smtps"
        }
        return "\(scheme)://\(username.map { $0 + "@" } ?? "")\(host):\(port)"
    }
}
