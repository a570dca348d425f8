/// A logo for certificates, in a form a PDF embeds without decoding it: a JPEG as it is, or the compressed pixels of a
/// plain PNG (8 bits per channel, grey or RGB, no transparency, not interlaced), which PDF's Flate filter reads as they are.
public struct CertificateImage: Sendable, Equatable {
    /// How the pixels are compressed.
    public enum Encoding: Sendable, Equatable {
        case jpeg
        case png
    }

    /// Why a file cannot be a certificate's logo, in words that say how to make one that can.
    public enum Problem: Error, Sendable, Equatable {
        case tooLarge(bytes: Int)
        case notJPEGOrPNG
        case damaged
        case jpegCMYK
        case jpegCoding
        case pngColor
        case pngDepth(Int)
        case pngInterlaced
        case pngTransparency
        case tooManyPixels

        /// What is wrong and what to do, in a language.
        public func message(in language: Language) -> String {
            let id = language == .indonesian
            switch self {
            case .tooLarge(let bytes):
                return id
                    ? "logo \(bytes / 1024) KB terlalu besar: paling besar \(CertificateImage.maximumBytes / 1024) KB"
                    : "the logo's \(bytes / 1024) KB is too large: at most \(CertificateImage.maximumBytes / 1024) KB"
            case .notJPEGOrPNG:
                return id ? "logo harus berkas JPEG atau PNG" : "the logo must be a JPEG or PNG file"
            case .damaged:
                return id ? "berkas logo rusak atau terpotong" : "the logo file is damaged or cut short"
            case .jpegCMYK:
                return id ? "logo JPEG berwarna CMYK: simpan ulang sebagai RGB" : "the JPEG logo is CMYK: save it again as RGB"
            case .jpegCoding:
                return id
                    ? "logo JPEG memakai pengodean yang tidak didukung PDF (12 bit, lossless atau aritmetika): simpan ulang sebagai JPEG biasa"
                    : "the JPEG logo uses a coding PDF does not support (12-bit, lossless or arithmetic): save it again as a plain JPEG"
            case .pngColor:
                return id
                    ? "logo PNG memakai palet atau kanal alfa: simpan ulang sebagai PNG RGB atau abu-abu tanpa transparansi, atau sebagai JPEG"
                    : "the PNG logo has a palette or an alpha channel: save it again as an RGB or grey PNG without transparency, or as a JPEG"
            case .pngDepth(let bits):
                return id
                    ? "logo PNG memakai \(bits) bit per kanal: simpan ulang dengan 8 bit per kanal, atau sebagai JPEG"
                    : "the PNG logo has \(bits) bits per channel: save it again with 8 bits per channel, or as a JPEG"
            case .pngInterlaced:
                return id ? "logo PNG ber-interlace: simpan ulang tanpa interlace" : "the PNG logo is interlaced: save it again without interlacing"
            case .pngTransparency:
                return id
                    ? "logo PNG memiliki warna transparan: simpan ulang tanpa transparansi, atau sebagai JPEG"
                    : "the PNG logo has a transparent colour: save it again without transparency, or as a JPEG"
            case .tooManyPixels:
                return id
                    ? "logo lebih dari \(CertificateImage.maximumSide) piksel lebar atau tingginya"
                    : "the logo is more than \(CertificateImage.maximumSide) pixels wide or high"
            }
        }
    }

    /// The largest logo file, in bytes.
    public static let maximumBytes = 2 * 1024 * 1024
    /// The most pixels on either side.
    public static let maximumSide = 10_000

    /// JPEG or PNG.
    public let encoding: Encoding
    /// The width in pixels.
    public let width: Int
    /// The height in pixels.
    public let height: Int
    /// Colour channels: 1 for grey, 3 for RGB.
    public let components: Int
    /// What the PDF embeds: the whole JPEG file, or a PNG's `IDAT` chunks joined (a zlib stream of filtered rows).
    let data: [UInt8]

    /// Reads a JPEG or PNG file, refusing what a PDF cannot show as it is.
    public init(bytes: [UInt8]) throws(Problem) {
        guard bytes.count <= Self.maximumBytes else { throw .tooLarge(bytes: bytes.count) }
        if bytes.starts(with: [0xFF, 0xD8]) {
            self = try Self.jpeg(bytes)
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = try Self.png(bytes)
        } else {
            throw .notJPEGOrPNG
        }
        guard width > 0, height > 0 else { throw .damaged }
        guard width <= Self.maximumSide, height <= Self.maximumSide else { throw .tooManyPixels }
    }

    private init(encoding: Encoding, width: Int, height: Int, components: Int, data: [UInt8]) {
        (self.encoding, self.width, self.height, self.components, self.data) = (encoding, width, height, components, data)
    }

    /// A JPEG's size and channels, from the frame header (SOF) after any application segments.
    static func jpeg(_ bytes: [UInt8]) throws(Problem) -> CertificateImage {
        var index = 2
        while index + 4 <= bytes.count {
            guard bytes[index] == 0xFF else { throw .damaged }
            let marker = bytes[index + 1]
            switch marker {
            case 0xFF:  // fill byte before a marker
                index += 1
                continue
            case 0x01, 0xD0...0xD7:  // markers without a segment
                index += 2
                continue
            case 0xD9, 0xDA:  // the end, or a scan, before any frame header
                throw .damaged
            default:
                break
            }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { throw .damaged }
            switch marker {
            case 0xC0, 0xC1, 0xC2:  // baseline, extended sequential, progressive: what PDF's DCTDecode reads
                guard length >= 8 else { throw .damaged }
                guard bytes[index + 4] == 8 else { throw .jpegCoding }
                let height = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                let width = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
                let components = Int(bytes[index + 9])
                guard components != 4 else { throw .jpegCMYK }
                guard components == 1 || components == 3 else { throw .damaged }
                return CertificateImage(encoding: .jpeg, width: width, height: height, components: components, data: bytes)
            case 0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:  // lossless, hierarchical, arithmetic
                throw .jpegCoding
            default:
                index += 2 + length
            }
        }
        throw .damaged
    }

    /// A PNG's size and channels from its header, and its compressed pixels from its `IDAT` chunks.
    static func png(_ bytes: [UInt8]) throws(Problem) -> CertificateImage {
        func number(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        var index = 8
        var header: (width: Int, height: Int, components: Int)?
        var data: [UInt8] = []
        while index + 12 <= bytes.count {
            let length = number(index)
            guard length <= bytes.count - index - 12 else { throw .damaged }
            let type = String(decoding: bytes[(index + 4)..<(index + 8)], as: UTF8.self)
            let body = index + 8
            guard header != nil || type == "IHDR" else { throw .damaged }
            switch type {
            case "IHDR":
                guard length == 13, header == nil else { throw .damaged }
                let (depth, color) = (Int(bytes[body + 8]), bytes[body + 9])
                guard color == 0 || color == 2 else { throw .pngColor }
                guard depth == 8 else { throw .pngDepth(depth) }
                guard bytes[body + 12] == 0 else { throw .pngInterlaced }
                guard bytes[body + 10] == 0, bytes[body + 11] == 0 else { throw .damaged }
                header = (number(body), number(body + 4), color == 0 ? 1 : 3)
            case "tRNS":
                throw .pngTransparency
            case "IDAT":
                data += bytes[body..<(body + length)]
            case "IEND":
                guard let found = header, !data.isEmpty else { throw .damaged }
                return CertificateImage(encoding: .png, width: found.width, height: found.height, components: found.components, data: data)
            default:
                break
            }
            index = body + length + 4
        }
        throw .damaged
    }
}
