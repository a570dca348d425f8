import CCmarkGFM
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Renders CommonMark with the GFM extensions through cmark-gfm.
///
/// With the filter on (what authors get), raw HTML goes through ``RawHTMLFilter``, link and image URLs with active
/// schemes are emptied, and headings get anchor ids for the table of contents.
public struct MarkdownRenderer: Sendable {
    /// How the renderer treats raw HTML and the GFM extensions.
    public struct Options: Sendable {
        /// Whether raw HTML and URLs go through the allowlist filter (always on for served pages).
        public var sanitize: Bool
        /// Whether tables, strikethrough, autolinks and task lists are enabled.
        public var gfmExtensions: Bool

        /// Creates options; the defaults are what authors get.
        public init(sanitize: Bool = true, gfmExtensions: Bool = true) {
            self.sanitize = sanitize
            self.gfmExtensions = gfmExtensions
        }

        /// What a served module page uses.
        public static let authoring = Options()
    }

    /// A link or image found in the Markdown source, with the line it starts on.
    public struct Reference: Sendable, Equatable {
        /// Whether the reference is a link or an image.
        public enum Kind: Sendable, Equatable { case link, image }
        /// Link or image.
        public var kind: Kind
        /// The destination as written by the author.
        public var destination: String
        /// 1-based line in the Markdown body (before any front matter offset).
        public var line: Int
    }

    /// The options this renderer was created with.
    public let options: Options

    /// Creates a renderer.
    public init(options: Options = .authoring) {
        self.options = options
    }

    private static let registerExtensions: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()

    /// Renders a Markdown body to HTML.
    ///
    /// - Parameter rewrite: called for every link and image destination; returns the destination to emit, or nil to
    ///   keep it. When a rewrite is given, images are marked for lazy loading.
    public func render(_ markdown: String, rewrite: ((Reference) -> String?)? = nil) -> RenderedHTML {
        // cmark-gfm's inline parser keeps its special-character tables in globals that attaching an extension
        // writes: two parsers at once on two threads corrupt each other's output. Courses load in parallel, so
        // parsing is serialized here (measured: a GFM spec example failed now and then under parallel tests).
        Self.cmarkLock.withLock { _ in renderSerialized(markdown, rewrite: rewrite) }
    }

    private static let cmarkLock = Mutex(())

