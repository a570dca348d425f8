import Foundation
import Testing

@testable import LenteraCore

/// Issue 12: a certificate's logo is a JPEG embedded as it is, or a plain PNG whose compressed rows PDF reads as they
/// are; anything else is refused with a reason an author can act on.
@Suite struct CertificateImageTests {
    /// The folder of the logos made for these tests (`Tests/Fixtures/images`, see SOURCES.md).
    static let images = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../Fixtures/images").standardized.path

    /// The bytes of a fixture image.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: images + "/" + name)))
    }

    /// A fixture image, read.
    static func fixture(_ name: String) throws -> CertificateImage {
        try CertificateImage(bytes: bytes(name))
    }

    /// A JPEG's markers around a frame header, with no image data worth decoding: enough for reading its size.
    static func jpeg(frame: UInt8 = 0xC0, precision: UInt8 = 8, width: Int, height: Int, components: UInt8) -> [UInt8] {
        let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        // An application segment whose payload holds 0xFF bytes: a reader must skip it by its length.
        let app1: [UInt8] = [0xFF, 0xE1, 0x00, 0x08, 0xFF, 0xD9, 0xFF, 0xC0, 0xFF, 0xDA]
        var frameHeader: [UInt8] = [0xFF, frame, 0x00, UInt8(8 + 3 * Int(components)), precision]
        frameHeader += [UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), components]
        for component in 0..<components { frameHeader += [component + 1, 0x11, 0] }  // id, sampling, quantization table
        return [0xFF, 0xD8] + app0 + app1 + [0xFF, 0xFF] + frameHeader + [0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9]
    }

    /// A PNG of chunks (their checksums left zero: nothing here reads them).
    static func png(depth: UInt8 = 8, color: UInt8 = 2, interlace: UInt8 = 0, chunks: [(String, [UInt8])] = [("IDAT", [0x78, 0x9C, 1, 2])])
        -> [UInt8]
    {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let length = UInt32(data.count)
            return [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)] + Array(type.utf8)
                + data + [0, 0, 0, 0]
        }
        let header: [UInt8] = [0, 0, 0, 40, 0, 0, 0, 30, depth, color, 0, 0, interlace]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunks.flatMap { chunk($0.0, $0.1) } + chunk("IEND", [])
    }

    @Test func aJPEGsSizeIsReadFromItsFrameHeaderAndItIsEmbeddedAsItIs() throws {
        let logo = try Self.fixture("logo.jpg")
        #expect(logo.encoding == .jpeg && logo.width == 24 && logo.height == 12 && logo.components == 3)
        let original = try Self.bytes("logo.jpg")
        #expect(logo.data == original)

        let progressive = try CertificateImage(bytes: Self.jpeg(frame: 0xC2, width: 640, height: 480, components: 1))
        #expect(progressive.width == 640 && progressive.height == 480 && progressive.components == 1)
        #expect(progressive.imageEntries.contains("/Width 640 /Height 480 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"))
    }

    @Test func jpegsAPDFCannotShowAreRefused() {
        #expect(throws: CertificateImage.Problem.jpegCMYK) { try CertificateImage(bytes: Self.jpeg(width: 10, height: 10, components: 4)) }
        #expect(throws: CertificateImage.Problem.jpegCoding) {
            try CertificateImage(bytes: Self.jpeg(precision: 12, width: 10, height: 10, components: 3))
        }
        for frame: UInt8 in [0xC3, 0xC9] {  // lossless, arithmetic coding
            let bytes = Self.jpeg(frame: frame, width: 10, height: 10, components: 3)
            #expect(throws: CertificateImage.Problem.jpegCoding) { try CertificateImage(bytes: bytes) }
        }
        #expect(throws: CertificateImage.Problem.damaged) { try CertificateImage(bytes: Self.jpeg(width: 0, height: 10, components: 3)) }
        let whole = Self.jpeg(width: 10, height: 10, components: 3)
        #expect(throws: CertificateImage.Problem.damaged) { try CertificateImage(bytes: Array(whole.prefix(30))) }  // cut short
        #expect(throws: CertificateImage.Problem.damaged) { try CertificateImage(bytes: [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9]) }
    }

    @Test func aPlainPNGsRowsAreJoinedFromItsDataChunks() throws {
        let logo = try Self.fixture("logo.png")
        #expect(logo.encoding == .png && logo.width == 20 && logo.height == 10 && logo.components == 3)
        #expect(logo.data.first == 0x78)  // a zlib stream
        #expect(logo.imageEntries.hasSuffix("/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 20 >>"))

        let split = try CertificateImage(bytes: Self.png(color: 0, chunks: [("IDAT", [1, 2]), ("tEXt", [9, 9]), ("IDAT", [3])]))
        #expect(split.data == [1, 2, 3] && split.components == 1 && split.width == 40 && split.height == 30)
    }

    @Test func pngsAPDFCannotShowAsTheyAreAreRefused() {
        #expect(throws: CertificateImage.Problem.pngColor) { try CertificateImage(bytes: Self.png(color: 3)) }  // a palette
        #expect(throws: CertificateImage.Problem.pngColor) { try CertificateImage(bytes: Self.png(color: 6)) }  // RGB and alpha
        #expect(throws: CertificateImage.Problem.pngColor) { try CertificateImage(bytes: Self.png(color: 4)) }  // grey and alpha
        #expect(throws: CertificateImage.Problem.pngDepth(16)) { try CertificateImage(bytes: Self.png(depth: 16)) }
        #expect(throws: CertificateImage.Problem.pngInterlaced) { try CertificateImage(bytes: Self.png(interlace: 1)) }
        #expect(throws: CertificateImage.Problem.pngTransparency) {
            try CertificateImage(bytes: Self.png(chunks: [("tRNS", [0, 0, 0, 0, 0, 0]), ("IDAT", [1])]))
        }
        #expect(throws: CertificateImage.Problem.damaged) { try CertificateImage(bytes: Array(Self.png().dropLast(12))) }  // no IEND
        #expect(throws: CertificateImage.Problem.damaged) { try CertificateImage(bytes: Self.png(chunks: [])) }  // no pixels
    }

    @Test func otherFilesAreRefusedWithAReason() {
        #expect(throws: CertificateImage.Problem.notJPEGOrPNG) { try CertificateImage(bytes: Array("<svg/>".utf8)) }
        #expect(throws: CertificateImage.Problem.notJPEGOrPNG) { try CertificateImage(bytes: Array("GIF89a".utf8)) }
        let huge = Self.png(chunks: [("IDAT", [UInt8](repeating: 0, count: CertificateImage.maximumBytes))])
        #expect(throws: CertificateImage.Problem.tooLarge(bytes: huge.count)) { try CertificateImage(bytes: huge) }
        #expect(CertificateImage.Problem.pngColor.message(in: .english).contains("alpha"))
        #expect(CertificateImage.Problem.jpegCMYK.message(in: .indonesian).contains("RGB"))
    }
}
