/// The two standard fonts of a certificate, measured with the widths of Adobe's font metrics (Helvetica.afm and
/// Helvetica-Bold.afm), so that text is centred and fitted without the fonts at hand: every PDF reader has them.
enum StandardFont: Sendable {
    case helvetica
    case helveticaBold

    /// The PostScript name of the font.
    var baseFont: String { self == .helvetica ? "Helvetica" : "Helvetica-Bold" }

    /// The font's name in a page's resources.
    var resourceName: String { self == .helvetica ? "F1" : "F2" }

    /// The width of WinAnsi bytes at a size, in points.
    func width(of bytes: some Sequence<UInt8>, size: Double) -> Double {
        Double(units(of: bytes)) * size / 1000
    }

    /// The width of WinAnsi bytes in thousandths of the size.
    func units(of bytes: some Sequence<UInt8>) -> Int {
        let widths = self == .helvetica ? Self.helveticaWidths : Self.helveticaBoldWidths
        var total = 0
        for byte in bytes where byte >= 32 { total += widths[Int(byte) - 32] }
        return total
    }

    /// Helvetica's advance widths for WinAnsi codes 32 to 255, in thousandths of the size; the codes WinAnsi leaves
    /// undefined (127, 129, 141, 143, 144, 157) have the bullet's width, which PDF readers show for them.
    static let helveticaWidths: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // 32 to 47
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 48 to 63
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // 64 to 79
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // 80 to 95
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // 96 to 111
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 350,  // 112 to 127
        556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350,  // 128 to 143
        350, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667,  // 144 to 159
        278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,  // 160 to 175
        400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,  // 176 to 191
        667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,  // 192 to 207
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,  // 208 to 223
        556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,  // 224 to 239
        556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,  // 240 to 255
    ]

    /// Helvetica-Bold's advance widths for WinAnsi codes 32 to 255, as ``helveticaWidths``.
    static let helveticaBoldWidths: [Int] = [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,  // 32 to 47
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,  // 48 to 63
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,  // 64 to 79
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,  // 80 to 95
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,  // 96 to 111
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 350,  // 112 to 127
        556, 350, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350,  // 128 to 143
        350, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 350, 500, 667,  // 144 to 159
        278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,  // 160 to 175
        400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,  // 176 to 191
        722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,  // 192 to 207
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,  // 208 to 223
        556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,  // 224 to 239
        611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,  // 240 to 255
    ]
}