    private func renderSerialized(_ markdown: String, rewrite: ((Reference) -> String?)?) -> RenderedHTML {
        _ = Self.registerExtensions
        let sanitize = options.sanitize
        let lazyImages = rewrite != nil
        // Source positions mark the headings cmark writes, so that anchors go on those and only those.
        let cmarkOptions = CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8 | (sanitize ? CMARK_OPT_SOURCEPOS : 0)
        guard let parser = cmark_parser_new(cmarkOptions) else { return RenderedHTML(html: "", headings: []) }
        defer { cmark_parser_free(parser) }
        if options.gfmExtensions {
            for name in ["table", "strikethrough", "autolink", "tasklist"] {
                if let syntaxExtension = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, syntaxExtension)
                }
            }
        }
        let bytes = Array(markdown.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress {
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let document = cmark_parser_finish(parser) else { return RenderedHTML(html: "", headings: []) }
        defer { cmark_node_free(document) }

        var references: [Reference] = []
        var headings: [(level: Int, text: String)] = []
        if let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                    let kind: Reference.Kind = type == CMARK_NODE_LINK ? .link : .image
                    let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                    let reference = Reference(kind: kind, destination: url, line: Self.line(of: node))
                    references.append(reference)
                    var written = url
                    if let rewrite, let replacement = rewrite(reference) {
                        written = replacement
                    }
                    if sanitize, !RawHTMLFilter.isSafeURL(written, allowDataImages: kind == .image) {
                        written = ""
                    }
                    if written != url { cmark_node_set_url(node, written) }
                } else if sanitize, type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                    let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                    let line = Self.line(of: node)
                    let rewriteURL: RawHTMLFilter.URLRewrite? = rewrite.map { rewrite in
                        { url, isImage in
                            let reference = Reference(kind: isImage ? .image : .link, destination: url, line: line)
                            references.append(reference)
                            return rewrite(reference)
                        }
                    }
                    cmark_node_set_literal(node, RawHTMLFilter.filter(literal, lazyImages: lazyImages, rewriteURL: rewriteURL))
                } else if type == CMARK_NODE_HEADING {
                    headings.append((Int(cmark_node_get_heading_level(node)), Self.plainText(of: node)))
                }
            }
        }
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let rendered = cmark_render_html(document, cmarkOptions, extensions) else {
            return RenderedHTML(html: "", headings: [], references: references)
        }
        defer { free(rendered) }
        var html = String(cString: rendered)
        guard sanitize else { return RenderedHTML(html: html, headings: [], references: references) }
        var anchors = AnchorNamer()
        let namedHeadings = headings.map { Heading(level: $0.level, text: $0.text, anchor: anchors.anchor(for: $0.text)) }
        html = Self.finish(html, anchors: namedHeadings.map(\.anchor), lazyImages: lazyImages)
        return RenderedHTML(html: html, headings: namedHeadings, references: references)
    }

    /// The source line of a node, or of its nearest ancestor that knows one (inlines may not).
    static func line(of node: OpaquePointer) -> Int {
        var line = Int(cmark_node_get_start_line(node))
        var parent = cmark_node_parent(node)
        while line == 0, let block = parent {
            line = Int(cmark_node_get_start_line(block))
            parent = cmark_node_parent(block)
        }
        return line
    }

    /// The text of a node's inline content, with breaks as spaces.
    static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += cmark_node_get_literal(child).map { String(cString: $0) } ?? ""
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Replaces cmark's `data-sourcepos` attributes: anchors on headings, nothing elsewhere; marks images lazy.
    ///
    /// cmark escapes every `"` in text and attribute values and the raw HTML filter drops unknown attributes, so the
    /// literal ` data-sourcepos="` can only be an attribute that cmark itself wrote.
    static func finish(_ html: String, anchors: [String], lazyImages: Bool) -> String {
        let marker = Array(" data-sourcepos=\"".utf8)
        let image = Array("<img src=\"".utf8)
        let source = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(source.count + anchors.count * 16)
        var anchorIndex = 0
        var index = 0
        func matches(_ pattern: [UInt8], at position: Int) -> Bool {
            guard position + pattern.count <= source.count else { return false }
            for offset in 0..<pattern.count where source[position + offset] != pattern[offset] { return false }
            return true
        }
        while index < source.count {
            if source[index] == UInt8(ascii: " "), matches(marker, at: index) {
                var end = index + marker.count
                while end < source.count, source[end] != UInt8(ascii: "\"") { end += 1 }
                // a heading start tag looks like `<h2` right before the attribute
                let count = output.count
                if count >= 3, output[count - 3] == UInt8(ascii: "<"), output[count - 2] == UInt8(ascii: "h"),
                    (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(output[count - 1]), anchorIndex < anchors.count
                {
                    output += Array(" id=\"\(escapeAttribute(anchors[anchorIndex]))\"".utf8)
                    anchorIndex += 1
                }
                index = end + 1
                continue
            }
            if lazyImages, source[index] == UInt8(ascii: "<"), matches(image, at: index) {
                output += Array("<img loading=\"lazy\" src=\"".utf8)
                index += image.count
                continue
            }
            output.append(source[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Gives headings unique, readable anchor ids.
struct AnchorNamer {
    private var used: [String: Int] = [:]

    mutating func anchor(for text: String) -> String {
        var slug = ""
        var lastWasDash = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if scalar == " " || scalar == "-" || scalar == "_", !slug.isEmpty, !lastWasDash {
                slug += "-"
                lastWasDash = true
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.isEmpty { slug = "bagian" }
        let count = used[slug, default: 0]
        used[slug] = count + 1
        return count == 0 ? slug : "\(slug)-\(count)"
    }
}

/// HTML produced from Markdown, with the headings found in it.
public struct RenderedHTML: Sendable, Equatable {
    /// The HTML fragment.
    public var html: String
    /// Headings h1-h6 in document order, with the anchor id given to each.
    public var headings: [Heading]
    /// Links and images in the source, in document order.
    public var references: [MarkdownRenderer.Reference] = []
}

/// A heading of a rendered page: level, text and anchor id.
public struct Heading: Sendable, Equatable {
    /// 1 to 6.
    public var level: Int
    /// The heading's plain text.
    public var text: String
    /// The anchor id set on the heading element.
    public var anchor: String
}
