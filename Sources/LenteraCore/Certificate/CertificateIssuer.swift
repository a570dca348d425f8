/// Who issues a certificate, as its PDF shows: the issuing office, the signatory and a logo; each may be absent.
public struct CertificateIssuer: Sendable, Equatable {
    /// The person who signs: a name, and the position held (such as "Kepala BKPSDM Kabupaten Sleman").
    public struct Signatory: Sendable, Equatable {
        /// The signatory's name, as printed under the signature.
        public var name: String
        /// The position, printed above the signature; nil for none.
        public var title: String?

        /// Creates a signatory.
        public init(name: String, title: String? = nil) {
            self.name = name
            self.title = title
        }
    }

    /// The issuing office (such as "BKPSDM Kabupaten Sleman"), printed at the top.
    public var office: String?
    /// Who signs, printed at the bottom right.
    public var signatory: Signatory?
    /// The logo, printed above the office.
    public var logo: CertificateImage?

    /// Creates an issuer; nothing named prints nothing.
    public init(office: String? = nil, signatory: Signatory? = nil, logo: CertificateImage? = nil) {
        self.office = office
        self.signatory = signatory
        self.logo = logo
    }

    /// The office, the signatory and the logo this issuer names, and those it does not from `defaults`: a course's
    /// `<certificate>` over the server's settings, one part at a time.
    public func overriding(_ defaults: CertificateIssuer) -> CertificateIssuer {
        CertificateIssuer(office: office ?? defaults.office, signatory: signatory ?? defaults.signatory, logo: logo ?? defaults.logo)
    }
}
