import Hummingbird

extension Request {
    /// The query string's fields, read as a form body is (``FormFields``): `+` is a space, `%2B` a plus.
    ///
    /// Every handler reads its query through this and never through `uri.queryParameters`, which leaves a `+` as it is
    /// (a two-word search sent by a form, `q=pembinaan+asn`, would find nothing).
    var queryFields: FormFields {
        FormFields(uri.query ?? "")
    }
}
