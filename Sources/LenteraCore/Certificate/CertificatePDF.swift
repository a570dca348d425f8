/// What a certificate says, each text as the certificate's page shows it: labels in the reader's language, the NIP
/// masked, dates in Western Indonesian Time. ``CertificatePDF`` decides only where each one goes.
public struct CertificateText: Sendable {
    /// The heading, "Sertifikat Penyelesaian Kursus".
    public var heading: String
    /// The line above the name, "diberikan kepada".
    public var awardedTo: String
    /// The learner's name.
    public var name: String
    /// The NIP line, masked as the page shows it.
    public var nip: String
    /// The line above the course title, "atas penyelesaian kursus".
    public var forCompleting: String
    /// The course title.
    public var courseTitle: String
    /// The row under the title: JP, version, dates, and the score where there is one.
    public var facts: [CertificateFact]
    /// The label of the number, "Nomor sertifikat".
    public var numberLabel: String
    /// The certificate number.
    public var number: String
    /// The words before the verification address, "Periksa keaslian di".
    public var verifyAt: String
    /// The verification address, printed and in the QR code.
    public var verificationURL: String

    /// Creates a certificate's text.
    public init(heading: String, awardedTo: String, name: String, nip: String, forCompleting: String, courseTitle: String,
                facts: [CertificateFact], numberLabel: String, number: String, verifyAt: String, verificationURL: String) {
        (self.heading, self.awardedTo, self.name, self.nip, self.forCompleting) = (heading, awardedTo, name, nip, forCompleting)
        (self.courseTitle, self.facts, self.numberLabel, self.number) = (courseTitle, facts, numberLabel, number)
        (self.verifyAt, self.verificationURL) = (verifyAt, verificationURL)
    }
}

/// One labelled value in the row under a certificate's course title, such as JP 2.
public struct CertificateFact: Sendable, Equatable {
    /// The label, such as "JP" or "Selesai".
    public var label: String
    /// The value, such as "2" or "6 Desember 2026".
    public var value: String

    /// Creates a fact.
    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// A certificate as a one-page A4 landscape PDF: inside a frame, the logo, office, heading, name, NIP, course title and
/// facts centred from the top; the QR code of the verification address beside the number at the bottom left; the
/// signatory at the bottom right. Text that is too long is made smaller, then set on two lines.
public enum CertificatePDF {
    /// A4 landscape, in points.
    static let pageWidth = 842.0
    static let pageHeight = 595.0
    /// The centred text, from the logo to the facts, is set between these heights, on lines at most this wide.
    static let flowTop = 552.0
    static let flowBottom = 196.0
    static let textWidth = 700.0
    /// The height of the row of facts: a label over a value.
    static let factsHeight = 30.0
    /// The largest box a logo is scaled into.
    static let logoWidth = 180.0
    static let logoHeight = 64.0
    /// The QR code with its quiet zone: its side, left edge and bottom edge.
    static let codeSide = 120.0
    static let codeLeft = 48.0
    static let codeBottom = 46.0
    /// The centre of the signatory's block.
    static let signatoryCentre = 654.0
    /// Colours: the site's green for the frame and heading, near black for text, grey for labels.
    static let frameColor = "0.043 0.365 0.294 RG"
    static let headingColor = "0.043 0.365 0.294 rg"
    static let textColor = "0.1 g"
    static let labelColor = "0.35 g"

