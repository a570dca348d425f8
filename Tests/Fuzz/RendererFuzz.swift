// The libFuzzer target for the HTML that authors' text becomes (issue 9): the Markdown renderer (modules, Markdown
// quiz texts) and the raw-HTML filter (HTML quiz texts), each output read again by libxml2 (HTMLOracle). Anything
// that would run script stops the fuzzer with the input that produced it.
//
// Built and run by `make fuzz` (and for a bounded time by `make test`): swiftc -sanitize=fuzzer compiles this file
// with MarkdownRenderer.swift, RawHTMLFilter.swift and HTMLOracle.swift, outside the package.
import Foundation

let renderer = MarkdownRenderer()
let control = "<input type=\"text\" name=\"a:q:g1\">"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let outputs = [
        renderer.render(source).html,
        renderer.render(source, rewrite: { "/berkas/c/" + $0.destination }, inline: size % 2 == 0, placeholders: ["[[g1]]": control]).html,
        RawHTMLFilter.filter(source, lazyImages: true, placeholders: ["[[g1]]": control]) { url, _ in url.hasPrefix("x") ? "/berkas/c/" + url : nil },
    ]
    for output in outputs {
        let problems = HTMLOracle.problems(in: output)
        if !problems.isEmpty {
            FileHandle.standardError.write(Data("active content: \(problems)\ninput: \(source.debugDescription)\noutput: \(output.debugDescription)\n".utf8))
            abort()
        }
    }
    return 0
}
