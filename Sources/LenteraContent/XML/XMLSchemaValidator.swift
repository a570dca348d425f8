import CLibXML2
import Synchronization
import LenteraCore

/// An XML Schema (XSD) loaded once with libxml2, checking documents against it: what tells whether an exported QTI
/// item or package manifest is one other systems accept. The schema and everything it imports are read from local
/// files only (no network).
public final class XMLSchemaValidator: @unchecked Sendable {
    /// One way a document breaks the schema, with its line.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    private let schema: xmlSchemaPtr
    /// libxml2's validation contexts are not shared between threads.
    private let lock = Mutex<Void>(())

    /// Loads the schema at a path (its imports resolved relative to it).
    public init(path: String) throws {
        guard let parser = xmlSchemaNewParserCtxt(path) else { throw LoadError(description: "cannot read schema \(path)") }
        defer { xmlSchemaFreeParserCtxt(parser) }
        guard let schema = xmlSchemaParse(parser) else { throw LoadError(description: "schema \(path) does not load") }
        self.schema = schema
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// The violations of a document (empty when it is valid); a document that is not well-formed is one violation.
    public func violations(_ bytes: [UInt8]) -> [Violation] {
        lock.withLock { _ in
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
            let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { xmlReadMemory($0, Int32(buffer.count), nil, nil, options) }
                } ?? nil
            }
            guard let document else { return [Violation(line: 0, message: "not well-formed XML")] }
            defer { xmlFreeDoc(document) }
            guard let context = xmlSchemaNewValidCtxt(schema) else { return [Violation(line: 0, message: "validation could not start")] }
            defer { xmlSchemaFreeValidCtxt(context) }
            let collector = Collector()
            let unmanaged = Unmanaged.passRetained(collector)
            defer { unmanaged.release() }
            xmlSchemaSetValidStructuredErrors(
                context,
                { data, error in
                    guard let data, let error else { return }
                    let collector = Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue()
                    let message = error.pointee.message.map { String(cString: $0).trimmingSpaces() } ?? "invalid"
                    collector.found.append(Violation(line: Int(error.pointee.line), message: message))
                }, unmanaged.toOpaque())
            let result = xmlSchemaValidateDoc(context, document)
            if result != 0, collector.found.isEmpty { collector.found.append(Violation(line: 0, message: "invalid (libxml2 code \(result))")) }
            return collector.found
        }
    }

    final class Collector {
        var found: [Violation] = []
    }
}
