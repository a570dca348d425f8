/// A heading of a rendered page: level, text and anchor id.
public struct Heading: Sendable, Equatable {
    /// 1 to 6.
    public var level: Int
    /// The heading's plain text.
    public var text: String
    /// The anchor id set on the heading element.
    public var anchor: String

    public init(level: Int, text: String, anchor: String) {
        self.level = level
        self.text = text
        self.anchor = anchor
    }
}