    /// The certificate as the bytes of a PDF file; the same text and issuer always give the same bytes.
    public static func document(_ text: CertificateText, issuer: CertificateIssuer) -> [UInt8] {
        var writer = PDFWriter()
        let catalog = writer.reserve()
        let pages = writer.reserve()
        let page = writer.reserve()
        let regular = writer.add(Array(fontDictionary(.helvetica).utf8))
        let bold = writer.add(Array(fontDictionary(.helveticaBold).utf8))
        var resources = "/Font << /\(StandardFont.helvetica.resourceName) \(regular) 0 R /\(StandardFont.helveticaBold.resourceName) \(bold) 0 R >>"
        if let logo = issuer.logo {
            let image = writer.add(PDFWriter.stream(logo.imageEntries, logo.data))
            resources += " /XObject << /Im1 \(image) 0 R >>"
        }
        var content = PDFContent()
        content.append("q \(frameColor) 2.5 w 20 20 802 555 re S 0.75 w 27 27 788 541 re S Q")
        drawCentredText(text, issuer: issuer, on: &content)
        drawVerification(text, on: &content)
        if let signatory = issuer.signatory { drawSignatory(signatory, on: &content) }
        let contents = writer.add(PDFWriter.stream("", content.bytes))
        let size = "\(PDFWriter.number(pageWidth)) \(PDFWriter.number(pageHeight))"
        writer.set(page, Array(("<< /Type /Page /Parent \(pages) 0 R /MediaBox [0 0 \(size)] /Resources << \(resources) "
            + "/ProcSet [/PDF /Text /ImageB /ImageC] >> /Contents \(contents) 0 R >>").utf8))
        writer.set(pages, Array("<< /Type /Pages /Kids [\(page) 0 R] /Count 1 >>".utf8))
        writer.set(catalog, Array("<< /Type /Catalog /Pages \(pages) 0 R >>".utf8))
        let info = writer.add(Array("<< /Title \(PDFWriter.textString(text.heading + " " + text.number)) /Producer (Lentera) >>".utf8))
        return writer.document(root: catalog, info: info)
    }

    static func fontDictionary(_ font: StandardFont) -> String {
        "<< /Type /Font /Subtype /Type1 /BaseFont /\(font.baseFont) /Encoding /WinAnsiEncoding >>"
    }

    /// Text fitted in a width: see ``FittedText/init(_:font:size:minimum:width:maximumLines:)``.
    static func fitted(_ text: String, _ font: StandardFont, size: Double, minimum: Double, width: Double, lines: Int = 1) -> FittedText {
        FittedText(WinAnsi.encode(text), font: font, size: size, minimum: minimum, width: width, maximumLines: lines)
    }

    /// One centred text from the top: its font, its largest and smallest size, its lines, the space after it, its colour.
    struct Block {
        var text: String
        var font: StandardFont
        var size: Double
        var minimum: Double
        var lines: Int
        var gap: Double
        var color: String
    }

    /// The logo, office, heading, name, NIP and course title centred under each other, then the facts; all of them
    /// made smaller together, by steps of 5% down to 60%, until they fit above the QR code and the signatory, and
    /// placed in the middle of the height they have.
    static func drawCentredText(_ text: CertificateText, issuer: CertificateIssuer, on content: inout PDFContent) {
        var blocks: [Block] = []
        if let office = issuer.office {
            blocks.append(Block(text: office, font: .helveticaBold, size: 14, minimum: 9, lines: 2, gap: 14, color: textColor))
        }
        blocks += [
            Block(text: text.heading, font: .helveticaBold, size: 28, minimum: 14, lines: 1, gap: 16, color: headingColor),
            Block(text: text.awardedTo, font: .helvetica, size: 12, minimum: 8, lines: 1, gap: 8, color: labelColor),
            Block(text: text.name, font: .helveticaBold, size: 26, minimum: 12, lines: 2, gap: 6, color: textColor),
            Block(text: text.nip, font: .helvetica, size: 11, minimum: 8, lines: 1, gap: 14, color: labelColor),
            Block(text: text.forCompleting, font: .helvetica, size: 12, minimum: 8, lines: 1, gap: 8, color: labelColor),
            Block(text: text.courseTitle, font: .helveticaBold, size: 19, minimum: 10, lines: 2, gap: 18, color: textColor),
        ]
        var logoSize: (width: Double, height: Double)?
        if let logo = issuer.logo {
            let fit = min(logoWidth / Double(logo.width), logoHeight / Double(logo.height))
            logoSize = (Double(logo.width) * fit, Double(logo.height) * fit)
        }
        var scale = 1.0
        var fittedBlocks: [FittedText] = []
        var height = 0.0
        for step in 0...8 {
            scale = 1 - Double(step) * 0.05
            fittedBlocks = blocks.map { block in
                fitted(block.text, block.font, size: block.size * scale, minimum: max(6, block.minimum * scale), width: textWidth, lines: block.lines)
            }
            height = factsHeight + (logoSize.map { ($0.height + 12) * scale } ?? 0)
            for (block, fitted) in zip(blocks, fittedBlocks) { height += fitted.height + block.gap * scale }
            if height <= flowTop - flowBottom { break }
        }
        let centre = pageWidth / 2
        var top = flowTop - max(0, flowTop - flowBottom - height) / 2
        if let logoSize {
            let (wide, high) = (logoSize.width * scale, logoSize.height * scale)
            let placement = [wide, 0, 0, high, centre - wide / 2, top - high].map(PDFWriter.number).joined(separator: " ")
            content.append("q \(placement) cm /Im1 Do Q")
            top -= high + 12 * scale
        }
        for (block, fitted) in zip(blocks, fittedBlocks) {
            content.show(fitted, top: top, .centred(on: centre), color: block.color)
            top -= fitted.height + block.gap * scale
        }
        guard !text.facts.isEmpty else { return }
        let column = min(150, textWidth / Double(text.facts.count))
        let left = centre - column * Double(text.facts.count) / 2
        for (index, fact) in text.facts.enumerated() {
            let middle = PDFContent.Alignment.centred(on: left + column * (Double(index) + 0.5))
            content.show(fitted(fact.label, .helvetica, size: 9, minimum: 6, width: column - 8), top: top, middle, color: labelColor)
            content.show(fitted(fact.value, .helveticaBold, size: 12, minimum: 7, width: column - 8), top: top - 14, middle, color: textColor)
        }
    }

