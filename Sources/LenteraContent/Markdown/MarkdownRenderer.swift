import CCmarkGFM
import Synchronization

// The fuzz target (`make fuzz`) compiles these files on their own, with the two LenteraCore files they use.
#if canImport(LenteraCore)
import LenteraCore
#endif
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
/// schemes are emptied, headings get anchor ids for the table of contents, code blocks and tables (which scroll
/// sideways when wide) can take the keyboard's focus, and a task list's checkbox is labelled by its item's text.
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
    /// - Parameters:
    ///   - rewrite: called for every link and image destination; returns the destination to emit, or nil to keep it.
    ///     When a rewrite is given, images are marked for lazy loading.
    ///   - inline: drops the paragraph around a text that is one paragraph (for labels and short texts).
    ///   - placeholders: HTML of the server's own (form controls) to put where a placeholder such as `[[g1]]` stands
    ///     in the text. Only text is searched, never attributes, raw HTML or code: the placeholders become nodes of
    ///     the parsed tree before it is written out.
    public func render(
        _ markdown: String, rewrite: ((Reference) -> String?)? = nil, inline: Bool = false, placeholders: [String: String] = [:]
    ) -> RenderedHTML {
        // cmark-gfm's inline parser keeps its special-character tables in globals that attaching an extension
        // writes: two parsers at once on two threads corrupt each other's output. Courses load in parallel, so
        // parsing is serialized here (measured: a GFM spec example failed now and then under parallel tests).
        Self.cmarkLock.withLock { _ in renderSerialized(markdown, rewrite: rewrite, inline: inline, placeholders: placeholders) }
    }

    private static let cmarkLock = Mutex(())

    private func renderSerialized(
        _ markdown: String, rewrite: ((Reference) -> String?)?, inline: Bool, placeholders: [String: String]
    ) -> RenderedHTML {
        _ = Self.registerExtensions
        let sanitize = options.sanitize
        let lazyImages = rewrite != nil
        // Nothing edits the HTML after cmark writes it: anchors, lazy images and placeholders are changes to the
        // parsed tree, so no text an author wrote can be read as markup by a later step.
        let cmarkOptions = CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8
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
        var headings: [(node: OpaquePointer, level: Int, text: String)] = []
        var images: [OpaquePointer] = []
        var texts: [OpaquePointer] = []
        var scrollers: [OpaquePointer] = []
        var tasks: [OpaquePointer] = []
        // A formula written in inline HTML spans several nodes (one per tag, cmark's text between): it is carried from
        // node to node within one parent (a paragraph, an emphasis, a link) and closed before any HTML cmark or the
        // server writes there (emphasis, links, code, breaks, gap controls), at the parent's end at the latest.
        var math = RawHTMLFilter.MathContext()
        var mathParent: OpaquePointer?
        var mathClosers: [(node: OpaquePointer, html: String, before: Bool)] = []
        func closeMath() {
            if let mathParent, math.isOpen { mathClosers.append((mathParent, math.close(), false)) }
            math = RawHTMLFilter.MathContext()
        }
        if let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                if math.isOpen, type != CMARK_NODE_HTML_INLINE, cmark_node_parent(node) == mathParent,
                    Self.writesHTML(node, type: type, placeholders: placeholders)
                {
                    mathClosers.append((node, math.close(), true))
                }
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
                    if kind == .image, lazyImages { images.append(node) }
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
                    if type == CMARK_NODE_HTML_BLOCK || Self.isInsideImage(node) {
                        // A block is whole; inside an image's description cmark writes the HTML as escaped text.
                        cmark_node_set_literal(node, RawHTMLFilter.filter(literal, lazyImages: lazyImages, rewriteURL: rewriteURL))
                    } else {
                        let parent = cmark_node_parent(node)
                        if parent != mathParent { closeMath() }
                        mathParent = parent
                        cmark_node_set_literal(node, RawHTMLFilter.filter(literal, math: &math, lazyImages: lazyImages, rewriteURL: rewriteURL))
                    }
                } else if type == CMARK_NODE_HEADING {
                    headings.append((node, Int(cmark_node_get_heading_level(node)), Self.plainText(of: node)))
                } else if sanitize, type == CMARK_NODE_TEXT, math.skipping > 0, cmark_node_parent(node) == mathParent {
                    // cmark's text between the tags of an element the filter drops with its content (`annotation-xml`):
                    // dropped with it, as inside one raw HTML node.
                    cmark_node_set_literal(node, "")
                } else if type == CMARK_NODE_TEXT, !placeholders.isEmpty {
                    texts.append(node)
                } else if sanitize, type == CMARK_NODE_CODE_BLOCK || (cmark_node_get_syntax_extension(node) != nil && Self.typeName(of: node) == "table") {
                    scrollers.append(node)
                } else if sanitize, type == CMARK_NODE_ITEM, Self.typeName(of: node) == "tasklist" {
                    tasks.append(node)
                }
            }
        }
        closeMath()
        for (node, html, before) in mathClosers {
            guard let closer = cmark_node_new(CMARK_NODE_HTML_INLINE) else { continue }
            cmark_node_set_literal(closer, html)
            let placed = before ? cmark_node_insert_before(node, closer) : cmark_node_append_child(node, closer)
            if placed == 0 { cmark_node_free(closer) }
        }
        // Placeholders first, then headings, then images from the innermost out (an image's text may hold another
        // image): each step frees only nodes that no later step holds.
        // Nodes taken out of the tree are freed only after the HTML is written: cmark's text nodes point into the
        // content of the block they were parsed from.
        var detached: [OpaquePointer] = []
        defer { for node in detached { cmark_node_free(node) } }
        for text in texts { detached += Self.insertPlaceholders(text, placeholders) }
        var namedHeadings: [Heading] = []
        if sanitize {
            var anchors = AnchorNamer()
            namedHeadings = headings.map { Heading(level: $0.level, text: $0.text, anchor: anchors.anchor(for: $0.text)) }
            for (heading, named) in zip(headings, namedHeadings) {
                detached += Self.replace(heading.node, enter: "<h\(named.level) id=\"\(escapeAttribute(named.anchor))\">", exit: "</h\(named.level)>")
            }
            for image in images.reversed() { detached += Self.makeLazy(image) }
        }
        if inline, let only = cmark_node_first_child(document), cmark_node_next(only) == nil, cmark_node_get_type(only) == CMARK_NODE_PARAGRAPH {
            detached += Self.replace(only, enter: "", exit: "")
        }
        let extensions = cmark_parser_get_syntax_extensions(parser)
        if sanitize {
            for task in tasks { Self.labelTask(task) }
            // Last, once everything inside a table is in its final form: each block is written by cmark on its own,
            // then stands in the tree as that HTML with `tabindex="0"` added to the tag cmark opened it with.
            for block in scrollers {
                guard let html = cmark_render_html(block, cmarkOptions, extensions) else { continue }
                let written = String(cString: html)
                free(html)
                detached += Self.makeFocusable(block, written)
            }
        }
        guard let rendered = cmark_render_html(document, cmarkOptions, extensions) else {
            return RenderedHTML(html: "", headings: [], references: references)
        }
        defer { free(rendered) }
        return RenderedHTML(html: String(cString: rendered), headings: namedHeadings, references: references)
    }

    /// Replaces a block node by custom nodes written as `enter`, its inline children, `exit`: how a heading gets its
    /// anchor id and a lone paragraph loses its `<p>`, without any edit to the HTML text. The tags go on an inline
    /// node inside an empty block, so that the line breaks come out where cmark writes them for the original block.
    /// - Returns: the node taken out of the tree (none if it stayed), for the caller to free after rendering.
    static func replace(_ node: OpaquePointer, enter: String, exit: String) -> [OpaquePointer] {
        guard let outer = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK), let inner = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return [] }
        cmark_node_set_on_enter(outer, "")
        cmark_node_set_on_exit(outer, "")
        cmark_node_set_on_enter(inner, enter)
        cmark_node_set_on_exit(inner, exit)
        guard cmark_node_append_child(outer, inner) != 0 else {
            cmark_node_free(outer)
            cmark_node_free(inner)
            return []
        }
        // Children are moved only once it is certain each can go: a child the custom node refuses stays where it
        // was, in the original node, which then stays too.
        var children: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            children.append(current)
            child = cmark_node_next(current)
        }
        for current in children {
            cmark_node_unlink(current)
            if cmark_node_append_child(inner, current) == 0 {
                // Put back what moved, in order, and leave the node as cmark made it.
                cmark_node_prepend_child(node, current)
                for moved in children.prefix(while: { $0 != current }).reversed() {
                    cmark_node_unlink(moved)
                    cmark_node_prepend_child(node, moved)
                }
                cmark_node_free(outer)
                return []
            }
        }
        guard cmark_node_insert_before(node, outer) != 0 else {
            // Put the children back and leave the node as cmark made it.
            while let child = cmark_node_last_child(inner) {
                cmark_node_unlink(child)
                cmark_node_prepend_child(node, child)
            }
            cmark_node_free(outer)
            return []
        }
        cmark_node_unlink(node)
        return [node]
    }

    /// The name cmark gives a node's type: "table" for a GFM table, "tasklist" for a task list item.
    /// Whether an inline node writes HTML of its own where it stands (all but text, soft breaks and raw HTML), or is
    /// text that a gap control will replace.
    static func writesHTML(_ node: OpaquePointer, type: cmark_node_type, placeholders: [String: String]) -> Bool {
        guard type.rawValue & 0xC000 == 0xC000 else { return false }  // blocks end the parent anyway
        if type == CMARK_NODE_SOFTBREAK { return false }
        if type == CMARK_NODE_TEXT {
            let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            return placeholders.keys.contains { !$0.isEmpty && literal.contains($0) }
        }
        return true
    }

    /// Whether a node stands in an image's description.
    static func isInsideImage(_ node: OpaquePointer) -> Bool {
        var parent = cmark_node_parent(node)
        while let current = parent {
            if cmark_node_get_type(current) == CMARK_NODE_IMAGE { return true }
            parent = cmark_node_parent(current)
        }
        return false
    }

    static func typeName(of node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    /// A wide code block or table scrolls sideways (`style.css`), and a region that scrolls must be reachable by
    /// keyboard (WCAG 2.1.1): the block's HTML as cmark wrote it, with `tabindex="0"` on its first tag, takes its
    /// place. Only the tag cmark opens the block with is touched (`<pre>` or `<table>`, which it writes without
    /// attributes), never anything of the author's.
    /// - Returns: the node taken out of the tree (none if it stayed), for the caller to free after rendering.
    static func makeFocusable(_ block: OpaquePointer, _ html: String) -> [OpaquePointer] {
        var html = html
        guard let opening = ["<pre>", "<table>"].first(where: { html.hasPrefix($0) }) else { return [] }
        html.insert(contentsOf: " tabindex=\"0\"", at: html.index(html.startIndex, offsetBy: opening.count - 1))
        guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return [] }
        cmark_node_set_on_enter(custom, html)
        cmark_node_set_on_exit(custom, "")
        guard cmark_node_insert_before(block, custom) != 0 else {
            cmark_node_free(custom)
            return []
        }
        cmark_node_unlink(block)
        return [block]
    }

    /// Writes a task list item's checkbox inside a `<label>` with the item's first paragraph, so that the box has
    /// a name (WCAG 1.3.1, 4.1.2): `<li><label><input type="checkbox" disabled="" /> text</label></li>`. cmark's
    /// tasklist extension would write the box alone before the text. An item that does not start with a paragraph
    /// stays as the extension writes it.
    static func labelTask(_ item: OpaquePointer) {
        guard let paragraph = cmark_node_first_child(item), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
            cmark_node_first_child(paragraph) != nil, let label = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)
        else { return }
        let checked = cmark_gfm_extensions_get_tasklist_item_checked(item)
        cmark_node_set_on_enter(label, "<label><input type=\"checkbox\"\(checked ? " checked=\"\"" : "") disabled=\"\" /> ")
        cmark_node_set_on_exit(label, "</label>")
        var children: [OpaquePointer] = []
        var child = cmark_node_first_child(paragraph)
        while let current = child {
            children.append(current)
            child = cmark_node_next(current)
        }
        for (index, current) in children.enumerated() {
            cmark_node_unlink(current)
            if cmark_node_append_child(label, current) == 0 {
                // Put back what moved, in order, and leave the item as cmark made it.
                cmark_node_prepend_child(paragraph, current)
                for moved in children[..<index].reversed() {
                    cmark_node_unlink(moved)
                    cmark_node_prepend_child(paragraph, moved)
                }
                cmark_node_free(label)
                return
            }
        }
        guard cmark_node_append_child(paragraph, label) != 0 else {
            while let moved = cmark_node_last_child(label) {
                cmark_node_unlink(moved)
                cmark_node_prepend_child(paragraph, moved)
            }
            cmark_node_free(label)
            return
        }
        // The item is written as a plain `<li>` now: the box is in the label.
        _ = cmark_node_set_syntax_extension(item, nil)
    }

    /// Writes an image as `<img loading="lazy" ...>`: the tag is built here from the node's URL, title and text.
    static func makeLazy(_ image: OpaquePointer) -> [OpaquePointer] {
        let url = cmark_node_get_url(image).map { String(cString: $0) } ?? ""
        let title = cmark_node_get_title(image).map { String(cString: $0) } ?? ""
        var tag = "<img loading=\"lazy\" src=\"\(escapeURLAttribute(url))\" alt=\"\(escapeAttribute(plainText(of: image, collapse: false)))\""
        if !title.isEmpty { tag += " title=\"\(escapeAttribute(title))\"" }
        tag += " />"
        guard let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return [] }
        cmark_node_set_on_enter(custom, tag)
        cmark_node_set_on_exit(custom, "")
        // Some parents (a GFM table cell) take no custom node: the image then stays as cmark writes it, not lazy.
        guard cmark_node_insert_before(image, custom) != 0 else {
            cmark_node_free(custom)
            return []
        }
        cmark_node_unlink(image)
        return [image]
    }

    /// Splits a text node around the placeholders it holds and puts each placeholder's HTML between the pieces.
    static func insertPlaceholders(_ node: OpaquePointer, _ placeholders: [String: String]) -> [OpaquePointer] {
        var rest = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        guard placeholders.keys.contains(where: { rest.contains($0) }) else { return [] }
        var pieces: [(text: String, html: String?)] = []
        while let (found, range) = placeholders.keys.compactMap({ key in rest.range(of: key).map { (key, $0) } })
            .min(by: { $0.1.lowerBound < $1.1.lowerBound })
        {
            pieces.append((String(rest[..<range.lowerBound]), placeholders[found]))
            rest = String(rest[range.upperBound...])
        }
        pieces.append((rest, nil))
        // Every piece goes in before the text node; if the parent refuses one (a GFM table cell takes no custom
        // node), the pieces come out again and the text stays as it was.
        var inserted: [OpaquePointer] = []
        for piece in pieces {
            var nodes: [OpaquePointer] = []
            if !piece.text.isEmpty, let text = cmark_node_new(CMARK_NODE_TEXT) {
                cmark_node_set_literal(text, piece.text)
                nodes.append(text)
            }
            if let html = piece.html, let custom = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                cmark_node_set_on_enter(custom, html)
                cmark_node_set_on_exit(custom, "")
                nodes.append(custom)
            }
            for new in nodes {
                guard cmark_node_insert_before(node, new) != 0 else {
                    cmark_node_free(new)
                    for done in inserted {
                        cmark_node_unlink(done)
                        cmark_node_free(done)
                    }
                    return []
                }
                inserted.append(new)
            }
        }
        cmark_node_unlink(node)
        return [node]
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

    /// The text of a node's inline content, with breaks as spaces (and runs of white space as one, unless `collapse`
    /// is false).
    static func plainText(of node: OpaquePointer, collapse: Bool = true) -> String {
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
        return collapse ? text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") : text
    }
}

/// Gives headings unique, readable anchor ids.
struct AnchorNamer {
    /// The server's own ids count as taken: a heading "Isi" gets `isi-1`, never the id of the page's main region.
    private var used: [String: Int] = Dictionary(uniqueKeysWithValues: RawHTMLFilter.reservedIDs.map { ($0, 1) })

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

/// Escapes a URL for a double-quoted attribute the way cmark writes link destinations: characters outside the URL
/// set percent-encoded, `&` and `'` as references.
func escapeURLAttribute(_ url: String) -> String {
    var result = ""
    for byte in url.utf8 {
        switch byte {
        case UInt8(ascii: "&"): result += "&amp;"
        case UInt8(ascii: "'"): result += "&#x27;"
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            result.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            if "-_.+!*(),%#@?=;:/$~".utf8.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
    }
    return result
}

extension String {
    /// The string with zeros in front up to a length.
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
