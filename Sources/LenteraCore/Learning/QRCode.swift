/// A QR code (ISO/IEC 18004) for a short text such as a certificate's verification address: byte mode, error
/// correction level M, the smallest version from 1 to 40 that fits, and the mask with the lowest penalty.
///
/// No QR library is among the project's packages; this follows the standard's construction step by step
/// (the same structure as Project Nayuki's reference implementation), and the browser test decodes the
/// certificate's code from a screenshot with zbarimg.
public struct QRCode: Sendable {
    /// The number of modules per side.
    public let size: Int
    /// Dark modules, row by row.
    public private(set) var modules: [Bool]
    private var isFunction: [Bool]
    /// The version, 1 to 40.
    public let version: Int

    /// Why a text cannot be encoded.
    public enum EncodingError: Error { case tooLong }

    // Error correction level M.
    static let eccFormatBits = 0
    static let eccCodewordsPerBlock = [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28,
                                       28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28]
    static let numberOfBlocks = [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25,
                                 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49]

    /// Encodes UTF-8 text.
    public init(text: String) throws(EncodingError) {
        let data = Array(text.utf8)
        var chosen = 0
        for candidate in 1...40 {
            let capacityBits = Self.dataCodewords(version: candidate) * 8
            let countBits = candidate < 10 ? 8 : 16
            if 4 + countBits + data.count * 8 <= capacityBits {
                chosen = candidate
                break
            }
        }
        guard chosen > 0 else { throw .tooLong }
        version = chosen
        size = chosen * 4 + 17
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)

        // Data bits: byte mode, count, bytes, terminator, padding.
        var bits: [Bool] = []
        func append(_ value: Int, _ length: Int) {
            for index in stride(from: length - 1, through: 0, by: -1) { bits.append((value >> index) & 1 == 1) }
        }
        append(0b0100, 4)
        append(data.count, chosen < 10 ? 8 : 16)
        for byte in data { append(Int(byte), 8) }
        let capacity = Self.dataCodewords(version: chosen) * 8
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var pad = 0xEC
        while bits.count < capacity {
            append(pad, 8)
            pad ^= 0xEC ^ 0x11
        }
        var codewords = [UInt8](repeating: 0, count: bits.count / 8)
        for (index, bit) in bits.enumerated() where bit { codewords[index >> 3] |= UInt8(1 << (7 - (index & 7))) }

