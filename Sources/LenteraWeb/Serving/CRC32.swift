import NIOCore

/// CRC-32 as gzip uses it (reflected polynomial 0xEDB88320), and the CRC of two texts joined, from theirs.
///
/// zlib has both (`crc32`, `crc32_combine`), but only in compress-nio's internal C module, which is not a product
/// Lentera can depend on. These are the same algorithms in a few lines (the byte table; multiplication modulo the
/// polynomial as in zlib 1.2.12), and zlib itself checks them: the tests inflate what ``GzipSplice`` joins, and
/// inflate refuses a wrong CRC.
enum CRC32 {
    /// The CRC-32 polynomial, bit-reflected.
    static let polynomial: UInt32 = 0xEDB8_8320

    /// The CRC of each byte value, for the byte-at-a-time method.
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? (value >> 1) ^ polynomial : value >> 1 }
        return value
    }

    /// x^(2^k) modulo the polynomial for k = 0..<32, from which any power of x is a few multiplications.
    static let powersOfTwo: [UInt32] = {
        var powers: [UInt32] = [1 << 30]  // x^1 (bit 31 is x^0)
        for _ in 1..<32 { powers.append(multiply(powers[powers.count - 1], powers[powers.count - 1])) }
        return powers
    }()

    /// The CRC of `bytes` appended to text whose CRC is `crc` (0 for no text).
    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var value = ~crc
        table.withUnsafeBufferPointer { table in
            for byte in bytes { value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8) }
        }
        return ~value
    }

    /// The CRC of a buffer's readable bytes.
    static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { update(0, $0) }
    }

    /// x^(8 × byteCount) modulo the polynomial: what moves a CRC past `byteCount` bytes in ``combine(_:_:secondShift:)``.
    static func shift(byteCount: Int) -> UInt32 {
        var power: UInt32 = 1 << 31  // x^0
        var remaining = UInt64(byteCount)
        var exponent = 3  // 8 = 2^3
        while remaining != 0 {
            if remaining & 1 != 0 { power = multiply(powersOfTwo[exponent & 31], power) }
            remaining >>= 1
            exponent += 1
        }
        return power
    }

    /// The CRC of text A followed by text B, from A's CRC, B's CRC and B's ``shift(byteCount:)``.
    static func combine(_ first: UInt32, _ second: UInt32, secondShift: UInt32) -> UInt32 {
        multiply(secondShift, first) ^ second
    }

    /// a × b modulo the polynomial, in CRC-32's bit-reflected representation.
    static func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var product: UInt32 = 0
        var multiple = b
        var bit: UInt32 = 1 << 31
        while bit != 0 {
            if a & bit != 0 { product ^= multiple }
            bit >>= 1
            multiple = multiple & 1 != 0 ? (multiple >> 1) ^ polynomial : multiple >> 1
        }
        return product
    }
}