    /// The QR code of the verification address, its modules filled rectangles (a row's run of dark modules one
    /// rectangle), and beside it the number and the address.
    static func drawVerification(_ text: CertificateText, on content: inout PDFContent) {
        if let code = try? QRCode(text: text.verificationURL) {
            // One unit is one module, y going down from the top row; four modules of quiet zone on every side.
            let module = codeSide / Double(code.size + 8)
            let origin = [module, 0, 0, -module, codeLeft + 4 * module, codeBottom + codeSide - 4 * module]
            var operators = "q 0 g " + origin.map(PDFWriter.number).joined(separator: " ") + " cm\n"
            for y in 0..<code.size {
                var x = 0
                while x < code.size {
                    guard code.isDark(x: x, y: y) else {
                        x += 1
                        continue
                    }
                    let start = x
                    while x < code.size, code.isDark(x: x, y: y) { x += 1 }
                    operators += "\(start) \(y) \(x - start) 1 re\n"
                }
            }
            content.append(operators + "f Q")
        }
        let left = PDFContent.Alignment.left(at: codeLeft + codeSide + 4)
        content.show(fitted(text.numberLabel, .helvetica, size: 9, minimum: 6, width: 300), top: 150, left, color: labelColor)
        content.show(fitted(text.number, .helveticaBold, size: 13, minimum: 8, width: 300), top: 138, left, color: textColor)
        content.show(fitted(text.verifyAt, .helvetica, size: 9, minimum: 6, width: 300), top: 114, left, color: labelColor)
        content.show(fitted(text.verificationURL, .helvetica, size: 9, minimum: 6, width: 300, lines: 2), top: 102, left, color: textColor)
    }

    /// The signatory's position, a line to sign on, and the name under it.
    static func drawSignatory(_ signatory: CertificateIssuer.Signatory, on content: inout PDFContent) {
        let middle = PDFContent.Alignment.centred(on: signatoryCentre)
        if let title = signatory.title {
            content.show(fitted(title, .helvetica, size: 11, minimum: 8, width: 280, lines: 2), top: 168, middle, color: textColor)
        }
        let ends = [signatoryCentre - 120, 92, signatoryCentre + 120, 92].map(PDFWriter.number)
        content.append("q 0.5 G 0.5 w \(ends[0]) \(ends[1]) m \(ends[2]) \(ends[3]) l S Q")
        content.show(fitted(signatory.name, .helveticaBold, size: 12, minimum: 8, width: 280, lines: 2), top: 86, middle, color: textColor)
    }
}

extension CertificateImage {
    /// The entries of the image's XObject dictionary: its size, colour space, and the filter that reads ``data`` as
    /// they are (for a PNG, with the predictor that undoes its row filters).
    var imageEntries: String {
        let space = components == 1 ? "/DeviceGray" : "/DeviceRGB"
        let entries = "/Type /XObject /Subtype /Image /Width \(width) /Height \(height) /ColorSpace \(space) /BitsPerComponent 8"
        switch encoding {
        case .jpeg:
            return entries + " /Filter /DCTDecode"
        case .png:
            return entries + " /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors \(components) /BitsPerComponent 8 /Columns \(width) >>"
        }
    }
}