        drawFunctionPatterns()
        drawCodewords(Self.addErrorCorrection(codewords, version: chosen))
        var bestMask = 0
        var lowestPenalty = Int.max
        for mask in 0..<8 {
            applyMask(mask)
            drawFormatBits(mask: mask)
            let penalty = penaltyScore()
            if penalty < lowestPenalty {
                lowestPenalty = penalty
                bestMask = mask
            }
            applyMask(mask)  // XOR again undoes it
        }
        applyMask(bestMask)
        drawFormatBits(mask: bestMask)
    }

    /// Whether the module at (x, y) is dark.
    public func isDark(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < size && y < size && modules[y * size + x]
    }

    /// The code as an SVG image with a quiet zone of four modules: one path, no script, no style attribute.
    public func svg(title: String) -> String {
        var path = ""
        for y in 0..<size {
            for x in 0..<size where modules[y * size + x] {
                path += "M\(x + 4),\(y + 4)h1v1h-1z"
            }
        }
        let side = size + 8
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" class=\"qr\" role=\"img\" aria-label=\""
            + escapeAttribute(title) + "\" shape-rendering=\"crispEdges\"><rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path d=\"\(path)\" fill=\"#000\"/></svg>"
    }

    // MARK: Capacity

    static func rawDataModules(version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewords(version: Int) -> Int {
        rawDataModules(version: version) / 8 - eccCodewordsPerBlock[version] * numberOfBlocks[version]
    }

    // MARK: Error correction

    static func addErrorCorrection(_ data: [UInt8], version: Int) -> [UInt8] {
        let blocks = numberOfBlocks[version]
        let eccLength = eccCodewordsPerBlock[version]
        let rawCodewords = rawDataModules(version: version) / 8
        let shortBlocks = blocks - rawCodewords % blocks
        let shortLength = rawCodewords / blocks
        let divisor = reedSolomonDivisor(degree: eccLength)
        var split: [[UInt8]] = []
        var offset = 0
        for index in 0..<blocks {
            let length = shortLength - eccLength + (index < shortBlocks ? 0 : 1)
            var block = Array(data[offset..<(offset + length)])
            offset += length
            let ecc = reedSolomonRemainder(block, divisor: divisor)
            if index < shortBlocks { block.append(0) }  // placeholder so that columns line up
            split.append(block + ecc)
        }
        var result: [UInt8] = []
        for column in 0..<split[0].count {
            for (index, block) in split.enumerated() where column != shortLength - eccLength || index >= shortBlocks {
                result.append(block[column])
            }
        }
        return result
    }

    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for index in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> index) & 1) * Int(x)
        }
        return UInt8(z & 0xFF)
    }

    static func reedSolomonDivisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                result[index] = multiply(result[index], root)
                if index + 1 < degree { result[index] ^= result[index + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func reedSolomonRemainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in 0..<result.count { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }

    // MARK: Drawing

    mutating func setFunction(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(6, index, index % 2 == 0)
            setFunction(index, 6, index % 2 == 0)
        }
        drawFinder(3, 3)
        drawFinder(size - 4, 3)
        drawFinder(3, size - 4)
        let positions = alignmentPositions()
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() {
                let corner = (i == 0 && j == 0) || (i == 0 && j == positions.count - 1) || (i == positions.count - 1 && j == 0)
                if !corner { drawAlignment(x, y) }
            }
        }
        drawFormatBits(mask: 0)  // reserves the areas; redrawn with the chosen mask
        drawVersion()
    }

    mutating func drawFinder(_ centerX: Int, _ centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let distance = max(abs(dx), abs(dy))
                let x = centerX + dx
                let y = centerY + dy
                if x >= 0, x < size, y >= 0, y < size { setFunction(x, y, distance != 2 && distance != 4) }
            }
        }
    }

    mutating func drawAlignment(_ centerX: Int, _ centerY: Int) {
        for dy in -2...2 {
            for dx in -2...2 { setFunction(centerX + dx, centerY + dy, max(abs(dx), abs(dy)) != 1) }
        }
    }

    func alignmentPositions() -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var result = [6]
        var position = size - 7
        var tail: [Int] = []
        for _ in 0..<(count - 1) {
            tail.insert(position, at: 0)
            position -= step
        }
        result += tail
        return result
    }

    mutating func drawFormatBits(mask: Int) {
        let data = Self.eccFormatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { setFunction(8, index, bit(index)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }
        for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
        setFunction(8, size - 8, true)  // the dark module
    }

    mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3
            let b = index / 3
            setFunction(a, b, dark)
            setFunction(b, a, dark)
        }
    }

    mutating func drawCodewords(_ codewords: [UInt8]) {
        var index = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for column in 0..<2 {
                    let x = right - column
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y * size + x], index < codewords.count * 8 {
                        modules[y * size + x] = (codewords[index >> 3] >> (7 - (index & 7))) & 1 == 1
                        index += 1
                    }
                }
            }
            right -= 2
        }
    }

    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { modules[y * size + x].toggle() }
            }
        }
    }

    /// The standard's penalty: runs, 2x2 blocks, finder-like patterns and dark/light balance.
    func penaltyScore() -> Int {
        var result = 0
        func lines(_ horizontal: Bool) -> Int {
            var score = 0
            for a in 0..<size {
                var line: [Bool] = []
                for b in 0..<size { line.append(horizontal ? modules[a * size + b] : modules[b * size + a]) }
                var run = 1
                for index in 1..<size {
                    if line[index] == line[index - 1] {
                        run += 1
                        if run == 5 { score += 3 } else if run > 5 { score += 1 }
                    } else {
                        run = 1
                    }
                }
                let pattern: [Bool] = [true, false, true, true, true, false, true]
                for start in 0...(size - 7) where Array(line[start..<(start + 7)]) == pattern {
                    let before = (max(0, start - 4)..<start).allSatisfy { !line[$0] } && start >= 4
                    let after = ((start + 7)..<min(size, start + 11)).allSatisfy { !line[$0] } && start + 11 <= size
                    if before || after { score += 40 }
                }
            }
            return score
        }
        result += lines(true) + lines(false)
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let color = modules[y * size + x]
                if color == modules[y * size + x + 1], color == modules[(y + 1) * size + x], color == modules[(y + 1) * size + x + 1] {
                    result += 3
                }
            }
        }
        let dark = modules.filter { $0 }.count
        let total = size * size
        let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        result += max(0, k) * 10
        return result
    }
}
